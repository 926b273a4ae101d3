"""The shipped library of gentle phrases, and where people reach it."""

from collections import Counter

from closeknit.conversations.library import PHRASES
from closeknit.conversations.models import Phrase, PhraseGroup
from closeknit.lib.wording import banned_words, near_duplicates


def test_the_shipped_library_is_large_varied_and_in_our_voice():
    entries = [e for e in PHRASES.read() if not e.values["retired"]]
    assert len(entries) >= 40
    per_group = Counter(e.values["group"] for e in entries)
    assert set(per_group) == set(PhraseGroup.values)
    assert min(per_group.values()) >= 8
    texts = {e.id: e.values["text"] for e in entries}
    assert near_duplicates(texts) == []
    assert banned_words({key: [text] for key, text in texts.items()}) == []


def test_loading_twice_changes_nothing(phrases):
    assert str(PHRASES.load()).endswith("0 new, 0 changed, 50 unchanged, 0 retired")
    assert Phrase.objects.filter(retired=False).count() == 50


def test_the_phrases_page_groups_them_with_copy_buttons(web, owner, phrases):
    client = web(owner)
    page = client.get("/communication/phrases/").content.decode()
    first = Phrase.objects.order_by("id").first()
    assert f'data-copy="#p-{first.id}"' in page
    assert page.count('class="button small secondary copy"') == 50
    for label in PhraseGroup.labels:
        assert str(label) in page
    only = client.get("/communication/phrases/?group=taking_a_break").content.decode()
    assert only.count('class="button small secondary copy"') == 10
    assert client.get("/communication/phrases/?group=nope").status_code == 200


def test_the_index_shows_a_few_phrases_and_the_way_to_all_of_them(web, owner, phrases):
    page = web(owner).get("/communication/").content.decode()
    assert 'href="/communication/phrases/"' in page
    assert page.count("data-copy=") == 2 * len(PhraseGroup.values)


def test_phrases_over_the_api(api, owner, phrases):
    client = api(owner)
    groups = client.get("/communication/phrases").json()
    assert [g["key"] for g in groups] == list(PhraseGroup.values)
    assert sum(len(g["phrases"]) for g in groups) == 50
    repairing = client.get("/communication/phrases?group=repairing").json()
    assert [g["key"] for g in repairing] == ["repairing"]
    bad = client.get("/communication/phrases?group=winning")
    assert bad.status_code == 400 and "repairing" in bad.json()["error"]["message"]


def test_without_a_loaded_library_the_pages_say_what_to_do(web, owner):
    page = web(owner).get("/communication/phrases/").content.decode()
    assert "closeknit content load" in page
