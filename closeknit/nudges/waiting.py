"""What waits for a person: the things their partner did that invite a response.

Every feature calls `invite` from its services when a person does something their
partner may want to answer (a reply, a note, their turn in a round), as it calls
`activity_record`. That opens one item for the partner (or counts on the open one of the
same kind and place: "Sam replied 3 times") and tells them through their notification
settings. An item closes itself:

- when its person opens the page it leads to (kinds that ask to be seen), via
  `WaitingSeenMiddleware`, or `seen` from a view that shows the same thing elsewhere;
- when its person does what it asked (kinds that ask for a turn): acting on the same
  place calls `invite` for the partner, which closes the actor's own items there, or
  the feature calls `done`;
- when the thing is gone (a signal withdrawn, a date called off): `withdraw`;
- when its person says "not now" (`dismiss`): nothing here insists.

The rules that keep it private: an item holds no words anyone wrote, only who, what
kind and where; items exist only inside a current couple and are removed when either
person leaves (lifecycle.py); and nothing here records or shows when anyone was last
active.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.db import connections, router, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from closeknit.accounts.models import User
from closeknit.core.pagecache import FRESH, refresh_people
from closeknit.couples.models import Couple, Membership
from closeknit.lib.bulk import insert_ignoring_conflicts
from closeknit.lib.errors import NotFound
from closeknit.nudges.models import Notification, WaitingItem
from closeknit.nudges.services import Nudge, notify_many

SEEN = "seen"  # closes when its person opens where it leads
TURN = "turn"  # closes when its person takes their turn (or says not now)


@dataclass(frozen=True)
class Kind:
    key: str
    event: str  # the notification setting it follows (closeknit.nudges.events)
    # "%(name)s replied" / "%(name)s replied %(count)d times": the partner's name and
    # how many times; never anything they wrote.
    title: Promise
    action: Promise  # the button on home
    closes: str = SEEN
    practice: str | None = None  # hidden practices show nothing
    rank: int = 50  # lower comes first on home


def _kinds(*kinds: Kind) -> dict[str, Kind]:
    return {k.key: k for k in kinds}


KINDS: dict[str, Kind] = _kinds(
    Kind("support_signal", "support_signal", practice="support", rank=1, closes=TURN,
         title=_("%(name)s could use some support"),
         action=_("Be there")),
    Kind("reveal_ready", "reveal_ready", rank=10,
         title=_("%(name)s answered too: see both"),
         action=_("See both")),
    Kind("partner_answered", "partner_answered", rank=12, closes=TURN,
         title=_("%(name)s answered: answer to see both"),
         action=_("Answer")),
    Kind("closeness_turn", "your_turn", practice="trust", rank=20, closes=TURN,
         title=_("Your turn in your closeness questions with %(name)s"),
         action=_("Take your turn")),
    Kind("round_turn", "your_turn", practice="growth", rank=20, closes=TURN,
         title=_("Your turn in a round with %(name)s"),
         action=_("Take your turn")),
    Kind("pairs_turn", "your_turn", practice="growth", rank=20, closes=TURN,
         title=_("Your turn in this or that with %(name)s"),
         action=_("Take your turn")),
    Kind("listening_turn", "your_turn", practice="communication", rank=20, closes=TURN,
         title=_("Your turn in a listening session with %(name)s"),
         action=_("Take your turn")),
    Kind("guide_turn", "your_turn", practice="communication", rank=20, closes=TURN,
         title=_("Your turn in a guide with %(name)s"),
         action=_("Take your turn")),
    Kind("signal_answered", "support_signal", practice="support", rank=25,
         title=ngettext_lazy("%(name)s answered your signal",
                             "%(name)s answered your signal %(count)d times", "count"),
         action=_("Read it")),
    Kind("note", "appreciation", practice="appreciation", rank=30,
         title=ngettext_lazy("%(name)s sent you a note",
                             "%(name)s sent you %(count)d notes", "count"),
         action=_("Read it")),
    Kind("good_news", "good_news", practice="support", rank=30,
         title=ngettext_lazy("%(name)s shared good news",
                             "%(name)s shared good news %(count)d times", "count"),
         action=_("Read it")),
    Kind("reply", "replies", rank=35,
         title=ngettext_lazy("%(name)s replied", "%(name)s replied %(count)d times", "count"),
         action=_("Read it")),
    Kind("reaction", "replies", rank=40,
         title=ngettext_lazy("%(name)s reacted", "%(name)s reacted %(count)d times", "count"),
         action=_("See it")),
    Kind("journal_shared", "shared_words", practice="trust", rank=35,
         title=ngettext_lazy("%(name)s shared a journal entry with you",
                             "%(name)s shared %(count)d journal entries with you", "count"),
         action=_("Read it")),
    Kind("checkin_revealed", "checkin_revealed", rank=40,
         title=_("%(name)s checked in too: see your picture together"),
         action=_("See it")),
    Kind("goal_cheer", "milestone", practice="goals", rank=45,
         title=ngettext_lazy("%(name)s cheered your goal",
                             "%(name)s cheered your goal %(count)d times", "count"),
         action=_("See it")),
    Kind("milestone", "milestone", practice="goals", rank=45,
         title=ngettext_lazy("%(name)s reached a milestone",
                             "%(name)s reached %(count)d milestones", "count"),
         action=_("See it")),
    Kind("challenge_step", "your_turn", practice="growth", rank=45,
         title=ngettext_lazy("%(name)s took a step in your challenge",
                             "%(name)s took %(count)d steps in your challenge", "count"),
         action=_("See it")),
    Kind("date_planned", "date_changes", practice="quality_time", rank=50,
         title=ngettext_lazy("%(name)s planned a date", "%(name)s planned %(count)d dates",
                             "count"),
         action=_("See it")),
    Kind("date_changed", "date_changes", practice="quality_time", rank=50,
         title=_("%(name)s changed a date"),
         action=_("See it")),
    Kind("date_cancelled", "date_changes", practice="quality_time", rank=50,
         title=_("%(name)s called off a date"),
         action=_("See it")),
    Kind("partner_joined", "partner_joined", rank=60,
         title=_("%(name)s joined your space"),
         action=_("See your space")),
)  # fmt: skip


def title(*, kind: str, name: str, count: int = 1) -> str:
    found = KINDS.get(kind)
    if found is None:  # an item of a kind since retired: say nothing wrong
        return str(_("Something new from %(name)s") % {"name": name})
    return str(found.title % {"name": name, "count": count})


def _partners(*, couple: Couple, actor: User) -> list[User]:
    return [
        m.user
        for m in Membership.objects.current()
        .filter(couple=couple)
        .exclude(user=actor)
        .select_related("user")
    ]


def invite(
    *,
    actor: User,
    couple: Couple | None,
    kind: str,
    ref: str,
    url: str,
    partner: User | None = None,
    now: datetime | None = None,
) -> list[WaitingItem]:
    """`actor` did something in `couple` that invites their partner to respond, at
    `ref` (a stable name for the place, like "question:12"), seen at `url`.

    Call it inside the feature's transaction, after its write; pass `partner` when the
    caller has them at hand (it saves a query). Closes the actor's own open items at
    `ref` that asked for a turn (they just took it). Returns the partner's open item
    (none when alone or the space has ended)."""
    found = KINDS[kind]  # an unknown kind is a programming error, not input
    if couple is None or couple.ended_at is not None:
        return []
    now = now or timezone.now()
    with transaction.atomic(savepoint=False):  # part of the caller's transaction
        done(user=actor, ref=ref, now=now)
        partners = [partner] if partner is not None else _partners(couple=couple, actor=actor)
        items = [
            _open_or_count(user=p, couple=couple, actor=actor, kind=found, ref=ref, url=url,
                           now=now)
            for p in partners
        ]  # fmt: skip
        if items:
            # Their pages change, and their pages now check for items to close.
            User.objects.filter(pk__in=[p.pk for p in partners]).update(
                view_version=F("view_version") + 1, has_waiting=True
            )
    return items


def _open_or_count(
    *, user: User, couple: Couple, actor: User, kind: Kind, ref: str, url: str, now: datetime
) -> WaitingItem:
    # Racing requests both try to open it; the one-open-item constraint lets one in and
    # the other counts on it.
    opened = insert_ignoring_conflicts(
        WaitingItem,
        ("user", "couple", "actor", "kind", "ref", "url", "count", "created_at", "updated_at"),
        [(user.pk, couple.pk, actor.pk, kind.key, ref, url, 1, *(_db_time(now),) * 2)],
    )
    item = WaitingItem.objects.get(user=user, kind=kind.key, ref=ref, closed_at=None)
    if opened:
        _notify(item=item, user=user, kind=kind, now=now)
        return item
    WaitingItem.objects.filter(pk=item.pk).update(
        count=F("count") + 1, actor=actor, url=url, updated_at=now
    )
    item.count, item.actor, item.url, item.updated_at = item.count + 1, actor, url, now
    # The same notification comes back to the top as new, with the new count in its
    # title; no second email or push for a repeat while the first is unseen.
    renewed = Notification.objects.filter(item=item).update(
        read_at=None, cleared_at=None, created_at=now
    )
    if not renewed:  # none yet (the daily cap, or turned off then): try again now
        _notify(item=item, user=user, kind=kind, now=now)
    return item


def _db_time(value: datetime) -> Any:
    field = WaitingItem._meta.get_field("created_at")
    return field.get_db_prep_save(value, connections[router.db_for_write(WaitingItem)])


def _notify(*, item: WaitingItem, user: User, kind: Kind, now: datetime) -> None:
    if kind.practice and kind.practice in user.hidden_practices:
        return  # a hidden practice never nags, whichever event its kind shares
    notify_many(
        [Nudge(user=user, event=kind.event, url=item.url, dedupe_key=f"wait:{item.pk}",
               item=item.pk)],
        now=now,
        refresh_pages=False,  # invite refreshes them, with the flag, in one statement
    )  # fmt: skip


def _close(items: "Iterable[int]", *, now: datetime) -> int:
    ids = list(items)
    if not ids:
        return 0
    closed = WaitingItem.objects.filter(pk__in=ids, closed_at=None).update(closed_at=now)
    # Never "new" for something already seen or done.
    Notification.objects.filter(item_id__in=ids, read_at=None).update(read_at=now)
    return closed


def done(*, user: User, ref: str, now: datetime | None = None) -> int:
    """`user` took their turn at `ref`: their items there that asked for it close.
    (Always asks the database: the person in hand may predate the item.)"""
    turn_kinds = [k.key for k in KINDS.values() if k.closes == TURN]
    ids = WaitingItem.objects.filter(
        user=user, ref=ref, kind__in=turn_kinds, closed_at=None
    ).values_list("pk", flat=True)
    closed = _close(ids, now=now or timezone.now())
    if closed:
        refresh_people([user.pk])  # their pages, and the list their pages check
    return closed


def withdraw(*, ref: str, couple: Couple | None, now: datetime | None = None) -> int:
    """The thing at `ref` is gone (withdrawn, called off, ended): every item there
    closes, for everyone in the space."""
    if couple is None:
        return 0
    ids = list(
        WaitingItem.objects.filter(couple=couple, ref=ref, closed_at=None).values_list(
            "pk", "user_id"
        )
    )
    closed = _close((pk for pk, _u in ids), now=now or timezone.now())
    refresh_people(user_id for _pk, user_id in ids)
    return closed


def dismiss(*, user: User, item_id: int, now: datetime | None = None) -> WaitingItem:
    """'Not now': the person closes an item themselves."""
    item = WaitingItem.objects.filter(pk=item_id, user=user, closed_at=None).first()
    if item is None:
        raise NotFound(str(_("There is nothing like that waiting for you.")))
    _close([item.pk], now=now or timezone.now())
    refresh_people([user.pk])
    item.refresh_from_db()
    return item


def _open_places(user: User) -> list[tuple[int, str, str, str]]:
    """(id, kind, url, ref) of the person's open items, which every page they open
    checks. Kept in the process's memory for the person's current `view_version`: every
    change to their items bumps it (invite, seen, done, withdraw, dismiss, leaving), so
    a kept list is never stale, and a page costs no query for it once warm."""
    key = f"waiting:{user.pk}:{user.view_version}"
    cache = caches["pages"]
    found: list[tuple[int, str, str, str]] | None = cache.get(key)
    if found is None:
        found = list(
            WaitingItem.objects.filter(user=user, closed_at=None).values_list(
                "pk", "kind", "url", "ref"
            )
        )
        cache.set(key, found, FRESH)
    return found


def seen(*, user: User, urls: Iterable[str] = (), refs: Iterable[str] = ()) -> int:
    """`user` has seen what is at these urls or places: their items there that asked
    to be seen close. Costs nothing for someone with nothing waiting."""
    if not user.has_waiting:
        return 0
    urls, refs = set(urls), set(refs)
    rows = _open_places(user)
    if not rows:  # the hint was stale: clear it so later pages skip this query
        User.objects.filter(pk=user.pk).update(has_waiting=False)
        user.has_waiting = False
        return 0
    ids = [
        pk
        for pk, kind, url, ref in rows
        if (url in urls or ref in refs) and KINDS.get(kind, KINDS["reply"]).closes == SEEN
    ]
    closed = _close(ids, now=timezone.now())
    if closed:
        # Their pages change; and with nothing left open, later pages skip the check.
        nothing_left = len(ids) == len(rows)
        User.objects.filter(pk=user.pk).update(
            view_version=F("view_version") + 1, has_waiting=not nothing_left
        )
        user.has_waiting = not nothing_left
    return closed


def seen_on_page(request: HttpRequest, *, refs: Iterable[str]) -> None:
    """A view shows the things at `refs` (as today's page shows today's question, whose
    items lead to its own page): they count as seen, as the page's own path does."""
    user = request.user
    if user.is_authenticated and user.has_waiting:  # type: ignore[union-attr]
        seen(user=user, urls=[request.path], refs=refs)  # type: ignore[arg-type]
    request._waiting_seen = True  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Waiting:
    """One line of "Waiting for you", on home and in the API."""

    id: int | None  # None for what is derived, not stored (today's question)
    kind: str
    title: str
    action: str
    url: str
    count: int
    actor: str
    updated_at: datetime | None


