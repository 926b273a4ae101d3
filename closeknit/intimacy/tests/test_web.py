"""The intimacy pages: every flow through HTTP, with htmx partials."""

import pytest
from django.utils.html import escape

from closeknit.activity.models import ActivityRecord
from closeknit.intimacy import services
from closeknit.intimacy.models import AffectionPreference, ListAnswers
from closeknit.intimacy.services import OwnList

HX = {"HX-Request": "true"}


def test_index_explains_why_and_links_every_tool(web, items, owner):
    page = web(owner).get("/intimacy/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Why this helps" in body
    for url in (
        "/intimacy/affection/",
        "/intimacy/list/",
        "/intimacy/matches/",
        "/intimacy/not-now/",
    ):
        assert f'href="{url}"' in body


def test_the_private_switch_hides_every_page_and_can_be_undone(web, items, owner):
    client = web(owner)
    hidden = client.post("/intimacy/privacy/", {"hidden": "1"})
    assert hidden.status_code == 302
    owner.refresh_from_db()
    assert "intimacy" in owner.hidden_practices
    for url in ("/intimacy/", "/intimacy/affection/", "/intimacy/list/", "/intimacy/matches/"):
        body = client.get(url).content.decode()
        assert "This part is hidden" in body, url
        assert "Yes, maybe, no" not in body and "tender-001" not in body
    refused = client.post("/intimacy/list/answer/", {"item": "tender-001", "answer": "yes"})
    assert "This part is hidden" in refused.content.decode()
    assert not ListAnswers.objects.exists()
    assert client.post("/intimacy/privacy/", {"hidden": "0"}).status_code == 302
    owner.refresh_from_db()
    assert "intimacy" not in owner.hidden_practices
    assert "Why this helps" in client.get("/intimacy/").content.decode()


def test_hiding_also_takes_it_out_of_the_focus_practices(web, items, owner):
    from closeknit.accounts.services import account_update

    account_update(user=owner, focus_practices=["intimacy", "trust"])
    web(owner).post("/intimacy/privacy/", {"hidden": "1"})
    owner.refresh_from_db()
    assert owner.focus_practices == ["trust"] and owner.hidden_practices == ["intimacy"]


def test_affection_is_saved_with_htmx_and_readable_by_the_partner(web, owner, partner, couple):
    robin = web(owner)
    saved = robin.post(
        "/intimacy/affection/",
        {"level-hugs": "love", "note-hugs": "long ones, after work", "level-kisses": "sometimes"},
        headers=HX,
    )
    body = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in body
    assert 'id="affection-mine"' in body and "long ones, after work" in body
    assert AffectionPreference.objects.filter(user=owner).count() == 2
    theirs = web(partner).get("/intimacy/affection/").content.decode()
    assert "What Robin enjoys" in theirs and "long ones, after work" in theirs
    # Without htmx: redirect back, clearing a kind removes it.
    again = robin.post("/intimacy/affection/", {"level-kisses": "sometimes"})
    assert again.status_code == 302
    assert list(AffectionPreference.objects.values_list("kind", flat=True)) == ["kisses"]
    assert ActivityRecord.objects.filter(kind="affection_shared").count() == 2


def test_bad_affection_input_is_400_keeps_the_words_and_writes_nothing(web, owner):
    client = web(owner)
    for data in (
        {"level-hugs": "obsessed", "note-hugs": "my words"},
        {"level-hugs": "love", "note-hugs": "x" * 501},
        {"note-hugs": "a note without a level"},
    ):
        response = client.post("/intimacy/affection/", data, headers=HX)
        assert response.status_code == 400, data
        body = response.content.decode()
        assert 'role="alert"' in body
        assert escape(data["note-hugs"]) in body
    assert not AffectionPreference.objects.exists()


def test_answering_an_item_returns_only_my_own_card(web, items, owner, partner, couple):
    ListAnswers.objects.create(
        user=partner, couple=couple, data=OwnList({"tender-001": "yes"}, False, False).dump()
    )
    client = web(owner)
    page = client.get("/intimacy/list/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-item="tender-001"' in body and "Holding hands while we walk somewhere." in body
    assert "<ul" not in body.split('id="list-card"')[1].split("</section>")[0]  # no bullets
    card = client.post(
        "/intimacy/list/answer/", {"item": "tender-001", "answer": "yes"}, headers=HX
    )
    body = card.content.decode()
    assert card.status_code == 200 and "<html" not in body
    # The next card comes back, saying only what I answered.
    assert body.strip().startswith('<section id="list-card"')
    assert 'data-item="tender-002"' in body and "Saved: Yes." in body
    assert card["HX-Push-Url"] == "/intimacy/list/?item=tender-002"
    assert "match" not in body.lower()
    again = client.get("/intimacy/list/?item=tender-001", headers=HX).content.decode()
    assert (
        "Your answer: Yes" in again
        and 'value="yes" class="button answer-yes" aria-pressed="true"' in again
    )
    matches = client.get("/intimacy/matches/").content.decode()
    assert "Holding hands while we walk somewhere." in matches
    # No htmx: clearing stays on the same card; answering moves on.
    plain = client.post("/intimacy/list/answer/", {"item": "tender-001", "answer": ""})
    assert plain["Location"] == "/intimacy/list/?item=tender-001"
    assert "Holding hands" not in client.get("/intimacy/matches/").content.decode()
    moved = client.post("/intimacy/list/answer/", {"item": "tender-001", "answer": "no"})
    assert moved["Location"] == "/intimacy/list/?item=tender-002"


def test_the_list_resumes_at_the_first_item_not_yet_answered(web, items, owner):
    client = web(owner)
    for item_id in ("tender-001", "tender-002"):
        client.post("/intimacy/list/answer/", {"item": item_id, "answer": "maybe"})
    body = client.get("/intimacy/list/").content.decode()
    assert 'data-item="tender-003"' in body
    assert "3 of " in body and '<progress value="2"' in body  # card 3; 2 answered


def test_bad_answers_are_400_and_write_nothing(web, items, owner, partner, couple):
    client = web(owner)
    for data in (
        {"item": "tender-001", "answer": "definitely"},
        {"item": "adult-001", "answer": "yes"},  # adult items are not on the list yet
        {"item": "nope", "answer": "yes"},
    ):
        response = client.post("/intimacy/list/answer/", data, headers=HX)
        assert response.status_code == 400, data
        assert 'role="alert"' in response.content.decode()
    assert not ListAnswers.objects.exists()
    plain = client.post("/intimacy/list/answer/", {"item": "nope", "answer": "yes"})
    assert plain.status_code == 302
    assert "not an item on your list" in client.get("/intimacy/list/").content.decode()


def test_settings_and_clearing_the_list(web, items, owner, partner, couple):
    robin, kai = web(owner), web(partner)
    robin.post("/intimacy/list/settings/", {"adult": "1", "maybe": "1"})
    page = robin.get("/intimacy/list/").content.decode()
    assert "Adult items appear once you have both chosen this." in page
    assert 'id="item-adult-001"' not in page
    kai.post("/intimacy/list/settings/", {"adult": "1"})
    page = robin.get("/intimacy/list/").content.decode()
    assert 'id="item-adult-001"' in page
    robin.post("/intimacy/list/answer/", {"item": "tender-002", "answer": "no"})
    assert robin.post("/intimacy/list/clear/").status_code == 302
    assert not ListAnswers.objects.filter(user=owner).exists()


def test_someone_alone_sees_a_friendly_empty_match_page(web, items, owner):
    body = web(owner).get("/intimacy/matches/").content.decode()
    assert "Once you share a space with your partner" in body


def test_not_now_page_has_phrases_and_the_note(web, owner):
    from closeknit.intimacy import words

    body = web(owner).get("/intimacy/not-now/").content.decode()
    assert "Why a warm no is good for you both" in body
    assert escape(str(words.NOT_NOW_PHRASES[0])) in body
    assert not ActivityRecord.objects.exists()  # reading records nothing


def fill(owner, partner, couple, n):
    ids = [f"tender-{i:03d}" for i in range(1, n + 1)]
    for person in (owner, partner):
        services.list_answer(user=person, answers=dict.fromkeys(ids, "yes"), allowed=set(ids))
        services.affection_save(
            user=person,
            preferences=[services.AffectionInput(kind="hugs", level="love", note="yes")]
            if n > 1
            else [],
        )


# session, person, couple, members, own list, partner's list, items and the base
# template's own query:
# the same however many answers or matches there are.
@pytest.mark.parametrize("n", [1, 20])
@pytest.mark.parametrize(
    ("url", "queries"),
    [("/intimacy/list/", 7), ("/intimacy/matches/", 7), ("/intimacy/affection/", 5)],
)
def test_page_query_counts_do_not_grow(
    web, items, owner, partner, couple, n, url, queries, django_assert_num_queries
):
    fill(owner, partner, couple, n)
    client = web(owner)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
