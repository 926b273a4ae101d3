"""Listening turns: one speaks, the other reflects back, the speaker confirms or clarifies,
then they swap. Each move locks the session's row, so two taps at once cannot both land.

Apart (each on their own device) only the person whose move it is may act. Together (one
shared device) either member's login may act, and the words are the speaker's or the
listener's, as the step says.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.conversations.models import ListeningSession, Mode, Step, Turn, TurnKind
from closeknit.conversations.services.common import PRACTICE, clean_text, couple_of_two
from closeknit.couples.services import couple_for
from closeknit.lib.errors import Conflict, Invalid, NotFound
from closeknit.nudges import waiting

MAX_PART = 300  # each part of an "I feel ... when ... and I need ..." statement
MAX_TEXT = 2000  # a statement in your own words, a reflection, a clarification
MAX_TURNS = 200


def listening_ref(session_id: int) -> str:
    """The place a listening session's waiting items point at (closeknit.nudges.waiting)."""
    return f"listening:{session_id}"


def _pass_turn(session: ListeningSession, *, user: User) -> None:
    """Apart, every move hands the next one to the other person: it waits for them (and
    the mover's own turn there closes). Together, both are at the one device."""
    if session.mode != Mode.APART:
        return
    waiting.invite(
        actor=user,
        couple=session.couple,
        kind="listening_turn",
        ref=listening_ref(session.pk),
        url=f"/communication/listening/{session.pk}/",
    )


def session_start(*, user: User, mode: str, first_speaker: str = "me") -> ListeningSession:
    """Begin a session for the couple. `first_speaker` is "me" or "partner"."""
    if mode not in Mode.values:
        raise Invalid(_("Choose together on one device, or apart on your own devices."))
    if first_speaker not in ("me", "partner"):
        raise Invalid(_("Choose who speaks first: you or your partner."))
    couple, members = couple_of_two(user)
    partner = next(m for m in members if m.pk != user.pk)
    speaker, listener = (user, partner) if first_speaker == "me" else (partner, user)
    with transaction.atomic():
        session = ListeningSession.objects.create(
            couple=couple, mode=mode, started_by=user, speaker=speaker, listener=listener
        )
        activity_record(user=user, couple=couple, practice=PRACTICE, kind="listening_started")
        if speaker.pk != user.pk:  # they asked their partner to speak first
            _pass_turn(session, user=user)
    return session


def _locked(*, user: User, session_id: int) -> ListeningSession:
    """An open session of the person's current couple, locked for this transaction."""
    couple = couple_for(user)
    session = (
        ListeningSession.objects.select_for_update().filter(pk=session_id, couple=couple).first()
        if couple is not None
        else None
    )
    if session is None:
        raise NotFound(_("There is no such listening session in your space."))
    if not session.is_open:
        raise Conflict(_("This session has ended. You can start a new one any time."), code="ended")
    return session


def _check_move(session: ListeningSession, *, user: User, step: str) -> None:
    if session.mode == Mode.APART and session.actor_id() != user.pk:
        raise Conflict(
            _("It's your partner's turn right now. This page updates when it's yours."),
            code="not_your_turn",
        )
    if session.step != step:
        raise Conflict(
            _("That step has already moved on. Here is where you both are now."),
            code="wrong_step",
        )
    if session.turns.count() >= MAX_TURNS:
        raise Conflict(
            _("This session is full. End it and start a fresh one whenever you like."),
            code="session_full",
        )


def _advance(session: ListeningSession, *, step: str, swap: bool = False) -> None:
    session.step = step
    if swap:
        session.speaker_id, session.listener_id = session.listener_id, session.speaker_id
        session.round += 1
    session.version += 1
    session.updated_at = timezone.now()
    session.save(update_fields=["step", "speaker", "listener", "round", "version", "updated_at"])


def _author(author_id: int | None) -> int:
    if author_id is None:  # the other account was deleted mid-session
        raise Conflict(_("This session can't go on. Start a new one any time."), code="ended")
    return author_id


def _record(session: ListeningSession, author_id: int) -> None:
    author = User.objects.get(pk=author_id)
    activity_record(user=author, couple=session.couple, practice=PRACTICE, kind="listening_turn")


