"""Property tests of the scheduler with content packs: the daily question draws from the
core library plus the packs a couple turned on, with no repeat until all of it is used;
a dated pack (occasions) gives the question only on a day the couple marked."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit import practices
from closeknit.prompts.scheduler import (
    CORE,
    Candidate,
    LibraryEmpty,
    Pool,
    choose_prompt,
    packs_for_day,
    pool_for_day,
)

PACKS = ("far-apart", "new-here", "hard-days")
DATED = "occasions"


def make_library(per_cell: int = 1, pack_size: int = 2) -> list[Candidate]:
    core = [
        Candidate(id=f"{p}-{d}-{i}", practice=p, depth=d)
        for p in practices.KEYS
        for d in ("light", "deeper", "deepest")
        for i in range(per_cell)
    ]
    packs = [
        Candidate(id=f"{pack}:{p}-{i}", practice=p, depth=d, pack=pack)
        for pack in (*PACKS, DATED)
        for n, p in enumerate(practices.KEYS)
        for i in range(pack_size)
        for d in [("light", "deeper", "deepest")[(n + i) % 3]]
    ]
    return core + packs


def run(library, days, *, turned_on, start=0, used=None, occasion_days=frozenset(), **kw):
    """Simulate days of choosing; `turned_on` maps a day to the packs on that day."""
    used = list(used or [])
    by_id = {c.id: c for c in library}
    recent = [by_id[i].practice for i in used]

    def make(packs, fallback):
        return Pool(library, packs=packs, fallback=fallback, **kw)

    for n in range(start, start + days):
        pool = pool_for_day(
            make, turned_on=turned_on(n), dated={DATED}, occasion=n in occasion_days
        )
        picked = pool.choose(used=used, recent_practices=recent, answered_days=n, seed=f"space:{n}")
        used.append(picked.id)
        recent.append(picked.practice)
    return used


@settings(max_examples=30, deadline=None)
@given(
    on=st.sets(st.sampled_from(PACKS)),
    per_cell=st.integers(1, 2),
    extra=st.integers(0, 80),
)
def test_no_repeat_until_everything_turned_on_is_used(on, per_cell, extra):
    library = make_library(per_cell)
    eligible = {c.id for c in library if c.pack == CORE or c.pack in on}
    used = run(library, len(eligible) + extra, turned_on=lambda n: on)
    assert set(used) <= eligible
    size = len(eligible)
    for start in range(0, len(used), size):
        one_round = used[start : start + size]
        assert len(set(one_round)) == len(one_round)
    assert set(used[:size]) == eligible


@settings(max_examples=30, deadline=None)
@given(pack=st.sampled_from(PACKS), switch=st.integers(0, 60), after=st.integers(1, 80))
def test_turning_a_pack_off_stops_its_prompts(pack, switch, after):
    library = make_library()
    used = run(library, switch, turned_on=lambda n: {pack})
    later = run(library, after, turned_on=lambda n: set(), start=switch, used=used)[switch:]
    assert not any(i.startswith(f"{pack}:") for i in later)


@settings(max_examples=30, deadline=None)
@given(pack=st.sampled_from(PACKS), switch=st.integers(7, 40))
def test_turning_a_pack_on_mixes_it_in_before_the_round_ends(pack, switch):
    library = make_library(per_cell=2)
    core = {c.id for c in library if c.pack == CORE}
    in_pack = {c.id for c in library if c.pack == pack}
    used = run(library, switch, turned_on=lambda n: set())
    left = len(core - set(used)) + len(in_pack)
    later = run(library, left, turned_on=lambda n: {pack}, start=switch, used=used)[switch:]
    # The rest of the round holds every prompt of the pack, once, beside the core's.
    assert set(later) == (core - set(used)) | in_pack
    assert len(later) == len(set(later))
    # Mixed in, not saved for the end: some of it comes in the first third.
    assert in_pack & set(later[: max(1, left // 3)])


@settings(max_examples=30, deadline=None)
@given(
    on=st.sets(st.sampled_from((*PACKS, DATED))),
    marked=st.sets(st.integers(0, 90), max_size=12),
)
def test_a_dated_pack_asks_only_on_the_days_a_couple_marked(on, marked):
    library = make_library()
    used = run(library, 90, turned_on=lambda n: on, occasion_days=marked)
    for n, pid in enumerate(used):
        if DATED in on and n in marked:
            # Its 16 prompts last more than 12 marked days.
            assert pid.startswith(f"{DATED}:")
        else:
            assert not pid.startswith(f"{DATED}:")


def test_a_marked_day_without_the_dated_pack_asks_from_the_everyday_library():
    library = make_library()
    used = run(library, 10, turned_on=lambda n: {"far-apart"}, occasion_days={3, 4})
    assert not any(i.startswith(f"{DATED}:") for i in used)


def test_a_dated_pack_used_up_or_hidden_gives_way_to_the_everyday_pool():
    library = [Candidate("core-1", "support", "light"), Candidate("o-1", "trust", "light", DATED)]

    def make(packs, fallback):
        return Pool(library, hidden={"trust"}, packs=packs, fallback=fallback)

    pool = pool_for_day(make, turned_on={DATED}, dated={DATED}, occasion=True)
    assert pool.choose(used=[], recent_practices=[], answered_days=9, seed="s").id == "core-1"


def test_the_packs_for_a_day():
    special, everyday = packs_for_day(turned_on={"a", DATED}, dated={DATED}, occasion=True)
    assert special == {DATED} and everyday == {CORE, "a"}
    special, everyday = packs_for_day(turned_on={"a", DATED}, dated={DATED}, occasion=False)
    assert special is None and everyday == {CORE, "a"}


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_pool_of_packs_picks_what_a_library_of_just_those_packs_picks(data):
    library = make_library(data.draw(st.integers(1, 2)))
    packs = data.draw(st.sets(st.sampled_from((CORE, *PACKS, DATED)), min_size=1))
    ids = [c.id for c in library]
    rnd = data.draw(st.randoms(use_true_random=False))
    args = {
        "used": [rnd.choice(ids) for _ in range(data.draw(st.integers(0, 120)))],
        "recent_practices": data.draw(st.lists(st.sampled_from(practices.KEYS), max_size=20)),
        "answered_days": data.draw(st.integers(0, 200)),
        "hidden": data.draw(st.sets(st.sampled_from(practices.KEYS), max_size=8)),
        "seed": data.draw(st.text(max_size=8)),
    }
    chosen = [c for c in library if c.pack in packs]
    as_core = [Candidate(c.id, c.practice, c.depth) for c in chosen]
    picked = choose_prompt(library=library, packs=packs, **args)
    assert picked.pack in packs
    assert picked.id == choose_prompt(library=as_core, **args).id


def test_packs_are_off_unless_named():
    library = make_library()
    counts = Counter(
        choose_prompt(library=library, used=[], recent_practices=[], answered_days=30,
                      seed=f"x{n}").pack
        for n in range(50)
    )  # fmt: skip
    assert set(counts) == {CORE}


def test_a_pool_with_nothing_in_its_packs_is_empty():
    try:
        Pool(make_library(), packs={"nothing-here"})
    except LibraryEmpty:
        return
    raise AssertionError("expected LibraryEmpty")
