"""Nothing repeats for a couple until the whole set has come round: the rotation as a
property, and the know-me rounds that use it."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.growth import rounds
from closeknit.growth.models import KnowItem
from closeknit.growth.questions import QUESTIONS, QUESTIONS_PER_ROUND
from closeknit.growth.rotation import least_used


@settings(max_examples=200, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=60),
    per_round=st.integers(min_value=1, max_value=8),
    rounds_played=st.integers(min_value=0, max_value=40),
    seed=st.integers(),
)
def test_counts_never_drift_apart_and_nothing_repeats_early(size, per_round, rounds_played, seed):
    keys = [f"k-{n}" for n in range(size)]
    rng = random.Random(seed)
    used: list[str] = []
    for _ in range(rounds_played):
        chosen = least_used(keys, used, per_round, rng)
        assert len(chosen) == min(per_round, size)
        assert len(set(chosen)) == len(chosen)  # never twice in one round
        used.extend(chosen)
        counts = [used.count(k) for k in keys]
        assert max(counts) - min(counts) <= 1
        if len(used) <= size:
            assert len(set(used)) == len(used)  # no repeat before all have come round


@settings(max_examples=100, deadline=None)
@given(
    first=st.integers(min_value=5, max_value=30),
    added=st.integers(min_value=1, max_value=10),
    retired=st.integers(min_value=0, max_value=4),
    seed=st.integers(),
)
def test_new_keys_come_up_first_and_retired_ones_never(first, added, retired, seed):
    rng = random.Random(seed)
    keys = [f"k-{n}" for n in range(first)]
    used = keys * 2  # everything has come round twice
    grown = keys[retired:] + [f"new-{n}" for n in range(added)]
    chosen = least_used(grown, used, added, rng)
    assert sorted(chosen) == sorted(f"new-{n}" for n in range(added))
    later = least_used(grown, used + chosen, first, rng)
    assert not set(later) & set(keys[:retired])


def test_know_me_questions_do_not_repeat_for_a_couple_until_all_are_asked(owner, partner, couple):
    asked: list[str] = []
    needed = -(-len(QUESTIONS) // QUESTIONS_PER_ROUND)
    for n in range(needed + 2):
        subject, guesser = (owner, partner) if n % 2 else (partner, owner)
        r = rounds.round_start(user=subject)
        rounds.answers_save(user=subject, round_id=r.pk, answers={1: "x"})
        rounds.guesses_save(user=guesser, round_id=r.pk, guesses={1: "y"})
        keys = list(KnowItem.objects.filter(round=r).values_list("question", flat=True))
        assert len(keys) == QUESTIONS_PER_ROUND
        asked.extend(keys)
        if len(asked) <= len(QUESTIONS):
            assert len(set(asked)) == len(asked), f"a repeat in round {n + 1}"
    assert set(asked) == set(QUESTIONS)
    counts = [asked.count(k) for k in QUESTIONS]
    assert max(counts) - min(counts) <= 1
