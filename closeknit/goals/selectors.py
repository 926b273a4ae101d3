"""Reading goals, celebrations, dream notes and the someday list as one person sees them.

Every query here has a fixed count, whatever the size of a couple's history.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from closeknit.couples.models import Couple
from closeknit.goals.models import (
    CelebrationsSeen,
    Cheer,
    DreamNote,
    DreamPrompt,
    Goal,
    GoalKind,
    GoalStatus,
    Milestone,
    SomedayItem,
)
from closeknit.goals.services import local_today, visible_goals
from closeknit.goals.spaces import Space, visible_q

CELEBRATE_DAYS = 7
NOTES_PAGE = 30


def row_shown(*, space: Space, couple: Couple | None, author_id: int, withdrawn: bool) -> bool:
    """Whether a row inside something visible may be shown (the leaving rule)."""
    if author_id == space.user.pk:
        return True
    if couple is None:
        return False
    if space.couple is not None and couple.pk == space.couple.pk:
        return True
    return couple.ended_at is not None and couple.ended_by_id != space.user.pk and not withdrawn


def in_current_space(space: Space, *, couple_id: int | None, author_id: int) -> bool:
    if couple_id is None:
        return author_id == space.user.pk
    return space.couple is not None and couple_id == space.couple.pk


@dataclass
class GoalView:
    goal: Goal
    milestones: list[Milestone]
    cheers: list[Cheer]
    is_mine: bool
    can_edit: bool
    current: bool
    owner_name: str

    @property
    def done(self) -> int:
        return sum(1 for m in self.milestones if m.is_done)

    @property
    def total(self) -> int:
        return len(self.milestones)

    @property
    def percent(self) -> int:
        """Progress comes from the steps done, never typed in by hand."""
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def all_steps_done(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def is_ours(self) -> bool:
        return self.goal.kind == GoalKind.SHARED

    @property
    def can_cheer(self) -> bool:
        return self.current and not self.is_mine and not self.is_ours


def _with_content(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    return goals.select_related("couple").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position", "pk")),
        Prefetch("cheers", queryset=Cheer.objects.order_by("created_at", "pk")),
    )


def _view(space: Space, goal: Goal) -> GoalView:
    def shown(row: Milestone | Cheer) -> bool:
        return row_shown(
            space=space, couple=goal.couple, author_id=row.created_by_id, withdrawn=row.withdrawn
        )

    is_mine = goal.created_by_id == space.user.pk
    current = in_current_space(space, couple_id=goal.couple_id, author_id=goal.created_by_id)
    if goal.kind == GoalKind.INDIVIDUAL:
        can_edit = is_mine
        current = current or is_mine
    else:
        can_edit = current
    return GoalView(
        goal=goal,
        milestones=[m for m in goal.milestones.all() if shown(m)],
        cheers=[c for c in goal.cheers.all() if shown(c)],
        is_mine=is_mine,
        can_edit=can_edit,
        current=current,
        owner_name=space.name_of(goal.created_by_id),
    )


def goal_view(*, space: Space, goal_id: int) -> GoalView | None:
    goal = _with_content(visible_goals(space).filter(pk=goal_id)).first()
    return _view(space, goal) if goal is not None else None


@dataclass
class GoalBoard:
    ours: list[GoalView] = field(default_factory=list)
    mine: list[GoalView] = field(default_factory=list)
    theirs: list[GoalView] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ours) + len(self.mine) + len(self.theirs)


def goal_board(*, space: Space, statuses: tuple[str, ...] = (GoalStatus.ACTIVE,)) -> GoalBoard:
    """Goals by whose they are: ours, mine, and the ones my partner shows me."""
    goals = _with_content(
        visible_goals(space).filter(status__in=statuses).order_by("target_date", "-created_at")
    )
    board = GoalBoard()
    for goal in goals:
        view = _view(space, goal)
        if view.is_ours:
            board.ours.append(view)
        elif view.is_mine:
            board.mine.append(view)
        else:
            board.theirs.append(view)
    board.ours.sort(key=lambda v: (v.goal.target_date is None, v.goal.target_date or 0))
    return board


def goals_list(*, space: Space, status: str = "") -> list[GoalView]:
    goals = visible_goals(space).order_by("-created_at")
    if status:
        goals = goals.filter(status=status)
    return [_view(space, g) for g in _with_content(goals)[:200]]


@dataclass(frozen=True)
class Celebration:
    kind: str  # "milestone" or "goal"
    title: str
    goal_id: int
    goal_title: str
    at: datetime
    by_name: str
    whose: str  # "ours", "mine" or "theirs"


def _current_goals(space: Space) -> QuerySet[Goal]:
    here = Q(couple__isnull=True, created_by=space.user)
    if space.couple is not None:
        here |= Q(couple=space.couple)
    return visible_goals(space).filter(here)


def celebrations(*, space: Space, limit: int = 6) -> list[Celebration]:
    """Steps and goals reached lately, for both of you, until you put them away."""
    since = timezone.now() - timedelta(days=CELEBRATE_DAYS)
    seen = CelebrationsSeen.objects.filter(user=space.user).first()
    if seen is not None and seen.cleared_at > since:
        since = seen.cleared_at

    def whose(goal: Goal) -> str:
        if goal.kind == GoalKind.SHARED:
            return "ours"
        return "mine" if goal.created_by_id == space.user.pk else "theirs"

    found = [
        Celebration(
            kind="milestone",
            title=m.title,
            goal_id=m.goal_id,
            goal_title=m.goal.title,
            at=m.done_at,
            by_name=space.name_of(m.done_by_id),
            whose=whose(m.goal),
        )
        for m in Milestone.objects.filter(
            goal__in=_current_goals(space), done_at__gt=since, withdrawn=False
        )
        .select_related("goal")
        .order_by("-done_at")[:limit]
        if m.done_at is not None
    ]
    found += [
        Celebration(
            kind="goal",
            title=g.title,
            goal_id=g.pk,
            goal_title=g.title,
            at=g.reached_at,
            by_name="",
            whose=whose(g),
        )
        for g in _current_goals(space)
        .filter(status=GoalStatus.REACHED, reached_at__gt=since)
        .order_by("-reached_at")[:limit]
        if g.reached_at is not None
    ]
    return sorted(found, key=lambda c: c.at, reverse=True)[:limit]


def dream_prompts(*, theme: str = "") -> list[DreamPrompt]:
    prompts = DreamPrompt.objects.filter(retired=False).order_by("id")
    if theme:
        prompts = prompts.filter(theme=theme)
    return list(prompts)


def dream_prompt_suggested(*, space: Space, after: str = "") -> DreamPrompt | None:
    """Today's suggestion: a fixed shuffle per space and day, prompts not yet talked
    about first. `after` steps to the next one ("another prompt")."""
    prompts = dream_prompts()
    if not prompts:
        return None
    key = f"{space.couple.pk if space.couple else 'u' + str(space.user.pk)}:{local_today(space)}"

    def order(p: DreamPrompt) -> str:
        return hashlib.sha256(f"{key}:{p.id}".encode()).hexdigest()

    used = set(
        DreamNote.objects.filter(visible_q(space), prompt__isnull=False).values_list(
            "prompt_id", flat=True
        )
    )
    ranked = sorted(prompts, key=lambda p: (p.id in used, order(p)))
    ids = [p.id for p in ranked]
    if after in ids:
        return ranked[(ids.index(after) + 1) % len(ranked)]
    return ranked[0]


@dataclass
class NotesPage:
    notes: list[DreamNote]
    page: int
    has_next: bool


def dream_notes(*, space: Space, page: int = 1) -> NotesPage:
    page = max(page, 1)
    start = (page - 1) * NOTES_PAGE
    rows = list(
        DreamNote.objects.filter(visible_q(space))
        .select_related("couple", "prompt")
        .order_by("-created_at", "-pk")[start : start + NOTES_PAGE + 1]
    )
    return NotesPage(notes=rows[:NOTES_PAGE], page=page, has_next=len(rows) > NOTES_PAGE)


def dream_note(*, space: Space, note_id: int) -> DreamNote | None:
    return (
        DreamNote.objects.filter(visible_q(space), pk=note_id)
        .select_related("couple", "prompt")
        .first()
    )


@dataclass
class SomedayList:
    open: list[SomedayItem]
    done: list[SomedayItem]
    archived: list[SomedayItem]


def someday_list(*, space: Space, with_archived: bool = False) -> SomedayList:
    rows = SomedayItem.objects.filter(visible_q(space)).select_related("couple")
    if not with_archived:
        rows = rows.filter(archived_at__isnull=True)
    items = list(rows.order_by("position", "pk")[:1000])
    live = [i for i in items if i.archived_at is None]
    return SomedayList(
        open=[i for i in live if i.done_on is None],
        done=sorted(
            (i for i in live if i.done_on is not None),
            key=lambda i: (i.done_on or date.min, i.pk),
            reverse=True,
        ),
        archived=[i for i in items if i.archived_at is not None],
    )


def someday_item(*, space: Space, item_id: int) -> SomedayItem | None:
    return SomedayItem.objects.filter(visible_q(space), pk=item_id).select_related("couple").first()
