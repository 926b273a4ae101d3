"""What insights read, as one person sees it. Every function runs a fixed number of
aggregate queries, whatever the length of a couple's history.

Visibility: a person always sees their own check-ins; the partner's scores (and the
couple's mean) count only from periods where both have checked in (revealed), never
from withdrawn check-ins, and only within the current couple.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.activity.models import ActivityRecord
from closeknit.checkins.models import Checkin, CheckinPeriod, CheckinScore
from closeknit.checkins.services import CHECKIN_KIND
from closeknit.couples.models import Couple
from closeknit.insights import starters
from closeknit.insights.plan import Need
from closeknit.lib.dbrouter import replica_reads
from closeknit.lib.errors import Invalid
from closeknit.prompts.models import DailyQuestion
from closeknit.prompts.spaces import Space, space_for

TREND_DAYS = 364  # a year of check-ins on the trend charts
RECENT_DAYS = 28  # "lately", for the plan and the leanings
STARTER_COUNT = 2


@dataclass
class Viewer:
    user: User
    space: Space
    now: datetime
    partner: User | None

    @property
    def couple(self) -> Couple | None:
        return self.space.couple if self.partner is not None else None

    @property
    def today(self) -> date:
        return self.now.astimezone(zoneinfo.ZoneInfo(self.space.tz)).date()

    @property
    def visible(self) -> list[practices.Practice]:
        return [p for p in practices.PRACTICES if p.key not in self.user.hidden_practices]

    @property
    def hidden_by_anyone(self) -> set[str]:
        return {key for member in self.space.members for key in member.hidden_practices}

    def instant(self, day: date) -> datetime:
        """Local midnight of `day` in the space's time zone."""
        return datetime.combine(day, time(0), tzinfo=zoneinfo.ZoneInfo(self.space.tz))


def viewer_for(user: User, *, now: datetime | None = None) -> Viewer:
    space = space_for(user)
    return Viewer(user=user, space=space, now=now or timezone.now(), partner=space.partner_of(user))


def history_start(viewer: Viewer) -> datetime:
    """When this space's history begins: the couple's start, or joining for someone alone."""
    if viewer.space.couple is not None:
        return viewer.space.couple.created_at
    return viewer.user.date_joined


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(raw: str, viewer: Viewer) -> date:
    """A week given as 2026-W47 (ISO), not in the future; the current week when empty."""
    current = week_start(viewer.today)
    if not raw:
        return current
    try:
        year, number = raw.upper().split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        example = f"{current.isocalendar()[0]}-W{current.isocalendar()[1]:02d}"
        raise Invalid(
            _("Give the week like %(example)s.") % {"example": example}, code="invalid_week"
        ) from None
    if monday > current:
        raise Invalid(_("That week hasn't happened yet."), code="future_week")
    return monday


# The couple map


@dataclass
class MapRow:
    practice: practices.Practice
    mine: int | None
    theirs: int | None

    @property
    def difference(self) -> int | None:
        if self.mine is None or self.theirs is None:
            return None
        return abs(self.mine - self.theirs)


@dataclass
class Starter:
    practice: practices.Practice
    difference: int
    title: str
    text: str


@dataclass
class MapView:
    starts_on: date | None = None
    rows: list[MapRow] = field(default_factory=list)
    my_closeness: int | None = None
    their_closeness: int | None = None
    shared: bool = False  # the partner's side is on the map
    starters: list[Starter] = field(default_factory=list)


def _latest_revealed(couple: Couple) -> QuerySet[CheckinPeriod, Any]:
    return (
        CheckinPeriod.objects.filter(couple=couple, revealed_at__isnull=False)
        .order_by("-number")
        .values("pk")[:1]
    )


