"""Goals with milestones and cheers: every write, for the web pages and the API alike.

Dream notes and the someday list are in closeknit/goals/someday.py.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.goals.models import (
    CelebrationsSeen,
    Cheer,
    Goal,
    GoalKind,
    GoalStatus,
    Milestone,
)
from closeknit.goals.spaces import Space, editable_q, space_for, visible_q
from closeknit.lib.errors import Conflict, Forbidden, Invalid, NotFound
from closeknit.nudges import waiting

PRACTICE = "goals"
MAX_TITLE = 200
MAX_WHY = 2000
MAX_CHEER_NOTE = 280
MAX_MILESTONES = 60
MAX_CHEERS = 300
CARRIERS = ("me", "partner", "both")


def goal_ref(goal_id: int) -> str:
    """The place a goal's news waits for the partner (closeknit.nudges.waiting)."""
    return f"goal:{goal_id}"


def goal_url(goal_id: int) -> str:
    return f"/goals/{goal_id}/"


def clean_text(value: str | None, *, max_len: int, required: bool, what: str) -> str:
    """Trimmed text within its limit, or an error that says what to fix."""
    text = (value or "").strip()
    if required and not text:
        raise Invalid(_("Write %(what)s before saving.") % {"what": what}, code="required")
    if len(text) > max_len:
        raise Invalid(
            _("Keep %(what)s under %(n)d characters.") % {"what": what, "n": max_len},
            code="too_long",
        )
    return text


def local_today(space: Space) -> date:
    tz = space.couple.home_timezone if space.couple else space.user.timezone
    try:
        return timezone.localdate(timezone=ZoneInfo(tz))
    except (KeyError, ValueError):
        return timezone.localdate()


def check_date(value: date | None, *, what: str) -> date | None:
    if value is not None and not date(2000, 1, 1) <= value <= date(2200, 12, 31):
        raise Invalid(_("Pick a real date for %(what)s.") % {"what": what}, code="bad_date")
    return value


def shared_with_partner() -> Q:
    """Which of the partner's goals count as theirs to see: ours, and shared ones."""
    return Q(kind=GoalKind.SHARED) | Q(shared=True)


def visible_goals(space: Space):  # type: ignore[no-untyped-def]
    return Goal.objects.filter(visible_q(space, shared=shared_with_partner()))


def _writable(space: Space) -> Q:
    return (editable_q(space) & Q(kind=GoalKind.SHARED)) | Q(
        kind=GoalKind.INDIVIDUAL, created_by=space.user
    )


def _goal_for_write(space: Space, goal_id: int) -> Goal:
    """The goal, locked, if this person may change it; 404 when they can't see it."""
    goal = Goal.objects.select_for_update().filter(_writable(space), pk=goal_id).first()
    if goal is not None:
        return goal
    seen = visible_goals(space).filter(pk=goal_id).values_list("kind", flat=True).first()
    if seen == GoalKind.SHARED:
        raise Conflict(
            _("This goal belongs to a space that has ended; it can't change now."),
            code="space_ended",
        )
    if seen is not None:
        raise Forbidden(
            _("Only its owner can change this goal. You can cheer it on instead."),
            code="not_yours",
        )
    raise NotFound(_("There is no such goal in your space."))


def record(space: Space, kind: str) -> None:
    activity_record(user=space.user, couple=space.couple, practice=PRACTICE, kind=kind)


def goal_create(
    *,
    user: User,
    title: str,
    kind: str,
    why: str = "",
    target_date: date | None = None,
    shared: bool = False,
) -> Goal:
    space = space_for(user)
    if kind not in GoalKind.values:
        raise Invalid(_("Choose whether this goal is ours or yours."), code="bad_kind")
    title = clean_text(title, max_len=MAX_TITLE, required=True, what=_("a name for the goal"))
    why = clean_text(why, max_len=MAX_WHY, required=False, what=_("why it matters"))
    check_date(target_date, what=_("the target"))
    if kind == GoalKind.INDIVIDUAL and shared and space.couple is None:
        raise Conflict(_("You can share this once your partner has joined you."), code="no_partner")
    goal = Goal.objects.create(
        couple=space.couple,
        created_by=user,
        kind=kind,
        title=title,
        why=why,
        target_date=target_date,
        shared=kind == GoalKind.INDIVIDUAL and shared,
    )
    record(space, "goal_created")
    return goal


