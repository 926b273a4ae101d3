"""Browsing the idea library: filters, pages, "surprise us", and the shortlist.

A person's likes are theirs alone. The only thing that ever crosses to the partner is
the shortlist: ideas *both* liked. Everything here computes it the same way.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.dates.models import Cost, Energy, Idea, IdeaLike, Novelty, Season, Setting
from closeknit.dates.spaces import Space, space_for
from closeknit.lib.errors import Invalid, NotFound
from closeknit.lib.library import is_library_id

PAGE_SIZE = 24
MAX_QUERY = 100
TAGS: dict[str, type] = {
    "setting": Setting,
    "cost": Cost,
    "energy": Energy,
    "novelty": Novelty,
    "season": Season,
}
SHOW = ("", "liked", "shortlist")
KNOWN = (*TAGS, "long_distance", "max_minutes", "q", "show", "page")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class IdeaFilters:
    setting: tuple[str, ...] = ()
    cost: tuple[str, ...] = ()
    energy: tuple[str, ...] = ()
    novelty: tuple[str, ...] = ()
    season: tuple[str, ...] = ()
    long_distance: bool | None = None
    max_minutes: int | None = None
    q: str = ""
    show: str = ""
    page: int = 1

    def query_string(self, **changes: Any) -> str:
        """These filters as GET parameters (for links and the htmx list)."""
        f = replace(self, **changes)
        pairs: list[tuple[str, str]] = []
        for name in TAGS:
            pairs += [(name, v) for v in getattr(f, name)]
        if f.long_distance is not None:
            pairs.append(("long_distance", "true" if f.long_distance else "false"))
        if f.max_minutes:
            pairs.append(("max_minutes", str(f.max_minutes)))
        if f.q:
            pairs.append(("q", f.q))
        if f.show:
            pairs.append(("show", f.show))
        if f.page > 1:
            pairs.append(("page", str(f.page)))
        return urlencode(pairs)

    @property
    def active(self) -> bool:
        return self.query_string(page=1) != ""


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    raw = getlist(key) if getlist else params.get(key, [])
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [str(v).strip() for v in items if v is not None and str(v).strip() != ""]


def parse_filters(params: Mapping[str, Any]) -> IdeaFilters:
    """Filters from GET parameters. Unknown names or values are refused, never ignored."""
    unknown = sorted(set(params) - set(KNOWN))
    if unknown:
        raise Invalid(
            _("Unknown filter %(names)s. Use: %(known)s.")
            % {"names": ", ".join(repr(u) for u in unknown), "known": ", ".join(KNOWN)},
            code="unknown_filter",
        )
    values: dict[str, Any] = {}
    for name, choices in TAGS.items():
        chosen = _values(params, name)
        allowed = [str(v) for v in choices.values]  # type: ignore[attr-defined]
        for value in chosen:
            if value not in allowed:
                raise Invalid(
                    _("%(name)s can't be %(value)r; use %(allowed)s.")
                    % {"name": name, "value": value, "allowed": ", ".join(allowed)},
                    code="unknown_filter",
                )
        values[name] = tuple(dict.fromkeys(chosen))
    if distance := _values(params, "long_distance"):
        if distance[-1].lower() not in TRUE + FALSE:
            raise Invalid(_("long_distance is true or false."), code="unknown_filter")
        values["long_distance"] = distance[-1].lower() in TRUE
    if minutes := _values(params, "max_minutes"):
        try:
            values["max_minutes"] = int(minutes[-1])
        except ValueError:
            values["max_minutes"] = 0
        if not 10 <= values["max_minutes"] <= 1440:
            raise Invalid(
                _("max_minutes is a whole number of minutes from 10 to 1440."),
                code="unknown_filter",
            )
    query = (_values(params, "q") or [""])[-1]
    if len(query) > MAX_QUERY:
        raise Invalid(_("Keep the search under %(n)d characters.") % {"n": MAX_QUERY})
    values["q"] = query
    show = (_values(params, "show") or [""])[-1]
    if show not in SHOW:
        raise Invalid(_("show is liked or shortlist."), code="unknown_filter")
    values["show"] = show
    page = (_values(params, "page") or ["1"])[-1]
    if not page.isdigit() or not 1 <= int(page) <= 1000:
        raise Invalid(_("page is a whole number from 1."), code="unknown_filter")
    values["page"] = int(page)
    return IdeaFilters(**values)


def shortlist_ids(space: Space) -> set[str]:
    """Ideas both partners liked (empty without a partner)."""
    if space.partner is None:
        return set()
    mine, theirs = _likes(space)
    return mine & theirs


def _likes(space: Space) -> tuple[set[str], set[str]]:
    mine: set[str] = set()
    theirs: set[str] = set()
    rows = IdeaLike.objects.filter(user_id__in=space.member_ids()).values_list("user_id", "idea")
    for user_id, idea_id in rows:
        (mine if user_id == space.user.pk else theirs).add(idea_id)
    return mine, theirs


def filtered(filters: IdeaFilters, *, space: Space) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(retired=False)
    for name in ("setting", "cost", "energy", "novelty"):
        if chosen := getattr(filters, name):
            ideas = ideas.filter(**{f"{name}__in": chosen})
    if filters.season:
        # A season also shows the ideas that fit any time of year.
        ideas = ideas.filter(season__in={*filters.season, Season.ANY})
    if filters.long_distance is not None:
        ideas = ideas.filter(long_distance=filters.long_distance)
    if filters.max_minutes:
        ideas = ideas.filter(minutes__lte=filters.max_minutes)
    if filters.q:
        ideas = ideas.filter(Q(title__icontains=filters.q) | Q(text__icontains=filters.q))
    if filters.show == "liked":
        ideas = ideas.filter(likes__user=space.user)
    elif filters.show == "shortlist":
        if space.partner is None:
            return ideas.none()
        ideas = ideas.filter(likes__user=space.user).filter(likes__user=space.partner)
    return ideas.order_by("id")


@dataclass
class IdeaView:
    idea: Idea
    liked: bool  # by me; never the partner's own likes
    on_shortlist: bool  # both of us liked it


@dataclass
class IdeaPage:
    items: list[IdeaView]
    filters: IdeaFilters
    total: int
    has_next: bool
    shortlist: set[str] = field(default_factory=set)

    @property
    def prev_query(self) -> str:
        return self.filters.query_string(page=max(1, self.filters.page - 1))

    @property
    def next_query(self) -> str:
        return self.filters.query_string(page=self.filters.page + 1)


def _views(ideas: list[Idea], space: Space) -> tuple[list[IdeaView], set[str]]:
    mine, theirs = _likes(space)
    both = mine & theirs if space.partner else set()
    return [IdeaView(idea=i, liked=i.id in mine, on_shortlist=i.id in both) for i in ideas], both


def idea_page(*, user: User, filters: IdeaFilters, space: Space | None = None) -> IdeaPage:
    space = space or space_for(user)
    ideas = filtered(filters, space=space)
    total = ideas.count()
    start = (filters.page - 1) * PAGE_SIZE
    items, both = _views(list(ideas[start : start + PAGE_SIZE]), space)
    return IdeaPage(
        items=items,
        filters=filters,
        total=total,
        has_next=start + PAGE_SIZE < total,
        shortlist=both,
    )


def idea_view(*, user: User, idea_id: str, space: Space | None = None) -> IdeaView:
    idea = (
        Idea.objects.filter(pk=idea_id, retired=False).first() if is_library_id(idea_id) else None
    )
    if idea is None:
        raise NotFound(_("There is no such idea in the library."))
    return _views([idea], space or space_for(user))[0][0]


def surprise(*, user: User, filters: IdeaFilters, space: Space | None = None) -> IdeaView:
    """One idea picked at random from those matching the filters."""
    space = space or space_for(user)
    ideas = filtered(filters, space=space)
    count = ideas.count()
    if not count:
        raise NotFound(
            _("No idea matches all of these filters. Loosen one and try again."), code="no_match"
        )
    idea = ideas[random.randrange(count)]
    return _views([idea], space)[0][0]


def shortlist(*, user: User, space: Space | None = None) -> list[Idea]:
    space = space or space_for(user)
    if space.partner is None:
        return []
    return list(filtered(IdeaFilters(show="shortlist"), space=space))


def my_likes(*, user: User) -> list[Idea]:
    """The ideas this person liked: shown to them alone."""
    return list(Idea.objects.filter(retired=False, likes__user=user).order_by("id"))
