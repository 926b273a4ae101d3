"""The check-in one step at a time: one practice per step, then the closeness picture
and the note. What is answered so far is kept as the person's draft, so they can stop
and pick up later. A draft is read only through `draft_for(user=...)`, which takes the
person from the request: nothing here can load someone else's draft, and nothing about
a draft reaches the partner (not even that one exists)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.checkins import items, services
from closeknit.checkins.models import Checkin, CheckinDraft
from closeknit.checkins.periods import current_period
from closeknit.lib.errors import Invalid
from closeknit.prompts.spaces import space_for

LAST = "closeness"  # the key of the final step: the picture and the note


@dataclass(frozen=True)
class Step:
    number: int  # 1-based
    key: str  # a practice key, or LAST
    statements: tuple[items.Item, ...]

    @property
    def practice(self) -> practices.Practice | None:
        return practices.get(self.key) if self.key != LAST else None

    @property
    def is_last(self) -> bool:
        return self.key == LAST


def steps_for(*, hidden: list[str] | set[str] | tuple[str, ...]) -> list[Step]:
    """The person's steps: one per practice they have not hidden, then the closing one."""
    found: list[Step] = []
    for key in items.practices_for(hidden=hidden):
        statements = tuple(i for i in items.ITEMS if i.practice == key)
        if statements:
            found.append(Step(number=len(found) + 1, key=key, statements=statements))
    found.append(Step(number=len(found) + 1, key=LAST, statements=()))
    return found


def draft_for(*, user: User, now: datetime | None = None) -> CheckinDraft | None:
    """The person's own draft for this fortnight in their current space. A draft from an
    earlier fortnight or another space is dropped: it no longer fits anywhere."""
    draft = CheckinDraft.objects.filter(user=user).first()
    if draft is None:
        return None
    space = space_for(user)
    period = current_period(space, now=now or timezone.now())
    couple_id = space.couple.pk if space.couple is not None else None
    if draft.couple_id != couple_id or draft.number != period.number:
        draft.delete()
        return None
    return draft


def values_for(*, user: User, draft: CheckinDraft | None, mine: Checkin | None) -> dict[str, Any]:
    """What each step shows as chosen: the draft's answers, over the saved check-in's
    (someone changing their answers before the reveal starts from what they saved)."""
    values: dict[str, Any] = {}
    if mine is not None:
        values.update(mine.answers)
        values["closeness"] = mine.closeness
        values["note"] = mine.note
    if draft is not None:
        values.update(draft.answers)
        if draft.closeness is not None:
            values["closeness"] = draft.closeness
        if draft.note or "note" not in values:
            values["note"] = draft.note
    return values


def _rating(raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if not items.SCALE_MIN <= value <= items.SCALE_MAX:
        raise Invalid(_("Each rating is a whole number from 1 to 7."), code="out_of_range")
    return value


def draft_save(
    *,
    user: User,
    step: int,
    answers: dict[str, Any],
    closeness: Any = None,
    note: str | None = None,
    require: bool = True,
    resume_at: int | None = None,
    now: datetime | None = None,
) -> CheckinDraft:
    """Keep one step's answers in the person's draft. With `require`, each statement of
    the step needs a rating (going on); without, whatever was picked is kept (going back
    or stopping for now). The draft then resumes at `resume_at` (by default the next step)."""
    now = now or timezone.now()
    steps = steps_for(hidden=list(user.hidden_practices))
    if not 1 <= step <= len(steps):
        raise Invalid(_("There is no such step in your check-in."), code="unknown_step")
    current = steps[step - 1]
    picked = {i.id: _rating(answers.get(i.id)) for i in current.statements}
    if require and any(value is None for value in picked.values()):
        raise Invalid(_("Pick a number for each statement to go on."), code="missing_items")
    chosen_closeness = _rating(closeness) if current.is_last else None
    if note is not None and len(note.strip()) > services.MAX_NOTE:
        raise Invalid(
            _("Keep the note under %(n)d characters.") % {"n": services.MAX_NOTE},
            code="too_long",
        )
    space = space_for(user)
    period = current_period(space, now=now)
    with transaction.atomic():
        draft = draft_for(user=user, now=now)
        if draft is None:
            mine = Checkin.objects.filter(
                user=user, couple=space.couple, number=period.number
            ).first()
            draft = CheckinDraft(
                user=user,
                couple=space.couple,
                number=period.number,
                answers=dict(mine.answers) if mine else {},
                closeness=mine.closeness if mine else None,
                note=mine.note if mine else "",
            )
        for item_id, value in picked.items():
            if value is not None:
                draft.answers[item_id] = value
        if chosen_closeness is not None:
            draft.closeness = chosen_closeness
        if current.is_last and note is not None:
            draft.note = note.strip()
        target = step + 1 if resume_at is None else resume_at
        draft.step = max(1, min(target, len(steps)))
        draft.updated_at = now
        draft.save()
    return draft


def draft_finish(*, user: User, now: datetime | None = None) -> services.SubmitResult:
    """Save the check-in from the draft (the usual rules apply: every statement rated,
    one picture chosen), then let the draft go."""
    draft = draft_for(user=user, now=now)
    if draft is None:
        raise Invalid(_("Start from the first step: nothing is saved yet."), code="no_draft")
    asked = {i.id for i in items.items_for(hidden=list(user.hidden_practices))}
    with transaction.atomic():
        result = services.checkin_submit(
            user=user,
            # A practice hidden since the draft began is no longer asked.
            answers={k: v for k, v in draft.answers.items() if k in asked},
            closeness=draft.closeness,
            note=draft.note,
            now=now,
        )
        draft.delete()
    return result


def draft_discard(*, user: User) -> None:
    CheckinDraft.objects.filter(user=user).delete()


def first_open_step(*, user: User, answers: dict[str, Any]) -> int:
    """The first step with a statement still unrated (for "finish" with gaps)."""
    for step in steps_for(hidden=list(user.hidden_practices)):
        if any(i.id not in answers for i in step.statements):
            return step.number
    return len(steps_for(hidden=list(user.hidden_practices)))


def draft_keep(
    *, user: User, answers: dict[str, int], closeness: int | None, note: str
) -> CheckinDraft:
    """Keep what a whole-form post brought, gaps and all, so nothing typed is lost when
    it comes back with something still open."""
    space = space_for(user)
    period = current_period(space, now=timezone.now())
    asked = {i.id for i in items.items_for(hidden=list(user.hidden_practices))}
    kept = {
        k: v for k, v in answers.items() if k in asked and items.SCALE_MIN <= v <= items.SCALE_MAX
    }
    picture = (
        closeness if closeness is not None and 1 <= closeness <= len(items.CLOSENESS) else None
    )
    draft, _created = CheckinDraft.objects.update_or_create(
        user=user,
        defaults={
            "couple": space.couple,
            "number": period.number,
            "answers": kept,
            "closeness": picture,
            "note": (note or "").strip()[: services.MAX_NOTE],
            "step": first_open_step(user=user, answers=kept),
            "updated_at": timezone.now(),
        },
    )
    return draft