def compose_statement(*, feeling: str, situation: str, need: str) -> str:
    """The fill-in parts as one sentence, for showing and for the listener to hear."""
    if feeling:
        sentence = _("I feel %(feeling)s") % {"feeling": feeling}
        if situation:
            sentence += " " + _("when %(situation)s") % {"situation": situation}
        if need:
            sentence += " " + _("and I need %(need)s") % {"need": need}
    elif situation and need:
        sentence = _("When %(situation)s, I need %(need)s") % {"situation": situation, "need": need}
    elif need:
        sentence = _("I need %(need)s") % {"need": need}
    elif situation:
        sentence = _("When %(situation)s") % {"situation": situation}
    else:
        return ""
    return sentence if sentence[-1] in ".!?" else f"{sentence}."


def statement_add(
    *,
    user: User,
    session_id: int,
    feeling: str = "",
    situation: str = "",
    need: str = "",
    text: str = "",
) -> ListeningSession:
    """The speaker says one thing: the fill-in sentence, their own words, or both."""
    feeling = clean_text(feeling, limit=MAX_PART, label=_("the feeling"))
    situation = clean_text(situation, limit=MAX_PART, label=_("the 'when'"))
    need = clean_text(need, limit=MAX_PART, label=_("the need"))
    text = clean_text(text, limit=MAX_TEXT, label=_("what you say"))
    if not (feeling or text):
        raise Invalid(
            _("Name the feeling, or say it in your own words, before passing the turn."),
            code="statement_required",
        )
    with transaction.atomic():
        session = _locked(user=user, session_id=session_id)
        _check_move(session, user=user, step=Step.SPEAK)
        author_id = _author(session.speaker_id)
        Turn.objects.create(
            session=session,
            couple_id=session.couple_id,
            user_id=author_id,
            round=session.round,
            kind=TurnKind.STATEMENT,
            feeling=feeling,
            situation=situation,
            need=need,
            text=text,
        )
        _advance(session, step=Step.REFLECT)
        _record(session, author_id)
        _pass_turn(session, user=user)
    return session


def reflection_add(*, user: User, session_id: int, text: str) -> ListeningSession:
    """The listener says back what they heard, in their own words."""
    text = clean_text(text, limit=MAX_TEXT, label=_("what you heard"))
    if not text:
        raise Invalid(
            _("Say back what you heard, in your own words, before passing the turn."),
            code="reflection_required",
        )
    with transaction.atomic():
        session = _locked(user=user, session_id=session_id)
        _check_move(session, user=user, step=Step.REFLECT)
        author_id = _author(session.listener_id)
        Turn.objects.create(
            session=session,
            couple_id=session.couple_id,
            user_id=author_id,
            round=session.round,
            kind=TurnKind.REFLECTION,
            text=text,
        )
        _advance(session, step=Step.CONFIRM)
        _record(session, author_id)
        _pass_turn(session, user=user)
    return session


def confirmation_add(
    *, user: User, session_id: int, heard: bool, text: str = ""
) -> ListeningSession:
    """'Yes, that's it' swaps the roles; a clarification sends the listener back to
    reflect again."""
    text = clean_text(text, limit=MAX_TEXT, label=_("your clarification"))
    if not heard and not text:
        raise Invalid(
            _("Say what was missing or different, so your partner can try again."),
            code="clarification_required",
        )
    with transaction.atomic():
        session = _locked(user=user, session_id=session_id)
        _check_move(session, user=user, step=Step.CONFIRM)
        author_id = _author(session.speaker_id)
        Turn.objects.create(
            session=session,
            couple_id=session.couple_id,
            user_id=author_id,
            round=session.round,
            kind=TurnKind.CONFIRMED if heard else TurnKind.CLARIFY,
            text="" if heard else text,
        )
        if heard:
            _advance(session, step=Step.SPEAK, swap=True)
        else:
            _advance(session, step=Step.REFLECT)
        # Either way the next move is the other's: speak after the swap, or reflect again.
        _pass_turn(session, user=user)
    return session


def session_end(*, user: User, session_id: int) -> ListeningSession:
    """Either partner may end it at any moment. 'Not now' is always fine."""
    with transaction.atomic():
        session = _locked(user=user, session_id=session_id)
        now = timezone.now()
        session.ended_at = now
        session.ended_by = user
        session.version += 1
        session.updated_at = now
        session.save(update_fields=["ended_at", "ended_by", "version", "updated_at"])
        waiting.withdraw(ref=listening_ref(session.pk), couple=session.couple)
    return session
