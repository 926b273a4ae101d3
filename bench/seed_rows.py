"""The rows `bench/seed.py` writes: one couple at a time, as model instances.

Everything here runs in the seeding process or in one of its `--jobs` workers; `Plan`
carries what the parent computed once (the password hash, the ciphertexts, the library,
the first primary key of each table).
"""

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

PASSWORD = "bench-pass-phrase-2026"  # noqa: S105 - public, for seeded test accounts
EMAIL = "bench-{n}-{side}@example.test"
# (home time zone, day start hour): a spread of zones so rollover sees several groups.
ZONES = (
    ("Europe/Berlin", 4),
    ("America/New_York", 4),
    ("UTC", 4),
    ("Asia/Tokyo", 5),
    ("America/Los_Angeles", 4),
    ("Europe/London", 3),
    ("Asia/Kolkata", 4),
    ("Australia/Sydney", 4),
)
ANSWER_TEXTS = (
    "Walking home together after the concert, laughing about the rain.",
    "When you made tea without asking and just sat with me.",
    "I'd like more slow mornings, with nowhere to be.",
    "Honestly, I'm still thinking about it. Maybe the trip to the coast?",
    "Being listened to without being fixed.",
    "Cooking something new on a Sunday and getting it slightly wrong.",
    "That you remember the little things I mention once.",
    "Learning to say what I need before I'm running on empty.",
    "A quiet evening, phones away, a long talk about nothing much.",
    "I feel close when we plan something and then actually do it.",
    "The way you cheer for me when I'm nervous.",
    "More time outdoors together, even just a short walk.",
    "I'm proud of how we handled last week.",
    "Saying sorry sooner. I'm working on it.",
    "Dancing badly in the kitchen.",
    "Your notes in my bag. I keep them all.",
    "I'd love to learn a language together.",
    "Feeling safe enough to be silly.",
    "When you hold my hand in a crowd.",
    "A weekend with no plans at all.",
    "Trying that recipe from your grandmother.",
    "I miss our long walks; let's bring them back.",
    "Reading side by side and sharing the best lines.",
    "Knowing you're on my side, even when we disagree.",
)
# Activity other features write (practice, kind): a few a week per couple.
OTHER_ACTIVITY = (
    ("quality_time", "date_planned"),
    ("appreciation", "note_sent"),
    ("appreciation", "noticed_logged"),
    ("support", "mood_checkin"),
    ("support", "good_news_shared"),
    ("goals", "milestone_done"),
    ("intimacy", "affection_shared"),
    ("growth", "challenge_done"),
    ("trust", "journal_written"),
    ("communication", "listening_turn"),
)
PRACTICES = (
    "communication",
    "quality_time",
    "appreciation",
    "support",
    "goals",
    "intimacy",
    "growth",
    "trust",
)
OTHER_PER_DAY = 0.35
BOTH, ONE = 0.72, 0.18  # shares of days both answered (revealed) / one answered
BATCH = 5000  # rows per INSERT statement
CORE = {
    "User": "accounts.User",
    "EmailAddress": "account.EmailAddress",
    "Couple": "couples.Couple",
    "Membership": "couples.Membership",
    "DailyQuestion": "prompts.DailyQuestion",
    "Answer": "prompts.Answer",
    "ActivityRecord": "activity.ActivityRecord",
    "Notification": "nudges.Notification",
}
# Optional models of features other teams are building: (label, fields the seed sets).
OPTIONAL = {
    "CheckinPeriod": ("checkins.CheckinPeriod", "couple number starts_on revealed_at"),
    "Checkin": (
        "checkins.Checkin",
        "user couple period number starts_on answers closeness note created_at updated_at",
    ),
    "CheckinScore": (
        "checkins.CheckinScore",
        "checkin user couple period starts_on practice score",
    ),
    "PlannedDate": ("dates.PlannedDate", "couple created_by title starts_at created_at"),
    "Note": ("appreciation.Note", "couple author recipient text created_at"),
}
INSERT_ORDER = (
    "User",
    "EmailAddress",
    "Couple",
    "Membership",
    "DailyQuestion",
    "Answer",
    "ActivityRecord",
    "Notification",
    "CheckinPeriod",
    "Checkin",
    "CheckinScore",
    "PlannedDate",
    "Note",
)


