"""The private journal: private by default, shared entry by entry, and unshared again."""

import pytest
from django.db import connection

from closeknit.accounts.services import account_export
from closeknit.activity.models import ActivityRecord
from closeknit.couples import services as couples
from closeknit.trust import services
from closeknit.trust.models import JournalEntry

HX = {"HX-Request": "true"}


def test_entries_are_private_until_shared_and_private_again_after(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    created = robin.post("/trust/journal", {"text": "  a quiet worry  "})
    assert created.status_code == 201
    entry = created.json()
    assert entry["text"] == "a quiet worry" and entry["mine"] and not entry["shared"]
    assert kai.get(f"/trust/journal/{entry['id']}").status_code == 404
    assert kai.get("/trust/journal").json()["shared_with_me"] == []

    shared = robin.call("PUT", f"/trust/journal/{entry['id']}/share", {"shared": True})
    assert shared.json()["shared"] is True
    seen = kai.get(f"/trust/journal/{entry['id']}").json()
    assert seen["text"] == "a quiet worry" and seen["mine"] is False and seen["author"] == "Robin"
    assert [e["id"] for e in kai.get("/trust/journal").json()["shared_with_me"]] == [entry["id"]]

    robin.call("PUT", f"/trust/journal/{entry['id']}/share", {"shared": False})
    assert kai.get(f"/trust/journal/{entry['id']}").status_code == 404
    assert kai.get("/trust/journal").json()["shared_with_me"] == []
    kinds = list(ActivityRecord.objects.values_list("practice", "kind").order_by("pk"))
    assert kinds == [("trust", "journal_written"), ("trust", "journal_shared")]


def test_only_the_author_can_edit_share_or_delete(api, owner, partner, couple, outsider):
    entry = services.entry_create(user=owner, text="mine")
    services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    for person in (partner, outsider):
        client = api(person)
        assert client.patch(f"/trust/journal/{entry.pk}", {"text": "hijack"}).status_code == 404
        unshare = client.call("PUT", f"/trust/journal/{entry.pk}/share", {"shared": False})
        assert unshare.status_code == 404
        assert client.delete(f"/trust/journal/{entry.pk}").status_code == 404
    assert api(outsider).get(f"/trust/journal/{entry.pk}").status_code == 404
    entry.refresh_from_db()
    assert entry.text == "mine" and entry.shared_with_id == couple.pk
    robin = api(owner)
    assert robin.patch(f"/trust/journal/{entry.pk}", {"text": "mine, edited"}).json()["text"] == (
        "mine, edited"
    )
    assert robin.delete(f"/trust/journal/{entry.pk}").status_code == 204
    assert not JournalEntry.objects.exists()


def test_bad_input_is_4xx_and_writes_nothing(api, owner, partner, couple):
    robin = api(owner)
    for body in ({"text": ""}, {"text": "   "}, {"text": "x" * 10001}, {"text": "ok", "x": 1}, {}):
        response = robin.post("/trust/journal", body)
        assert 400 <= response.status_code < 500, body
        assert response.json()["error"]["message"]
    assert not JournalEntry.objects.exists()
    entry = services.entry_create(user=owner, text="kept")
    assert robin.patch(f"/trust/journal/{entry.pk}", {"text": " "}).status_code == 400
    assert robin.get("/trust/journal?page=0").status_code == 422
    entry.refresh_from_db()
    assert entry.text == "kept"


def test_sharing_needs_a_partner(api, owner):
    entry = services.entry_create(user=owner, text="alone")
    response = api(owner).call("PUT", f"/trust/journal/{entry.pk}/share", {"shared": True})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_partner"


def test_entries_are_encrypted_at_rest(owner):
    services.entry_create(user=owner, text="the words")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM trust_journalentry")
        (stored,) = cursor.fetchone()
    assert stored.startswith("ck1:") and "the words" not in stored


def test_web_journal_write_share_unshare_edit_delete(web, owner, partner, couple):
    robin, kai = web(owner), web(partner)
    saved = robin.post("/trust/journal/", {"text": "first entry"}, headers=HX)
    assert saved.status_code == 200 and 'id="journal-mine"' in saved.content.decode()
    assert "<html" not in saved.content.decode()
    entry = JournalEntry.objects.get()
    assert kai.get(f"/trust/journal/{entry.pk}/").status_code == 404

    shared = robin.post(f"/trust/journal/{entry.pk}/share/", {"shared": "1"}, headers=HX)
    assert shared.status_code == 200 and "Stop sharing" in shared.content.decode()
    assert "first entry" in kai.get("/trust/journal/").content.decode()
    partner_page = kai.get(f"/trust/journal/{entry.pk}/").content.decode()
    # No edit form for the partner (only the short reply under it).
    assert "Shared by Robin" in partner_page and 'id="entry-text"' not in partner_page
    assert kai.post(f"/trust/journal/{entry.pk}/edit/", {"text": "x"}).status_code == 404
    assert kai.post(f"/trust/journal/{entry.pk}/share/", {"shared": "0"}).status_code == 404
    assert kai.post(f"/trust/journal/{entry.pk}/delete/").status_code == 404

    assert robin.post(f"/trust/journal/{entry.pk}/share/", {"shared": "0"}).status_code == 302
    assert kai.get(f"/trust/journal/{entry.pk}/").status_code == 404
    assert "first entry" not in kai.get("/trust/journal/").content.decode()

    bad = robin.post(f"/trust/journal/{entry.pk}/edit/", {"text": "x" * 10001})
    assert bad.status_code == 400 and "x" * 10001 in bad.content.decode()
    assert robin.post(f"/trust/journal/{entry.pk}/edit/", {"text": "edited"}).status_code == 302
    assert JournalEntry.objects.get().text == "edited"
    assert robin.post(f"/trust/journal/{entry.pk}/delete/").status_code == 302
    assert not JournalEntry.objects.exists()


def test_web_bad_entry_keeps_the_words(web, owner):
    response = web(owner).post("/trust/journal/", {"text": "y" * 10001}, headers=HX)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() and "y" * 10001 in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_sharing_alone_on_the_web_explains_why(web, owner):
    entry = services.entry_create(user=owner, text="alone")
    response = web(owner).post(f"/trust/journal/{entry.pk}/share/", {"shared": "1"}, headers=HX)
    assert response.status_code == 409
    assert "once your partner has joined" in response.content.decode()


@pytest.mark.parametrize("entries_stay", [True, False])
def test_leaving_honours_the_leavers_choice(owner, partner, couple, entries_stay):
    from closeknit.trust import selectors

    robin = services.entry_create(user=owner, text="robin's")
    kai = services.entry_create(user=partner, text="kai's")
    for person, entry in ((owner, robin), (partner, kai)):
        services.entry_share(user=person, entry_id=entry.pk, shared=True)
    couples.couple_leave(user=owner, entries_stay=entries_stay)
    kai_sees = selectors.journal_entry(user=partner, entry_id=robin.pk)
    assert (kai_sees is not None) == entries_stay
    assert selectors.journal_entry(user=owner, entry_id=kai.pk) is None  # the leaver sees none
    assert selectors.journal_entry(user=owner, entry_id=robin.pk) is not None  # keeps their own


def test_export_holds_only_my_own_entries(owner, partner, couple):
    mine = services.entry_create(user=owner, text="my words")
    services.entry_share(user=owner, entry_id=mine.pk, shared=True)
    theirs = services.entry_create(user=partner, text="their words")
    services.entry_share(user=partner, entry_id=theirs.pk, shared=True)
    exported = account_export(user=owner)["trust"]
    assert [e["text"] for e in exported["journal"]] == ["my words"]
    assert exported["journal"][0]["shared_with_partner"] is True
    assert "their words" not in str(exported)


# the session with its person, couple (for the share buttons), my entries, entries shared with me,
# + the base template: the same for 1 or 25 entries each.
@pytest.mark.parametrize("entries", [1, 25])
def test_journal_page_query_count_is_constant(
    web, owner, partner, couple, entries, django_assert_num_queries
):
    for n in range(entries):
        for person in (owner, partner):
            entry = services.entry_create(user=person, text=f"entry {n}")
            services.entry_share(user=person, entry_id=entry.pk, shared=True)
    client = web(owner)
    client.get("/trust/journal/")
    with django_assert_num_queries(QUERIES_JOURNAL):
        assert client.get("/trust/journal/").status_code == 200


QUERIES_JOURNAL = 5
