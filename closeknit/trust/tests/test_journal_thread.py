"""Answering a shared journal entry: a reaction from the partner, short replies from
either. The words are their writer's own: encrypted, exported, taken along on leaving,
and shown only while the entry is shared."""

import pytest
from django.db import connection

from closeknit.accounts.models import User
from closeknit.accounts.services import account_delete, account_export
from closeknit.couples import services as couples
from closeknit.lib.errors import NotFound
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, WaitingItem
from closeknit.trust import selectors, services
from closeknit.trust.models import JournalEntry, JournalReaction, JournalReply

HX = {"HX-Request": "true"}


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def shared_entry(owner: User, text: str = "my words") -> JournalEntry:
    entry = services.entry_create(user=owner, text=text)
    services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    WaitingItem.objects.all().delete()  # count only what answering makes
    return entry


def thread_of(user: User, entry: JournalEntry) -> selectors.Thread:
    seen = selectors.journal_entry(user=user, entry_id=entry.pk)
    assert seen is not None
    return selectors.journal_thread(user=user, entry=seen)


def test_a_reaction_tells_the_author_once_and_closes_when_they_look(
    web, owner, partner, couple, outsider
):
    entry = shared_entry(owner)
    services.entry_reaction_set(user=partner, entry_id=entry.pk, kind="hug")
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "reaction",
        "Kai reacted",
        f"/trust/journal/{entry.pk}/",
    )
    assert Notification.objects.filter(user=owner, event="replies").count() == 1
    assert not WaitingItem.objects.filter(user__in=[partner, outsider]).exists()
    services.entry_reaction_set(user=partner, entry_id=entry.pk, kind="heart")  # changed
    assert waiting.waiting_for(user=fresh(owner), couple=couple)[0].title == "Kai reacted 2 times"
    assert Notification.objects.filter(user=owner, event="replies").count() == 1
    assert JournalReaction.objects.get().kind == "heart"  # one each
    page = web(owner).get(f"/trust/journal/{entry.pk}/").content.decode()
    assert "Kai: Love you" in page
    assert waiting.waiting_for(user=fresh(owner), couple=couple) == []
    services.entry_reaction_set(user=partner, entry_id=entry.pk, kind=None)
    assert not JournalReaction.objects.exists()


def test_replies_go_both_ways_and_group(web, owner, partner, couple, outsider):
    entry = shared_entry(owner)
    for words in ("thank you", "for telling me"):
        services.entry_reply_add(user=partner, entry_id=entry.pk, text=words)
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert (item.kind, item.title) == ("reply", "Kai replied 2 times")
    assert "thank" not in item.title
    assert Notification.objects.filter(user=owner, event="replies").count() == 1
    assert open_count(partner) == 0 and open_count(outsider) == 0
    services.entry_reply_add(user=owner, entry_id=entry.pk, text="of course")
    [back] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (back.title, back.url) == ("Robin replied", f"/trust/journal/{entry.pk}/")
    web(partner).get(f"/trust/journal/{entry.pk}/")
    assert open_count(partner) == 0
    texts = [(r.user_id, r.text) for r in thread_of(owner, entry).replies]
    assert texts == [
        (partner.pk, "thank you"),
        (partner.pk, "for telling me"),
        (owner.pk, "of course"),
    ]


def open_count(user: User) -> int:
    return WaitingItem.objects.filter(user=user, closed_at=None).count()


def test_unsharing_hides_the_thread_and_withdraws_its_items(api, owner, partner, couple):
    entry = shared_entry(owner)
    services.entry_reaction_set(user=partner, entry_id=entry.pk, kind="hug")
    services.entry_reply_add(user=partner, entry_id=entry.pk, text="kai's reply")
    services.entry_reply_add(user=owner, entry_id=entry.pk, text="robin's reply")
    services.entry_share(user=owner, entry_id=entry.pk, shared=False)
    assert open_count(owner) == 0 and open_count(partner) == 0
    kai = api(partner)
    for path in (f"/trust/journal/{entry.pk}/thread", f"/trust/journal/{entry.pk}"):
        response = kai.get(path)
        assert response.status_code == 404 and "reply" not in response.content.decode()
    assert kai.post(f"/trust/journal/{entry.pk}/replies", {"text": "hello?"}).status_code == 404
    assert kai.call("PUT", f"/trust/journal/{entry.pk}/reaction", {"kind": "hug"}).status_code == (
        404
    )
    # The author's own page shows no thread while it is private; sharing again brings it back.
    hidden = api(owner).get(f"/trust/journal/{entry.pk}/thread").json()
    assert hidden["replies"] == [] and hidden["reactions"] == [] and not hidden["can_reply"]
    services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    assert [r["text"] for r in kai.get(f"/trust/journal/{entry.pk}/thread").json()["replies"]] == [
        "kai's reply",
        "robin's reply",
    ]