def id_budget(days: int) -> dict[str, int]:
    """Upper bounds on each table's rows per couple: every couple owns a block of ids."""
    periods, weeks = days // 14 + 1, days // 7 + 1
    return {
        "User": 2,
        "EmailAddress": 2,
        "Couple": 1,
        "Membership": 2,
        "DailyQuestion": days + 1,
        "Answer": 2 * days,
        "ActivityRecord": 3 * days + 2 * periods,
        "Notification": 3 * days + 2,
        "CheckinPeriod": periods,
        "Checkin": 2 * periods,
        "CheckinScore": 2 * periods * len(PRACTICES),
        "PlannedDate": weeks,
        "Note": weeks,
    }


@dataclass
class Plan:
    """Everything a worker needs, computed once by the parent (picklable)."""

    days: int
    now: datetime
    seed: int
    zone: tuple[str, int] | None  # one (time zone, day start hour) for all, or a mix
    first: int  # the number n of the first couple seeded by this run
    today_question: bool  # prepare today's question (False leaves it to the rollover)
    lean: bool  # questions only: no answers, activity, notifications or other features
    password: str
    empty: str
    answers: list[str]
    prompt_texts: dict[str, str]
    library: list[tuple[str, str, str, list[str]]]
    bases: dict[str, int]
    labels: dict[str, str]


@contextmanager
def preencrypted_fields(models: Iterable[Any]) -> Iterator[None]:
    """While it is open, the models' encrypted fields store ciphertexts made by
    `closeknit.lib.crypto.encrypt` as they are, instead of encrypting every row again.
    Anything that is not such a ciphertext is refused, so no plain text gets in."""
    from closeknit.lib.crypto import PREFIX, EncryptedTextField

    def as_is(value: Any) -> str:
        if not (isinstance(value, str) and value.startswith(PREFIX)):
            raise ValueError("the seed writes only ready-made ciphertexts to encrypted fields")
        return value

    patched = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedTextField)
    ]
    for f in patched:
        f.get_prep_value = as_is  # an instance attribute shadows the method
    try:
        yield
    finally:
        for f in patched:
            del f.get_prep_value


def available_labels() -> dict[str, str]:
    """The core models, plus each optional model whose app is installed and which has
    the fields the seed sets. Check-ins come as a set of three or not at all."""
    from django.apps import apps

    found = dict(CORE)
    for name, (label, fields) in OPTIONAL.items():
        app = label.split(".")[0]
        if not apps.is_installed(f"closeknit.{app}"):
            continue
        model = apps.get_app_config(app).models.get(label.split(".")[1].lower())
        if model is not None and all(hasattr(model, f) for f in fields.split()):
            found[name] = label
    if not {"CheckinPeriod", "Checkin", "CheckinScore"} <= found.keys():
        for name in ("CheckinPeriod", "Checkin", "CheckinScore"):
            found.pop(name, None)
    return found


