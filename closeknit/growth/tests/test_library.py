import re

from closeknit.growth.library import CHALLENGES, MAX_DAYS, PAIRS
from closeknit.growth.models import ChallengeCategory, Pair, PairDepth, PairKind
from closeknit.growth.questions import DEEPER, QUESTIONS
from closeknit.lib.wording import banned_words, content_words, near_duplicates


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
    assert len(QUESTIONS) >= 150
    assert near_duplicates({key: str(text) for key, text in QUESTIONS.items()}) == []


# The 36 keys rounds stored before the list grew: a key is stable forever.
FIRST_KEYS = [
    "fav-meal",
    "fav-season",
    "fav-smell",
    "fav-word",
    "fav-song",
    "fav-treat",
    "fav-place",
    "fav-book",
    "fav-weather",
    "fav-colour",
    "hope-trip",
    "hope-skill",
    "hope-someday",
    "hope-weekend",
    "hope-proud",
    "hope-brave",
    "quirk-morning",
    "quirk-habit",
    "quirk-snack",
    "quirk-sleep",
    "quirk-pet-peeve",
    "quirk-ritual",
    "quirk-collect",
    "past-childhood",
    "past-memory",
    "past-toy",
    "past-made",
    "feel-recharge",
    "feel-cared",
    "feel-laugh",
    "feel-calm",
    "feel-celebrate",
    "feel-grateful",
    "now-reading",
    "now-looking-forward",
    "now-on-mind",
]


def test_know_me_questions_keep_their_keys_and_mix_light_and_deeper():
    assert set(FIRST_KEYS) <= set(QUESTIONS)
    assert set(QUESTIONS) >= DEEPER
    assert len(DEEPER) >= 40 and len(QUESTIONS) - len(DEEPER) >= 100
    for key, text in QUESTIONS.items():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", key) and len(key) <= 40, key
        assert str(text).endswith("?"), key


def live_pairs():
    return [e for e in PAIRS.read() if not e.values["retired"]]


# Beyond the shared list: a pair is a game anyone can play, whatever they drink, earn,
# believe or can do, and wherever they live.
NOT_IN_A_PAIR = re.compile(
    r"\b(wine|beer|cocktails?|pub|bar|drunk|money|cash|rich|lottery|salary|pray|god|"
    r"baby|babies|kids?|husband|wife|boyfriend|girlfriend|run|hike|marathon|our home|"
    r"our flat|our bed)\b",
    re.IGNORECASE,
)


def test_there_are_enough_pairs_of_both_kinds_and_depths():
    entries = live_pairs()
    assert len(entries) >= 150
    kinds = [e.values["kind"] for e in entries]
    depths = [e.values["depth"] for e in entries]
    assert all(kinds.count(k) >= 50 for k in PairKind.values)
    assert all(depths.count(d) >= 30 for d in PairDepth.values)


def test_no_two_pairs_are_near_duplicates():
    entries = live_pairs()
    assert near_duplicates({e.id: f"{e.values['a']} / {e.values['b']}" for e in entries}) == []
    # The two sides of one pair are meant to mirror each other; across pairs, no side
    # may echo another.
    sides = {f"{e.id}:{s}": e.values[s] for e in entries for s in ("a", "b")}
    across = [
        line
        for line in near_duplicates(sides)
        if line.split(":")[0] != line.split(" ~ ")[1].split(":")[0]
    ]
    assert across == []


def test_pairs_assume_nothing_about_anyone():
    entries = live_pairs()
    assert banned_words({e.id: [e.values["a"], e.values["b"]] for e in entries}) == []
    for e in entries:
        for side in (e.values["a"], e.values["b"]):
            assert not NOT_IN_A_PAIR.search(side), (e.id, side)
            assert side[0].isupper() and not side.endswith((".", "?")), (e.id, side)
            assert len(side) <= 50, (e.id, side)  # two tap targets side by side on a phone


def test_loading_pairs_twice_changes_nothing_the_second_time(db):
    first = PAIRS.load()
    assert first.created >= 150
    second = PAIRS.load()
    assert (second.created, second.updated, second.retired) == (0, 0, 0)
    assert Pair.objects.filter(retired=False).count() == first.created


def _as_asked_of_you(text: str) -> str:
    """A know-me question in the words of a question put to oneself ("What do I love?"
    becomes "What do you love?"), so closeness to other libraries shows."""
    for mine, yours in (
        (r"\bI'm\b", "you're"),
        (r"\bam I\b", "are you"),
        (r"\bI\b", "you"),
        (r"\bmy\b", "your"),
        (r"\bmyself\b", "yourself"),
        (r"\bme\b", "you"),
    ):
        text = re.sub(mine, yours, text)
    return text


def test_know_me_questions_are_not_near_duplicates_of_other_questions():
    """The closeness session's questions and the daily prompts ask the same person about
    themselves; a know-me question must not echo one of them."""
    import tomllib
    from pathlib import Path

    from closeknit.lib.library import content_dir, toml_files
    from closeknit.trust.questions import QUESTIONS as CLOSENESS

    others = {f"closeness {i}": str(q.text) for i, q in enumerate(CLOSENESS)}
    for path in toml_files(Path(content_dir())):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("prompt", []):
            if isinstance(entry, dict) and isinstance(entry.get("text"), str):
                others[f"prompt {entry.get('id')}"] = entry["text"]
    # Only across, pair by pair (the other libraries check themselves), and only pairs
    # sharing a content word: two questions with none in common are not near-duplicates.
    words = {other: content_words(wording) for other, wording in others.items()}
    found = []
    for key, text in QUESTIONS.items():
        mine = _as_asked_of_you(str(text))
        shared = content_words(mine)
        for other, wording in others.items():
            if shared & words[other]:
                found += near_duplicates({other: wording, key: mine})
    assert found == []
