"""Couple challenges and the learned-together log: every write, for web and API alike.

"How well do you know me" rounds are in closeknit/growth/rounds.py.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.goals.services import check_date, clean_text, local_today
from closeknit.goals.spaces import Space, editable_q, space_for, visible_q
from closeknit.growth.models import (
    Challenge,
    ChallengeRun,
    LearnedEntry,
    LearnedKind,
    Reflection,
    StepCheck,
)
from closeknit.lib.errors import Conflict, Forbidden, Invalid, NotFound
from closeknit.lib.library import is_library_id
from closeknit.nudges import waiting

PRACTICE = "growth"
MAX_ACTIVE_RUNS = 5
MAX_REFLECTION = 1000
MAX_TITLE = 200
MAX_NOTE = 1000


def challenge_ref(run_id: int) -> str:
    """The place a challenge's waiting items point at (closeknit.nudges.waiting)."""
    return f"challenge:{run_id}"


def record(space: Space, kind: str) -> None:
    activity_record(user=space.user, couple=space.couple, practice=PRACTICE, kind=kind)


def challenge_start(*, user: User, challenge_id: str) -> ChallengeRun:
    """Take on a challenge from the library, starting today."""
    space = space_for(user)
    challenge = (
        Challenge.objects.filter(pk=challenge_id, retired=False).first()
        if is_library_id(challenge_id)
        else None
    )
    if challenge is None:
        raise Invalid(_("That challenge isn't in the library."), code="bad_challenge")
    with transaction.atomic():
        active = ChallengeRun.objects.select_for_update().filter(
            editable_q(space), finished_at__isnull=True
        )
        running = list(active.values_list("challenge_id", flat=True))
        if challenge.pk in running:
            raise Conflict(_("You're already doing this one."), code="already_running")
        if len(running) >= MAX_ACTIVE_RUNS:
            raise Conflict(
                _("You have %(n)d challenges going. Wrap one up before starting another.")
                % {"n": MAX_ACTIVE_RUNS},
                code="too_many",
            )
        labels = list(challenge.steps)
        run = ChallengeRun.objects.create(
            couple=space.couple,
            created_by=user,
            challenge=challenge,
            step_labels=labels,
            step_count=len(labels) or challenge.days,
            started_on=local_today(space),
        )
        record(space, "challenge_started")
    return run


def _run_for_write(space: Space, run_id: int) -> ChallengeRun:
    """The run, locked, if it belongs to the person's current space."""
    run = ChallengeRun.objects.select_for_update().filter(editable_q(space), pk=run_id).first()
    if run is not None:
        return run
    if ChallengeRun.objects.filter(visible_q(space), pk=run_id).exists():
        raise Conflict(
            _("This challenge belongs to a space that has ended; it can't change now."),
            code="space_ended",
        )
    raise NotFound(_("There is no such challenge in your space."))


def step_set(*, user: User, run_id: int, step: int, done: bool) -> ChallengeRun:
    """Check off (or un-check) one of your own steps. Your partner sees it; you can't
    tick theirs."""
    space = space_for(user)
    with transaction.atomic():
        run = _run_for_write(space, run_id)
        if run.is_finished:
            raise Conflict(_("This challenge is wrapped up."), code="finished")
        if not 1 <= step <= run.step_count:
            raise Invalid(
                _("Pick a step from 1 to %(n)d.") % {"n": run.step_count}, code="bad_step"
            )
        if done:
            try:
                with transaction.atomic():
                    StepCheck.objects.create(run=run, couple=run.couple, created_by=user, step=step)
            except IntegrityError:
                return run  # already checked: nothing to do
            # The partner sees the step (several group); a challenge made alone has none.
            waiting.invite(
                actor=user,
                couple=run.couple,
                kind="challenge_step",
                ref=challenge_ref(run.pk),
                url=f"/growth/challenges/{run.pk}/",
                partner=space.partner,
            )
        else:
            StepCheck.objects.filter(run=run, created_by=user, step=step).delete()
        record(space, "challenge_step" if done else "challenge_step_undone")
    return run


def run_finish(*, user: User, run_id: int) -> ChallengeRun:
    """Wrap a challenge up, whenever it feels done. Then each of you can look back."""
    space = space_for(user)
    with transaction.atomic():
        run = _run_for_write(space, run_id)
        if run.is_finished:
            return run
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        record(space, "challenge_finished")
    return run


