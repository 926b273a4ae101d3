"""Writes for the trust toolkit: closeness sessions taken in turn, and the journal.

Closeness sessions are a sensitive tool: their web views and API endpoints pass the
safety gate (closeknit.safety.guard) before calling anything here.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_for, members_of
from closeknit.lib.errors import Conflict, Invalid, NotFound
from closeknit.trust.models import ClosenessSession, JournalEntry, Mode, Status, Turn
from closeknit.trust.questions import TOTAL

PRACTICE = "trust"
MAX_ANSWER = 2000
MAX_ENTRY = 10000


# Closeness sessions


def turn_holder(session: ClosenessSession, answered: set[int]) -> int | None:
    """Whose turn it is at the session's open question: first and second swap who
    starts on every question, and each answers once."""
    order = (session.first_id, session.second_id)
    if session.position % 2:
        order = (session.second_id, session.first_id)
    return next((uid for uid in order if uid is not None and uid not in answered), None)


def session_start(*, user: User, mode: str) -> ClosenessSession:
    if mode not in Mode.values:
        raise Invalid(_("Choose together on one device, or apart."), code="invalid_mode")
    couple = couple_for(user)
    members = members_of(couple) if couple is not None else []
    partner = next((m for m in members if m.pk != user.pk), None)
    if couple is None or partner is None:
        raise Conflict(
            _("Closeness sessions are for two. Invite your partner first."), code="no_partner"
        )
    if ClosenessSession.objects.filter(couple=couple).exclude(status=Status.FINISHED).exists():
        raise Conflict(
            _("You already have a session open. Carry on with it, or end it first."),
            code="session_open",
        )
    try:
        with transaction.atomic():
            session = ClosenessSession.objects.create(
                couple=couple, first=user, second=partner, mode=mode
            )
    except IntegrityError:
        raise Conflict(
            _("Your partner has just started a session. Open it to join in."),
            code="session_open",
        ) from None
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="closeness_started")
    return session


def _open_session(*, user: User, session_id: int) -> tuple[Couple, ClosenessSession]:
    """A session of the person's current couple, locked for the transaction."""
    couple = couple_for(user)
    session = (
        ClosenessSession.objects.select_for_update().filter(pk=session_id, couple=couple).first()
        if couple is not None
        else None
    )
    if couple is None or session is None:
        raise NotFound(_("There is no such session in your space."))
    if session.status == Status.FINISHED:
        raise Conflict(_("This session has ended."), code="session_finished")
    return couple, session


def session_turn(
    *, user: User, session_id: int, position: int, text: str = "", skip: bool = False
) -> Turn:
    """Answer (or pass on) the open question. Apart, only the person whose turn it is may
    act; together on one device, the device holder acts for whoever's turn it is."""
    text = (text or "").strip()
    with transaction.atomic():
        couple, session = _open_session(user=user, session_id=session_id)
        if session.status == Status.PAUSED:
            raise Conflict(_("This session is paused. Resume it to carry on."), code="paused")
        if position != session.position:
            raise Conflict(
                _("That question has already moved on. Here is where you are now."),
                code="moved_on",
            )
        answered = set(
            Turn.objects.filter(session=session, position=position).values_list(
                "user_id", flat=True
            )
        )
        holder = turn_holder(session, answered)
        if holder is None:  # a partner whose account is gone: nothing more can happen
            raise Conflict(_("This session can't continue."), code="session_stuck")
        if session.mode == Mode.APART and holder != user.pk:
            raise Conflict(
                _("It's your partner's turn. You'll see both answers once they've answered."),
                code="not_your_turn",
            )
        if skip:
            text = ""
        elif session.mode == Mode.APART and not text:
            raise Invalid(
                _('Write your answer, or choose "Not ready for this one".'),
                code="answer_required",
            )
        elif session.mode == Mode.TOGETHER and text:
            raise Invalid(
                _("Together, you answer out loud: there is nothing to type."), code="say_it_aloud"
            )
        if len(text) > MAX_ANSWER:
            raise Invalid(
                _("Keep your answer under %(n)d characters.") % {"n": MAX_ANSWER}, code="too_long"
            )
        first_turn = not Turn.objects.filter(session=session, user_id=holder).exists()
        turn = Turn.objects.create(
            session=session,
            couple=couple,
            user_id=holder,
            position=position,
            text=text,
            skipped=skip,
        )
        if len(answered) + 1 == 2:
            session.position += 1
            fields = ["position"]
            if session.position >= TOTAL:
                session.status = Status.FINISHED
                session.finished_at = timezone.now()
                fields += ["status", "finished_at"]
            session.save(update_fields=fields)
        if first_turn:
            activity_record(
                user=turn.user, couple=couple, practice=PRACTICE, kind="closeness_session"
            )
    return turn


def session_pause(*, user: User, session_id: int, paused: bool) -> ClosenessSession:
    with transaction.atomic():
        _couple, session = _open_session(user=user, session_id=session_id)
        session.status = Status.PAUSED if paused else Status.ACTIVE
        session.save(update_fields=["status"])
    return session


def session_end(*, user: User, session_id: int) -> ClosenessSession:
    """Stop here. Everything answered so far stays; a new session can start."""
    with transaction.atomic():
        _couple, session = _open_session(user=user, session_id=session_id)
        session.status = Status.FINISHED
        session.finished_at = timezone.now()
        session.save(update_fields=["status", "finished_at"])
    return session


# The journal


def _clean_entry(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write something before saving."), code="text_required")
    if len(text) > MAX_ENTRY:
        raise Invalid(
            _("Keep an entry under %(n)d characters.") % {"n": MAX_ENTRY}, code="too_long"
        )
    return text


def _own_entry(*, user: User, entry_id: int) -> JournalEntry:
    entry = JournalEntry.objects.filter(pk=entry_id, user=user).first()
    if entry is None:
        raise NotFound(_("There is no such entry in your journal."))
    return entry


def entry_create(*, user: User, text: str) -> JournalEntry:
    entry = JournalEntry.objects.create(user=user, text=_clean_entry(text))
    activity_record(user=user, couple=couple_for(user), practice=PRACTICE, kind="journal_written")
    return entry


def entry_update(*, user: User, entry_id: int, text: str) -> JournalEntry:
    entry = _own_entry(user=user, entry_id=entry_id)
    entry.text = _clean_entry(text)
    entry.updated_at = timezone.now()
    entry.save(update_fields=["text", "updated_at"])
    return entry


def entry_delete(*, user: User, entry_id: int) -> None:
    _own_entry(user=user, entry_id=entry_id).delete()


def entry_share(*, user: User, entry_id: int, shared: bool) -> JournalEntry:
    """Share an entry with the current partner, or take it back (they then can't open it)."""
    entry = _own_entry(user=user, entry_id=entry_id)
    if shared:
        couple = couple_for(user)
        if couple is None or len(members_of(couple)) < 2:
            raise Conflict(
                _("You can share entries once your partner has joined you."), code="no_partner"
            )
        entry.shared_with = couple
        entry.shared_at = timezone.now()
        activity_record(user=user, couple=couple, practice=PRACTICE, kind="journal_shared")
    else:
        entry.shared_with = None
        entry.shared_at = None
    entry.save(update_fields=["shared_with", "shared_at"])
    return entry
