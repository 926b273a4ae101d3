from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_for, members_of
from closeknit.lib.errors import Conflict, Invalid

PRACTICE = "communication"


def couple_of_two(user: User) -> tuple[Couple, list[User]]:
    """The person's current couple with both members, or a clear 409."""
    couple = couple_for(user)
    members = members_of(couple) if couple is not None else []
    if couple is None or len(members) != 2:
        raise Conflict(_("This works once your partner has joined your space."), code="no_partner")
    return couple, members


def clean_text(value: str, *, limit: int, label: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise Invalid(
            _("Keep %(label)s under %(n)d characters.") % {"label": label, "n": limit},
            code="too_long",
        )
    return value
