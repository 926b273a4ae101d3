"""The after-a-disagreement guide: each partner privately writes their side; both sides
show to both only once both are done. The reveal happens exactly once, even when both
finish at the same instant, because each save locks the guide's row.

Web views gate these with `closeknit.safety.guard.sensitive_tool`, API endpoints with
`ensure_sensitive_tools_open`.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.conversations.models import Guide, ObserverNote, Side
from closeknit.conversations.services.common import PRACTICE, clean_text, couple_of_two
from closeknit.couples.services import couple_for, members_of
from closeknit.lib.errors import Conflict, Invalid, NotFound
from closeknit.nudges import waiting

MAX_LABEL = 80
MAX_FIELD = 2000
MAX_OBSERVER = 4000


def guide_ref(guide_id: int) -> str:
    """The place a guide's waiting items point at (closeknit.nudges.waiting)."""
    return f"guide:{guide_id}"


def guide_start(*, user: User, label: str = "") -> Guide:
    label = clean_text(label, limit=MAX_LABEL, label=_("the name"))
    couple, _members = couple_of_two(user)
    guide = Guide.objects.create(couple=couple, started_by=user, label=label)
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="guide_started")
    return guide


def _guide_of_current_couple(*, user: User, guide_id: int, lock: bool = False) -> Guide:
    couple = couple_for(user)
    queryset = Guide.objects.select_for_update() if lock else Guide.objects.all()
    guide = queryset.filter(pk=guide_id, couple=couple).first() if couple else None
    if guide is None:
        raise NotFound(_("There is no such guide in your space."))
    return guide


@dataclass(frozen=True)
class SideResult:
    side: Side
    revealed_now: bool


def side_save(
    *,
    user: User,
    guide_id: int,
    felt: str = "",
    saw: str = "",
    touched: str = "",
    my_part: str = "",
    request: str = "",
    done: bool = False,
) -> SideResult:
    """Save your side (a draft, or done). When both sides are done, both show to both."""
    labels = {
        "felt": _("what you felt"),
        "saw": _("how you saw it"),
        "touched": _("what it touched"),
        "my_part": _("your part"),
        "request": _("your request"),
    }
    raw = {"felt": felt, "saw": saw, "touched": touched, "my_part": my_part, "request": request}
    values = {k: clean_text(v, limit=MAX_FIELD, label=labels[k]) for k, v in raw.items()}
    if not any(values.values()):
        raise Invalid(_("Write a few words before saving."), code="side_required")
    if done and not (values["felt"] and values["saw"]):
        raise Invalid(
            _("Before sharing, write at least what you felt and how you saw it."),
            code="side_incomplete",
        )
    with transaction.atomic():
        guide = _guide_of_current_couple(user=user, guide_id=guide_id, lock=True)
        if guide.revealed_at is not None:
            raise Conflict(
                _("Both sides are already shown, so yours can't change now."),
                code="already_revealed",
            )
        now = timezone.now()
        existing = Side.objects.filter(guide=guide, user=user).first()
        was_done = existing is not None and existing.done_at is not None
        side = existing or Side(guide=guide, couple_id=guide.couple_id, user=user, created_at=now)
        for key, value in values.items():
            setattr(side, key, value)
        side.done_at = (side.done_at or now) if done else None
        side.updated_at = now
        side.save()
        revealed_now = False
        members = members_of(guide.couple)
        member_ids = [m.pk for m in members]
        finished = Side.objects.filter(
            guide=guide, user_id__in=member_ids, done_at__isnull=False
        ).count()
        if len(member_ids) == 2 and finished == 2:
            guide.revealed_at = now
            guide.save(update_fields=["revealed_at"])
            revealed_now = True
        if done and not was_done:
            activity_record(
                user=user, couple=guide.couple, practice=PRACTICE, kind="guide_side_done"
            )
            # Finishing first makes the partner's side the part that is next; finishing
            # second shows both, waiting to be seen by the one who finished first.
            waiting.invite(
                actor=user,
                couple=guide.couple,
                kind="reveal_ready" if revealed_now else "guide_turn",
                ref=guide_ref(guide.pk),
                url=f"/communication/after/{guide.pk}/",
                partner=next((m for m in members if m.pk != user.pk), None),
            )
    return SideResult(side=side, revealed_now=revealed_now)


def observer_save(*, user: User, guide_id: int, text: str, shared: bool = False) -> ObserverNote:
    """The disagreement as a caring onlooker would tell it. Private unless shared."""
    text = clean_text(text, limit=MAX_OBSERVER, label=_("your reflection"))
    if not text:
        raise Invalid(_("Write a few words before saving."), code="reflection_required")
    guide = _guide_of_current_couple(user=user, guide_id=guide_id)
    now = timezone.now()
    note, created = ObserverNote.objects.update_or_create(
        guide=guide,
        user=user,
        defaults={"text": text, "shared": shared, "updated_at": now},
        create_defaults={
            "text": text,
            "shared": shared,
            "couple_id": guide.couple_id,
            "created_at": now,
            "updated_at": now,
        },
    )
    if created:
        activity_record(user=user, couple=guide.couple, practice=PRACTICE, kind="observer_written")
    return note


def observer_share(*, user: User, guide_id: int, shared: bool) -> ObserverNote:
    """Show your reflection to your partner, or make it private again."""
    guide = _guide_of_current_couple(user=user, guide_id=guide_id)
    note = ObserverNote.objects.filter(guide=guide, user=user).first()
    if note is None:
        raise NotFound(_("You haven't written a reflection for this guide yet."))
    note.shared = shared
    note.save(update_fields=["shared"])
    return note
