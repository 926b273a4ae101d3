"""Property tests of the daily scheduler: time zones, DST, the day boundary, long
histories, and the mix of practices and depths."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit import practices
from closeknit.lib.timezones import all_timezones
from closeknit.prompts.scheduler import Candidate, Pool, choose_prompt, day_for, day_start

ZONES = sorted(all_timezones() - {"Factory", "localtime"})
DST_ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "America/Santiago",
    "Europe/Berlin",
    "Pacific/Chatham",
    "Asia/Tehran",
    "America/Havana",
]

moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(now=moments, tz=st.sampled_from(ZONES), hour=st.integers(0, 23))
def test_a_day_starts_at_the_chosen_local_hour(now, tz, hour):
    day = day_for(now=now, tz=tz, starts_at=hour)
    assert day_start(day=day, tz=tz, starts_at=hour) <= now
    assert now < day_start(day=day + timedelta(days=1), tz=tz, starts_at=hour)


@settings(max_examples=200, deadline=None)
@given(
    start=moments,
    tz=st.sampled_from(DST_ZONES + ZONES[:50]),
    hour=st.integers(0, 23),
    steps=st.lists(st.integers(1, 180), min_size=5, max_size=60),
)
def test_the_day_never_goes_backwards_across_dst(start, tz, hour, steps):
    now, previous = start, day_for(now=start, tz=tz, starts_at=hour)
    for minutes in steps:
        now += timedelta(minutes=minutes * 7)
        current = day_for(now=now, tz=tz, starts_at=hour)
        assert current >= previous
        assert (current - previous).days <= 1 + (minutes * 7) // (60 * 20)
        previous = current


def test_late_night_answers_still_count_for_the_evening_before():
    tz = "Europe/Berlin"
    late = datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo(tz))  # the night clocks go forward
    assert day_for(now=late, tz=tz, starts_at=4) == date(2026, 3, 28)
    morning = datetime(2026, 3, 29, 4, 0, tzinfo=ZoneInfo(tz))
    assert day_for(now=morning, tz=tz, starts_at=4) == date(2026, 3, 29)


def make_library(per_cell: int = 3) -> list[Candidate]:
    return [
        Candidate(id=f"{p}-{d}-{i}", practice=p, depth=d)
        for p in practices.KEYS
        for d in ("light", "deeper", "deepest")
        for i in range(per_cell)
    ]


def simulate(library, days, **kwargs):
    used: list[str] = []
    recent: list[str] = []
    by_id = {c.id: c for c in library}
    for n in range(days):
        picked = choose_prompt(
            library=library,
            used=used,
            recent_practices=recent,
            answered_days=n,
            seed=f"space:{n}",
            **kwargs,
        )
        used.append(picked.id)
        recent.append(by_id[picked.id].practice)
    return used


@settings(max_examples=25, deadline=None)
@given(per_cell=st.integers(1, 4), extra_days=st.integers(0, 200))
def test_no_repeat_until_the_library_is_used_up(per_cell, extra_days):
    library = make_library(per_cell)
    used = simulate(library, len(library) + extra_days)
    size = len(library)
    for start in range(0, len(used), size):
        one_round = used[start : start + size]
        assert len(set(one_round)) == len(one_round)
    assert set(used[:size]) == {c.id for c in library}


@settings(max_examples=25, deadline=None)
@given(hidden=st.sets(st.sampled_from(practices.KEYS), min_size=1, max_size=7))
def test_hidden_practices_never_appear(hidden):
    library = make_library(2)
    by_id = {c.id: c for c in library}
    used = simulate(library, 60, hidden=hidden)
    assert not {by_id[i].practice for i in used} & hidden


def test_practices_take_turns_evenly():
    library = make_library(10)
    by_id = {c.id: c for c in library}
    used = simulate(library, 80)
    # From the second week on: the first leaves physical intimacy out.
    counts = Counter(by_id[i].practice for i in used[7:])
    assert set(counts) == set(practices.KEYS)
    assert max(counts.values()) - min(counts.values()) <= 3


def test_focus_practices_come_up_more_often():
    library = make_library(10)
    by_id = {c.id: c for c in library}
    used = simulate(library, 80, focus={"trust"})
    counts = Counter(by_id[i].practice for i in used)
    assert counts["trust"] > max(v for k, v in counts.items() if k != "trust")


def test_depth_rises_gently_with_history():
    library = make_library(30)
    by_id = {c.id: c for c in library}
    used = simulate(library, 200)
    first_week = Counter(by_id[i].depth for i in used[:7])
    assert first_week == {"light": 7}
    later = Counter(by_id[i].depth for i in used[100:200])
    assert later["deepest"] > 0 and later["deeper"] > 0
    assert later["light"] >= later["deepest"]


@settings(max_examples=50, deadline=None)
@given(
    per_cell=st.integers(1, 3),
    used_before=st.integers(0, 60),
    focus=st.sets(st.sampled_from(practices.KEYS), max_size=3),
)
def test_the_first_week_is_light_and_leaves_intimacy_out(per_cell, used_before, focus):
    # Even when the couple chose intimacy as a focus, and whatever was used already.
    library = make_library(per_cell)
    by_id = {c.id: c for c in library}
    used = [c.id for c in library][:used_before]
    for day in range(7):
        picked = choose_prompt(
            library=library, used=used, recent_practices=[], answered_days=day,
            focus=focus, seed=f"first:{day}",
        )  # fmt: skip
        light_left = {
            c.id for c in library if c.depth == "light" and c.practice != "intimacy"
        } - set(used)
        if light_left:
            assert by_id[picked.id].depth == "light"
            assert by_id[picked.id].practice != "intimacy"
        used.append(picked.id)


def test_intimacy_comes_after_the_first_week():
    library = make_library(10)
    by_id = {c.id: c for c in library}
    used = simulate(library, 60)
    assert "intimacy" not in {by_id[i].practice for i in used[:7]}
    assert "intimacy" in {by_id[i].practice for i in used[7:]}


def test_the_choice_is_deterministic_and_varies_by_day():
    library = make_library(3)
    args = {"library": library, "used": [], "recent_practices": [], "answered_days": 0}
    assert choose_prompt(**args, seed="a:1") == choose_prompt(**args, seed="a:1")
    picks = {choose_prompt(**args, seed=f"a:{n}").id for n in range(30)}
    assert len(picks) > 5


def test_excluded_prompts_are_skipped():
    library = make_library(1)
    picked = choose_prompt(library=library, used=[], recent_practices=[], answered_days=0, seed="x")
    again = choose_prompt(
        library=library,
        used=[],
        recent_practices=[],
        answered_days=0,
        seed="x",
        exclude={picked.id},
    )
    assert again.id != picked.id


def reference_choose(*, library, used, recent_practices, answered_days, hidden=(), focus=(),
                     leanings=None, exclude=(), seed):  # fmt: skip
    """choose_prompt as it was before the pool was indexed (issue #9): walking the whole
    library for every choice. The indexed version must pick exactly the same prompt."""
    import random as _random

    from closeknit.prompts.scheduler import DEPTH_ORDER, RECENT_WINDOW, _rng, depth_weights

    excluded, hidden_set = set(exclude), set(hidden)
    pool = [c for c in library if c.id not in excluded and c.practice not in hidden_set]
    if not pool:
        pool = [c for c in library if c.id not in excluded]
    uses = Counter(used)
    fewest = min(uses[c.id] for c in pool)
    eligible = [c for c in pool if uses[c.id] == fewest]
    if answered_days < 7:  # the first week: light, and no physical intimacy, if any are left
        gentle = [c for c in eligible if c.depth == "light" and c.practice != "intimacy"]
        eligible = gentle or eligible
    rng: _random.Random = _rng(seed)
    focus_set, leanings = set(focus), leanings or {}
    recent = Counter(recent_practices[-RECENT_WINDOW:])
    kinds = sorted({c.practice for c in eligible})
    rng.shuffle(kinds)

    def score(practice):
        count = recent[practice] * (0.6 if practice in focus_set else 1.0)
        return count - 2.0 * leanings.get(practice, 0.0)

    practice = min(kinds, key=score)
    in_practice = [c for c in eligible if c.practice == practice]
    weights = depth_weights(answered_days)
    depths = [d for d in DEPTH_ORDER if d in weights]
    depth = rng.choices(depths, weights=[weights[d] for d in depths])[0]
    available = {c.depth for c in in_practice}
    if depth not in available:
        distance = {d: abs(DEPTH_ORDER.index(d) - DEPTH_ORDER.index(depth)) for d in available}
        depth = min(available, key=lambda d: (distance[d], DEPTH_ORDER.index(d)))
    return rng.choice(sorted((c for c in in_practice if c.depth == depth), key=lambda c: c.id))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_indexed_pool_picks_what_walking_the_library_picks(data):
    full = make_library(data.draw(st.integers(1, 3)))
    rnd = data.draw(st.randoms(use_true_random=False))
    library = rnd.sample(full, k=data.draw(st.integers(1, len(full))))
    ids = [c.id for c in full] + ["retired-001", "retired-002"]
    used = [rnd.choice(ids) for _ in range(data.draw(st.integers(0, 2 * len(library) + 5)))]
    if data.draw(st.booleans()):  # a space that has been through whole rounds
        used += [c.id for c in library] * data.draw(st.integers(1, 3))
    keys = st.sampled_from(practices.KEYS)
    args = {
        "library": library,
        "used": data.draw(st.permutations(used)),
        "recent_practices": data.draw(st.lists(keys, max_size=30)),
        "answered_days": data.draw(st.integers(0, 400)),
        "hidden": data.draw(st.sets(keys, max_size=8)),
        "focus": data.draw(st.sets(keys, max_size=3)),
        "leanings": data.draw(st.dictionaries(keys, st.floats(0, 1), max_size=8)),
        "exclude": data.draw(st.sets(st.sampled_from([c.id for c in library]), max_size=3)),
        "seed": data.draw(st.text(max_size=12)),
    }
    if set(args["exclude"]) >= {c.id for c in library}:
        args["exclude"] = set()
    assert choose_prompt(**args) == reference_choose(**args)
    # The rollover's way: one pool for many spaces.
    pool = Pool(library, hidden=args["hidden"], exclude=args["exclude"])
    picked = pool.choose(
        used=args["used"],
        recent_practices=args["recent_practices"],
        answered_days=args["answered_days"],
        focus=args["focus"],
        leanings=args["leanings"],
        seed=args["seed"],
    )
    assert picked == reference_choose(**args)
