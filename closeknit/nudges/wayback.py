"""A way back in: when one partner has gone quiet while the other keeps going.

The rule: a person is *quiet* when they have not opened Closeknit for
`CLOSEKNIT_QUIET_DAYS` days (their `last_opened_on`, a date in their own time zone,
closeknit.accounts.opened). When the partner is quiet and the person is not, home offers
things that work alone and one button: send a way back in. The partner then gets one
gentle notification (event "way_back", which they can turn off) with a link to a single
light question from the library, answered in one step, even from a phone signed out.

What keeps it free of pressure:
- at most one a week per person, however often anyone presses anything;
- nobody is told when anyone was last here, for how long they were away, or what they
  missed: the card and the notification carry no dates and no counts;
- the sender sees exactly the same thing whether or not the partner turned these off
  (what they chose is theirs), and never learns whether it was opened or answered;
- the answer goes to the partner's own private journal, to share later only if they like.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from closeknit.accounts.models import User
from closeknit.accounts.opened import local_today
from closeknit.couples.services import couple_with_members
from closeknit.lib.errors import Conflict, Gone, Invalid, NotFound
from closeknit.nudges.models import WayBack
from closeknit.nudges.services import notify
from closeknit.prompts.models import Depth, Kind, Prompt
from closeknit.trust.models import JournalEntry
from closeknit.trust.services import entry_create

EVERY = timedelta(days=7)  # at most one way back in per person in this time
LINK_SALT = "closeknit.nudges.way_back"
TOKEN_MAX_AGE = 60 * 60 * 24 * 14  # a link in a notification keeps working two weeks
# Never offered as a first step back: a light question about intimacy is still not light.
SKIPPED_PRACTICES = ("intimacy",)
# When the library holds no light open question (not loaded yet): still one to answer.
FALLBACK_QUESTION = gettext_lazy("What's one small thing that made you smile lately?")
MAX_ANSWER = 2000


def is_quiet(*, person: User, now: datetime | None = None) -> bool:
    """Has `person` not opened Closeknit for the quiet while? An unknown date (never
    recorded) is not quiet: nothing is offered on a guess."""
    if person.last_opened_on is None:
        return False
    today = local_today(tz=person.timezone, now=now)
    return person.last_opened_on <= today - timedelta(days=settings.CLOSEKNIT_QUIET_DAYS)


def _recently_sent(*, recipient: User, now: datetime) -> bool:
    return WayBack.objects.filter(recipient=recipient, created_at__gt=now - EVERY).exists()


@dataclass(frozen=True)
class Offer:
    """What home shows about a quiet partner: the card, and whether its button is gone
    for the week because one was sent. Nothing about when they were last here."""

    partner: User
    sent: bool


def offer_for(*, user: User, partner: User | None, now: datetime | None = None) -> Offer | None:
    """The card for `user` on home, or None. Costs no query unless the partner is quiet
    (both people come with the page already)."""
    now = now or timezone.now()
    if partner is None or is_quiet(person=user, now=now) or not is_quiet(person=partner, now=now):
        return None
    return Offer(partner=partner, sent=_recently_sent(recipient=partner, now=now))


def _light_question_id(*, seed: int, hidden: list[str]) -> str:
    """A light, open question from the library, the same for the same seed."""
    ids = sorted(
        Prompt.objects.filter(retired=False, depth=Depth.LIGHT, kind=Kind.OPEN)
        .exclude(practice__in=[*hidden, *SKIPPED_PRACTICES])
        .values_list("id", flat=True)
    )
    return random.Random(seed).choice(ids) if ids else ""


def make_token(*, way_back: WayBack, prompt_id: str) -> str:
    return signing.dumps({"w": way_back.pk, "u": way_back.recipient_id, "p": prompt_id},
                         salt=LINK_SALT)  # fmt: skip


def way_back_send(*, user: User, now: datetime | None = None) -> WayBack:
    """`user` sends their quiet partner a way back in. Refused when there is no partner,
    when the partner is not quiet (or `user` is quiet too), and when one went out to
    the partner in the last week. The notification follows the partner's own settings;
    whether it went out is not told to anyone."""
    now = now or timezone.now()
    couple, members = couple_with_members(user)
    partner = next((m for m in members if m.pk != user.pk), None)
    if couple is None or partner is None:
        raise Conflict(
            _("A way back in is for a partner who shares your space. Invite yours whenever "
              "you like."),
            code="no_partner",
        )  # fmt: skip
    if is_quiet(person=user, now=now) or not is_quiet(person=partner, now=now):
        raise Conflict(
            _("There's nothing to send just now. The things you share are all there."),
            code="not_needed",
        )
    with transaction.atomic():
        # One at a time per partner: a second press (or a second device) waits here,
        # then finds the first one sent.
        User.objects.select_for_update().filter(pk=partner.pk).first()
        if _recently_sent(recipient=partner, now=now):
            raise Conflict(
                _("You've already sent a way back in. One is enough for now; you can send "
                  "another next week."),
                code="already_sent",
            )  # fmt: skip
        way_back = WayBack.objects.create(
            couple=couple, sender=user, recipient=partner, created_at=now
        )
        prompt_id = _light_question_id(seed=way_back.pk, hidden=partner.hidden_practices)
        token = make_token(way_back=way_back, prompt_id=prompt_id)
        year, week, _day = now.isocalendar()
        # Off in their settings, or their daily cap reached: nothing goes out, and
        # nothing here says so.
        notify(user=partner, event="way_back", url=f"/back/{token}/",
               dedupe_key=f"way_back:{year}-{week:02d}", now=now)  # fmt: skip
    return way_back


@dataclass(frozen=True)
class Invitation:
    """What a way-back link holds: whose it is and its one question."""

    recipient_id: int
    question: str


def invitation_read(token: str) -> Invitation:
    """Raises Gone for a link past its two weeks, Invalid for anything else that isn't
    a link Closeknit made."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=TOKEN_MAX_AGE)
        recipient_id, prompt_id = int(data["u"]), str(data["p"])
    except signing.SignatureExpired:
        raise Gone(_("This link has had its time. Closeknit is still there whenever you "
                     "like."), code="link_expired") from None  # fmt: skip
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Invalid(_("This link isn't one we recognise. Check it was copied whole."),
                      code="bad_link") from None  # fmt: skip
    text = Prompt.objects.filter(pk=prompt_id).values_list("text", flat=True).first()
    return Invitation(recipient_id=recipient_id, question=text or str(FALLBACK_QUESTION))


def invitation_for(*, user: User, token: str) -> Invitation:
    """The invitation, only for the person it was sent to; anyone else learns nothing
    (not even that it exists)."""
    invitation = invitation_read(token)
    if invitation.recipient_id != user.pk:
        raise NotFound(_("There's nothing here for you."))
    return invitation


def way_back_save(*, user: User, token: str, text: str) -> JournalEntry:
    """Keep `user`'s answer to their light question in their own private journal, with
    the question above it: theirs alone until they choose to share it."""
    invitation = invitation_for(user=user, token=token)
    words = (text or "").strip()
    if not words:
        raise Invalid(_("Write a few words first, as few as you like."), code="text_required")
    if len(words) > MAX_ANSWER:
        raise Invalid(_("Keep it under %(n)d characters.") % {"n": MAX_ANSWER}, code="too_long")
    return entry_create(user=user, text=f"{invitation.question}\n\n{words}")
