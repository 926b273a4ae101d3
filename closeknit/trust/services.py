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
from closeknit.lib.errors import Conflict, Forbidden, Invalid, NotFound
from closeknit.nudges import waiting
from closeknit.nudges.models import WaitingItem
from closeknit.trust.models import (
    ClosenessSession,
    JournalEntry,
    JournalReaction,
    JournalReply,
    Mode,
    Status,
    Turn,
)
from closeknit.trust.questions import TOTAL

PRACTICE = "trust"
MAX_ANSWER = 2000
MAX_ENTRY = 10000
MAX_REPLY = 500
MAX_REPLIES = 100
# The partner's waiting item for entries shared with them: one place, so several group.
JOURNAL_REF = "journal"
JOURNAL_URL = "/trust/journal/"


def session_ref(session_id: int) -> str:
    """The place a closeness session's waiting items point at (closeknit.nudges.waiting)."""
    return f"closeness:{session_id}"


def entry_ref(entry_id: int) -> str:
    """The place of the replies and reactions under one shared entry."""
    return f"journal:{entry_id}"


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
        if session.mode == Mode.APART:  # together, both are at the one device already
            # Who has answered the open question now (none once it moved on).
            now_answered = answered | {holder} if session.position == position else set()
            _tell_partner(session=session, couple=couple, actor=user, answered=now_answered)
    return turn


def _tell_partner(
    *, session: ClosenessSession, couple: Couple, actor: User, answered: set[int]
) -> None:
    """Apart, after `actor`'s turn: if the next turn is the partner's, it waits for them;
    if this answer ended the session, the last pair of answers waits to be seen by the
    one who answered first. When the next turn is the actor's own (first and second swap
    on every question), their item stays open: it is still their turn."""
    partner_id = session.second_id if session.first_id == actor.pk else session.first_id
    url = f"/trust/sessions/{session.pk}/"
    ref = session_ref(session.pk)
    if session.status == Status.FINISHED:
        if partner_id is not None:
            waiting.invite(actor=actor, couple=couple, kind="reveal_ready", ref=ref, url=url)
        else:
            waiting.done(user=actor, ref=ref)
        return
    holder = turn_holder(session, answered)
    if holder is not None and holder == partner_id:
        waiting.invite(actor=actor, couple=couple, kind="closeness_turn", ref=ref, url=url)


def session_pause(*, user: User, session_id: int, paused: bool) -> ClosenessSession:
    with transaction.atomic():
        _couple, session = _open_session(user=user, session_id=session_id)
        session.status = Status.PAUSED if paused else Status.ACTIVE
        session.save(update_fields=["status"])
    return session


def session_end(*, user: User, session_id: int) -> ClosenessSession:
    """Stop here. Everything answered so far stays; a new session can start."""
    with transaction.atomic():
        couple, session = _open_session(user=user, session_id=session_id)
        session.status = Status.FINISHED
        session.finished_at = timezone.now()
        session.save(update_fields=["status", "finished_at"])
        # Stopped: nothing of it waits for either of them any more.
        waiting.withdraw(ref=session_ref(session.pk), couple=couple)
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
    with transaction.atomic():
        entry = _own_entry(user=user, entry_id=entry_id)
        couple = _shared_couple(entry)
        if couple is not None:  # before the row goes: it counts the entry's siblings
            _withdraw_shared(entry=entry, couple=couple)
        entry.delete()  # its replies and reactions go with it


def _shared_couple(entry: JournalEntry) -> Couple | None:
    return Couple.objects.filter(pk=entry.shared_with_id).first() if entry.shared_with_id else None


def _withdraw_shared(*, entry: JournalEntry, couple: Couple) -> None:
    """An entry is no longer shared: what waits about it goes. The partner's "shared
    with you" item groups every entry shared since it opened, so it goes only when none
    of those is still shared (otherwise it stays for the others)."""
    waiting.withdraw(ref=entry_ref(entry.pk), couple=couple)
    item = (
        WaitingItem.objects.filter(
            couple=couple, actor_id=entry.user_id, kind="journal_shared", ref=JOURNAL_REF,
            closed_at=None,
        )
        .only("created_at")
        .first()
    )  # fmt: skip
    if item is None:
        return
    others = JournalEntry.objects.filter(
        user_id=entry.user_id, shared_with=couple, shared_at__gte=item.created_at
    ).exclude(pk=entry.pk)
    if not others.exists():
        waiting.withdraw(ref=JOURNAL_REF, couple=couple)


