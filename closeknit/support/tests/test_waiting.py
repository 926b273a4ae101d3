"""What the support signal and good news leave waiting (closeknit.nudges.waiting): the
signal is the partner's turn until they answer or it is taken back; answers, good news,
replies and reactions wait to be seen; nothing reaches anyone outside the couple."""

from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, WaitingItem
from closeknit.support import services


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def items_of(user: User) -> list[tuple[str, str, str, int]]:
    return sorted(
        WaitingItem.objects.filter(user=user, closed_at=None).values_list(
            "kind", "ref", "url", "count"
        )
    )


def test_a_signal_is_the_partners_turn_until_they_answer(web, owner, partner, couple, outsider):
    signal = services.signal_send(user=owner, note="long day")
    url = f"/support/signals/{signal.pk}/"
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "support_signal",
        "Robin could use some support",
        url,
    )
    assert "long day" not in item.title
    assert Notification.objects.filter(user=partner, event="support_signal").count() == 1
    assert items_of(owner) == [] and items_of(outsider) == []
    assert not Notification.objects.filter(user__in=[owner, outsider]).exists()
    web(partner).get(url)  # looking is not answering
    assert [i[0] for i in items_of(partner)] == ["support_signal"]

    services.signal_answer(user=partner, signal_id=signal.pk, kind="thinking")
    assert items_of(partner) == []
    assert items_of(owner) == [("signal_answered", f"signal:{signal.pk}", url, 1)]
    services.signal_answer(user=partner, signal_id=signal.pk, kind="on_my_way")
    [answered] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert answered.title == "Kai answered your signal 2 times"
    assert Notification.objects.filter(user=owner).count() == 1
    web(owner).get(url)
    assert items_of(owner) == []


def test_answers_close_when_the_sender_opens_the_support_page(web, owner, partner, couple):
    signal = services.signal_send(user=owner)
    services.signal_answer(user=partner, signal_id=signal.pk, kind="on_my_way")
    assert web(owner).get("/support/").status_code == 200
    assert items_of(owner) == []


def test_answering_on_the_web_closes_the_turn(web, owner, partner, couple):
    signal = services.signal_send(user=owner)
    response = web(partner).post(
        f"/support/signals/{signal.pk}/answer/",
        {"kind": "thinking", "from": "incoming"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert items_of(partner) == []
    assert [i[0] for i in items_of(owner)] == ["signal_answered"]


def test_taking_a_signal_back_closes_everything_at_it(owner, partner, couple):
    first = services.signal_send(user=owner)
    services.signal_answer(user=partner, signal_id=first.pk, kind="thinking")
    services.signal_withdraw(user=owner, signal_id=first.pk)
    second = services.signal_send(user=owner)
    services.signal_withdraw(user=owner, signal_id=second.pk)
    assert items_of(owner) == [] and items_of(partner) == []


def test_leaving_removes_the_signal_and_nothing_reaches_the_former_partner(owner, partner, couple):
    services.signal_send(user=owner)
    services.good_news_share(user=partner, text="I got the job")
    couples.couple_leave(user=partner, entries_stay=True)
    assert items_of(owner) == [] and items_of(partner) == []
    couples.couple_create(user=owner)  # a new space of one: nobody to tell
    assert not WaitingItem.objects.filter(user=partner).exists()


def test_good_news_waits_to_be_seen_and_its_replies_wait_for_the_author(
    web, api, owner, partner, couple, outsider
):
    news = services.good_news_share(user=owner, text="I passed my exam")
    url = f"/support/good-news/{news.pk}/"
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == ("good_news", "Robin shared good news", url)
    assert Notification.objects.filter(user=partner, event="good_news").count() == 1
    assert items_of(owner) == [] and items_of(outsider) == []

    # Replying over the API, without opening the page, is seeing it too.
    for words in ("Amazing!", "How did it feel?"):
        sent = api(partner).post(f"/support/good-news/{news.pk}/replies", {"text": words})
        assert sent.status_code == 201
    assert items_of(partner) == []
    [reply] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert (reply.kind, reply.title, reply.url) == ("reply", "Kai replied 2 times", url)
    assert "Amazing" not in reply.title
    web(owner).get(url)
    assert items_of(owner) == []

    # The author answering in the thread tells the partner.
    services.good_news_reply(user=owner, good_news_id=news.pk, text="Thank you!")
    assert items_of(partner) == [("reply", f"good_news:{news.pk}", url, 1)]
    assert items_of(owner) == []


def test_the_support_page_showing_good_news_closes_its_item(web, owner, partner, couple):
    services.good_news_share(user=owner, text="Small win today")
    assert "Small win today" in web(partner).get("/support/").content.decode()
    assert items_of(partner) == []
