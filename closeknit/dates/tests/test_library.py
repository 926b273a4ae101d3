"""The shipped date idea library is big, varied, inclusive and loads cleanly."""

from collections import Counter

import pytest

from closeknit.dates.library import COLLECTIONS, IDEAS
from closeknit.dates.models import Cost, Energy, Idea, Novelty, Season, Setting
from closeknit.lib import wording
from closeknit.lib.library import ContentError, collections

# Assumptions about money, transport, drink, home or bodies the ideas never make.
ASSUMING = ("car ", "drive ", "driving", "wine", "beer", "cocktail", "your home", "our home")


@pytest.fixture(scope="module")
def shipped():
    return [e for e in IDEAS.read() if not e.values["retired"]]


def test_the_library_is_declared_for_closeknit_content_load():
    assert IDEAS in COLLECTIONS
    assert IDEAS in collections()


def test_the_shipped_library_has_at_least_120_ideas_and_uses_every_tag_value(shipped):
    assert len(shipped) >= 120
    for name, choices in (
        ("setting", Setting),
        ("cost", Cost),
        ("energy", Energy),
        ("novelty", Novelty),
        ("season", Season),
    ):
        used = {e.values[name] for e in shipped}
        assert used == set(choices.values), name
    assert {e.values["long_distance"] for e in shipped} == {True, False}


def test_the_library_leans_inclusive(shipped):
    counts = Counter(e.values["cost"] for e in shipped)
    assert counts["free"] >= len(shipped) / 3, counts
    assert sum(e.values["long_distance"] for e in shipped) >= 40
    assert sum(e.values["setting"] == "home" for e in shipped) >= 40


def test_no_two_ideas_are_near_duplicates(shipped):
    for field in ("title", "text"):
        pairs = wording.near_duplicates({e.id: e.values[field] for e in shipped})
        assert not pairs, "near-duplicate ideas:\n" + "\n".join(pairs)


def test_no_idea_uses_banned_words_or_assumptions(shipped):
    found = wording.banned_words({e.id: [e.values["title"], e.values["text"]] for e in shipped})
    assert not found, found
    for e in shipped:
        text = f" {e.values['title']} {e.values['text']} ".lower()
        assert not any(word in text for word in ASSUMING), (e.id, text)


def test_a_bad_file_is_explained_by_file_and_line(tmp_path):
    (tmp_path / "dates").mkdir()
    (tmp_path / "dates" / "bad.toml").write_text(
        '[[idea]]\nid = "date-001"\ntitle = "Stroll"\n'
        'text = "Walk somewhere new at dusk together."\n'
        'setting = "moon"\ncost = "free"\nminutes = 30\nenergy = "calm"\nnovelty = "new"\n'
        'season = "any"\nlong_distance = "yes"\n'
    )
    with pytest.raises(ContentError) as err:
        IDEAS.read(root=tmp_path)
    text = str(err.value)
    assert "dates/bad.toml:1: idea 'date-001': setting is 'moon'" in text
    assert "long_distance must be true or false" in text


@pytest.mark.django_db
def test_loading_twice_changes_nothing_the_second_time():
    first = IDEAS.load()
    assert first.created >= 120
    second = IDEAS.load()
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert Idea.objects.filter(retired=False).count() == first.created