def waiting_for(*, user: User, couple: Couple | None) -> list[Waiting]:
    """The person's open items in their current space, most important first. One
    query of a bounded size: open items only, whatever the history holds."""
    if couple is None or not user.has_waiting:
        return []
    hidden = set(user.hidden_practices)
    found = []
    items = (
        WaitingItem.objects.filter(user=user, closed_at=None)
        .select_related("actor")
        .order_by("-updated_at", "-pk")
    )
    for item in items:
        kind = KINDS.get(item.kind)
        if item.couple_id != couple.pk:
            continue
        if kind is None or (kind.practice and kind.practice in hidden):
            continue
        found.append((kind.rank, item, kind))
    found.sort(key=lambda row: row[0])  # stable: newest first within a rank
    return [
        Waiting(
            id=item.pk,
            kind=item.kind,
            title=title(kind=item.kind, name=item.actor.name, count=item.count),
            action=str(kind.action),
            url=item.url,
            count=item.count,
            actor=item.actor.name,
            updated_at=item.updated_at,
        )
        for _rank, item, kind in found
    ]


def remove_for_couple(*, couple: Couple) -> None:
    """A space ended: nothing of it waits for anyone any more (and its notifications,
    which name the former partner, go with the items)."""
    WaitingItem.objects.filter(couple=couple).delete()


class WaitingSeenMiddleware:
    """A page a person opened closes the items that led there and asked to be seen.

    Only for people with something waiting (a flag read with the person at no cost),
    only for pages that rendered: one small indexed read, and a write only when
    something closes."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
            and user.has_waiting
            and not request.path.startswith("/api/")
            and not getattr(request, "_waiting_seen", False)
        ):
            seen(user=user, urls=[request.path])
        return response
