"""Export and the leaving rule (docs/couples.md) for notes, the log and preferences."""

from closeknit.appreciation import selectors, services
from closeknit.appreciation.lifecycle import export_user_data
from closeknit.appreciation.models import REACTIONS, Note
from closeknit.couples import services as couples

LEVELS = {"words": 2, "time": 1, "help": 3, "gifts": 0, "touch": 1}


def _setup(owner, partner):
    to_kai = services.note_send(user=owner, text="from Robin, kept by Kai")
    services.note_keep(user=partner, note_id=to_kai.pk, kept=True)
    to_robin = services.note_send(user=partner, text="from Kai to Robin")
    services.noticed_add(user=owner, text="Robin's private log entry")
    services.care_save(user=owner, levels=LEVELS, in_my_words="tea")
    return to_kai, to_robin


def test_export_has_own_entries_and_notes_received(owner, partner, couple):
    _setup(owner, partner)
    data = export_user_data(user=owner)
    assert [n["text"] for n in data["notes_sent"]] == ["from Robin, kept by Kai"]
    assert [n["text"] for n in data["notes_received"]] == ["from Kai to Robin"]
    assert [e["text"] for e in data["noticed_log"]] == ["Robin's private log entry"]
    assert data["what_makes_me_feel_cared_for"] == {**LEVELS, "in_my_words": "tea"}
    theirs = export_user_data(user=partner)
    assert theirs["notes_received"][0]["kept"] is True
    assert "Robin's private log entry" not in str(theirs)


def test_leaving_and_taking_entries_removes_notes_from_the_partners_keepsakes(
    api, owner, partner, couple
):
    _setup(owner, partner)
    couples.couple_leave(user=owner, entries_stay=False)
    assert list(selectors.received_notes(user=partner)) == []
    assert api(partner).get("/appreciation/notes?box=kept").json()["items"] == []
    # The leaver keeps what they wrote, and no longer sees anything of the partner's.
    assert [n.text for n in selectors.sent_notes(user=owner)] == ["from Robin, kept by Kai"]
    assert list(selectors.received_notes(user=owner)) == []
    # The partner's own notes stay theirs.
    assert [n.text for n in selectors.sent_notes(user=partner)] == ["from Kai to Robin"]
    assert Note.objects.count() == 2


def test_leaving_entries_in_place_keeps_the_partners_keepsakes(api, owner, partner, couple):
    to_kai, _ = _setup(owner, partner)
    couples.couple_leave(user=owner, entries_stay=True)
    kept = api(partner).get("/appreciation/notes?box=kept").json()["items"]
    assert [n["text"] for n in kept] == ["from Robin, kept by Kai"]
    assert api(partner).get(f"/appreciation/notes/{to_kai.pk}").status_code == 200
    assert api(owner).get("/appreciation/notes").json()["items"] == []
    assert api(partner).get("/appreciation/care").json()["partner"] is None


def test_the_author_keeps_a_note_whose_recipient_deleted_their_account(
    api, web, owner, partner, couple
):
    """Rule 2: what Robin wrote stays Robin's when Kai deletes their account."""
    from closeknit.accounts.services import account_delete

    note = services.note_send(user=owner, text="from Robin, to a Kai who later left")
    services.note_react(user=partner, note_id=note.pk, kind=next(iter(REACTIONS)))
    account_delete(user=partner)
    assert Note.objects.get(pk=note.pk).recipient_id is None
    assert [n["text"] for n in export_user_data(user=owner)["notes_sent"]] == [note.text]
    client = api(owner)
    assert client.get(f"/appreciation/notes/{note.pk}").status_code == 200
    answers = client.get(f"/appreciation/notes/{note.pk}/answers")
    assert answers.status_code == 200
    assert client.get("/appreciation/notes?box=sent").json()["items"][0]["partner_name"] == ""
    assert note.text in web(owner).get(f"/appreciation/notes/{note.pk}/").content.decode()
    sent = web(owner).get("/appreciation/notes/?box=sent").content.decode()
    assert note.text in sent and "To someone who has since left Closeknit" in sent
