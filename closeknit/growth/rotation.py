"""Choosing what a couple sees next so nothing repeats before the whole set is used.

Every key in the set has a count of how often this couple has had it. A round takes the
least-used keys first (ties at random), so the counts never differ by more than one:
nothing comes round a second time until everything has come round once, and so on. Keys
retired from the set simply stop being candidates; new ones join at the lowest count and
so come up soon."""

import random
from collections import Counter
from collections.abc import Iterable, Sequence


def least_used(
    keys: Sequence[str], used: Iterable[str], n: int, rng: random.Random | None = None
) -> list[str]:
    """`n` of `keys` (fewer if there are fewer), the least used first, in random order."""
    rng = rng or random.Random()
    counts = Counter(k for k in used)
    shuffled = list(keys)
    rng.shuffle(shuffled)
    # sorted() is stable, so keys with the same count stay in their shuffled order.
    chosen = sorted(shuffled, key=lambda k: counts[k])[:n]
    rng.shuffle(chosen)
    return chosen
