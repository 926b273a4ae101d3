"""Closeknit's own wording for support: no assumptions, no preaching, no repeats."""

from closeknit.lib.wording import banned_words, near_duplicates
from closeknit.support import guidance
from closeknit.support.models import MOODS, STRESS, AnswerKind, Way


def test_guidance_wording_assumes_nothing_and_never_preaches():
    wording = guidance.all_wording()
    wording["labels"] = [str(v) for v in (*MOODS.values(), *STRESS.values())]
    wording["choices"] = [str(c.label) for c in (*Way, *AnswerKind)]
    assert banned_words(wording) == []


def test_suggestions_and_examples_are_not_near_duplicates():
    texts = {
        f"{key}:{n}": text
        for key, items in guidance.all_wording().items()
        for n, text in enumerate(items)
    }
    assert near_duplicates(texts) == []


def test_every_way_of_support_has_its_own_suggestions():
    for way in Way.values:
        assert len(guidance.suggestions_for([way])) == 2
    assert guidance.suggestions_for([]) == [str(s) for s in guidance.GENERAL]
    both = guidance.suggestions_for(["space", "listening"])
    assert both[:2] == guidance.suggestions_for(["space"])