def run_delete(*, user: User, run_id: int) -> None:
    """Remove a challenge started by mistake, before your partner has put anything in."""
    space = space_for(user)
    with transaction.atomic():
        run = _run_for_write(space, run_id)
        if run.created_by_id != user.pk:
            raise Forbidden(
                _("Only the person who started this challenge can remove it."), code="not_yours"
            )
        others = (
            StepCheck.objects.filter(run=run).exclude(created_by=user).exists()
            or Reflection.objects.filter(run=run).exclude(created_by=user).exists()
        )
        if others:
            raise Conflict(
                _("Your partner has already joined in, so this one stays. You can wrap it up."),
                code="partner_joined",
            )
        couple, ref = run.couple, challenge_ref(run.pk)
        run.delete()
        record(space, "challenge_removed")
        waiting.withdraw(ref=ref, couple=couple)


def reflection_save(*, user: User, run_id: int, text: str) -> tuple[Reflection, bool]:
    """Your look back once the challenge is wrapped up. Both look-backs show once both
    of you have written (exactly once, even if you both save at the same moment).
    Returns the reflection and whether this save revealed both."""
    space = space_for(user)
    text = clean_text(text, max_len=MAX_REFLECTION, required=True, what=_("your look back"))
    with transaction.atomic():
        run = _run_for_write(space, run_id)
        if not run.is_finished:
            raise Conflict(
                _("Looking back opens once the challenge is wrapped up."), code="not_finished"
            )
        if run.reflections_shown_at is not None:
            raise Conflict(
                _("Both look-backs are already shown, so yours can't change now."),
                code="already_shown",
            )
        now = timezone.now()
        reflection, _created = Reflection.objects.update_or_create(
            run=run,
            created_by=user,
            defaults={"text": text, "updated_at": now},
            create_defaults={"text": text, "couple": run.couple, "created_at": now},
        )
        shown_now = False
        members = [m.pk for m in space.members]
        if (
            len(members) == 2
            and Reflection.objects.filter(run=run, created_by_id__in=members).count() == 2
        ):
            run.reflections_shown_at = now
            run.save(update_fields=["reflections_shown_at"])
            shown_now = True
        record(space, "challenge_reflection")
    return reflection, shown_now


def _clean_entry(kind: str, title: str, note: str, on: date | None, space: Space) -> date:
    if kind not in LearnedKind.values:
        raise Invalid(_("Choose learned or tried."), code="bad_kind")
    check_date(on, what=_("the day"))
    day = on or local_today(space)
    if day > local_today(space):
        raise Invalid(_("Pick a day that has already happened."), code="future_date")
    return day


def learned_add(
    *, user: User, title: str, kind: str = "tried", note: str = "", on: date | None = None
) -> LearnedEntry:
    """Something you learned or tried together. Either of you adds; both of you see it."""
    space = space_for(user)
    title = clean_text(title, max_len=MAX_TITLE, required=True, what=_("what it was"))
    note = clean_text(note, max_len=MAX_NOTE, required=False, what=_("the note"))
    day = _clean_entry(kind, title, note, on, space)
    entry = LearnedEntry.objects.create(
        couple=space.couple, created_by=user, kind=kind, title=title, note=note, on=day
    )
    record(space, "learned_added")
    return entry


def _entry_for_write(space: Space, entry_id: int) -> LearnedEntry:
    entry = LearnedEntry.objects.filter(editable_q(space, partners_too=False), pk=entry_id).first()
    if entry is not None:
        return entry
    if LearnedEntry.objects.filter(visible_q(space), pk=entry_id).exists():
        raise Forbidden(_("Only the person who wrote this can change it."), code="not_yours")
    raise NotFound(_("There is no such entry in your log."))


def learned_update(
    *, user: User, entry_id: int, title: str, kind: str, note: str, on: date | None
) -> LearnedEntry:
    space = space_for(user)
    title = clean_text(title, max_len=MAX_TITLE, required=True, what=_("what it was"))
    note = clean_text(note, max_len=MAX_NOTE, required=False, what=_("the note"))
    day = _clean_entry(kind, title, note, on, space)
    entry = _entry_for_write(space, entry_id)
    entry.title, entry.kind, entry.note, entry.on = title, kind, note, day
    entry.save(update_fields=["title", "kind", "note", "on"])
    record(space, "learned_edited")
    return entry


def learned_delete(*, user: User, entry_id: int) -> None:
    space = space_for(user)
    _entry_for_write(space, entry_id).delete()
    record(space, "learned_deleted")