@replica_reads()  # history and aggregates: a moment's replication lag is fine
def couple_map(viewer: Viewer) -> MapView:
    """Both partners' latest revealed check-in side by side; before any reveal (or when
    alone), only the person's own latest check-in."""
    me = viewer.user.pk
    rows = []
    if viewer.couple is not None:
        latest = Subquery(_latest_revealed(viewer.couple))
        rows = list(
            Checkin.objects.filter(period_id=latest, withdrawn=False).values(
                "pk", "user_id", "closeness", "starts_on"
            )
        )
    if not any(r["user_id"] == me for r in rows):
        own = Checkin.objects.filter(user=viewer.user)
        if viewer.space.couple is not None:
            own = own.filter(couple=viewer.space.couple)
        rows = list(
            own.order_by("-starts_on", "-pk").values("pk", "user_id", "closeness", "starts_on")[:1]
        )
    if not rows:
        return MapView()
    scores: dict[int, dict[str, int]] = {r["user_id"]: {} for r in rows}
    for user_id, practice, score in CheckinScore.objects.filter(
        checkin_id__in=[r["pk"] for r in rows]
    ).values_list("user_id", "practice", "score"):
        scores[user_id][practice] = score
    mine = scores.get(me, {})
    theirs_id = next((r["user_id"] for r in rows if r["user_id"] != me), None)
    theirs = scores.get(theirs_id, {}) if theirs_id is not None else {}
    view = MapView(
        starts_on=rows[0]["starts_on"],
        rows=[MapRow(p, mine.get(p.key), theirs.get(p.key)) for p in viewer.visible],
        my_closeness=next((r["closeness"] for r in rows if r["user_id"] == me), None),
        their_closeness=next((r["closeness"] for r in rows if r["user_id"] == theirs_id), None),
        shared=theirs_id is not None,
    )
    apart = sorted(
        (r for r in view.rows if r.difference),
        key=lambda r: (-(r.difference or 0), practices.KEYS.index(r.practice.key)),
    )
    view.starters = [
        Starter(
            practice=r.practice,
            difference=r.difference or 0,
            title=str(starters.TITLE) % {"practice": str(r.practice.name).lower()},
            text=str(starters.STARTERS[r.practice.key]),
        )
        for r in apart[:STARTER_COUNT]
    ]
    return view


# Trends


@dataclass
class TrendPoint:
    on: date
    mine: float | None = None
    theirs: float | None = None
    mean: float | None = None


@dataclass
class Trend:
    key: str  # a practice key, or "closeness"
    name: str
    maximum: int
    minimum: int
    points: list[TrendPoint]


@replica_reads()  # history and aggregates: a moment's replication lag is fine
def trends(viewer: Viewer) -> list[Trend]:
    """Each visible practice and closeness over the last year: the person's own line,
    and (from revealed periods of the current couple) the partner's and the mean."""
    since = viewer.today - timedelta(days=TREND_DAYS)
    me = viewer.user.pk
    visible = Q(user=viewer.user)
    if viewer.couple is not None:
        visible |= Q(couple=viewer.couple, period__revealed_at__isnull=False, withdrawn=False)
    fields = ("user_id", "couple_id", "starts_on", "period__revealed_at")
    score_rows = CheckinScore.objects.filter(visible, starts_on__gte=since).values_list(
        *fields, "practice", "score"
    )
    closeness_rows = Checkin.objects.filter(visible, starts_on__gte=since).values_list(
        *fields, "closeness"
    )
    couple_id = viewer.couple.pk if viewer.couple else None
    series: dict[str, dict[date, TrendPoint]] = {}

    def add(
        key: str, user_id: int, in_couple: int | None, on: date, revealed: object, value: int
    ) -> None:
        point = series.setdefault(key, {}).setdefault(on, TrendPoint(on=on))
        shared = couple_id is not None and in_couple == couple_id and revealed is not None
        if user_id == me:
            if point.mine is None or shared:
                point.mine = float(value)
        elif shared:
            point.theirs = float(value)

    for user_id, in_couple, on, revealed, practice, score in score_rows:
        add(practice, user_id, in_couple, on, revealed, score)
    for user_id, in_couple, on, revealed, closeness in closeness_rows:
        add("closeness", user_id, in_couple, on, revealed, closeness)
    result = []
    keys = [(p.key, str(p.name), 0, 100) for p in viewer.visible]
    keys.append(("closeness", _("Closeness"), 1, 7))
    for key, name, low, high in keys:
        points = sorted(series.get(key, {}).values(), key=lambda p: p.on)
        for point in points:
            if point.mine is not None and point.theirs is not None:
                point.mean = round((point.mine + point.theirs) / 2, 1)
        result.append(Trend(key=key, name=name, minimum=low, maximum=high, points=points))
    return result


# Activity