def entry_share(*, user: User, entry_id: int, shared: bool) -> JournalEntry:
    """Share an entry with the current partner, or take it back (they then can't open it,
    nor the replies under it)."""
    with transaction.atomic():
        entry = _own_entry(user=user, entry_id=entry_id)
        was = _shared_couple(entry)
        if shared:
            couple = couple_for(user)
            members = members_of(couple) if couple is not None else []
            partner = next((m for m in members if m.pk != user.pk), None)
            if couple is None or partner is None:
                raise Conflict(
                    _("You can share entries once your partner has joined you."),
                    code="no_partner",
                )
            if was is not None and was.pk == couple.pk:
                return entry  # already shared with them: nothing new to tell
            entry.shared_with = couple
            entry.shared_at = timezone.now()
            entry.save(update_fields=["shared_with", "shared_at"])
            activity_record(user=user, couple=couple, practice=PRACTICE, kind="journal_shared")
            waiting.invite(
                actor=user,
                couple=couple,
                kind="journal_shared",
                ref=JOURNAL_REF,
                url=JOURNAL_URL,
                partner=partner,
            )
        else:
            entry.shared_with = None
            entry.shared_at = None
            entry.save(update_fields=["shared_with", "shared_at"])
        if was is not None and entry.shared_with_id != was.pk:
            _withdraw_shared(entry=entry, couple=was)
    return entry


# Answering a shared entry: a reaction from the partner, short replies from either


def _shared_in_current_couple(*, user: User, entry_id: int) -> tuple[JournalEntry, Couple, User]:
    """An entry shared with the person's current couple, with that couple and the other
    person in it. Anything else is simply not there (the partner learns nothing of
    entries not shared with them)."""
    couple = couple_for(user)
    entry = (
        JournalEntry.objects.select_related("user").filter(pk=entry_id, shared_with=couple).first()
        if couple is not None
        else None
    )
    if couple is None or entry is None:
        raise NotFound(_("There is no such journal entry."))
    other = next((m for m in members_of(couple) if m.pk != user.pk), None)
    if other is None:  # a space of one: nobody to answer or be answered
        raise NotFound(_("There is no such journal entry."))
    return entry, couple, other


def entry_reaction_set(*, user: User, entry_id: int, kind: str | None) -> JournalReaction | None:
    """React to an entry your partner shared with you (None takes the reaction back)."""
    if kind is not None and kind not in JournalReaction.KINDS:
        raise Invalid(
            _("Unknown reaction. Choose one of: %(kinds)s.")
            % {"kinds": ", ".join(JournalReaction.KINDS)},
            code="invalid_reaction",
        )
    with transaction.atomic():
        entry, couple, author = _shared_in_current_couple(user=user, entry_id=entry_id)
        if entry.user_id == user.pk:
            raise Forbidden(
                _("Reactions are for entries your partner shares with you."), code="own_entry"
            )
        if kind is None:
            JournalReaction.objects.filter(entry=entry, user=user).delete()
            return None
        reaction, _created = JournalReaction.objects.update_or_create(
            entry=entry, user=user, defaults={"kind": kind, "couple": couple}
        )
        waiting.invite(
            actor=user,
            couple=couple,
            kind="reaction",
            ref=entry_ref(entry.pk),
            url=f"/trust/journal/{entry.pk}/",
            partner=author,
        )
    return reaction


def entry_reply_add(*, user: User, entry_id: int, text: str) -> JournalReply:
    """A short reply under a shared entry, by the partner or by its author; the other
    one is told (never with the words)."""
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write something before sending."), code="reply_required")
    if len(text) > MAX_REPLY:
        raise Invalid(_("Keep replies under %(n)d characters.") % {"n": MAX_REPLY}, code="too_long")
    with transaction.atomic():
        entry, couple, other = _shared_in_current_couple(user=user, entry_id=entry_id)
        if JournalReply.objects.filter(entry=entry, couple=couple).count() >= MAX_REPLIES:
            raise Conflict(_("This thread is full."), code="thread_full")
        reply = JournalReply.objects.create(entry=entry, couple=couple, user=user, text=text)
        waiting.invite(
            actor=user,
            couple=couple,
            kind="reply",
            ref=entry_ref(entry.pk),
            url=f"/trust/journal/{entry.pk}/",
            partner=other,
        )
    return reply