def test_only_the_partner_reacts_and_bad_input_says_why(api, owner, partner, couple):
    entry = shared_entry(owner)
    robin, kai = api(owner), api(partner)
    own = robin.call("PUT", f"/trust/journal/{entry.pk}/reaction", {"kind": "hug"})
    assert own.status_code == 403 and own.json()["error"]["code"] == "own_entry"
    bad = kai.call("PUT", f"/trust/journal/{entry.pk}/reaction", {"kind": "smirk"})
    assert bad.status_code == 400 and "hug" in bad.json()["error"]["message"]
    for body in ({"text": ""}, {"text": "   "}, {"text": "x" * 501}, {}, {"text": "ok", "x": 1}):
        response = kai.post(f"/trust/journal/{entry.pk}/replies", body)
        assert 400 <= response.status_code < 500, body
        assert response.json()["error"]["message"]
    assert not JournalReply.objects.exists() and not JournalReaction.objects.exists()
    assert not WaitingItem.objects.exists()
    made = kai.post(f"/trust/journal/{entry.pk}/replies", {"text": " a reply "})
    assert made.status_code == 201
    [reply] = made.json()["replies"]
    assert (reply["text"], reply["mine"], reply["author"]) == ("a reply", True, "Kai")
    reacted = kai.call("PUT", f"/trust/journal/{entry.pk}/reaction", {"kind": "thanks"}).json()
    assert reacted["my_reaction"] == "thanks" and reacted["can_react"]
    seen_by_robin = robin.get(f"/trust/journal/{entry.pk}/thread").json()
    assert seen_by_robin["my_reaction"] is None and not seen_by_robin["can_react"]
    assert seen_by_robin["reactions"][0]["author"] == "Kai"


def test_outsiders_and_private_entries_are_not_found(api, web, owner, partner, couple, outsider):
    shared = shared_entry(owner)
    private = services.entry_create(user=owner, text="private")
    for person, entry in ((outsider, shared), (outsider, private), (partner, private)):
        client = api(person)
        assert client.get(f"/trust/journal/{entry.pk}/thread").status_code == 404
        response = client.post(f"/trust/journal/{entry.pk}/replies", {"text": "hi"})
        assert response.status_code == 404 and "private" not in response.content.decode()
        assert (
            client.call("PUT", f"/trust/journal/{entry.pk}/reaction", {"kind": "hug"}).status_code
            == 404
        )
        page = web(person)
        assert page.post(f"/trust/journal/{entry.pk}/reply/", {"text": "hi"}).status_code == 404
        assert page.post(f"/trust/journal/{entry.pk}/react/", {"kind": "hug"}).status_code == 404
    assert not JournalReply.objects.exists() and not JournalReaction.objects.exists()
    assert not WaitingItem.objects.exists()


def test_web_reply_and_reaction_with_htmx_and_without(web, owner, partner, couple):
    entry = shared_entry(owner)
    kai = web(partner)
    page = kai.get(f"/trust/journal/{entry.pk}/").content.decode()
    assert f'id="thread-{entry.pk}"' in page and "Sending a hug" in page
    sent = kai.post(f"/trust/journal/{entry.pk}/reply/", {"text": "I'm with you"}, headers=HX)
    body = sent.content.decode()
    assert sent.status_code == 200 and "<html" not in body and "I&#x27;m with you" in body
    reacted = kai.post(f"/trust/journal/{entry.pk}/react/", {"kind": "here"}, headers=HX)
    assert reacted.status_code == 200 and 'aria-pressed="true"' in reacted.content.decode()
    assert kai.post(f"/trust/journal/{entry.pk}/react/", {"kind": ""}).status_code == 302
    assert not JournalReaction.objects.exists()
    bad = kai.post(f"/trust/journal/{entry.pk}/reply/", {"text": "y" * 501}, headers=HX)
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    assert "y" * 501 in bad.content.decode()  # the words are kept to fix
    wrong = kai.post(f"/trust/journal/{entry.pk}/react/", {"kind": "smirk"}, headers=HX)
    assert wrong.status_code == 400
    robin = web(owner).get(f"/trust/journal/{entry.pk}/").content.decode()
    assert "Kai:</span> I&#x27;m with you" in robin and 'name="kind"' not in robin