class Seeder:
    """Builds one couple's rows at a time into `rows` (model name -> instances)."""

    def __init__(self, plan: Plan) -> None:
        from django.apps import apps

        self.plan = plan
        self.M = {name: apps.get_model(label) for name, label in plan.labels.items()}
        self.budget = id_budget(plan.days)
        self.next_id: dict[str, int] = {}
        self.encrypted_rows = 0

    def take(self, name: str) -> int:
        value = self.next_id[name]
        self.next_id[name] = value + 1
        return value

    def couple(self, n: int, rows: dict[str, list[Any]]) -> None:
        from closeknit.prompts.scheduler import day_for, day_start

        plan, M = self.plan, self.M
        k = n - plan.first
        self.next_id = {name: plan.bases[name] + k * self.budget[name] for name in M}
        rng = random.Random(f"{plan.seed}:{n}")  # the same couple whatever the job split
        days = plan.days
        tz, hour = plan.zone or ZONES[n % len(ZONES)]
        today = day_for(now=plan.now, tz=tz, starts_at=hour)
        first = today - timedelta(days=days)

        def begins(day: date) -> datetime:
            return day_start(day=day, tz=tz, starts_at=hour).astimezone(UTC)

        created = begins(first) - timedelta(hours=rng.randint(1, 40))
        a, b, cid = self.take("User"), self.take("User"), self.take("Couple")
        for uid, side, joined in ((a, "a", created), (b, "b", created + timedelta(hours=1))):
            email = EMAIL.format(n=n, side=side)
            rows["User"].append(
                M["User"](
                    id=uid,
                    email=email,
                    password=plan.password,
                    display_name=f"Bench {n}{side}",
                    timezone=tz,
                    day_starts_at=hour,
                    date_joined=joined,
                )
            )
            rows["EmailAddress"].append(
                M["EmailAddress"](
                    id=self.take("EmailAddress"),
                    user_id=uid,
                    email=email,
                    primary=True,
                    verified=True,
                )
            )
            rows["Membership"].append(
                M["Membership"](
                    id=self.take("Membership"), couple_id=cid, user_id=uid, joined_at=joined
                )
            )
        rows["Couple"].append(
            M["Couple"](
                id=cid, created_by_id=a, created_at=created, home_timezone=tz, day_starts_at=hour
            )
        )
        size = len(plan.library)
        offset, stride = rng.randrange(size), _coprime_stride(size, rng)
        for i in range(days + (1 if plan.today_question else 0)):
            day = first + timedelta(days=i)
            start = begins(day)
            pid, practice, kind, choices = plan.library[(offset + i * stride) % size]
            qid = self.take("DailyQuestion")
            old = (today - day).days > 2
            question = M["DailyQuestion"](
                id=qid, couple_id=cid, day=day, prompt_id=pid, created_at=start
            )
            rows["DailyQuestion"].append(question)
            if plan.lean:
                question.revealed_at = start + timedelta(hours=9) if rng.random() < BOTH else None
                continue
            for uid in (a, b):  # the rollover's "today's question is ready"
                self._notify(
                    rows,
                    rng,
                    uid,
                    "question_ready",
                    "/today/",
                    f"question_ready:{day}",
                    start,
                    old,
                    detail=plan.prompt_texts[pid],
                )
            if day == today:  # prepared, nobody has answered yet
                continue
            roll = rng.random()
            who = (a, b) if roll < BOTH else ((rng.choice((a, b)),) if roll < BOTH + ONE else ())
            if len(who) == 2 and rng.random() < 0.5:
                who = (b, a)
            times = sorted(start + timedelta(minutes=rng.randint(20, 18 * 60)) for _ in who)
            for uid, at in zip(who, times, strict=True):
                text, choice, scale = plan.empty, None, None
                if kind == "choice":
                    choice = rng.randrange(len(choices))
                elif kind == "scale":
                    scale = rng.randint(1, 5)
                else:
                    text = rng.choice(plan.answers)
                rows["Answer"].append(
                    M["Answer"](
                        id=self.take("Answer"),
                        question_id=qid,
                        user_id=uid,
                        text=text,
                        choice=choice,
                        scale=scale,
                        created_at=at,
                        updated_at=at,
                    )
                )
                self.encrypted_rows += 1
                self._activity(rows, uid, cid, practice, "daily_answer", at)
            if who:  # the partner hears that the first one answered
                other = b if who[0] == a else a
                self._notify(
                    rows,
                    rng,
                    other,
                    "partner_answered",
                    f"/questions/{qid}/",
                    f"partner_answered:{qid}",
                    times[0],
                    old,
                )
            if len(who) == 2:
                question.revealed_at = times[1]
            if rng.random() < OTHER_PER_DAY:
                other_practice, other_kind = rng.choice(OTHER_ACTIVITY)
                at = start + timedelta(hours=rng.randint(1, 17))
                self._activity(rows, rng.choice((a, b)), cid, other_practice, other_kind, at)
        if not plan.lean:
            self._other_features(rows, rng, cid=cid, people=(a, b), first=first, begins=begins)

    def _activity(
        self,
        rows: dict[str, list[Any]],
        uid: int,
        cid: int,
        practice: str,
        kind: str,
        at: datetime,
    ) -> None:
        rows["ActivityRecord"].append(
            self.M["ActivityRecord"](
                id=self.take("ActivityRecord"),
                user_id=uid,
                couple_id=cid,
                practice=practice,
                kind=kind,
                occurred_at=at,
            )
        )

    def _notify(
        self,
        rows: dict[str, list[Any]],
        rng: random.Random,
        uid: int,
        event: str,
        url: str,
        key: str,
        at: datetime,
        old: bool,
        detail: str = "",
    ) -> None:
        read = at + timedelta(minutes=rng.randint(5, 600)) if old else None
        cleared = read if read and rng.random() < 0.2 else None
        rows["Notification"].append(
            self.M["Notification"](
                id=self.take("Notification"),
                user_id=uid,
                event=event,
                url=url,
                detail=detail or self.plan.empty,
                dedupe_key=key,
                created_at=at,
                read_at=read,
                cleared_at=cleared,
                in_app=True,
            )
        )
        self.encrypted_rows += 1

    def _other_features(
        self,
        rows: dict[str, list[Any]],
        rng: random.Random,
        *,
        cid: int,
        people: tuple[int, int],
        first: date,
        begins: Callable[[date], datetime],
    ) -> None:
        """Check-ins every two weeks; a planned date and appreciation notes now and then."""
        M, plan = self.M, self.plan
        a, b = people
        for number in range(plan.days // 14 + 1) if "Checkin" in M else ():
            starts_on = first + timedelta(days=14 * number)
            done = [u for u in (a, b) if rng.random() < 0.8]
            at = begins(starts_on) + timedelta(hours=rng.randint(2, 60))
            period = M["CheckinPeriod"](
                id=self.take("CheckinPeriod"),
                couple_id=cid,
                number=number,
                starts_on=starts_on,
                revealed_at=at if len(done) == 2 else None,
            )
            rows["CheckinPeriod"].append(period)
            for uid in done:
                ratings = {f"{p}_{i}": rng.randint(3, 7) for p in PRACTICES for i in (1, 2)}
                checkin = M["Checkin"](
                    id=self.take("Checkin"),
                    user_id=uid,
                    couple_id=cid,
                    period_id=period.id,
                    number=number,
                    starts_on=starts_on,
                    answers=ratings,
                    closeness=rng.randint(3, 7),
                    note=plan.empty,
                    created_at=at,
                    updated_at=at,
                )
                rows["Checkin"].append(checkin)
                self.encrypted_rows += 1
                rows["CheckinScore"].extend(
                    M["CheckinScore"](
                        id=self.take("CheckinScore"),
                        checkin_id=checkin.id,
                        user_id=uid,
                        couple_id=cid,
                        period_id=period.id,
                        starts_on=starts_on,
                        practice=p,
                        score=round((ratings[f"{p}_1"] + ratings[f"{p}_2"] - 2) * 100 / 12),
                    )
                    for p in PRACTICES
                )
                self._activity(rows, uid, cid, "communication", "checkin", at)
        for week in range(plan.days // 7):
            at = begins(first + timedelta(days=7 * week)) + timedelta(hours=rng.randint(1, 150))
            if "PlannedDate" in M and week % 2 == 0:
                rows["PlannedDate"].append(
                    M["PlannedDate"](
                        id=self.take("PlannedDate"),
                        couple_id=cid,
                        created_by_id=rng.choice(people),
                        title=rng.choice(plan.answers),
                        place=plan.empty,
                        note=plan.empty,
                        starts_at=at + timedelta(days=3),
                        created_at=at,
                    )
                )
                self.encrypted_rows += 3
            if "Note" in M:
                author = rng.choice(people)
                rows["Note"].append(
                    M["Note"](
                        id=self.take("Note"),
                        couple_id=cid,
                        author_id=author,
                        recipient_id=a + b - author,
                        text=rng.choice(plan.answers),
                        created_at=at,
                    )
                )
                self.encrypted_rows += 1

    def insert(self, rows: dict[str, list[Any]], counts: "Counter[str]") -> None:
        from django.db import transaction

        with transaction.atomic(), preencrypted_fields(self.M.values()):
            for name in INSERT_ORDER:
                if rows.get(name):
                    self.M[name].objects.bulk_create(rows[name], batch_size=BATCH)
                    counts[self.M[name]._meta.db_table] += len(rows[name])


def _coprime_stride(size: int, rng: random.Random) -> int:
    """A step through the library that visits every prompt before repeating one."""
    if size == 1:
        return 1
    while True:
        stride = rng.randrange(1, size)
        if math.gcd(stride, size) == 1:
            return stride
