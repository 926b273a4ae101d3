"""Choosing each day's question: pure functions, no database, so they can be tested
across time zones, DST changes and years of history.

The rules (docs/daily-question.md):
- A day turns over at a local hour (default 4:00) in the space's home time zone.
- No prompt repeats until every eligible prompt has been used once; then a new round.
- Practices take turns, leaning toward a person's focus practices and (later) toward
  what check-ins and activity suggest; hidden practices never appear.
- Depth rises gently with the number of days answered. The first week is light only
  and leaves physical intimacy out: a couple gets to know the app before it asks more.
- Prompts come from the core library plus the packs a couple turned on; a pack drawn on
  dates (occasions) gives the question only on a day the couple marked (`pool_for_day`).
"""

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

RECENT_WINDOW = 16
CORE = "core"  # the pack name of the main library (content/prompts/)


class LibraryEmpty(Exception):
    """No prompts are loaded: the operator has not run `closeknit content load`."""


FOCUS_WEIGHT = 0.6

# Depth mix by how many days a space has answered: a gentle start, more depth later.
DEPTH_STAGES: tuple[tuple[int, dict[str, float]], ...] = (
    (7, {"light": 1.0}),
    (30, {"light": 0.75, "deeper": 0.25}),
    (90, {"light": 0.5, "deeper": 0.35, "deepest": 0.15}),
    (10**9, {"light": 0.4, "deeper": 0.4, "deepest": 0.2}),
)
DEPTH_ORDER = ("light", "deeper", "deepest")
# Until a space has answered this many days, only light prompts, and none about physical
# intimacy (unless nothing else is left to ask).
FIRST_WEEK_DAYS = 7
NOT_IN_FIRST_WEEK = frozenset({"intimacy"})


def day_start(*, day: date, tz: str, starts_at: int) -> datetime:
    """The instant `day` begins: `starts_at` o'clock local time (the earlier one if the
    clock goes back, the shifted one if that hour does not exist)."""
    return datetime(day.year, day.month, day.day, starts_at, tzinfo=ZoneInfo(tz), fold=0)


def day_for(*, now: datetime, tz: str, starts_at: int) -> date:
    """The question day `now` falls in. Never goes backwards as `now` moves forward,
    even when clocks change around the turnover hour."""
    local = now.astimezone(ZoneInfo(tz)).date()
    for candidate in (local + timedelta(days=1), local, local - timedelta(days=1)):
        if day_start(day=candidate, tz=tz, starts_at=starts_at) <= now:
            return candidate
    return local - timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    practice: str
    depth: str
    pack: str = CORE


def _rng(seed: str) -> random.Random:
    return random.Random(hashlib.sha256(seed.encode()).digest())


def depth_weights(answered_days: int) -> dict[str, float]:
    for limit, weights in DEPTH_STAGES:
        if answered_days < limit:
            return weights
    return DEPTH_STAGES[-1][1]


def choose_prompt(
    *,
    library: Sequence[Candidate],
    used: Sequence[str],
    recent_practices: Sequence[str],
    answered_days: int,
    hidden: Iterable[str] = (),
    focus: Iterable[str] = (),
    leanings: Mapping[str, float] | None = None,
    exclude: Iterable[str] = (),
    packs: Iterable[str] = (CORE,),
    seed: str,
) -> Candidate:
    """Pick the next prompt for a space. Deterministic for the same inputs.

    `used` lists every prompt the space has had (any order); `recent_practices` the
    practices of its latest questions, newest last. `leanings` adds weight (0..1) to
    practices a couple might want more of. `packs` names the packs to draw from (the
    core library is the pack `CORE`).
    """
    return Pool(library, hidden=hidden, exclude=exclude, packs=packs).choose(
        used=used,
        recent_practices=recent_practices,
        answered_days=answered_days,
        focus=focus,
        leanings=leanings,
        seed=seed,
    )


