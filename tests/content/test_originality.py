"""Every text Closeknit ships stays clear of published question lists and card decks, and
no two questions anywhere in the library or the code ask the same thing.

The published lists sit outside the repository in `shared/reference_lists/`, found by
walking up from the checkout or through $CLOSEKNIT_REFERENCE_LISTS. Without them this
fails rather than passing silently; $CLOSEKNIT_SKIP_REFERENCE_LISTS=1 is the deliberate
way out, for a machine that has no copy.
"""

import difflib
import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from closeknit.lib import originality, shipped
from closeknit.lib.originality import References, normalise, reference_dir
from closeknit.lib.wording import near_duplicates


@pytest.fixture(scope="module")
def references() -> References:
    folder = reference_dir()
    if folder is None:
        if os.environ.get(originality.SKIP_ENV) == "1":
            pytest.skip(f"{originality.SKIP_ENV}=1: the originality check is switched off")
        where = os.environ.get(originality.ENV)
        pytest.fail(
            (
                f"{originality.ENV}={where} is not a folder"
                if where
                else "no shared/reference_lists folder above the repository"
            )
            + f"; point {originality.ENV} at the published lists, or set "
            f"{originality.SKIP_ENV}=1 to run without the originality check",
            pytrace=False,
        )
    return References(folder)


@pytest.fixture(scope="module")
def everything() -> list[tuple[str, str]]:
    return [*shipped.toml_texts(), *shipped.code_texts()]


def test_every_shipped_text_is_clear_of_the_published_lists(references, everything):
    started = time.perf_counter()
    flags = references.flags(everything)
    elapsed = time.perf_counter() - started
    assert not flags, (
        f"{len(flags)} texts too close to a published item (rewrite them; see "
        "docs/writing-prompts.md):\n" + "\n".join(map(str, flags))
    )
    assert elapsed < 5, f"the originality check took {elapsed:.1f} s"


def test_the_check_sees_every_kind_of_content(everything):
    where = {key.split("/")[0] if "/" in key else key.rsplit(".", 1)[0] for key, _ in everything}
    for folder in ("prompts", "dates", "dreams", "intimacy", "kindness", "phrases", "plan"):
        assert folder in where, f"no texts gathered from content/{folder}/"
    for module in ("trust.questions", "growth.questions", "trust.guide", "support.guidance"):
        assert any(key.startswith(f"closeknit.{module}.") for key, _ in everything), module
    texts = {text for _, text in everything}
    assert "Which season makes me happiest, and why?" in texts
    assert len(everything) > 2000


def test_the_rule_flags_close_rewordings_and_shared_runs_but_not_question_frames(tmp_path):
    (tmp_path / "deck.txt").write_text(
        "A made-up deck for this test\n"
        "What is the most memorable meal you have ever eaten on holiday?\n"
        "Describe the smell of your grandmother's kitchen on a rainy afternoon.\n"
        "How do you want to be loved when you are sad?\n",
        encoding="utf-8",
    )
    refs = References(tmp_path)
    # A light rewording of a whole item.
    close = refs.check("What's the most memorable meal you've ever eaten on a holiday?", key="a")
    assert close is not None and close.similarity >= originality.SIMILARITY
    assert close.reference.source == "deck.txt"
    # Five words in a row that carry the item's substance, inside an otherwise new text.
    run = refs.check("Tell me about the smell of your grandmother's kitchen at dusk.", key="b")
    assert run is not None and "smell of your grandmother's kitchen" in run.runs[0]
    # The same frame with different substance is ordinary English.
    assert refs.check("How do you want to be cheered on before a big interview?", key="c") is None
    assert refs.check("Which song could you dance to in the kitchen?", key="d") is None
    # Labels and choices too short to be an item are left alone.
    assert refs.check("Rainy afternoon", key="e") is None
    assert "too close to deck.txt" in str(close)


def test_normalising_ignores_case_punctuation_and_curly_quotes():
    assert normalise("What\u2019s  YOUR favourite\u2014meal?") == "what's your favourite meal"


def test_the_lists_are_found_above_the_checkout_or_through_the_environment(tmp_path, monkeypatch):
    lists = tmp_path / "work" / "shared" / "reference_lists"
    lists.mkdir(parents=True)
    checkout = tmp_path / "work" / "clones" / "ci" / "closeknit" / "lib" / "originality.py"
    monkeypatch.delenv(originality.ENV, raising=False)
    assert reference_dir(start=checkout) == lists
    assert reference_dir(start=tmp_path / "elsewhere" / "x.py") is None
    monkeypatch.setenv(originality.ENV, str(tmp_path))
    assert reference_dir(start=checkout) == tmp_path
    monkeypatch.setenv(originality.ENV, str(tmp_path / "missing"))
    assert reference_dir(start=checkout) is None


def test_no_two_questions_anywhere_in_the_library_or_the_code_are_near_duplicates():
    found = shipped.questions()
    assert any(key.startswith("closeness:") for key in found)
    assert any(key.startswith("know-me:") for key in found)
    assert any(key.startswith("dream:") for key in found)
    pairs = near_duplicates(found)
    assert not pairs, "near-duplicate questions:\n" + "\n".join(pairs)


def test_the_cross_library_check_catches_a_question_asked_in_two_places():
    pairs = near_duplicates(
        {
            "closeness:s1-11": "What are you looking forward to this month?",
            "know-me:now-looking-forward": "What am I looking forward to this month?",
        }
    )
    assert len(pairs) == 1, pairs


def test_the_reference_lists_are_outside_the_repository():
    folder = reference_dir()
    repo = Path(__file__).resolve().parents[2]
    if folder is not None:
        assert repo not in folder.resolve().parents


@given(st.text(alphabet="abcde '?", max_size=60), st.text(alphabet="abcde '?", max_size=60))
def test_the_fast_bound_in_the_near_duplicate_check_never_hides_a_difflib_match(a, b):
    # near_duplicates skips difflib when rapidfuzz's Indel similarity is under the line;
    # that is only sound if the Indel similarity is never below difflib's ratio.
    assert Indel.normalized_similarity(a, b) >= difflib.SequenceMatcher(None, a, b).ratio() - 1e-9
