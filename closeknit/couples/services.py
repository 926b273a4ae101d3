"""Couple spaces: creating one, inviting the partner, joining, leaving.

The rule for leaving is written in docs/couples.md: leaving is immediate and silent, it
ends the space for both, and the leaver decides whether their entries stay in the shared
history.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.core.pagecache import refresh_people
from closeknit.couples import tasks
from closeknit.couples.models import (
    Couple,
    Invitation,
    Membership,
    format_code,
    hash_secret,
    normalize_code,
)
from closeknit.lib import lifecycle
from closeknit.lib.errors import Conflict, Gone, Invalid, NotFound

MAX_MEMBERS = 2


def couple_for(user: User) -> Couple | None:
    """The person's current couple space, or None when they use Closeknit alone."""
    membership = (
        Membership.objects.current()
        .filter(user=user, couple__ended_at__isnull=True)
        .select_related("couple")
        .first()
    )
    return membership.couple if membership else None


def couple_with_members(user: User) -> tuple[Couple | None, list[User]]:
    """The person's current couple and its current members (the person first joined
    first), in one query: almost every page needs both, so it is one round trip."""
    mine = (
        Membership.objects.current()
        .filter(user=user, couple__ended_at__isnull=True)
        .values("couple_id")[:1]
    )
    rows = list(
        Membership.objects.current()
        .filter(couple_id__in=mine)
        .select_related("couple", "user")
        .order_by("joined_at", "pk")
    )
    if not rows:
        return None, []
    # The caller's own User object stands in for the copy just read, so changes made to
    # it during the request are what the page sees.
    return rows[0].couple, [user if m.user_id == user.pk else m.user for m in rows]


def members_of(couple: Couple) -> list[User]:
    return [
        m.user
        for m in couple.memberships.current().select_related("user").order_by("joined_at", "pk")
    ]


def partner_of(*, user: User, couple: Couple) -> User | None:
    return next((m for m in members_of(couple) if m.pk != user.pk), None)


def couple_create(*, user: User) -> Couple:
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if couple_for(user) is not None:
            raise Conflict(
                _("You already share a space with someone. Leave it first to start a new one."),
                code="already_in_couple",
            )
        couple = Couple.objects.create(
            created_by=user, home_timezone=user.timezone, day_starts_at=user.day_starts_at
        )
        Membership.objects.create(couple=couple, user=user)
    return couple


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str
    code: str

    @property
    def display_code(self) -> str:
        return format_code(self.code)


def invitation_create(*, user: User) -> NewInvitation:
    """A fresh invitation for the person's couple; earlier pending ones stop working."""
    couple = couple_for(user)
    if couple is None:
        raise Conflict(
            _("Create your shared space first, then invite your partner."), code="no_couple"
        )
    with transaction.atomic():
        Couple.objects.select_for_update().filter(pk=couple.pk).first()
        if couple.memberships.current().count() >= MAX_MEMBERS:
            raise Conflict(_("Your space already has two people in it."), code="couple_full")
        now = timezone.now()
        couple.invitations.pending(now=now).update(revoked_at=now)
        token, code = Invitation.new_secrets()
        invitation = Invitation.objects.create(
            couple=couple,
            created_by=user,
            token_hash=hash_secret(token),
            code_hash=hash_secret(code),
            created_at=now,
            expires_at=now + timedelta(days=settings.CLOSEKNIT_INVITATION_DAYS),
        )
    return NewInvitation(invitation=invitation, token=token, code=code)


def invitation_start(*, user: User) -> NewInvitation:
    """Invite in one tap: the person's space is made first if they have none yet."""
    with transaction.atomic():
        if couple_for(user) is None:
            couple_create(user=user)
        return invitation_create(user=user)


def invitations_for(*, user: User) -> list[Invitation]:
    couple = couple_for(user)
    if couple is None:
        return []
    return list(couple.invitations.all()[:20])


