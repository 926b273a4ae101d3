from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from closeknit.goals import someday
from closeknit.goals.library import DREAMS
from closeknit.goals.models import DreamNote, DreamPrompt, SomedayItem
from closeknit.goals.tests.queries import CEILING, queries_for
from closeknit.lib.wording import banned_words, near_duplicates

HTMX = {"HX-Request": "true"}


@pytest.fixture
def dreams(db):
    DREAMS.load()


def test_the_shipped_dream_prompts_are_many_varied_and_our_own():
    entries = [e for e in DREAMS.read() if not e.values["retired"]]
    assert len(entries) >= 24
    assert {e.values["theme"] for e in entries} == {
        "self",
        "places",
        "making",
        "together",
        "everyday",
    }
    assert near_duplicates({e.id: e.values["text"] for e in entries}) == []
    assert near_duplicates({e.id: e.values["follow_up"] for e in entries}) == []
    wording = {e.id: [e.values["text"], e.values["follow_up"]] for e in entries}
    assert banned_words(wording) == []


def test_dream_talk_prompts_come_with_the_listeners_part(api, dreams, owner):
    library = api(owner).get("/goals/dreams/prompts").json()
    assert len(library["prompts"]) >= 24
    guide = " ".join(library["listener_guide"]).lower()
    assert "curious" in guide and "encourage" in guide and "no fixing" in guide
    suggested = library["suggested"]
    assert suggested["follow_up"]
    again = api(owner).get(f"/goals/dreams/prompts?after={suggested['id']}").json()
    assert again["suggested"]["id"] != suggested["id"]
    assert api(owner).get("/goals/dreams/prompts?theme=nope").status_code == 400
    themed = api(owner).get("/goals/dreams/prompts?theme=places").json()["prompts"]
    assert themed and {p["theme"] for p in themed} == {"places"}


def test_dream_notes_are_shared_between_the_two_and_encrypted(
    api, dreams, owner, partner, couple, outsider
):
    robin, kai = api(owner), api(partner)
    made = robin.post(
        "/goals/dreams/notes",
        {"text": "Kai wants a studio by the sea", "about": "partner", "prompt_id": "dream-011"},
    )
    assert made.status_code == 201
    note = made.json()
    assert note["about"] == "partner" and note["prompt"]["id"] == "dream-011"
    seen = kai.get("/goals/dreams/notes").json()["items"]
    assert [(n["text"], n["about"], n["mine"]) for n in seen] == [
        ("Kai wants a studio by the sea", "me", False)
    ]
    assert kai.patch(f"/goals/dreams/notes/{note['id']}", {"text": "mine now"}).status_code == 403
    assert kai.delete(f"/goals/dreams/notes/{note['id']}").status_code == 403
    assert api(outsider).get(f"/goals/dreams/notes/{note['id']}").status_code == 404
    assert "studio" not in api(outsider).get("/goals/dreams/notes").content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM goals_dreamnote")
        (stored,) = cursor.fetchone()
    assert stored.startswith("ck1:") and "studio" not in stored

    edited = robin.patch(f"/goals/dreams/notes/{note['id']}", {"text": "A studio with a view"})
    assert edited.json()["text"] == "A studio with a view"
    assert robin.delete(f"/goals/dreams/notes/{note['id']}").status_code == 204
    assert not DreamNote.objects.exists()


def test_bad_dream_notes_are_refused(api, dreams, owner):
    client = api(owner)
    for body in (
        {"text": ""},
        {"text": "x" * 4001},
        {"text": "ok", "about": "partner"},  # nobody to be about yet
        {"text": "ok", "about": "the neighbour"},
        {"text": "ok", "prompt_id": "dream-999"},
        {"text": "ok", "mood": "happy"},
    ):
        response = client.post("/goals/dreams/notes", body)
        assert response.status_code in (400, 409, 422), body
    assert not DreamNote.objects.exists()


def test_dream_talk_page_with_htmx_note(web, dreams, owner, partner, couple):
    client = web(owner)
    page = client.get("/goals/dreams/?prompt=dream-007").content.decode()
    prompt = DreamPrompt.objects.get(pk="dream-007")
    assert "If you&#x27;re listening" in page or "If you're listening" in page
    assert prompt.follow_up.replace("'", "&#x27;") in page
    saved = client.post(
        "/goals/dreams/notes/",
        {"text": "Mornings on a ferry", "about": "me", "prompt_id": "dream-007"},
        headers=HTMX,
    )
    assert saved.status_code == 200 and "<html" not in saved.content.decode()
    assert "Mornings on a ferry" in saved.content.decode()
    assert "Mornings on a ferry" in web(partner).get("/goals/dreams/").content.decode()
    bad = client.post("/goals/dreams/notes/", {"text": "", "about": "me"}, headers=HTMX)
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    note = DreamNote.objects.get()
    assert web(partner).post(f"/goals/dreams/notes/{note.pk}/delete/").status_code == 403
    assert DreamNote.objects.exists()


