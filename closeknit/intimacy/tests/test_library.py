"""The shipped yes / maybe / no items and the toolkit's own wording are sound."""

from collections import Counter

import pytest

from closeknit.intimacy import words
from closeknit.intimacy.library import LIST_ITEMS
from closeknit.intimacy.models import AFFECTION_KINDS, ListItem, Tier
from closeknit.lib.library import collections
from closeknit.lib.wording import banned_words, near_duplicates


@pytest.fixture(scope="module")
def shipped():
    return [e for e in LIST_ITEMS.read() if not e.values["retired"]]


def test_the_shipped_list_has_at_least_60_items_across_every_tier(shipped):
    assert len(shipped) >= 60
    per_tier = Counter(e.values["tier"] for e in shipped)
    assert set(per_tier) == set(Tier.values)
    assert min(per_tier.values()) >= 15, per_tier


def test_items_are_neither_near_duplicates_nor_assuming(shipped):
    texts = {e.id: e.values["text"] for e in shipped}
    assert near_duplicates(texts) == []
    assert banned_words({k: [v] for k, v in texts.items()}) == []


def test_item_ids_name_their_tier(shipped):
    assert all(e.id.split("-")[0] == e.values["tier"] for e in shipped)


def test_the_toolkit_wording_is_our_own_kind_and_unrepeated():
    phrases = {f"phrase-{n}": str(p) for n, p in enumerate(words.NOT_NOW_PHRASES)}
    assert len(phrases) >= 12
    assert near_duplicates(phrases) == []
    everything = {
        **{k: [v] for k, v in phrases.items()},
        "why": [str(p) for p in (*words.WHY_THIS_HELPS, *words.WHY_A_WARM_NO)],
        "hearing": [str(p) for p in words.HEARING_NOT_NOW],
        "affection": [str(v) for v in AFFECTION_KINDS.values()],
    }
    assert banned_words(everything) == []


def test_the_collection_is_registered_for_content_load():
    assert LIST_ITEMS in collections()


def test_loading_twice_changes_nothing_the_second_time(db, shipped):
    first = LIST_ITEMS.load()
    assert first.created == len(shipped)
    again = LIST_ITEMS.load()
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(shipped))
    assert ListItem.objects.filter(retired=False).count() == len(shipped)
