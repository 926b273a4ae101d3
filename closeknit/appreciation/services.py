"""Writes for kindness and appreciation: sending notes, the recipient's own read and
keepsake marks and their answer to a note (a reaction or a few words), the private
"noticed it" log and sharing one entry, and care preferences.

Every function looks things up through the person's current couple, so an object of
another couple (or the partner's private entry) is simply not found.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.appreciation.models import (
    CARE_KINDS,
    LEVELS,
    QUALITIES,
    REACTIONS,
    CarePreference,
    Note,
    NoteReaction,
    NoteReply,
    NoticedEntry,
)
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_for, partner_of
from closeknit.lib.errors import Conflict, Invalid, NotFound
from closeknit.nudges import waiting

PRACTICE = "appreciation"
MAX_NOTE = 1000
MAX_NOTICED = 500
MAX_CARE_WORDS = 1000
MAX_NOTE_REPLY = 500
MAX_NOTE_REPLIES = 20
# Received notes wait for their reader in one place, so several group as one item.
INBOX_REF = "notes"
INBOX_URL = "/appreciation/notes/"


def note_ref(note_id: int) -> str:
    """The place a note's answers wait for its author (closeknit.nudges.waiting)."""
    return f"note:{note_id}"


def note_url(note_id: int) -> str:
    return f"/appreciation/notes/{note_id}/"


def _clean(text: str, *, limit: int, required: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(required, code="text_required")
    if len(text) > limit:
        raise Invalid(
            _("Keep it under %(n)d characters; a few heartfelt lines are plenty.") % {"n": limit},
            code="too_long",
        )
    return text


def _with_partner(user: User) -> tuple[Couple, User]:
    couple = couple_for(user)
    partner = partner_of(user=user, couple=couple) if couple else None
    if couple is None or partner is None:
        raise Conflict(
            _("Notes go to your partner, so this opens once they have joined your space."),
            code="no_partner",
        )
    return couple, partner


def note_send(*, user: User, text: str, quality: str = "") -> Note:
    """Send an appreciation note to the partner."""
    quality = (quality or "").strip()
    if quality and quality not in QUALITIES:
        raise Invalid(
            _("Pick one of the qualities offered, or none."),
            code="invalid_quality",
        )
    text = _clean(text, limit=MAX_NOTE, required=_("Write a line or two before sending."))
    couple, partner = _with_partner(user)
    with transaction.atomic():
        note = Note.objects.create(
            couple=couple, author=user, recipient=partner, quality=quality, text=text
        )
        _invite_reader(user=user, couple=couple, partner=partner)
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="note_sent")
    return note


def _invite_reader(*, user: User, couple: Couple, partner: User) -> None:
    # One inbox item however many notes arrive before they look: "Sam sent you 3 notes".
    waiting.invite(
        actor=user, couple=couple, kind="note", ref=INBOX_REF, url=INBOX_URL, partner=partner
    )


def _received(*, user: User, note_id: int) -> Note:
    """A note this person received and may still see (see selectors.received_notes)."""
    from closeknit.appreciation.selectors import received_notes

    note = received_notes(user=user).filter(pk=note_id).first()
    if note is None:
        raise NotFound(_("There is no such note among the ones you received."))
    return note


def note_mark_read(*, user: User, note_id: int, read: bool = True) -> Note:
    """The recipient's own 'new' marker. The author never learns about it."""
    from closeknit.appreciation.selectors import received_notes

    note = _received(user=user, note_id=note_id)
    newly_read = read and note.read_at is None
    if newly_read:
        note.read_at = timezone.now()
    elif not read:
        note.read_at = None
    note.save(update_fields=["read_at"])
    if newly_read and not received_notes(user=user).filter(read_at__isnull=True).exists():
        # The last new note is open: nothing in the inbox waits for them any more.
        waiting.seen(user=user, refs=[INBOX_REF])
    return note


def note_keep(*, user: User, note_id: int, kept: bool) -> Note:
    """Put a received note in (or take it out of) the recipient's keepsakes."""
    note = _received(user=user, note_id=note_id)
    changed = note.kept != kept
    note.kept = kept
    if note.read_at is None:
        note.read_at = timezone.now()
    note.save(update_fields=["kept", "read_at"])
    if kept and changed:
        activity_record(user=user, couple=couple_for(user), practice=PRACTICE, kind="note_kept")
    return note


def _answerable(*, user: User, note_id: int) -> tuple[Note, Couple]:
    """A note this person received in the space they are in now. Notes kept from an
    earlier space stay readable, but their author is no longer there to answer."""
    note = _received(user=user, note_id=note_id)
    couple = couple_for(user)
    if couple is None or couple.pk != note.couple_id:
        raise Conflict(
            _("This note is from an earlier space, so it can't be answered now."),
            code="earlier_space",
        )
    return note, couple


