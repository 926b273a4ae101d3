"""The things Closeknit may tell a person about, and how by default.

Titles appear inside the app. Emails say only "You have something new in Closeknit"
unless the person opts in to richer text (then the subject is the title). Pushes say only
"Something new in Closeknit" unless the person opts in to richer push text.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    key: str
    title: str | Promise
    app: bool  # on by default in the app
    email: bool  # on by default by email
    practice: str | None = None  # a hidden practice never nags
    # Pushed to the person's devices by default (those where they turned push on): what
    # the partner did, yes; the daily question, the weekly plan and check-ins, no.
    push: bool = field(default=False, kw_only=True)


EVENTS: dict[str, Event] = {
    e.key: e
    for e in (
        Event("question_ready", _("Today's question is ready"), app=True, email=False),
        Event("partner_answered", _("Your partner answered: answer to see both"), True, False,
              push=True),
        Event("reveal_ready", _("Both answers are ready to see"), app=True, email=False,
              push=True),
        Event("replies", _("Replies and reactions"), app=True, email=False, push=True),
        # The inviter's email for this goes out on its own (closeknit.couples.tasks).
        Event("partner_joined", _("Your partner joined your space"), app=True, email=False,
              push=True),
        Event("your_turn", _("Your turn in something you do together"), True, False,
              push=True),
        Event("checkin_due", _("A check-in is ready when you are"), app=True, email=True),
        Event("checkin_revealed", _("Your check-ins are ready to see together"), True, False,
              push=True),
        Event("date_upcoming", _("A date is coming up"), True, True, practice="quality_time",
              push=True),
        Event("date_changes", _("Dates planned, moved or called off"), True, False,
              practice="quality_time", push=True),
        Event("support_signal", _("Your partner could use some support"), True, True, "support",
              push=True),
        Event("good_news", _("Good news from your partner"), True, False, practice="support",
              push=True),
        Event("appreciation", _("A note from your partner"), app=True, email=False,
              practice="appreciation", push=True),
        Event("shared_words", _("Journal entries shared with you"), True, False,
              practice="trust", push=True),
        Event("milestone", _("Goal cheers and milestones"), True, False, practice="goals",
              push=True),
        # The evening before a day the couple marked (closeknit.occasions.reminders).
        Event("occasion_tomorrow", _("Tomorrow is one of the days you marked"), app=True,
              email=False, push=True),
        Event("weekly_plan", _("This week's plan is ready"), app=True, email=True),
        Event("way_back", _("A way back in, after a quiet while"), app=True, email=True,
              push=True),
    )
}  # fmt: skip

GENERIC_SUBJECT = _("You have something new in Closeknit")