def invitation_revoke(*, user: User, invitation_id: int) -> Invitation:
    couple = couple_for(user)
    invitation = (
        Invitation.objects.filter(pk=invitation_id, couple=couple).first() if couple else None
    )
    if invitation is None:
        raise NotFound(_("There is no such invitation in your space."))
    if invitation.status != "pending":
        raise Conflict(
            _("This invitation is already %(status)s.") % {"status": invitation.status_label()},
            code="invitation_not_pending",
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_lookup(*, token: str = "", code: str = "") -> Invitation | None:
    if token:
        return Invitation.objects.filter(token_hash=hash_secret(token)).first()
    normalized = normalize_code(code)
    if normalized:
        return Invitation.objects.filter(code_hash=hash_secret(normalized)).first()
    return None


def _check_usable(invitation: Invitation) -> None:
    status = invitation.status
    if status == "accepted":
        raise Gone(_("This invitation has already been used."), code="invitation_used")
    if status == "revoked":
        raise Gone(
            _("This invitation was withdrawn. Ask your partner for a new one."),
            code="invitation_revoked",
        )
    if status == "expired":
        raise Gone(
            _("This invitation has expired. Ask your partner for a new one."),
            code="invitation_expired",
        )


def invitation_check(*, token: str = "", code: str = "") -> Invitation:
    """The invitation behind a link or code, if it can still be used (for previews)."""
    invitation = invitation_lookup(token=token, code=code)
    if invitation is None:
        raise NotFound(
            _("That invitation link or code doesn't work. Check it, or ask for a new one."),
            code="invitation_not_found",
        )
    _check_usable(invitation)
    return invitation


def invitation_accept(*, user: User, token: str = "", code: str = "") -> Couple:
    if not token and not normalize_code(code):
        raise Invalid(_("Enter the invitation code your partner gave you."), code="code_required")
    with transaction.atomic():
        found = invitation_check(token=token, code=code)
        # Lock the couple, then re-read the invitation: two people racing for the same
        # code, or a third person arriving, cannot both get in.
        couple = Couple.objects.select_for_update().get(pk=found.couple_id)
        invitation = Invitation.objects.select_for_update().get(pk=found.pk)
        _check_usable(invitation)
        if (
            invitation.created_by_id == user.pk
            or couple.memberships.current().filter(user=user).exists()
        ):
            raise Conflict(
                _("This is your own invitation. Share it with your partner instead."),
                code="own_invitation",
            )
        own = couple_for(user)
        if own is not None and own.memberships.current().count() == 1:
            # A space nobody else has joined yet gives way to the partner's invitation.
            couple_leave(user=user, entries_stay=True)
        elif own is not None:
            raise Conflict(
                _(
                    "You are already in a shared space. Leave it first if you want to "
                    "join this one."
                ),
                code="already_in_couple",
            )
        if not couple.is_active:
            raise Gone(_("This space is no longer open."), code="couple_ended")
        if couple.memberships.current().count() >= MAX_MEMBERS:
            raise Conflict(_("This space already has two people in it."), code="couple_full")
        now = timezone.now()
        Membership.objects.create(couple=couple, user=user, joined_at=now)
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        # Imported here: nudges reads couples' models, and couples is the lower layer.
        from closeknit.nudges import waiting

        waiting.invite(
            actor=user,
            couple=couple,
            kind="partner_joined",
            ref=f"couple:{couple.pk}",
            url="/couple/",
        )
        inviter_id, joiner_id = invitation.created_by_id, user.pk
        transaction.on_commit(
            lambda: tasks.send_partner_joined_email.enqueue(
                inviter_id=inviter_id, joiner_id=joiner_id
            )
        )
    return couple


def couple_leave(*, user: User, entries_stay: bool) -> Couple:
    """Leave at once. No approval, no message to the partner; the space ends for both."""
    with transaction.atomic():
        couple = couple_for(user)
        if couple is None:
            raise NotFound(_("You are not in a shared space."), code="no_couple")
        couple = Couple.objects.select_for_update().get(pk=couple.pk)
        now = timezone.now()
        couple.ended_at = now
        couple.ended_by = user
        couple.save(update_fields=["ended_at", "ended_by"])
        couple.memberships.current().filter(user=user).update(
            left_at=now, entries_stay=entries_stay
        )
        couple.memberships.current().update(left_at=now)
        couple.invitations.pending(now=now).update(revoked_at=now)
        lifecycle.notify_couple_left(user=user, couple=couple, entries_stay=entries_stay)
        # In this transaction: the leaver's account may be deleted next, and with it the
        # membership that tells whose pages to refresh.
        refresh_people(couple.memberships.values_list("user_id", flat=True))
    return couple