def goal_update(
    *, user: User, goal_id: int, title: str, why: str, target_date: date | None
) -> Goal:
    space = space_for(user)
    title = clean_text(title, max_len=MAX_TITLE, required=True, what=_("a name for the goal"))
    why = clean_text(why, max_len=MAX_WHY, required=False, what=_("why it matters"))
    check_date(target_date, what=_("the target"))
    with transaction.atomic():
        goal = _goal_for_write(space, goal_id)
        goal.title, goal.why, goal.target_date = title, why, target_date
        goal.save(update_fields=["title", "why", "target_date"])
        record(space, "goal_edited")
    return goal


def goal_set_status(*, user: User, goal_id: int, status: str) -> Goal:
    """Reach, set aside, or pick a goal back up. Reaching one is celebrated for both."""
    space = space_for(user)
    if status not in GoalStatus.values:
        raise Invalid(
            _("Status must be one of: %(s)s.") % {"s": ", ".join(GoalStatus.values)},
            code="bad_status",
        )
    with transaction.atomic():
        goal = _goal_for_write(space, goal_id)
        if goal.status == status:
            return goal
        goal.status = status
        goal.reached_at = timezone.now() if status == GoalStatus.REACHED else None
        goal.save(update_fields=["status", "reached_at"])
        record(space, "goal_reached" if status == GoalStatus.REACHED else "goal_status")
        if status == GoalStatus.REACHED:
            _tell_partner(space, goal=goal)
    return goal


def _tell_partner(space: Space, *, goal: Goal) -> None:
    """A step ticked off or a goal reached waits for the partner, if the goal is theirs
    to see (ours, or one of yours you shared); grouped per goal."""
    partner = space.partner
    if partner is None or space.couple is None or goal.couple_id != space.couple.pk:
        return
    if goal.kind != GoalKind.SHARED and not goal.shared:
        return
    waiting.invite(
        actor=space.user,
        couple=space.couple,
        kind="milestone",
        ref=goal_ref(goal.pk),
        url=goal_url(goal.pk),
        partner=partner,
    )


def goal_share(*, user: User, goal_id: int, shared: bool) -> Goal:
    """Show one of your own goals to your partner, or make it private again."""
    space = space_for(user)
    with transaction.atomic():
        goal = _goal_for_write(space, goal_id)
        if goal.kind != GoalKind.INDIVIDUAL:
            raise Conflict(_("A goal you share as a pair is already ours."), code="already_ours")
        if shared and space.couple is None:
            raise Conflict(
                _("You can share this once your partner has joined you."), code="no_partner"
            )
        goal.shared = shared
        if shared:
            goal.couple, goal.withdrawn = space.couple, False
        goal.save(update_fields=["shared", "couple", "withdrawn"])
        Milestone.objects.filter(goal=goal).update(couple=goal.couple)
        if not shared:  # private again: nothing about it may wait for the partner
            waiting.withdraw(ref=goal_ref(goal.pk), couple=space.couple)
        record(space, "goal_shared" if shared else "goal_unshared")
    return goal


def goal_delete(*, user: User, goal_id: int) -> None:
    space = space_for(user)
    with transaction.atomic():
        goal = _goal_for_write(space, goal_id)
        if goal.created_by_id != user.pk:
            raise Forbidden(
                _("Only the person who started this goal can delete it; you can set it aside."),
                code="not_yours",
            )
        waiting.withdraw(ref=goal_ref(goal.pk), couple=space.couple)
        goal.delete()
        record(space, "goal_deleted")


def _carrier(space: Space, goal: Goal, carrier: str) -> User | None:
    if carrier not in CARRIERS:
        raise Invalid(_("Choose who carries this step: me, partner or both."), code="bad_carrier")
    if goal.kind == GoalKind.INDIVIDUAL:
        return goal.created_by
    if carrier == "me":
        return space.user
    if carrier == "partner":
        if space.partner is None:
            raise Conflict(_("There is no partner in your space yet."), code="no_partner")
        return space.partner
    return None


