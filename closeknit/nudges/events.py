"""The things Closeknit may tell a person about, and how by default.

Titles appear inside the app. Emails say only "You have something new in Closeknit"
unless the person opts in to richer text (then the subject is the title).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    key: str
    title: str | Promise
    app: bool  # on by default in the app
    email: bool  # on by default by email
    practice: str | None = None  # a hidden practice never nags


EVENTS: dict[str, Event] = {
    e.key: e
    for e in (
        Event("question_ready", _("Today's question is ready"), app=True, email=False),
        Event("partner_answered", _("Your partner answered: answer to see both"), True, False),
        Event("checkin_due", _("A check-in is ready when you are"), app=True, email=True),
        Event("date_upcoming", _("A date is coming up"), True, True, practice="quality_time"),
        Event("support_signal", _("Your partner could use some support"), True, True, "support"),
        Event("appreciation", _("Something kind arrived"), app=True, email=False,
              practice="appreciation"),
        Event("milestone", _("A milestone was reached"), True, False, practice="goals"),
        Event("weekly_plan", _("This week's plan is ready"), app=True, email=True),
    )
}  # fmt: skip

GENERIC_SUBJECT = _("You have something new in Closeknit")
