"""Adding and removing the days a couple marks, and what the rest of Closeknit asks of
them: which couples have one today, who to remind tomorrow."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.couples.models import Couple, Membership
from closeknit.couples.services import couple_for, partner_of
from closeknit.lib.errors import Conflict, Invalid, NotFound
from closeknit.occasions import yearly
from closeknit.occasions.models import Occasion, OccasionKind

NAME_MAX = 80
MAX_PER_COUPLE = 40


@dataclass(frozen=True)
class OccasionInput:
    kind: str
    name: str
    month: int
    day: int
    person_id: int | None = None  # whose birthday


def _couple(user: User) -> Couple:
    couple = couple_for(user)
    if couple is None:
        raise Conflict(
            _("Days you mark belong to a shared space. Start one, and you can add them."),
            code="no_couple",
        )
    return couple


def occasions_for(*, user: User) -> list[Occasion]:
    """The current space's days, in calendar order (none for someone alone)."""
    couple = couple_for(user)
    if couple is None:
        return []
    return list(Occasion.objects.filter(couple=couple).select_related("person"))


def occasion_add(*, user: User, data: OccasionInput) -> Occasion:
    couple = _couple(user)
    name = (data.name or "").strip()
    if not name:
        raise Invalid(_("Give the day a name, in your own words."), code="name_required")
    if len(name) > NAME_MAX:
        raise Invalid(
            _("Keep the name under %(n)d characters.") % {"n": NAME_MAX + 1}, code="too_long"
        )
    if data.kind not in OccasionKind.values:
        raise Invalid(
            _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(OccasionKind.values)},
            code="invalid_kind",
        )
    if not yearly.is_valid(month=data.month, day=data.day):
        raise Invalid(
            _("That day isn't in the calendar. Pick a month from 1 to 12 and a day in it."),
            code="invalid_day",
        )
    person = None
    if data.person_id is not None:
        if data.kind != OccasionKind.BIRTHDAY:
            raise Invalid(_("Only a birthday names whose it is."), code="person_not_needed")
        member = (
            Membership.objects.current()
            .filter(couple=couple, user_id=data.person_id)
            .select_related("user")
            .first()
        )
        if member is None:
            raise Invalid(
                _("A birthday here is one of yours or your partner's."), code="bad_person"
            )
        person = member.user
    if Occasion.objects.filter(couple=couple).count() >= MAX_PER_COUPLE:
        raise Conflict(
            _("You have %(n)d days marked already; remove one to add another.")
            % {"n": MAX_PER_COUPLE},
            code="too_many",
        )
    return Occasion.objects.create(
        couple=couple,
        kind=data.kind,
        name=name,
        month=data.month,
        day=data.day,
        person=person,
        created_by=user,
    )


def birthday_person_id(*, user: User, who: str | None) -> int | None:
    """Whose birthday, from the words a form or the API uses: "me", "partner" or none."""
    if who in (None, ""):
        return None
    if who == "me":
        return user.pk
    if who == "partner":
        couple = couple_for(user)
        partner = partner_of(user=user, couple=couple) if couple is not None else None
        if partner is None:
            raise Invalid(
                _("Your partner hasn't joined yet; add their birthday once they have."),
                code="no_partner",
            )
        return partner.pk
    raise Invalid(_('Say whose birthday it is with "me" or "partner".'), code="bad_person")


def occasion_delete(*, user: User, occasion_id: int) -> None:
    """Either partner may remove a day; it is gone for both."""
    couple = couple_for(user)
    deleted = 0
    if couple is not None:
        deleted, _n = Occasion.objects.filter(pk=occasion_id, couple=couple).delete()
    if not deleted:
        raise NotFound(_("There is no such day in your space."))


def on_day_filter(days: set[date]) -> Q:
    """Occasions observed on any of `days` (a yearly match; 29 February in short years
    on the 28th)."""
    q = Q(pk__in=[])
    for key in {k for d in days for k in yearly.keys_for(d)}:
        q |= Q(month=key[0], day=key[1])
    return q


def couples_with_occasion(*, days: dict[int, date]) -> set[int]:
    """Of these couples (id -> their current day), those with a day they marked on it.
    One query, served by the (month, day) index."""
    if not days:
        return set()
    found = set()
    for couple_id, month, day in Occasion.objects.filter(
        on_day_filter(set(days.values())), couple_id__in=list(days)
    ).values_list("couple_id", "month", "day"):
        if yearly.falls_on(month=month, day=day, on=days[couple_id]):
            found.add(couple_id)
    return found


def occasions_on(*, couple_id: int, day: date) -> list[Occasion]:
    return [
        o
        for o in Occasion.objects.filter(on_day_filter({day}), couple_id=couple_id)
        if yearly.falls_on(month=o.month, day=o.day, on=day)
    ]