def note_react(*, user: User, note_id: int, kind: str | None) -> NoteReaction | None:
    """Answer a note you received in one tap (or take the reaction back with None)."""
    note, couple = _answerable(user=user, note_id=note_id)
    if kind is not None and kind not in REACTIONS:
        raise Invalid(
            _("Unknown reaction. Choose one of: %(kinds)s.") % {"kinds": ", ".join(REACTIONS)},
            code="invalid_reaction",
        )
    if kind is None:
        NoteReaction.objects.filter(note=note, user=user).delete()
        return None
    with transaction.atomic():
        reaction, created = NoteReaction.objects.get_or_create(
            note=note, user=user, defaults={"couple": couple, "kind": kind}
        )
        changed = created or reaction.kind != kind
        if changed:
            reaction.kind = kind
            reaction.save(update_fields=["kind"])
            waiting.invite(
                actor=user,
                couple=couple,
                kind="reaction",
                ref=note_ref(note.pk),
                url=note_url(note.pk),
                partner=note.author,
            )
    return reaction


def note_reply(*, user: User, note_id: int, text: str) -> NoteReply:
    """A few words back to the author of a note you received."""
    text = _clean(text, limit=MAX_NOTE_REPLY, required=_("Write something before sending."))
    note, couple = _answerable(user=user, note_id=note_id)
    with transaction.atomic():
        Note.objects.select_for_update().filter(pk=note.pk).first()  # one count at a time
        if NoteReply.objects.filter(note=note).count() >= MAX_NOTE_REPLIES:
            raise Conflict(
                _("You've said plenty about this one; a new note of your own could say the rest."),
                code="thread_full",
            )
        reply = NoteReply.objects.create(note=note, couple=couple, user=user, text=text)
        waiting.invite(
            actor=user,
            couple=couple,
            kind="reply",
            ref=note_ref(note.pk),
            url=note_url(note.pk),
            partner=note.author,
        )
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="note_replied")
    return reply


def noticed_add(*, user: User, text: str) -> NoticedEntry:
    """Note privately a small kind thing the partner did. Only the author reads it."""
    text = _clean(
        text, limit=MAX_NOTICED, required=_("Write what you noticed, even in a few words.")
    )
    couple = couple_for(user)
    entry = NoticedEntry.objects.create(user=user, couple=couple, text=text)
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="noticed_logged")
    return entry


def _own_entry(*, user: User, entry_id: int) -> NoticedEntry:
    entry = NoticedEntry.objects.filter(pk=entry_id, user=user).first()
    if entry is None:
        raise NotFound(_("There is no such entry in your log."))
    return entry


def noticed_share(*, user: User, entry_id: int) -> NoticedEntry:
    """Send one entry of the log to the partner, where it shows as a note."""
    with transaction.atomic():
        entry = _own_entry(user=user, entry_id=entry_id)
        entry = NoticedEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.shared_as_id is not None:
            raise Conflict(_("You have already shared this one."), code="already_shared")
        couple, partner = _with_partner(user)
        if entry.couple_id not in (None, couple.pk):
            raise Conflict(
                _("This was written in an earlier space, so it stays private."),
                code="earlier_space",
            )
        entry.shared_as = Note.objects.create(
            couple=couple, author=user, recipient=partner, text=entry.text, from_noticed=True
        )
        entry.save(update_fields=["shared_as"])
        _invite_reader(user=user, couple=couple, partner=partner)
    activity_record(user=user, couple=couple, practice=PRACTICE, kind="noticed_shared")
    return entry


def noticed_delete(*, user: User, entry_id: int) -> None:
    """Remove an entry from the log. A copy already shared stays with the partner."""
    _own_entry(user=user, entry_id=entry_id).delete()


def care_save(
    *, user: User, levels: dict[str, int | None], in_my_words: str = ""
) -> CarePreference:
    """Say how much each kind of care means to you (0-3), plus anything in your words."""
    missing = [k for k in CARE_KINDS if levels.get(k) is None]
    if missing:
        raise Invalid(
            _("Choose how much each one means to you."),
            code="level_required",
        )
    if any(levels[k] not in LEVELS for k in CARE_KINDS):
        raise Invalid(_("Each level goes from 0 to 3."), code="invalid_level")
    in_my_words = (in_my_words or "").strip()
    if len(in_my_words) > MAX_CARE_WORDS:
        raise Invalid(_("Keep it under %(n)d characters.") % {"n": MAX_CARE_WORDS}, code="too_long")
    values = {k: levels[k] for k in CARE_KINDS}
    preference, _created = CarePreference.objects.update_or_create(
        user=user, defaults={**values, "in_my_words": in_my_words, "updated_at": timezone.now()}
    )
    activity_record(user=user, couple=couple_for(user), practice=PRACTICE, kind="care_saved")
    return preference
