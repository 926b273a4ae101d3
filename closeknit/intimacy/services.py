"""Writes for the intimacy toolkit: the private switch, affection preferences, and each
person's own yes / maybe / no list.

Nothing here ever reads the partner's list. Activity is recorded as "the list was used"
at most once a day, never which item or which answer.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.accounts.services import account_update
from closeknit.activity.models import ActivityRecord
from closeknit.activity.services import activity_record
from closeknit.couples.models import Couple
from closeknit.couples.services import couple_for
from closeknit.intimacy.models import AFFECTION_KINDS, AffectionPreference, Level, ListAnswers
from closeknit.lib.errors import Conflict, Invalid

PRACTICE = "intimacy"
ANSWERS = ("yes", "maybe", "no")
MAX_NOTE = 500


# The private switch


def is_hidden(user: User) -> bool:
    return PRACTICE in user.hidden_practices


def ensure_shown(*, user: User) -> None:
    """For the API: the person hid this practice, so it answers as the web pages do."""
    if is_hidden(user):
        raise Conflict(
            _("You have hidden this practice. Show it again to use it."), code="practice_hidden"
        )


def privacy_set(*, user: User, hidden: bool) -> User:
    """Hide the whole practice from this person's screens, or show it again."""
    hidden_keys = [k for k in user.hidden_practices if k != PRACTICE]
    if hidden:
        hidden_keys.append(PRACTICE)
    focus = [k for k in user.focus_practices if not (hidden and k == PRACTICE)]
    return account_update(user=user, hidden_practices=hidden_keys, focus_practices=focus)


# Affection preferences


@dataclass(frozen=True)
class AffectionInput:
    kind: str
    level: str | None  # None clears this kind
    note: str = ""


def affection_save(*, user: User, preferences: list[AffectionInput]) -> list[AffectionPreference]:
    """Set some or all kinds at once. Everything is checked before anything is written."""
    seen: set[str] = set()
    for pref in preferences:
        if pref.kind not in AFFECTION_KINDS:
            raise Invalid(
                _("Unknown kind of closeness %(kind)r.") % {"kind": pref.kind}, code="invalid_kind"
            )
        if pref.kind in seen:
            raise Invalid(
                _("%(kind)r is listed twice; send each kind once.") % {"kind": pref.kind},
                code="duplicate_kind",
            )
        seen.add(pref.kind)
        if pref.level is not None and pref.level not in Level.values:
            raise Invalid(_("Choose love it, nice sometimes or not for me."), code="invalid_level")
        if len(pref.note.strip()) > MAX_NOTE:
            raise Invalid(
                _("Keep each note under %(n)d characters.") % {"n": MAX_NOTE}, code="too_long"
            )
        if pref.level is None and pref.note.strip():
            raise Invalid(
                _("Pick how much you enjoy %(kind)s before adding a note.")
                % {"kind": AFFECTION_KINDS[pref.kind]},
                code="level_required",
            )
    now = timezone.now()
    with transaction.atomic():
        for pref in preferences:
            if pref.level is None:
                AffectionPreference.objects.filter(user=user, kind=pref.kind).delete()
                continue
            AffectionPreference.objects.update_or_create(
                user=user,
                kind=pref.kind,
                defaults={"level": pref.level, "note": pref.note.strip(), "updated_at": now},
            )
        if preferences:
            activity_record(
                user=user, couple=couple_for(user), practice=PRACTICE, kind="affection_shared"
            )
    return list(AffectionPreference.objects.filter(user=user))


# The yes / maybe / no list: only ever the person's own row.


@dataclass
class OwnList:
    answers: dict[str, str]
    adult: bool  # I opted in to adult items
    maybe: bool  # I chose the wider view (yes and maybe)

    def dump(self) -> str:
        return json.dumps(
            {"answers": self.answers, "adult": self.adult, "maybe": self.maybe},
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def parse(cls, raw: str) -> "OwnList":
        data: dict[str, Any] = json.loads(raw) if raw else {}
        answers = data.get("answers") or {}
        return cls(
            answers={k: v for k, v in answers.items() if v in ANSWERS},
            adult=bool(data.get("adult", False)),
            maybe=bool(data.get("maybe", False)),
        )


def _space_filter(couple: Couple | None) -> dict[str, Any]:
    return {"couple": couple} if couple is not None else {"couple__isnull": True}


def own_list(*, user: User, couple: Couple | None, lock: bool = False) -> OwnList:
    rows = ListAnswers.objects.filter(user=user, **_space_filter(couple))
    row = (rows.select_for_update() if lock else rows).first()
    return OwnList.parse(row.data) if row is not None else OwnList({}, False, False)


def _save_own(*, user: User, couple: Couple | None, own: OwnList) -> None:
    row = ListAnswers.objects.filter(user=user, **_space_filter(couple)).first()
    if row is None:
        ListAnswers.objects.create(user=user, couple=couple, data=own.dump())
    else:
        row.data = own.dump()
        row.save(update_fields=["data"])


def _note_use(*, user: User, couple: Couple | None) -> None:
    """Once a day at most, and never what was answered."""
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    used_today = ActivityRecord.objects.filter(
        user=user, practice=PRACTICE, kind="list_used", occurred_at__gte=start
    ).exists()
    if not used_today:
        activity_record(user=user, couple=couple, practice=PRACTICE, kind="list_used")


def list_answer(*, user: User, answers: dict[str, str | None], allowed: set[str]) -> OwnList:
    """Save some answers ("yes", "maybe", "no", or None to clear one). `allowed` is the set
    of item ids this person can see now (selectors.visible_item_ids)."""
    if not answers:
        raise Invalid(_("Choose an answer for at least one item."), code="answers_required")
    for item_id, answer in answers.items():
        if item_id not in allowed:
            raise Invalid(
                _("%(item)r is not an item on your list.") % {"item": item_id},
                code="unknown_item",
            )
        if answer is not None and answer not in ANSWERS:
            raise Invalid(_("Answer yes, maybe or no."), code="invalid_answer")
    couple = couple_for(user)
    with transaction.atomic():
        own = own_list(user=user, couple=couple, lock=True)
        for item_id, answer in answers.items():
            if answer is None:
                own.answers.pop(item_id, None)
            else:
                own.answers[item_id] = answer
        _save_own(user=user, couple=couple, own=own)
        _note_use(user=user, couple=couple)
    return own


def list_settings(*, user: User, adult: bool | None = None, maybe: bool | None = None) -> OwnList:
    """Opt in or out of adult items, and of the wider (yes and maybe) view."""
    couple = couple_for(user)
    with transaction.atomic():
        own = own_list(user=user, couple=couple, lock=True)
        if adult is not None:
            own.adult = adult
        if maybe is not None:
            own.maybe = maybe
        _save_own(user=user, couple=couple, own=own)
        _note_use(user=user, couple=couple)
    return own


def list_clear(*, user: User) -> None:
    """Forget every answer and choice on the person's list for their current space."""
    ListAnswers.objects.filter(user=user, **_space_filter(couple_for(user))).delete()