def test_someday_list_add_reorder_done_archive_over_the_api(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    ids = []
    for who, title, category in (
        (robin, "Northern lights", "travel"),
        (kai, "Build a kayak", "project"),
        (robin, "Night swim", "experience"),
    ):
        made = who.post("/goals/someday", {"title": title, "category": category})
        assert made.status_code == 201
        ids.append(made.json()["id"])
    assert [i["title"] for i in kai.get("/goals/someday").json()["open"]] == [
        "Northern lights",
        "Build a kayak",
        "Night swim",
    ]
    moved = kai.post(f"/goals/someday/{ids[2]}/move", {"direction": "up"}).json()
    assert [i["title"] for i in moved["open"]] == ["Northern lights", "Night swim", "Build a kayak"]
    top = robin.post(f"/goals/someday/{ids[0]}/move", {"direction": "up"}).json()
    assert top["open"][0]["title"] == "Northern lights"  # already first: stays

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    done = kai.patch(f"/goals/someday/{ids[0]}", {"done": True, "done_on": yesterday}).json()
    assert done["done_on"] == yesterday
    listing = robin.get("/goals/someday").json()
    assert [i["title"] for i in listing["done"]] == ["Northern lights"]
    assert len(listing["open"]) == 2

    robin.patch(f"/goals/someday/{ids[1]}", {"archived": True})
    assert [i["title"] for i in robin.get("/goals/someday").json()["open"]] == ["Night swim"]
    archived = robin.get("/goals/someday?archived=true").json()["archived"]
    assert [i["title"] for i in archived] == ["Build a kayak"]
    assert kai.delete(f"/goals/someday/{ids[2]}").status_code == 403
    assert robin.delete(f"/goals/someday/{ids[2]}").status_code == 204


def test_bad_someday_input_writes_nothing(api, owner, outsider):
    client = api(owner)
    for body in (
        {"title": "", "category": "travel"},
        {"title": "ok", "category": "chores"},
        {"title": "x" * 201},
        {"title": "ok", "priority": 1},
    ):
        assert client.post("/goals/someday", body).status_code in (400, 422), body
    assert not SomedayItem.objects.exists()
    item = client.post("/goals/someday", {"title": "Sail", "category": "experience"}).json()
    tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()
    assert client.patch(f"/goals/someday/{item['id']}", {"done_on": tomorrow}).status_code == 400
    assert (
        client.post(f"/goals/someday/{item['id']}/move", {"direction": "left"}).status_code == 422
    )
    assert SomedayItem.objects.get().done_on is None
    assert api(outsider).patch(f"/goals/someday/{item['id']}", {"done": True}).status_code == 404


def test_someday_page_with_htmx(web, owner, partner, couple):
    client = web(owner)
    added = client.post(
        "/goals/someday/add/", {"title": "Learn to sail", "category": "learn"}, headers=HTMX
    )
    assert added.status_code == 200 and 'id="someday-list"' in added.content.decode()
    second = someday.someday_add(user=partner, title="See a glacier", category="travel")
    moved = client.post(f"/goals/someday/{second.pk}/move/", {"direction": "up"}, headers=HTMX)
    body = moved.content.decode()
    assert body.index("See a glacier") < body.index("Learn to sail")
    item = SomedayItem.objects.get(title__isnull=False, pk=second.pk)
    client.post(f"/goals/someday/{item.pk}/done/", {"done": "1", "done_on": ""})
    item.refresh_from_db()
    assert item.done_on is not None
    assert "Done together" in web(partner).get("/goals/someday/").content.decode()
    bad = client.post("/goals/someday/add/", {"title": "", "category": "learn", "note": "kept"})
    assert bad.status_code == 400 and "kept" in bad.content.decode()


def test_someday_page_query_count_does_not_grow(web, owner, partner, couple):
    def add(count, start=0):
        for n in range(start, start + count):
            made = someday.someday_add(user=owner, title=f"Idea {n}", category="travel")
            if n % 3 == 0:
                someday.someday_set_done(user=partner, item_id=made.pk, done=True)

    client = web(owner)
    add(2)
    few = queries_for(client, "/goals/someday/")
    add(40, start=2)
    assert queries_for(client, "/goals/someday/") == few <= CEILING


def test_dream_page_query_count_does_not_grow(web, dreams, owner, partner, couple):
    def add(count):
        for n in range(count):
            author = owner if n % 2 else partner
            someday.dream_note_add(user=author, text=f"n{n}", prompt_id="dream-001")

    client = web(owner)
    add(1)
    few = queries_for(client, "/goals/dreams/")
    add(40)
    assert queries_for(client, "/goals/dreams/") == few <= CEILING
