"""Dream-talk notes and the someday list: the writes (reads are in selectors.py)."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.goals.models import DreamNote, DreamPrompt, SomedayCategory, SomedayItem
from closeknit.goals.services import check_date, clean_text, local_today, record
from closeknit.goals.spaces import Space, editable_q, space_for, visible_q
from closeknit.lib.errors import Conflict, Forbidden, Invalid, NotFound

MAX_NOTE = 4000
MAX_TITLE = 200
MAX_SOMEDAY_NOTE = 1000
MAX_SOMEDAY = 500
DREAMERS = ("me", "partner")


def _dreamer(space: Space, about: str) -> User:
    if about not in DREAMERS:
        raise Invalid(_("Say whose dream this is: me or partner."), code="bad_dreamer")
    if about == "partner":
        if space.partner is None:
            raise Conflict(_("There is no partner in your space yet."), code="no_partner")
        return space.partner
    return space.user


def dream_note_add(
    *, user: User, text: str, about: str = "me", prompt_id: str | None = None
) -> DreamNote:
    """Keep what came up in a dream talk. Both of you can read it."""
    space = space_for(user)
    text = clean_text(text, max_len=MAX_NOTE, required=True, what=_("what came up"))
    dreamer = _dreamer(space, about)
    prompt = None
    if prompt_id:
        prompt = DreamPrompt.objects.filter(pk=prompt_id, retired=False).first()
        if prompt is None:
            raise Invalid(_("That dream-talk prompt doesn't exist."), code="bad_prompt")
    note = DreamNote.objects.create(
        couple=space.couple, created_by=user, prompt=prompt, dreamer=dreamer, text=text
    )
    record(space, "dream_note_added")
    return note


def _note_for_write(space: Space, note_id: int) -> DreamNote:
    note = DreamNote.objects.filter(editable_q(space, partners_too=False), pk=note_id).first()
    if note is not None:
        return note
    if DreamNote.objects.filter(visible_q(space), pk=note_id).exists():
        raise Forbidden(_("Only the person who wrote this note can change it."), code="not_yours")
    raise NotFound(_("There is no such note in your space."))


def dream_note_update(*, user: User, note_id: int, text: str) -> DreamNote:
    space = space_for(user)
    text = clean_text(text, max_len=MAX_NOTE, required=True, what=_("what came up"))
    note = _note_for_write(space, note_id)
    note.text, note.updated_at = text, timezone.now()
    note.save(update_fields=["text", "updated_at"])
    record(space, "dream_note_edited")
    return note


def dream_note_delete(*, user: User, note_id: int) -> None:
    space = space_for(user)
    _note_for_write(space, note_id).delete()
    record(space, "dream_note_deleted")


def _clean_item(title: str, category: str, note: str) -> tuple[str, str, str]:
    title = clean_text(title, max_len=MAX_TITLE, required=True, what=_("what you'd like to do"))
    if category not in SomedayCategory.values:
        raise Invalid(
            _("Pick a kind: %(k)s.") % {"k": ", ".join(SomedayCategory.values)},
            code="bad_category",
        )
    note = clean_text(note, max_len=MAX_SOMEDAY_NOTE, required=False, what=_("the note"))
    return title, category, note


def someday_add(*, user: User, title: str, category: str, note: str = "") -> SomedayItem:
    """Either of you adds; both of you see it, at the bottom of the open list."""
    space = space_for(user)
    title, category, note = _clean_item(title, category, note)
    with transaction.atomic():
        rows = SomedayItem.objects.filter(editable_q(space))
        if rows.count() >= MAX_SOMEDAY:
            raise Conflict(_("Your someday list is full. Archive a few first."), code="too_many")
        last = rows.aggregate(m=Max("position"))["m"]
        item = SomedayItem.objects.create(
            couple=space.couple,
            created_by=user,
            title=title,
            category=category,
            note=note,
            position=(last or 0) + 1,
        )
        record(space, "someday_added")
    return item


def _item_for_write(space: Space, item_id: int) -> SomedayItem:
    item = SomedayItem.objects.select_for_update().filter(editable_q(space), pk=item_id).first()
    if item is None:
        raise NotFound(_("There is no such item on your list."))
    return item


def someday_update(
    *, user: User, item_id: int, title: str, category: str, note: str
) -> SomedayItem:
    space = space_for(user)
    title, category, note = _clean_item(title, category, note)
    with transaction.atomic():
        item = _item_for_write(space, item_id)
        item.title, item.category, item.note = title, category, note
        item.save(update_fields=["title", "category", "note"])
        record(space, "someday_edited")
    return item


def someday_set_done(
    *, user: User, item_id: int, done: bool, done_on: date | None = None
) -> SomedayItem:
    """Mark it done (on a day, today unless you say) or open again."""
    space = space_for(user)
    check_date(done_on, what=_("when you did it"))
    today = local_today(space)
    if done and done_on is not None and done_on > today:
        raise Invalid(_("Pick a day that has already happened."), code="future_date")
    with transaction.atomic():
        item = _item_for_write(space, item_id)
        item.done_on = (done_on or today) if done else None
        item.save(update_fields=["done_on"])
        record(space, "someday_done" if done else "someday_reopened")
    return item


def someday_set_archived(*, user: User, item_id: int, archived: bool) -> SomedayItem:
    space = space_for(user)
    with transaction.atomic():
        item = _item_for_write(space, item_id)
        item.archived_at = timezone.now() if archived else None
        item.save(update_fields=["archived_at"])
        record(space, "someday_archived" if archived else "someday_restored")
    return item


def someday_move(*, user: User, item_id: int, direction: str) -> SomedayItem:
    """Move an open item one place up or down the list (swapping with its neighbour)."""
    space = space_for(user)
    if direction not in ("up", "down"):
        raise Invalid(_("Move up or down."), code="bad_direction")
    with transaction.atomic():
        item = _item_for_write(space, item_id)
        if item.done_on is not None or item.archived_at is not None:
            raise Conflict(_("Only open items can be moved."), code="not_open")
        rows = list(
            SomedayItem.objects.select_for_update()
            .filter(editable_q(space), done_on__isnull=True, archived_at__isnull=True)
            .order_by("position", "pk")
        )
        index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
            for position, row in enumerate(rows, start=1):
                row.position = position
            SomedayItem.objects.bulk_update(rows, ["position"], batch_size=200)
            item = rows[other]
        record(space, "someday_moved")
    return item


def someday_delete(*, user: User, item_id: int) -> None:
    space = space_for(user)
    with transaction.atomic():
        item = _item_for_write(space, item_id)
        if item.created_by_id != user.pk:
            raise Forbidden(
                _("Only the person who added this can delete it; you can archive it."),
                code="not_yours",
            )
        item.delete()
        record(space, "someday_deleted")
