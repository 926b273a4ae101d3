"""Appreciation notes: sending with a quality, receiving, new/opened marks that only the
recipient sees, and keepsakes."""

import json
import re

from closeknit.activity.models import ActivityRecord
from closeknit.appreciation import services
from closeknit.appreciation.models import Note


def test_sending_a_note_on_the_web_with_htmx_and_receiving_it(web, owner, partner, couple):
    robin, kai = web(owner), web(partner)
    page = robin.get("/appreciation/notes/new/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "What did you see in Kai?" in body and 'value="patient"' in body
    assert "data-preview-text" in body and "You were so {quality} when" in body

    sent = robin.post(
        "/appreciation/notes/new/",
        {"quality": "patient", "text": "You were so patient when my train was late."},
        headers={"HX-Request": "true"},
    )
    assert sent.status_code == 200 and "<html" not in sent.content.decode()
    assert "Sent to Kai" in sent.content.decode()
    note = Note.objects.get()
    assert (note.author, note.recipient, note.quality) == (owner, partner, "patient")
    assert ActivityRecord.objects.filter(user=owner, kind="note_sent").count() == 1

    index = kai.get("/appreciation/").content.decode()
    assert "New for you" in index and "my train was late" in index
    detail = kai.get(f"/appreciation/notes/{note.pk}/").content.decode()
    assert "From Robin" in detail and "patient" in detail
    assert "New for you" not in kai.get("/appreciation/").content.decode()


def test_a_plain_post_redirects_and_the_note_is_stored_encrypted(web, owner, partner, couple):
    response = web(owner).post("/appreciation/notes/new/", {"text": "Thank you for today."})
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM appreciation_note")
        assert cursor.fetchone()[0].startswith("ck1:")


def test_bad_notes_are_refused_and_keep_what_was_typed(web, api, owner, partner, couple):
    client = web(owner)
    for data, message in (
        ({"text": "   "}, "Write a line or two"),
        ({"text": "x" * 1001}, "under 1000 characters"),
        ({"text": "kept words", "quality": "grumpy"}, "Pick one of the qualities"),
    ):
        response = client.post("/appreciation/notes/new/", data, headers={"HX-Request": "true"})
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body and 'role="alert"' in body
        assert data["text"].strip()[:50] in body
    robot = api(owner)
    for bad in ({"text": ""}, {"text": "x" * 1001}, {"text": "hi", "quality": "x"}, {"txt": "a"}):
        response = robot.post("/appreciation/notes", bad)
        assert 400 <= response.status_code < 500, bad
        assert response.json()["error"]["message"]
    assert not Note.objects.exists()


def test_someone_alone_cannot_send_a_note(web, api, owner):
    assert (
        "opens once they have joined" in web(owner).get("/appreciation/notes/new/").content.decode()
    )
    response = api(owner).post("/appreciation/notes", {"text": "hello"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_partner"
    assert web(owner).post("/appreciation/notes/new/", {"text": "hello"}).status_code == 409
    assert not Note.objects.exists()


def test_notes_over_the_api_with_read_and_keep_marks_for_the_recipient(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    created = robin.post(
        "/appreciation/notes", {"text": "You were brave today.", "quality": "brave"}
    )
    assert created.status_code == 201
    note = created.json()
    assert note["from_me"] and note["partner_name"] == "Kai" and note["received"] is None

    inbox = kai.get("/appreciation/notes").json()
    assert [n["text"] for n in inbox["items"]] == ["You were brave today."]
    assert inbox["items"][0]["received"] == {"new": True, "kept": False}
    assert kai.get("/appreciation").json()["new_notes"][0]["id"] == note["id"]

    opened = kai.call("PUT", f"/appreciation/notes/{note['id']}/read", {"read": True})
    assert opened.json()["received"]["new"] is False
    assert kai.get("/appreciation").json()["new_notes"] == []
    kept = kai.call("PUT", f"/appreciation/notes/{note['id']}/keep", {"kept": True})
    assert kept.json()["received"]["kept"] is True
    assert [n["id"] for n in kai.get("/appreciation/notes?box=kept").json()["items"]] == [
        note["id"]
    ]
    assert robin.get("/appreciation/notes?box=sent").json()["items"][0]["id"] == note["id"]

    # Only the recipient keeps or marks a note.
    assert (
        robin.call("PUT", f"/appreciation/notes/{note['id']}/keep", {"kept": True}).status_code
        == 404
    )
    assert (
        robin.call("PUT", f"/appreciation/notes/{note['id']}/read", {"read": True}).status_code
        == 404
    )
    assert kai.get("/appreciation/notes?box=nonsense").status_code == 422


def test_the_sender_never_learns_whether_a_note_was_read(web, api, owner, partner, couple):
    note = services.note_send(user=owner, text="You were so gentle with me.", quality="gentle")
    robin_api, robin_web = api(owner), web(owner)

    def sender_view() -> list[str]:
        return [
            robin_api.get(f"/appreciation/notes/{note.pk}").content.decode(),
            robin_api.get("/appreciation/notes?box=sent").content.decode(),
            robin_api.get("/appreciation").content.decode(),
            robin_web.get(f"/appreciation/notes/{note.pk}/").content.decode(),
            robin_web.get("/appreciation/notes/?box=sent").content.decode(),
        ]

    before = sender_view()
    web(partner).get(f"/appreciation/notes/{note.pk}/")  # opening marks it read
    services.note_keep(user=partner, note_id=note.pk, kept=True)
    assert Note.objects.get(pk=note.pk).read_at is not None
    after = sender_view()
    assert [_without_tokens(b) for b in before] == [_without_tokens(a) for a in after]
    assert json.loads(after[0])["received"] is None
    assert "received" not in after[2]  # the overview lists only notes you received
    for page in after[3:]:
        assert "In your keepsakes" not in page and 'class="badge new"' not in page


def _without_tokens(body: str) -> str:
    """Pages differ only by their per-request CSRF token."""
    return re.sub(r"[A-Za-z0-9]{64}", "", body)


def test_keeping_a_note_on_the_web_swaps_the_card(web, owner, partner, couple):
    note = services.note_send(user=owner, text="You made the evening easy.")
    kai = web(partner)
    kept = kai.post(
        f"/appreciation/notes/{note.pk}/keep/", {"kept": "1"}, headers={"HX-Request": "true"}
    )
    assert kept.status_code == 200 and "In your keepsakes." in kept.content.decode()
    assert "You made the evening easy." in kai.get("/appreciation/notes/?box=kept").content.decode()
    plain = kai.post(f"/appreciation/notes/{note.pk}/keep/", {"kept": "0"})
    assert plain.status_code == 302
    assert Note.objects.get().kept is False
    assert web(owner).post(f"/appreciation/notes/{note.pk}/keep/", {"kept": "1"}).status_code == 404


def test_outsiders_get_404_for_notes(web, api, owner, partner, couple, outsider):
    note = services.note_send(user=owner, text="only for Kai")
    client = web(outsider)
    assert client.get(f"/appreciation/notes/{note.pk}/").status_code == 404
    assert client.post(f"/appreciation/notes/{note.pk}/keep/", {"kept": "1"}).status_code == 404
    assert "only for Kai" not in client.get("/appreciation/notes/").content.decode()
    assert api(outsider).get(f"/appreciation/notes/{note.pk}").status_code == 404
    assert api(outsider).get("/appreciation/notes").json()["items"] == []