def _activity(viewer: Viewer) -> QuerySet[ActivityRecord]:
    if viewer.space.couple is not None:
        found = ActivityRecord.objects.filter(couple=viewer.space.couple)
    else:
        found = ActivityRecord.objects.filter(user=viewer.user, couple__isnull=True)
    return found.exclude(kind=CHECKIN_KIND)


@dataclass
class BalanceRow:
    practice: practices.Practice
    week: int
    month: int


@dataclass
class Balance:
    week_starts: date
    month_starts: date
    rows: list[BalanceRow]

    @property
    def week_total(self) -> int:
        return sum(r.week for r in self.rows)

    @property
    def month_total(self) -> int:
        return sum(r.month for r in self.rows)


@replica_reads()  # history and aggregates: a moment's replication lag is fine
def activity_balance(viewer: Viewer) -> Balance:
    """How often each practice was lived this week and this month: counts per practice,
    aggregated by the database (never the records themselves, never their content)."""
    monday = week_start(viewer.today)
    first = viewer.today.replace(day=1)
    week_from, month_from = viewer.instant(monday), viewer.instant(first)
    counts: dict[str, dict[str, int]] = {
        row["practice"]: {"week": row["week"], "month": row["month"]}
        for row in _activity(viewer)
        .filter(occurred_at__gte=min(week_from, month_from), occurred_at__lte=viewer.now)
        .values("practice")
        .annotate(
            week=Count("pk", filter=Q(occurred_at__gte=week_from)),
            month=Count("pk", filter=Q(occurred_at__gte=month_from)),
        )
    }
    return Balance(
        week_starts=monday,
        month_starts=first,
        rows=[
            BalanceRow(
                practice=p,
                week=counts.get(p.key, {}).get("week", 0),
                month=counts.get(p.key, {}).get("month", 0),
            )
            for p in viewer.visible
        ],
    )


# What the plan and the leanings use


def _lower_practices(scores: dict[str, int]) -> set[str]:
    """A person's three lowest practices that are also below their own average: relative
    to themselves, never a cut-off."""
    if not scores:
        return set()
    average = sum(scores.values()) / len(scores)
    ranked = sorted(scores, key=lambda key: (scores[key], practices.KEYS.index(key)))
    return {key for key in ranked[:3] if scores[key] < average}


def needs_for(*, couple: Couple | None, user: User | None, now: datetime) -> dict[str, Need]:
    """Per practice: the leaning (0..1), how many partners rated it lower, and how often
    it was lived in the last four weeks. Two queries."""
    if couple is not None:
        scored = CheckinScore.objects.filter(
            period_id=Subquery(_latest_revealed(couple)), withdrawn=False
        )
        lived = ActivityRecord.objects.filter(couple=couple)
    else:
        assert user is not None
        latest = Checkin.objects.filter(user=user).order_by("-starts_on", "-pk").values("pk")[:1]
        scored = CheckinScore.objects.filter(checkin_id=Subquery(latest))
        lived = ActivityRecord.objects.filter(user=user, couple__isnull=True)
    per_person: dict[int, dict[str, int]] = {}
    for user_id, practice, score in scored.values_list("user_id", "practice", "score"):
        per_person.setdefault(user_id, {})[practice] = score
    recent = dict(
        lived.exclude(kind=CHECKIN_KIND)
        .filter(occurred_at__gte=now - timedelta(days=RECENT_DAYS), occurred_at__lte=now)
        .values("practice")
        .annotate(n=Count("pk"))
        .values_list("practice", "n")
    )
    return _needs_from(per_person=per_person, recent=recent)


def _needs_from(
    *, per_person: dict[int, dict[str, int]], recent: dict[str, int]
) -> dict[str, Need]:
    """The needs from each partner's latest scores and the recent activity counts."""
    lower = [_lower_practices(scores) for scores in per_person.values()]
    most = max(recent.values(), default=0)
    needs = {}
    for key in practices.KEYS:
        given = [scores[key] for scores in per_person.values() if key in scores]
        score_need = 1 - (sum(given) / len(given)) / 100 if given else 0.5
        activity_need = 1 - recent.get(key, 0) / most if most else 0.5
        needs[key] = Need(
            leaning=round(0.6 * score_need + 0.4 * activity_need, 3),
            lower_for=sum(1 for found in lower if key in found),
            recent=recent.get(key, 0),
        )
    return needs