class Pool:
    """The prompts a space may get (the chosen packs of the library less excluded
    prompts and hidden practices), indexed once so that choosing for many spaces with the
    same hidden practices and packs (the day rollover) costs little per space.
    `choose_prompt` is this for one space; both follow the same rules and give the same
    answer.

    With `fallback` (the everyday pool), a pool whose every prompt is hidden draws from
    the hidden ones rather than ask nothing; without it (a dated pack), it is empty."""

    def __init__(
        self,
        library: Sequence[Candidate],
        *,
        hidden: Iterable[str] = (),
        exclude: Iterable[str] = (),
        packs: Iterable[str] = (CORE,),
        fallback: bool = True,
    ) -> None:
        excluded = set(exclude)
        hidden_set = set(hidden)
        wanted = set(packs)
        drawn = [c for c in library if c.pack in wanted and c.id not in excluded]
        pool = [c for c in drawn if c.practice not in hidden_set]
        if not pool and fallback:  # everything hidden: better a question than none
            pool = drawn
        if not pool:
            raise LibraryEmpty()
        self.pool = pool
        self.ids = frozenset(c.id for c in pool)
        # (practice, depth) -> its prompts, by id (the order the final draw uses)
        cells: dict[tuple[str, str], list[Candidate]] = {}
        for c in sorted(pool, key=lambda c: c.id):
            cells.setdefault((c.practice, c.depth), []).append(c)
        self.cells = cells
        self.cell_ids = {cell: frozenset(c.id for c in found) for cell, found in cells.items()}

    def choose(
        self,
        *,
        used: Iterable[str],
        recent_practices: Sequence[str],
        answered_days: int,
        focus: Iterable[str] = (),
        leanings: Mapping[str, float] | None = None,
        seed: str,
    ) -> Candidate:
        """The same rules and answer as `choose_prompt` (`used`: every prompt the space
        has had, any order), for one space."""
        # No repeats until the round is over: only prompts used the fewest times are
        # eligible. While some prompt of the pool is unused, those are the unused ones,
        # found from the set of used prompts rather than by counting along the history.
        items = used if isinstance(used, Collection) else list(used)
        seen = self.ids.intersection(items)
        if len(seen) < len(self.pool):
            fewest, uses = 0, dict.fromkeys(seen, 1)
            open_cells = {cell for cell, ids in self.cell_ids.items() if not ids <= seen}
        else:
            uses = Counter(items)
            fewest = min(uses[c.id] for c in self.pool)
            open_cells = {(c.practice, c.depth) for c in self.pool if uses[c.id] == fewest}

        if answered_days < FIRST_WEEK_DAYS:
            gentle = {(p, d) for p, d in open_cells if d == "light" and p not in NOT_IN_FIRST_WEEK}
            open_cells = gentle or open_cells

        rng = _rng(seed)

        focus_set = set(focus)
        leanings = leanings or {}
        recent = Counter(recent_practices[-RECENT_WINDOW:])
        practices = sorted({practice for practice, _depth in open_cells})
        rng.shuffle(practices)  # breaks ties differently each day

        def score(practice: str) -> float:
            count = recent[practice] * (FOCUS_WEIGHT if practice in focus_set else 1.0)
            return count - 2.0 * leanings.get(practice, 0.0)

        practice = min(practices, key=score)
        weights = depth_weights(answered_days)
        depths = [d for d in DEPTH_ORDER if d in weights]
        depth = rng.choices(depths, weights=[weights[d] for d in depths])[0]
        available = {d for p, d in open_cells if p == practice}
        if depth not in available:
            # Nearest depth that still has prompts, preferring the gentler one.
            distance = {d: abs(DEPTH_ORDER.index(d) - DEPTH_ORDER.index(depth)) for d in available}
            depth = min(available, key=lambda d: (distance[d], DEPTH_ORDER.index(d)))
        choices = [c for c in self.cells[(practice, depth)] if uses.get(c.id, 0) == fewest]
        return rng.choice(choices)


def packs_for_day(
    *, turned_on: Iterable[str], dated: Collection[str], occasion: bool
) -> tuple[frozenset[str] | None, frozenset[str]]:
    """(the dated packs to try first, or None; the everyday packs) for one day.

    Every day draws from the core library and the everyday packs a couple turned on. On
    a day the couple marked (`occasion`), the dated packs they turned on (the occasions
    pack) come first."""
    on = set(turned_on)
    everyday = frozenset({CORE, *(p for p in on if p not in dated)})
    special = frozenset(p for p in on if p in dated)
    return (special if occasion and special else None), everyday


def pool_for_day(
    make: Callable[[frozenset[str], bool], Pool],
    *,
    turned_on: Iterable[str],
    dated: Collection[str],
    occasion: bool,
) -> Pool:
    """The pool a space's question comes from on one day. `make(packs, fallback)` builds
    (or finds) a Pool; a dated pack with nothing left to ask (all of it hidden, or not
    loaded) gives way to the everyday pool."""
    special, everyday = packs_for_day(turned_on=turned_on, dated=dated, occasion=occasion)
    if special is not None:
        try:
            return make(special, False)
        except LibraryEmpty:
            pass
    return make(everyday, True)
