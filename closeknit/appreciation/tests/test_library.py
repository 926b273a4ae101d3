"""The shipped kindness-idea library and the wording of the note helpers."""

from collections import Counter

from closeknit.appreciation.library import COLLECTIONS, KINDNESS
from closeknit.appreciation.models import CARE_KINDS, LEVELS, QUALITIES, CareKind, KindnessIdea
from closeknit.appreciation.text import STARTER, STARTER_WITHOUT_QUALITY
from closeknit.lib.library import collections
from closeknit.lib.wording import banned_words, near_duplicates


def test_the_library_ships_at_least_80_ideas_covering_every_kind_of_care():
    live = [e for e in KINDNESS.read() if not e.values["retired"]]
    assert len(live) >= 80
    per_kind = Counter(e.values["kind"] for e in live)
    assert set(per_kind) == set(CARE_KINDS)
    assert min(per_kind.values()) >= 12


def test_no_two_ideas_are_near_duplicates():
    texts = {e.id: e.values["text"] for e in KINDNESS.read()}
    assert near_duplicates(texts) == []


def test_no_idea_or_helper_assumes_or_preaches():
    wording = {e.id: [e.values["text"]] for e in KINDNESS.read()}
    wording["starters"] = [str(STARTER), str(STARTER_WITHOUT_QUALITY)]
    wording["qualities"] = [str(q) for q in QUALITIES.values()]
    wording["levels"] = [str(v) for v in LEVELS.values()] + [str(k.label) for k in CareKind]
    assert banned_words(wording) == []


def test_the_library_is_declared_for_content_load(db):
    assert KINDNESS in COLLECTIONS
    assert KINDNESS in collections()
    first = KINDNESS.load()
    assert first.created >= 80
    assert KINDNESS.load().unchanged == first.created
    assert KindnessIdea.objects.filter(retired=False).count() == first.created