def leanings_for_couples(
    *, couple_ids: list[int], hidden: dict[int, set[str]], now: datetime
) -> dict[int, dict[str, float]]:
    """`practice_leanings` for many couples at once (the daily rollover): three queries
    for the whole batch, whatever their histories."""
    latest = dict(
        CheckinPeriod.objects.filter(couple_id__in=couple_ids, revealed_at__isnull=False)
        .values("couple_id")
        .annotate(last=Max("number"))
        .values_list("couple_id", "last")
    )
    scores: dict[int, dict[int, dict[str, int]]] = {c: {} for c in couple_ids}
    if latest:
        wanted = Q()
        for couple_id, number in latest.items():
            wanted |= Q(period__couple_id=couple_id, period__number=number)
        rows = CheckinScore.objects.filter(wanted, withdrawn=False).values_list(
            "period__couple_id", "user_id", "practice", "score"
        )
        for couple_id, user_id, practice, score in rows:
            scores[couple_id].setdefault(user_id, {})[practice] = score
    recent: dict[int, dict[str, int]] = {c: {} for c in couple_ids}
    counts = (
        ActivityRecord.objects.filter(
            couple_id__in=couple_ids,
            occurred_at__gte=now - timedelta(days=RECENT_DAYS),
            occurred_at__lte=now,
        )
        .exclude(kind=CHECKIN_KIND)
        .values("couple_id", "practice")
        .annotate(n=Count("pk"))
        .values_list("couple_id", "practice", "n")
    )
    for couple_id, practice, n in counts:
        recent[couple_id][practice] = n
    result = {}
    # Most couples of a batch have no signal at all: those share one computation per set
    # of hidden practices (callers only read the result).
    quiet: dict[frozenset[str], dict[str, float]] = {}
    for couple_id in couple_ids:
        blocked = hidden.get(couple_id, set())
        if not scores[couple_id] and not recent[couple_id]:
            key = frozenset(blocked)
            if key not in quiet:
                quiet[key] = _leanings(_needs_from(per_person={}, recent={}), blocked)
            result[couple_id] = quiet[key]
            continue
        needs = _needs_from(per_person=scores[couple_id], recent=recent[couple_id])
        result[couple_id] = _leanings(needs, blocked)
    return result


def _leanings(needs: dict[str, Need], blocked: set[str] | frozenset[str]) -> dict[str, float]:
    return {key: 0.0 if key in blocked else needs[key].leaning for key in practices.KEYS}


# The weekly report


@dataclass
class Report:
    week: date
    questions: list[DailyQuestion]
    balance: list[BalanceRow]
    both_checked_in: bool

    @property
    def lived_total(self) -> int:
        return sum(r.week for r in self.balance)

    @property
    def iso(self) -> str:
        year, number, _day = self.week.isocalendar()
        return f"{year}-W{number:02d}"


@replica_reads()  # history and aggregates: a moment's replication lag is fine
def weekly_report(viewer: Viewer, *, week: date) -> Report:
    """The week's questions answered together (or, alone, answered), the practices lived,
    and whether both checked in. Celebrates what happened; counts nothing missed."""
    start, end = viewer.instant(week), viewer.instant(week + timedelta(days=7))
    from closeknit.prompts.selectors import answered_together  # it imports insights

    # Counted the way today's page counts (prompts.selectors.answered_together): by the
    # day each question was asked, once both answered; not by when the last answer came.
    questions = answered_together(
        space=viewer.space, first=week, last=week + timedelta(days=6)
    ).order_by("day")
    both = False
    if viewer.space.couple is not None:
        both = CheckinPeriod.objects.filter(
            couple=viewer.space.couple, revealed_at__gte=start, revealed_at__lt=end
        ).exists()
    counts = dict(
        _activity(viewer)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .values("practice")
        .annotate(n=Count("pk"))
        .values_list("practice", "n")
    )
    return Report(
        week=week,
        questions=list(questions.select_related("prompt")[:50]),
        balance=[
            BalanceRow(practice=p, week=counts.get(p.key, 0), month=0) for p in viewer.visible
        ],
        both_checked_in=both,
    )