def milestone_add(
    *, user: User, goal_id: int, title: str, carrier: str = "both", due_date: date | None = None
) -> Milestone:
    space = space_for(user)
    title = clean_text(title, max_len=MAX_TITLE, required=True, what=_("the step"))
    check_date(due_date, what=_("the step"))
    with transaction.atomic():
        goal = _goal_for_write(space, goal_id)
        carried_by = _carrier(space, goal, carrier)
        count = goal.milestones.count()
        if count >= MAX_MILESTONES:
            raise Conflict(_("This goal has as many steps as it can hold."), code="too_many")
        last = goal.milestones.aggregate(m=Max("position"))["m"]
        milestone = Milestone.objects.create(
            goal=goal,
            couple=goal.couple,
            created_by=user,
            title=title,
            carried_by=carried_by,
            due_date=due_date,
            position=(last or 0) + 1,
        )
        record(space, "milestone_added")
    return milestone


def _milestone_for_write(space: Space, milestone_id: int) -> Milestone:
    goal_id = (
        Milestone.objects.filter(pk=milestone_id, goal__in=visible_goals(space))
        .values_list("goal_id", flat=True)
        .first()
    )
    if goal_id is None:
        raise NotFound(_("There is no such step in your space."))
    goal = _goal_for_write(space, goal_id)
    milestone = Milestone.objects.select_related("goal").get(pk=milestone_id)
    milestone.goal = goal
    return milestone


def milestone_update(
    *, user: User, milestone_id: int, title: str, carrier: str, due_date: date | None
) -> Milestone:
    space = space_for(user)
    title = clean_text(title, max_len=MAX_TITLE, required=True, what=_("the step"))
    check_date(due_date, what=_("the step"))
    with transaction.atomic():
        milestone = _milestone_for_write(space, milestone_id)
        milestone.carried_by = _carrier(space, milestone.goal, carrier)
        milestone.title, milestone.due_date = title, due_date
        milestone.save(update_fields=["title", "carried_by", "due_date"])
        record(space, "milestone_edited")
    return milestone


def milestone_set_done(*, user: User, milestone_id: int, done: bool) -> Milestone:
    """Tick a step off (celebrated for both) or back on. Either of you can tick any step."""
    space = space_for(user)
    with transaction.atomic():
        milestone = _milestone_for_write(space, milestone_id)
        if milestone.is_done == done:
            return milestone
        milestone.done_at = timezone.now() if done else None
        milestone.done_by = user if done else None
        milestone.save(update_fields=["done_at", "done_by"])
        record(space, "milestone_done" if done else "milestone_undone")
        if done:
            _tell_partner(space, goal=milestone.goal)
    return milestone


def milestone_delete(*, user: User, milestone_id: int) -> None:
    space = space_for(user)
    with transaction.atomic():
        milestone = _milestone_for_write(space, milestone_id)
        milestone.delete()
        record(space, "milestone_deleted")


def cheer_add(*, user: User, goal_id: int, kind: str, note: str = "") -> Cheer:
    """Cheer on your partner's goal: one tap, maybe a few words."""
    space = space_for(user)
    if kind not in Cheer.KINDS:
        raise Invalid(
            _("Unknown cheer. Choose one of: %(k)s.") % {"k": ", ".join(Cheer.KINDS)},
            code="bad_cheer",
        )
    note = clean_text(note, max_len=MAX_CHEER_NOTE, required=False, what=_("your note"))
    with transaction.atomic():
        goal = (
            visible_goals(space)
            .select_for_update()
            .filter(pk=goal_id, kind=GoalKind.INDIVIDUAL)
            .first()
        )
        if goal is None or space.couple is None or goal.couple_id != space.couple.pk:
            raise NotFound(_("There is no such goal of your partner's to cheer."))
        if goal.created_by_id == user.pk:
            raise Conflict(_("Cheers are for your partner's goals."), code="own_goal")
        if goal.cheers.count() >= MAX_CHEERS:
            raise Conflict(_("This goal has all the cheers it can hold."), code="too_many")
        cheer = Cheer.objects.create(
            goal=goal, couple=space.couple, created_by=user, kind=kind, note=note
        )
        waiting.invite(
            actor=user,
            couple=space.couple,
            kind="goal_cheer",
            ref=goal_ref(goal.pk),
            url=goal_url(goal.pk),
            partner=goal.created_by,
        )
        record(space, "cheer_sent")
    return cheer


def celebrations_clear(*, user: User) -> None:
    """Put the celebration banner away (for this person only)."""
    CelebrationsSeen.objects.update_or_create(user=user, defaults={"cleared_at": timezone.now()})
