"""Preparing each couple's question when their day begins, in bulk.

Couples are grouped by (home time zone, day start hour) so each group shares one day;
the pending couples of all groups are then taken in batches, and each batch costs a fixed
handful of queries whatever its size and its couples' histories: one for what each couple
has been asked (aggregated in the database: one row per couple, newest first, which also
gives its last practices; plus one for those where the database cannot order inside an
aggregate), one for the members, the leanings, the packs turned on (and, only for couples
with the occasions pack on, their marked days), one insert, and the notifications in
bulk. The scheduler's pool is indexed once per set of hidden practices and packs, not per
couple. Rows
are written with `insert_ignoring_conflicts` (no model instances), and the question text
in the notifications is encrypted once per prompt, not once per person.
"""

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, cast

from django.db import connections, router, transaction
from django.db.models import Count, Exists, F, Field, OuterRef, Q, QuerySet, Value, Window
from django.db.models.aggregates import StringAgg
from django.db.models.functions import RowNumber
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.insights.selectors import leanings_for_couples
from closeknit.lib import faults
from closeknit.lib.bulk import among, insert_ignoring_conflicts
from closeknit.nudges.services import Nudge, notify_many
from closeknit.occasions.services import couples_with_occasion
from closeknit.prompts import scheduler
from closeknit.prompts.models import DailyQuestion, Prompt
from closeknit.prompts.packs import dated_packs
from closeknit.prompts.packs import turned_on as packs_turned_on

BATCH = 2000
SEPARATOR = " "  # prompt ids look like practice-NNN (checked when content is loaded)


@dataclass(frozen=True, slots=True)
class _Member:
    """What notify_many and the scheduler read of each member, and nothing else: a
    plain row, not a User, for what that saves on 200,000 people."""

    pk: int
    email: str
    timezone: str
    hidden_practices: list[str]
    focus_practices: list[str]


# The User columns of _Member, in its order (its pk is the person's id).
MEMBER_FIELDS = tuple("id" if f.name == "pk" else f.name for f in fields(_Member))