def test_replies_are_encrypted_at_rest(owner, partner, couple):
    entry = shared_entry(owner)
    services.entry_reply_add(user=partner, entry_id=entry.pk, text="the reply words")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM trust_journalreply")
        (stored,) = cursor.fetchone()
    assert stored.startswith("ck1:") and "reply words" not in stored


def test_each_exports_their_own_replies_and_reactions(owner, partner, couple):
    entry = shared_entry(owner, text="robin's entry")
    services.entry_reply_add(user=partner, entry_id=entry.pk, text="kai's reply")
    services.entry_reaction_set(user=partner, entry_id=entry.pk, kind="hug")
    services.entry_reply_add(user=owner, entry_id=entry.pk, text="robin's reply")
    kai = account_export(user=partner)["trust"]
    assert [(r["text"], r["on_my_own_entry"]) for r in kai["journal_replies"]] == [
        ("kai's reply", False)
    ]
    assert [r["reaction"] for r in kai["journal_reactions"]] == ["hug"]
    assert "robin's" not in str(kai)
    robin = account_export(user=owner)["trust"]
    assert [(r["text"], r["on_my_own_entry"]) for r in robin["journal_replies"]] == [
        ("robin's reply", True)
    ]
    assert robin["journal_reactions"] == [] and "kai's" not in str(robin)


@pytest.mark.parametrize("entries_stay", [True, False])
def test_a_leavers_replies_leave_with_them_when_they_choose(owner, partner, couple, entries_stay):
    entry = shared_entry(owner)
    services.entry_reply_add(user=partner, entry_id=entry.pk, text="kai's reply")
    services.entry_reaction_set(user=partner, entry_id=entry.pk, kind="hug")
    services.entry_reply_add(user=owner, entry_id=entry.pk, text="robin's reply")
    couples.couple_leave(user=partner, entries_stay=entries_stay)
    robin_sees = thread_of(owner, entry)
    expected = ["kai's reply", "robin's reply"] if entries_stay else ["robin's reply"]
    assert [r.text for r in robin_sees.replies] == expected
    assert len(robin_sees.reactions) == (1 if entries_stay else 0)
    assert not robin_sees.can_reply  # the space has ended
    # The leaver keeps their own words in their export either way.
    exported = account_export(user=partner)["trust"]["journal_replies"]
    assert [r["text"] for r in exported] == ["kai's reply"]
    with pytest.raises(NotFound):
        services.entry_reply_add(user=owner, entry_id=entry.pk, text="still there?")


def test_the_author_who_leaves_sees_only_their_own_words(owner, partner, couple):
    entry = shared_entry(owner)
    services.entry_reply_add(user=partner, entry_id=entry.pk, text="kai's reply")
    services.entry_reply_add(user=owner, entry_id=entry.pk, text="robin's reply")
    couples.couple_leave(user=owner, entries_stay=True)
    assert [r.text for r in thread_of(owner, entry).replies] == ["robin's reply"]
    assert [r.text for r in thread_of(partner, entry).replies] == ["kai's reply", "robin's reply"]


def test_deleting_an_account_takes_its_replies(owner, partner, couple):
    entry = shared_entry(owner)
    services.entry_reply_add(user=partner, entry_id=entry.pk, text="kai's reply")
    services.entry_reaction_set(user=partner, entry_id=entry.pk, kind="hug")
    account_delete(user=partner)
    assert not JournalReply.objects.exists() and not JournalReaction.objects.exists()
    assert JournalEntry.objects.filter(pk=entry.pk).exists()  # Robin's own entry stays
    assert not WaitingItem.objects.exists()


def test_a_later_partner_never_sees_an_earlier_ones_replies(make_person, owner, partner, couple):
    entry = shared_entry(owner)
    services.entry_reply_add(user=partner, entry_id=entry.pk, text="kai's reply")
    couples.couple_leave(user=owner, entries_stay=True)
    later = make_person("Sasha")
    from conftest import pair_up

    pair_up(owner, later)
    services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    assert thread_of(later, entry).replies == []
    assert thread_of(owner, entry).replies == []


def test_deleting_the_entry_withdraws_its_items(owner, partner, couple):
    entry = shared_entry(owner)
    services.entry_reply_add(user=partner, entry_id=entry.pk, text="kai's reply")
    services.entry_delete(user=owner, entry_id=entry.pk)
    assert open_count(owner) == 0 and not JournalReply.objects.exists()
