from closeknit.growth.library import CHALLENGES, MAX_DAYS
from closeknit.growth.models import ChallengeCategory
from closeknit.growth.questions import QUESTIONS
from closeknit.lib.wording import banned_words, near_duplicates


def live_entries():
    return [e for e in CHALLENGES.read() if not e.values["retired"]]


def test_the_shipped_library_has_at_least_forty_challenges_in_every_category():
    entries = live_entries()
    assert len(entries) >= 40
    assert {e.values["category"] for e in entries} == set(ChallengeCategory.values)


def test_challenges_range_from_one_evening_to_thirty_days():
    days = [e.values["days"] for e in live_entries()]
    assert min(days) == 1 and max(days) == MAX_DAYS
    assert len(set(days)) >= 6  # a real spread, not two extremes
    assert sum(1 for d in days if d == 1) >= 8
    assert sum(1 for d in days if d >= 14) >= 8


def test_every_challenge_can_be_checked_off():
    for entry in live_entries():
        steps, days = entry.values["steps"], entry.values["days"]
        if days <= 3:
            assert 2 <= len(steps) <= 10, f"{entry.id}: short challenges list their steps"
        count = len(steps) or days
        assert 1 <= count <= MAX_DAYS, entry.id


def test_no_two_challenges_are_near_duplicates():
    entries = live_entries()
    assert near_duplicates({e.id: e.values["text"] for e in entries}) == []
    assert near_duplicates({e.id: e.values["title"] for e in entries}) == []


def test_challenges_and_questions_make_no_assumptions_and_never_preach():
    wording = {
        e.id: [e.values["title"], e.values["text"], *e.values["steps"]] for e in live_entries()
    }
    assert banned_words(wording) == []
    assert banned_words({key: [str(text)] for key, text in QUESTIONS.items()}) == []


def test_there_are_enough_original_know_me_questions():
    assert len(QUESTIONS) >= 30
    assert near_duplicates({key: str(text) for key, text in QUESTIONS.items()}) == []
