"""The check-in reveal waits for the one who checked in first: until the pair is
complete neither sees the other's side, so that is the moment their partner can newly
see something (closeknit.nudges.waiting). Checking in alone tells nobody anything."""

from closeknit.accounts.models import User
from closeknit.checkins.tests.helpers import answers, check_in
from closeknit.couples import services as couples
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, WaitingItem


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_the_reveal_waits_for_the_one_who_checked_in_first(web, owner, partner, couple, outsider):
    mine = check_in(owner, 3, note="private words").checkin
    assert not WaitingItem.objects.exists()  # a check-in alone is private: nothing to see
    result = check_in(partner, 5)
    assert result.revealed_now
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "checkin_revealed",
        "Kai checked in too: see your picture together",
        f"/checkin/{mine.pk}/",
    )
    assert Notification.objects.filter(user=owner, event="checkin_revealed").count() == 1
    assert not WaitingItem.objects.filter(user__in=[partner, outsider]).exists()
    assert not Notification.objects.filter(user__in=[partner, outsider]).exists()
    assert web(owner).get(f"/checkin/{mine.pk}/").status_code == 200
    assert waiting.waiting_for(user=fresh(owner), couple=couple) == []


def test_checking_in_again_before_the_reveal_opens_nothing(owner, partner, couple):
    check_in(owner, 3)
    check_in(owner, 4)
    assert not WaitingItem.objects.exists()


def test_checking_in_on_the_web_completes_the_pair_and_tells_the_first(web, owner, partner, couple):
    first = check_in(partner, 4).checkin
    data = {k: str(v) for k, v in answers(5).items()} | {"closeness": "4"}
    response = web(owner).post("/checkin/", data)
    assert response.status_code == 302
    assert list(WaitingItem.objects.values_list("user_id", "kind", "url")) == [
        (partner.pk, "checkin_revealed", f"/checkin/{first.pk}/")
    ]


def test_after_leaving_nothing_waits_and_alone_nothing_opens(owner, partner, couple, make_person):
    check_in(owner, 3)
    check_in(partner, 5)
    couples.couple_leave(user=partner, entries_stay=True)
    assert not WaitingItem.objects.exists()
    solo = make_person("Sol")
    check_in(solo, 4)
    assert not WaitingItem.objects.exists()
