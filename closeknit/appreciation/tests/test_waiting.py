"""What a note, a shared noticed-it entry, and an answer to a note leave waiting for the
partner (closeknit.nudges.waiting): one item for the right person, grouped, closed when
seen, and nothing for anyone else."""

from closeknit.accounts.models import User
from closeknit.appreciation import services
from closeknit.couples import services as couples
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, WaitingItem


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def items_of(user: User) -> list[tuple[str, str, str, int]]:
    return list(
        WaitingItem.objects.filter(user=user, closed_at=None).values_list(
            "kind", "ref", "url", "count"
        )
    )


def test_a_note_waits_for_the_partner_only(owner, partner, couple, outsider):
    services.note_send(user=owner, text="You were so patient today.")
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "note",
        "Robin sent you a note",
        "/appreciation/notes/",
    )
    assert "patient" not in item.title  # never what anyone wrote
    assert Notification.objects.filter(user=partner, event="appreciation").count() == 1
    assert items_of(owner) == [] and items_of(outsider) == []
    assert not Notification.objects.filter(user__in=[owner, outsider]).exists()


def test_several_notes_group_as_one_item_and_one_notification(owner, partner, couple):
    for words in ("one", "two", "three"):
        services.note_send(user=owner, text=words)
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert item.title == "Robin sent you 3 notes"
    assert Notification.objects.filter(user=partner).count() == 1


def test_a_shared_noticed_entry_arrives_as_a_note_item(owner, partner, couple):
    entry = services.noticed_add(user=owner, text="Kai made tea without asking")
    assert items_of(partner) == []  # a private log entry tells nobody
    services.noticed_share(user=owner, entry_id=entry.pk)
    services.note_send(user=owner, text="and thank you")
    assert items_of(partner) == [("note", "notes", "/appreciation/notes/", 2)]


def test_the_inbox_closes_when_the_notes_page_is_opened(web, owner, partner, couple):
    services.note_send(user=owner, text="hello")
    assert web(partner).get("/appreciation/notes/").status_code == 200
    assert items_of(partner) == []
    assert Notification.objects.get(user=partner).read_at is not None


def test_the_inbox_closes_on_the_practice_page_that_shows_the_new_notes(
    web, owner, partner, couple
):
    services.note_send(user=owner, text="hello")
    assert "New for you" in web(partner).get("/appreciation/").content.decode()
    assert items_of(partner) == []


def test_opening_notes_one_by_one_closes_the_inbox_with_the_last(web, owner, partner, couple):
    first = services.note_send(user=owner, text="one")
    second = services.note_send(user=owner, text="two")
    kai = web(partner)
    kai.get(f"/appreciation/notes/{first.pk}/")
    assert [i[0] for i in items_of(partner)] == ["note"]  # one still unread
    kai.get(f"/appreciation/notes/{second.pk}/")
    assert items_of(partner) == []


def test_reading_over_the_api_closes_the_inbox_with_the_last_note(api, owner, partner, couple):
    note = services.note_send(user=owner, text="one")
    api(partner).call("PUT", f"/appreciation/notes/{note.pk}/read", {"read": True})
    assert items_of(partner) == []


def test_a_reaction_waits_for_the_author_and_closes_when_they_open_the_note(
    web, owner, partner, couple, outsider
):
    note = services.note_send(user=owner, text="You were brave.")
    services.note_react(user=partner, note_id=note.pk, kind="heart")
    url = f"/appreciation/notes/{note.pk}/"
    assert items_of(owner) == [("reaction", f"note:{note.pk}", url, 1)]
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert item.title == "Kai reacted"
    assert Notification.objects.filter(user=owner, event="replies").count() == 1
    assert [i[0] for i in items_of(partner)] == ["note"]  # only the note they received
    assert items_of(outsider) == []
    # The same reaction again is no news; a change counts on the same item.
    services.note_react(user=partner, note_id=note.pk, kind="heart")
    services.note_react(user=partner, note_id=note.pk, kind="hug")
    assert items_of(owner) == [("reaction", f"note:{note.pk}", url, 2)]
    assert Notification.objects.filter(user=owner).count() == 1
    assert web(owner).get(url).status_code == 200
    assert items_of(owner) == []


def test_replies_wait_for_the_author_grouped(web, owner, partner, couple, outsider):
    note = services.note_send(user=owner, text="You were kind.")
    services.note_reply(user=partner, note_id=note.pk, text="That made my day")
    services.note_reply(user=partner, note_id=note.pk, text="Truly")
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "reply",
        "Kai replied 2 times",
        f"/appreciation/notes/{note.pk}/",
    )
    assert "day" not in item.title
    assert Notification.objects.filter(user=owner).count() == 1
    assert items_of(outsider) == []
    web(owner).get(f"/appreciation/notes/{note.pk}/")
    assert items_of(owner) == []


def test_leaving_removes_the_items_and_an_earlier_note_cannot_be_answered(
    api, owner, partner, couple
):
    note = services.note_send(user=owner, text="before")
    services.note_reply(user=partner, note_id=note.pk, text="thanks")
    couples.couple_leave(user=owner, entries_stay=True)
    assert not WaitingItem.objects.filter(user__in=[owner, partner]).exists()
    response = api(partner).post(f"/appreciation/notes/{note.pk}/replies", {"text": "still?"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "earlier_space"
    response = api(partner).call(
        "PUT", f"/appreciation/notes/{note.pk}/reaction", {"kind": "heart"}
    )
    assert response.status_code == 409
    assert not WaitingItem.objects.filter(user__in=[owner, partner]).exists()
