"""Answering a note: the recipient reacts in one tap or writes a few words back; the
author reads them on the note. Stored encrypted, exported, and gone with whoever takes
their entries or deletes their account."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from closeknit.accounts.services import account_delete
from closeknit.appreciation import selectors, services
from closeknit.appreciation.lifecycle import export_user_data
from closeknit.appreciation.models import Note, NoteReaction, NoteReply
from closeknit.couples import services as couples

HTMX = {"HX-Request": "true"}


@pytest.fixture
def note(owner, partner, couple) -> Note:
    return services.note_send(user=owner, text="You were so steady this week.", quality="steady")


def test_the_recipient_answers_on_the_web_with_htmx_and_the_author_reads_it(web, note):
    kai, robin = web(note.recipient), web(note.author)
    page = kai.get(f"/appreciation/notes/{note.pk}/").content.decode()
    assert "Answer this note" in page and "A few words back to Robin" in page
    reacted = kai.post(f"/appreciation/notes/{note.pk}/react/", {"kind": "hug"}, headers=HTMX)
    body = reacted.content.decode()
    assert reacted.status_code == 200 and "<html" not in body
    assert 'aria-pressed="true"' in body and "Hug" in body
    replied = kai.post(
        f"/appreciation/notes/{note.pk}/reply/", {"text": "You noticed. Thank you."}, headers=HTMX
    )
    assert replied.status_code == 200 and "You noticed. Thank you." in replied.content.decode()

    seen = robin.get(f"/appreciation/notes/{note.pk}/").content.decode()
    assert "What Kai said" in seen and "You noticed. Thank you." in seen and "Hug" in seen
    assert "A few words back" not in seen  # the author reads; only the recipient answers

    # Tapping the chosen reaction again takes it back.
    kai.post(f"/appreciation/notes/{note.pk}/react/", {"kind": ""}, headers=HTMX)
    assert not NoteReaction.objects.exists()


def test_plain_posts_redirect_back_to_the_note(web, note):
    kai = web(note.recipient)
    for path, data in (("react", {"kind": "heart"}), ("reply", {"text": "thank you"})):
        response = kai.post(f"/appreciation/notes/{note.pk}/{path}/", data)
        assert response.status_code == 302
        assert response["Location"] == f"/appreciation/notes/{note.pk}/"


def test_bad_answers_are_refused_with_a_clear_message_and_keep_the_words(web, api, note):
    kai = web(note.recipient)
    for path, data, message in (
        ("reply", {"text": "   "}, "Write something before sending."),
        ("reply", {"text": "x" * 501}, "under 500 characters"),
        ("react", {"kind": "grumpy"}, "Unknown reaction"),
    ):
        response = kai.post(f"/appreciation/notes/{note.pk}/{path}/", data, headers=HTMX)
        assert response.status_code == 400, path
        body = response.content.decode()
        assert message in body and 'role="alert"' in body
    kept = kai.post(f"/appreciation/notes/{note.pk}/reply/", {"text": "x" * 501}, headers=HTMX)
    assert "x" * 501 in kept.content.decode()
    robot = api(note.recipient)
    for method, path, bad in (
        ("POST", "replies", {"text": ""}),
        ("POST", "replies", {"text": "x" * 501}),
        ("POST", "replies", {"words": "hi"}),
        ("PUT", "reaction", {"kind": "grumpy"}),
        ("PUT", "reaction", {"kind": "x" * 11}),
    ):
        response = robot.call(method, f"/appreciation/notes/{note.pk}/{path}", bad)
        assert 400 <= response.status_code < 500, bad
        assert response.json()["error"]["message"]
    assert not NoteReply.objects.exists() and not NoteReaction.objects.exists()


def test_a_thread_has_room_for_a_limited_number_of_replies(api, note, monkeypatch):
    monkeypatch.setattr(services, "MAX_NOTE_REPLIES", 2)
    robot = api(note.recipient)
    for n in range(2):
        sent = robot.post(f"/appreciation/notes/{note.pk}/replies", {"text": f"r{n}"})
        assert sent.status_code == 201
    full = robot.post(f"/appreciation/notes/{note.pk}/replies", {"text": "one more"})
    assert full.status_code == 409 and full.json()["error"]["code"] == "thread_full"


def test_answers_over_the_api(api, note):
    kai, robin = api(note.recipient), api(note.author)
    reacted = kai.call("PUT", f"/appreciation/notes/{note.pk}/reaction", {"kind": "spark"})
    assert reacted.status_code == 200
    assert reacted.json()["reaction"] == {"kind": "spark", "symbol": "✨", "label": "Lovely"}
    assert reacted.json()["can_answer"] is True
    created = kai.post(f"/appreciation/notes/{note.pk}/replies", {"text": "I felt seen"})
    assert created.status_code == 201
    assert [(r["from_me"], r["text"]) for r in created.json()["replies"]] == [(True, "I felt seen")]
    theirs = robin.get(f"/appreciation/notes/{note.pk}/answers").json()
    assert theirs["can_answer"] is False
    assert theirs["reaction"]["kind"] == "spark"
    assert [(r["from_me"], r["text"]) for r in theirs["replies"]] == [(False, "I felt seen")]
    assert "heart" in [k["key"] for k in theirs["reaction_kinds"]]
    taken_back = kai.call("PUT", f"/appreciation/notes/{note.pk}/reaction", {"kind": None})
    assert taken_back.json()["reaction"] is None


def test_only_the_recipient_answers_and_outsiders_learn_nothing(web, api, note, outsider):
    services.note_reply(user=note.recipient, note_id=note.pk, text="secret thanks")
    robin = api(note.author)
    assert robin.post(f"/appreciation/notes/{note.pk}/replies", {"text": "me?"}).status_code == 404
    assert (
        robin.call("PUT", f"/appreciation/notes/{note.pk}/reaction", {"kind": "heart"}).status_code
        == 404
    )
    assert (
        web(note.author).post(f"/appreciation/notes/{note.pk}/reply/", {"text": "x"}).status_code
        == 404
    )
    stranger_api, stranger_web = api(outsider), web(outsider)
    for response in (
        stranger_api.get(f"/appreciation/notes/{note.pk}/answers"),
        stranger_api.post(f"/appreciation/notes/{note.pk}/replies", {"text": "hi"}),
        stranger_api.call("PUT", f"/appreciation/notes/{note.pk}/reaction", {"kind": "heart"}),
        stranger_web.post(f"/appreciation/notes/{note.pk}/reply/", {"text": "hi"}),
        stranger_web.post(f"/appreciation/notes/{note.pk}/react/", {"kind": "heart"}),
    ):
        assert response.status_code == 404
        assert "secret" not in response.content.decode()
    assert NoteReply.objects.count() == 1 and not NoteReaction.objects.exists()


def test_replies_are_stored_encrypted(note):
    services.note_reply(user=note.recipient, note_id=note.pk, text="in my own words")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM appreciation_notereply")
        assert cursor.fetchone()[0].startswith("ck1:")


def test_both_exports_hold_the_answer(note):
    services.note_react(user=note.recipient, note_id=note.pk, kind="thanks")
    services.note_reply(user=note.recipient, note_id=note.pk, text="my words back")
    author = export_user_data(user=note.author)
    assert author["notes_sent"][0]["answers"] == {
        "reaction": "thanks",
        "replies": [{"text": "my words back", "at": author["notes_sent"][0]["answers"]
                     ["replies"][0]["at"]}],
    }  # fmt: skip
    replier = export_user_data(user=note.recipient)
    assert [r["text"] for r in replier["note_replies_written"]] == ["my words back"]
    assert [r["reaction"] for r in replier["note_reactions_given"]] == ["thanks"]


def test_the_replier_leaving_with_their_entries_takes_the_answers(api, note):
    services.note_react(user=note.recipient, note_id=note.pk, kind="heart")
    services.note_reply(user=note.recipient, note_id=note.pk, text="leaving with me")
    couples.couple_leave(user=note.recipient, entries_stay=False)
    theirs = api(note.author).get(f"/appreciation/notes/{note.pk}/answers").json()
    assert theirs["reaction"] is None and theirs["replies"] == []
    assert export_user_data(user=note.author)["notes_sent"][0]["answers"] == {
        "reaction": None,
        "replies": [],
    }
    # The leaver keeps their own words in their export.
    assert [r["text"] for r in export_user_data(user=note.recipient)["note_replies_written"]] == [
        "leaving with me"
    ]


def test_answers_stay_when_the_replier_leaves_them_and_go_for_an_author_who_leaves(
    api, owner, partner, couple
):
    to_kai = services.note_send(user=owner, text="for Kai")
    services.note_reply(user=partner, note_id=to_kai.pk, text="stays")
    couples.couple_leave(user=partner, entries_stay=True)
    assert [r.text for r in selectors.responses_for(user=owner, note=to_kai).replies] == ["stays"]
    # Had the author been the one to leave, they would no longer see the partner's words.
    to_kai.couple.ended_by = owner
    assert selectors.responses_for(user=owner, note=to_kai).replies == []


def test_deleting_an_account_deletes_its_answers(note):
    services.note_reply(user=note.recipient, note_id=note.pk, text="mine")
    services.note_react(user=note.recipient, note_id=note.pk, kind="heart")
    account_delete(user=note.recipient)
    assert not NoteReply.objects.exists() and not NoteReaction.objects.exists()


def test_deleting_the_authors_account_takes_the_note_and_its_answers(note):
    services.note_reply(user=note.recipient, note_id=note.pk, text="mine")
    account_delete(user=note.author)
    assert not Note.objects.exists() and not NoteReply.objects.exists()


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_a_notes_page_costs_the_same_however_long_its_thread(web, note):
    client = web(note.author)
    url = f"/appreciation/notes/{note.pk}/"
    services.note_reply(user=note.recipient, note_id=note.pk, text="one")
    few = _queries(client, url)
    for n in range(10):
        services.note_reply(user=note.recipient, note_id=note.pk, text=f"more {n}")
    assert _queries(client, url) == few
