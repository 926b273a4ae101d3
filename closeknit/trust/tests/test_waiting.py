"""What waits for a partner in the trust toolkit: their turn in a closeness session
(apart), the last answers of a finished one, and journal entries shared with them."""

from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, WaitingItem
from closeknit.trust import services
from closeknit.trust.models import ClosenessSession
from closeknit.trust.questions import TOTAL


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def open_items(user: User) -> list[tuple[str, str]]:
    return list(WaitingItem.objects.filter(user=user, closed_at=None).values_list("kind", "ref"))


def turn(user: User, session: ClosenessSession, position: int) -> None:
    services.session_turn(user=user, session_id=session.pk, position=position, text="words")


# Closeness sessions


def test_the_partners_turn_waits_for_them_only(owner, partner, couple, outsider, checked):
    session = services.session_start(user=owner, mode="apart")
    assert open_items(partner) == []  # the starter answers first: nothing to ask yet
    turn(owner, session, 0)
    ref = f"closeness:{session.pk}"
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "closeness_turn",
        "Your turn in your closeness questions with Robin",
        f"/trust/sessions/{session.pk}/",
    )
    assert "words" not in item.title
    assert Notification.objects.filter(user=partner, event="your_turn").count() == 1
    assert open_items(owner) == []
    assert not WaitingItem.objects.filter(user=outsider).exists()
    # Kai answers the first question, then opens the second: still their turn, so the
    # item stays; answering the second hands it to Robin.
    turn(partner, session, 0)
    assert open_items(partner) == [("closeness_turn", ref)]
    turn(partner, session, 1)
    assert open_items(partner) == []
    assert open_items(owner) == [("closeness_turn", ref)]


def test_seeing_the_session_does_not_close_a_turn_taking_it_does(
    web, owner, partner, couple, checked
):
    session = services.session_start(user=owner, mode="apart")
    turn(owner, session, 0)
    client = web(partner)
    assert client.get(f"/trust/sessions/{session.pk}/").status_code == 200
    assert open_items(partner) == [("closeness_turn", f"closeness:{session.pk}")]
    response = client.post(f"/trust/sessions/{session.pk}/turn/", {"position": 0, "text": "mine"})
    assert response.status_code == 302
    turn(partner, session, 1)
    assert WaitingItem.objects.filter(user=partner, closed_at__isnull=False).count() == 1


def test_over_the_api_a_turn_invites_the_partner(api, owner, partner, couple, checked):
    sid = api(owner).post("/trust/sessions", {"mode": "apart"}).json()["id"]
    api(owner).post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "robin"})
    assert [w["kind"] for w in api(partner).get("/waiting").json()] == ["closeness_turn"]
    assert [w["kind"] for w in api(owner).get("/waiting").json()] == []


def test_together_on_one_device_nothing_waits(owner, partner, couple, checked):
    session = services.session_start(user=owner, mode="together")
    services.session_turn(user=owner, session_id=session.pk, position=0)
    services.session_turn(user=owner, session_id=session.pk, position=0)
    assert not WaitingItem.objects.exists()


def test_the_last_answer_waits_to_be_seen_by_the_one_who_answered_first(
    web, owner, partner, couple, checked
):
    session = services.session_start(user=owner, mode="apart")
    ClosenessSession.objects.filter(pk=session.pk).update(position=TOTAL - 1)
    turn(partner, session, TOTAL - 1)  # odd: Kai opens it
    assert open_items(owner) == [("closeness_turn", f"closeness:{session.pk}")]
    turn(owner, session, TOTAL - 1)
    assert open_items(owner) == []  # the turn was taken; nothing more to do
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title) == ("reveal_ready", "Robin answered too: see both")
    web(partner).get(f"/trust/sessions/{session.pk}/")
    assert open_items(partner) == []


def test_ending_a_session_withdraws_what_waits(owner, partner, couple, checked):
    session = services.session_start(user=owner, mode="apart")
    turn(owner, session, 0)
    services.session_end(user=owner, session_id=session.pk)
    assert open_items(partner) == [] and open_items(owner) == []
    assert waiting.waiting_for(user=fresh(partner), couple=couple) == []


def test_a_former_partner_is_left_with_nothing(owner, partner, couple, checked):
    session = services.session_start(user=owner, mode="apart")
    turn(owner, session, 0)
    couples.couple_leave(user=owner, entries_stay=True)
    assert not WaitingItem.objects.exists()
    assert not Notification.objects.filter(item__isnull=False).exists()


# Journal entries shared with the partner


def test_only_a_shared_entry_waits_for_the_partner(owner, partner, couple, outsider):
    entry = services.entry_create(user=owner, text="a private worry")
    assert not WaitingItem.objects.exists()  # private: nothing, not even a hint
    services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "journal_shared",
        "Robin shared a journal entry with you",
        "/trust/journal/",
    )
    assert "worry" not in item.title
    assert Notification.objects.filter(user=partner, event="shared_words").count() == 1
    assert open_items(owner) == []
    assert not WaitingItem.objects.filter(user=outsider).exists()
    # Sharing what is already shared tells nobody anything new.
    services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    assert WaitingItem.objects.get(user=partner).count == 1


def test_several_shared_entries_group_and_close_when_read(web, owner, partner, couple):
    for n in range(3):
        entry = services.entry_create(user=owner, text=f"entry {n}")
        services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert item.title == "Robin shared 3 journal entries with you"
    assert Notification.objects.filter(user=partner, event="shared_words").count() == 1
    assert web(partner).get("/trust/journal/").status_code == 200
    assert waiting.waiting_for(user=fresh(partner), couple=couple) == []


def test_unsharing_withdraws_once_nothing_shared_is_left(owner, partner, couple):
    first = services.entry_create(user=owner, text="one")
    second = services.entry_create(user=owner, text="two")
    for entry in (first, second):
        services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    services.entry_share(user=owner, entry_id=first.pk, shared=False)
    assert open_items(partner) == [("journal_shared", "journal")]  # the other is still there
    services.entry_delete(user=owner, entry_id=second.pk)
    assert open_items(partner) == []
    # Shared again later: a new item.
    services.entry_share(user=owner, entry_id=first.pk, shared=True)
    assert open_items(partner) == [("journal_shared", "journal")]
    services.entry_share(user=owner, entry_id=first.pk, shared=False)
    assert open_items(partner) == []


def test_over_the_api_sharing_invites_and_unsharing_withdraws(api, owner, partner, couple):
    robin = api(owner)
    entry = robin.post("/trust/journal", {"text": "hello"}).json()
    robin.call("PUT", f"/trust/journal/{entry['id']}/share", {"shared": True})
    assert [w["kind"] for w in api(partner).get("/waiting").json()] == ["journal_shared"]
    robin.call("PUT", f"/trust/journal/{entry['id']}/share", {"shared": False})
    assert api(partner).get("/waiting").json() == []


def test_sharing_then_leaving_leaves_the_former_partner_nothing(owner, partner, couple):
    entry = services.entry_create(user=owner, text="shared")
    services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    couples.couple_leave(user=partner, entries_stay=False)
    assert not WaitingItem.objects.exists()
    assert waiting.waiting_for(user=fresh(partner), couple=couple) == []