def _chunks(items: list[tuple[int, date]], size: int) -> Iterator[list[tuple[int, date]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Library:
    """The prompt library as the rollover needs it, read once per run."""

    def __init__(self) -> None:
        self.candidates: list[scheduler.Candidate] = []
        self.texts: dict[str, str] = {}
        self.practice: dict[str, str] = {}  # every prompt, retired ones too (for history)
        for pid, practice, depth, pack, text, retired in Prompt.objects.values_list(
            "id", "practice", "depth", "pack", "text", "retired"
        ).order_by("pk"):
            self.practice[pid] = practice
            if not retired:
                self.candidates.append(scheduler.Candidate(pid, practice, depth, pack))
                self.texts[pid] = text
        self.aggregate_ok = not any(SEPARATOR in pid for pid in self.practice)
        self.packs = {c.pack for c in self.candidates} - {scheduler.CORE}
        # Only read when some pack is loaded: a library of the core alone has none.
        self.dated = dated_packs() if self.packs else frozenset()
        # (hidden, packs, fallback) -> its pool, or None when it has nothing to ask
        self._pools: dict[tuple[frozenset[str], frozenset[str], bool], scheduler.Pool | None] = {}
        self._chosen: dict[tuple[frozenset[str], frozenset[str], bool], scheduler.Pool] = {}

    def pool(self, hidden: set[str], *, turned_on: set[str], occasion: bool) -> scheduler.Pool:
        hidden_key = frozenset(hidden)
        # Most couples share a handful of (hidden, packs, occasion) combinations: found
        # in one lookup, without working out the day's packs again for each couple.
        fast = (hidden_key, frozenset(turned_on), occasion)
        found = self._chosen.get(fast)
        if found is None:
            found = self._chosen[fast] = self._pool_for_day(
                hidden_key, turned_on=turned_on, occasion=occasion
            )
        return found

    def _pool_for_day(
        self, hidden_key: frozenset[str], *, turned_on: set[str], occasion: bool
    ) -> scheduler.Pool:
        def make(packs: frozenset[str], fallback: bool) -> scheduler.Pool:
            key = (hidden_key, packs, fallback)
            if key not in self._pools:
                try:
                    self._pools[key] = scheduler.Pool(
                        self.candidates, hidden=hidden_key, packs=packs, fallback=fallback
                    )
                except scheduler.LibraryEmpty:
                    self._pools[key] = None
            found = self._pools[key]
            if found is None:
                raise scheduler.LibraryEmpty()
            return found

        return scheduler.pool_for_day(
            make, turned_on=turned_on, dated=self.dated, occasion=occasion
        )


def prepare_days(*, now: datetime | None = None, batch_size: int = BATCH) -> int:
    """Create the day's question for couples that don't have one yet. Returns how many."""
    now = now or timezone.now()
    library = _Library()
    if not any(c.pack == scheduler.CORE for c in library.candidates):
        return 0  # nothing loaded yet (a pack alone cannot fill every day)
    groups = (
        Couple.objects.active()
        .values_list("home_timezone", "day_starts_at")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pending: list[tuple[int, date]] = []
    for tz, hour, _n in groups:
        day = scheduler.day_for(now=now, tz=tz, starts_at=hour)
        pending += [(couple_id, day) for couple_id in _without_question(tz=tz, hour=hour, day=day)]
    created = 0
    for batch in _chunks(pending, batch_size):
        created += _prepare_batch(batch, library=library, now=now)
    return created


def _without_question(*, tz: str, hour: int, day: date) -> "QuerySet[Couple, int]":
    """The active couples of one (time zone, day start) group with no question for `day`.

    NOT EXISTS, one probe of the unique (couple, day) index per couple: `NOT IN (the
    couples with a question that day)` read every question of every couple (no index
    starts with the day), so it grew with everyone's history."""
    asked = DailyQuestion.objects.filter(couple_id=OuterRef("pk"), day=day)
    return (
        Couple.objects.active()
        .filter(home_timezone=tz, day_starts_at=hour)
        .filter(~Exists(asked))
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def _histories(
    couple_ids: list[int], library: _Library
) -> tuple[dict[int, list[str]], dict[int, int], dict[int, list[str]]]:
    """Per couple: the prompts it was asked, any order (swapped-out ones count too, as
    when opening the app), how many days were answered together, and the practices of the
    last `scheduler.RECENT_WINDOW` questions, oldest first.

    One query where the database orders inside an aggregate (PostgreSQL, SQLite 3.44+):
    one row per couple, its prompts newest first; elsewhere a second one for the latest
    questions."""
    used: dict[int, list[str]] = {c: [] for c in couple_ids}
    answered: dict[int, int] = dict.fromkeys(couple_ids, 0)
    recent: dict[int, list[str]] = {c: [] for c in couple_ids}
    rows = DailyQuestion.objects.filter(among("couple_id", couple_ids))
    if not library.aggregate_ok:  # an id holds the separator: read the rows themselves
        by_day: dict[int, list[tuple[date, str]]] = {c: [] for c in couple_ids}
        for couple_id, day, prompt_id, swapped, revealed in rows.values_list(
            "couple_id", "day", "prompt_id", "swapped_from_id", "revealed_at"
        ):
            used[couple_id].append(prompt_id)
            if swapped:
                used[couple_id].append(swapped)
            answered[couple_id] += revealed is not None
            by_day[couple_id].append((day, prompt_id))
        for couple_id, found in by_day.items():
            found.sort()
            recent[couple_id] = [library.practice[p] for _d, p in found[-scheduler.RECENT_WINDOW :]]
        return used, answered, recent
    ordered = connections[rows.db].features.supports_aggregate_order_by_clause
    summary = (
        rows.values("couple_id")
        .annotate(
            asked=StringAgg("prompt_id", Value(SEPARATOR), order_by="-day" if ordered else None),
            swapped=StringAgg("swapped_from_id", Value(SEPARATOR)),
            answered=Count("pk", filter=Q(revealed_at__isnull=False)),
        )
        .values_list("couple_id", "asked", "swapped", "answered")
        .order_by()
    )
    for couple_id, asked, swapped, n in summary:
        ids = asked.split(SEPARATOR)
        used[couple_id] = ids + swapped.split(SEPARATOR) if swapped else ids
        answered[couple_id] = n
        if ordered:
            newest = ids[: scheduler.RECENT_WINDOW]
            recent[couple_id] = [library.practice[p] for p in reversed(newest)]
    if not ordered:
        window = Window(RowNumber(), partition_by=[F("couple_id")], order_by=F("day").desc())
        last: dict[int, list[tuple[int, str]]] = {c: [] for c in couple_ids}
        for couple_id, newest_first, prompt_id in (
            rows.annotate(newest=window)
            .filter(newest__lte=scheduler.RECENT_WINDOW)
            .values_list("couple_id", "newest", "prompt_id")
            .order_by()
        ):
            last[couple_id].append((newest_first, library.practice[prompt_id]))
        for couple_id, numbered in last.items():
            recent[couple_id] = [p for _n, p in sorted(numbered, reverse=True)]
    return used, answered, recent


def _prepare_batch(batch: list[tuple[int, date]], *, library: _Library, now: datetime) -> int:
    couple_ids = [couple_id for couple_id, _day in batch]
    used, answered, recent = _histories(couple_ids, library)
    members: dict[int, list[_Member]] = {c: [] for c in couple_ids}
    people = (
        User.objects.filter(
            among("memberships__couple_id", couple_ids), memberships__left_at__isnull=True
        )
        .values_list("memberships__couple_id", *MEMBER_FIELDS)
        .order_by("memberships__pk")
    )
    for couple_id, *row in people:
        members[couple_id].append(_Member(*row))

    hidden = {c: {k for m in members[c] for k in m.hidden_practices} for c in couple_ids}
    leanings = leanings_for_couples(couple_ids=couple_ids, hidden=hidden, now=now)
    turned_on = packs_turned_on(couple_ids=couple_ids) if library.packs else {}
    occasions = couples_with_occasion(
        days={c: day for c, day in batch if turned_on.get(c, set()) & library.dated}
    )
    chosen: list[tuple[int, date, str]] = []
    for couple_id, day in batch:
        pool = library.pool(
            hidden[couple_id],
            turned_on=turned_on.get(couple_id, set()),
            occasion=couple_id in occasions,
        )
        picked = pool.choose(
            used=used[couple_id],
            recent_practices=recent[couple_id],
            answered_days=answered[couple_id],
            focus={k for m in members[couple_id] for k in m.focus_practices},
            leanings=leanings[couple_id],
            seed=f"c{couple_id}:{day.isoformat()}:0",  # the same seed as opening the app
        )
        chosen.append((couple_id, day, picked.id))
    connection = connections[router.db_for_write(DailyQuestion)]
    day_field, created_field = (
        cast(Field[Any, Any], DailyQuestion._meta.get_field(name)) for name in ("day", "created_at")
    )
    days = {day: day_field.get_db_prep_save(day, connection) for _c, day in batch}
    created_at = created_field.get_db_prep_save(timezone.now(), connection)
    # The questions and their notifications commit together: the next run looks only
    # for couples without a question, so a worker killed in between would have lost
    # these notifications for good. (notify_many's own transaction nests inside.)
    with transaction.atomic(using=connection.alias):
        created = _write_batch(chosen, members, library=library, now=now, days=days,
                               created_at=created_at)  # fmt: skip
    return created


def _write_batch(
    chosen: list[tuple[int, date, str]],
    members: dict[int, list[_Member]],
    *,
    library: _Library,
    now: datetime,
    days: dict[date, Any],
    created_at: Any,
) -> int:
    # A partner opening the app first already made the question: that row stays.
    created = insert_ignoring_conflicts(
        DailyQuestion,
        ("couple", "day", "prompt", "created_at"),
        [(couple_id, days[day], prompt_id, created_at) for couple_id, day, prompt_id in chosen],
    )
    faults.point("rollover.questions_written")
    notify_many(
        [
            Nudge(
                user=person,
                event="question_ready",
                url="/today/",
                dedupe_key=f"question_ready:{day.isoformat()}",
                detail=library.texts[prompt_id],
            )
            for couple_id, day, prompt_id in chosen
            if len(members[couple_id]) == 2
            for person in members[couple_id]
        ],
        now=now,
        shared_detail=True,  # the library's question text, not anything people wrote
        # These notifications are for a day that has just begun, and no page showing a
        # day is kept past the day's start (closeknit.core.pagecache), so refreshing 2
        # people per couple would cost the rollover a tenth of its time for nothing.
        # Only someone whose partner opened the app in the minutes between the day's
        # start and the rollover sees the badge up to 15 minutes late.
        refresh_pages=False,
    )
    return created
