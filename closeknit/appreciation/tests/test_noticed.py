"""The private noticed-it log: only its author reads it, nothing counts it, and one entry
at a time can be shared, arriving as a note."""

import re
from datetime import UTC, datetime

from django.utils.html import strip_tags

from closeknit.activity.models import ActivityRecord
from closeknit.appreciation import services
from closeknit.appreciation.models import Note, NoticedEntry
from closeknit.couples import services as couples

SECRET = "quietly refilled my water bottle"


def visible_text(body: str) -> str:
    return strip_tags(body)


def test_logging_on_the_web_with_htmx(web, owner, partner, couple):
    robin = web(owner)
    page = robin.get("/appreciation/noticed/")
    assert page.status_code == 200 and "Only you can read this log" in page.content.decode()
    added = robin.post("/appreciation/noticed/", {"text": SECRET}, headers={"HX-Request": "true"})
    assert added.status_code == 200 and "<html" not in added.content.decode()
    assert SECRET in added.content.decode()
    assert "Share this one with Kai" in added.content.decode()
    assert robin.post("/appreciation/noticed/", {"text": "second"}).status_code == 302
    assert ActivityRecord.objects.filter(user=owner, kind="noticed_logged").count() == 2


def test_bad_entries_are_refused_and_nothing_is_written(web, api, owner):
    response = web(owner).post(
        "/appreciation/noticed/", {"text": "x" * 501}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400 and "x" * 501 in response.content.decode()
    assert web(owner).post("/appreciation/noticed/", {"text": "  "}).status_code == 400
    for bad in ({"text": ""}, {"text": "x" * 501}, {"text": 3}, {}, {"text": "a", "score": 1}):
        assert 400 <= api(owner).post("/appreciation/noticed", bad).status_code < 500, bad
    assert not NoticedEntry.objects.exists()


def test_the_partner_can_never_read_unshared_entries(web, api, owner, partner, couple, outsider):
    entry = services.noticed_add(user=owner, text=SECRET)
    for person in (partner, outsider):
        client, robot = web(person), api(person)
        for url in ("/appreciation/", "/appreciation/noticed/", "/appreciation/notes/"):
            assert SECRET not in client.get(url).content.decode(), url
        assert client.post(f"/appreciation/noticed/{entry.pk}/share/").status_code == 404
        assert client.post(f"/appreciation/noticed/{entry.pk}/delete/").status_code == 404
        assert robot.get(f"/appreciation/noticed/{entry.pk}").status_code == 404
        assert robot.post(f"/appreciation/noticed/{entry.pk}/share").status_code == 404
        assert robot.delete(f"/appreciation/noticed/{entry.pk}").status_code == 404
        assert robot.get("/appreciation/noticed").json()["items"] == []
        assert SECRET not in robot.get("/appreciation/notes").content.decode()
    assert NoticedEntry.objects.get().shared_as is None


def test_no_page_or_response_shows_a_count_of_entries(web, api, owner, partner, couple):
    for n in range(13):
        services.noticed_add(user=owner, text=f"kind thing number {'i' * (n + 1)}")
    NoticedEntry.objects.update(created_at=datetime(2025, 1, 1, tzinfo=UTC))
    listing = api(owner).get("/appreciation/noticed").json()
    assert set(listing) == {"items", "page", "has_next"} and len(listing["items"]) == 13
    assert set(listing["items"][0]) == {"id", "text", "created_at", "shared"}
    for person in (owner, partner):
        for url in ("/appreciation/", "/appreciation/noticed/"):
            text = visible_text(web(person).get(url).content.decode())
            assert not re.search(r"\b13\b", text), (person, url)
        for path in ("/appreciation", "/appreciation/care", "/appreciation/notes"):
            body = api(person).get(path).content.decode()
            assert "13" not in body and "count" not in body and "total" not in body
    assert api(partner).get("/appreciation/noticed").json() == {
        "items": [],
        "page": 1,
        "has_next": False,
    }


def test_sharing_one_entry_sends_it_as_a_note(web, api, owner, partner, couple):
    shared = services.noticed_add(user=owner, text="brought soup when I was ill")
    private = services.noticed_add(user=owner, text=SECRET)
    response = web(owner).post(
        f"/appreciation/noticed/{shared.pk}/share/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Shared" in response.content.decode()
    note = Note.objects.get()
    assert (note.recipient, note.text, note.from_noticed) == (partner, shared.text, True)
    kai_inbox = web(partner).get("/appreciation/notes/").content.decode()
    assert "Something Robin noticed" in kai_inbox and "brought soup" in kai_inbox
    assert SECRET not in kai_inbox
    again = api(owner).post(f"/appreciation/noticed/{shared.pk}/share")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_shared"
    assert api(owner).post(f"/appreciation/noticed/{private.pk}/share").json()["shared"] is True
    assert ActivityRecord.objects.filter(user=owner, kind="noticed_shared").count() == 2


def test_entries_over_the_api_and_removing_one(api, owner, partner, couple):
    robot = api(owner)
    created = robot.post("/appreciation/noticed", {"text": "laughed at my terrible joke"})
    assert created.status_code == 201
    entry_id = created.json()["id"]
    assert robot.get(f"/appreciation/noticed/{entry_id}").json()["shared"] is False
    assert robot.delete(f"/appreciation/noticed/{entry_id}").status_code == 204
    assert robot.get(f"/appreciation/noticed/{entry_id}").status_code == 404


def test_alone_the_log_works_and_sharing_waits_for_a_partner(web, api, owner, partner):
    entry = services.noticed_add(user=owner, text="written before we shared a space")
    page = web(owner).get("/appreciation/noticed/").content.decode()
    assert entry.text in page and "Share this one" not in page
    refused = api(owner).post(f"/appreciation/noticed/{entry.pk}/share")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_partner"
    couples.couple_create(user=owner)
    couples.invitation_accept(user=partner, code=couples.invitation_create(user=owner).code)
    assert api(owner).post(f"/appreciation/noticed/{entry.pk}/share").status_code == 200


def test_entries_from_an_earlier_space_stay_private(api, owner, partner, couple, make_person):
    entry = services.noticed_add(user=owner, text="about someone else")
    couples.couple_leave(user=owner, entries_stay=True)
    couples.couple_create(user=owner)
    someone = make_person("Sam")
    couples.invitation_accept(user=someone, code=couples.invitation_create(user=owner).code)
    refused = api(owner).post(f"/appreciation/noticed/{entry.pk}/share")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "earlier_space"
