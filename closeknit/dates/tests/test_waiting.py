"""What planning dates leaves waiting for the partner (closeknit.nudges.waiting): a date
planned, changed or called off, one item per date, closed when seen."""

from datetime import timedelta

from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.dates.services import planning
from closeknit.dates.tests.conftest import plan, soon
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, WaitingItem


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def items_of(user: User) -> list[tuple[str, str, str, int]]:
    return sorted(
        WaitingItem.objects.filter(user=user, closed_at=None).values_list(
            "kind", "ref", "url", "count"
        )
    )


def test_a_planned_date_waits_for_the_partner_only(web, owner, partner, couple, outsider):
    date = plan(owner, title="Dinner at Lupa")
    url = f"/quality-time/dates/{date.pk}/"
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == ("date_planned", "Robin planned a date", url)
    assert "Lupa" not in item.title
    assert Notification.objects.filter(user=partner, event="date_changes").count() == 1
    assert items_of(owner) == [] and items_of(outsider) == []
    assert not Notification.objects.filter(user__in=[owner, outsider]).exists()
    assert web(partner).get(url).status_code == 200
    assert items_of(partner) == []


def test_the_list_of_dates_shows_them_and_closes_their_items(web, owner, partner, couple):
    plan(owner, title="Picnic")
    plan(owner, title="Cinema", starts_at=soon(days=3))
    assert len(items_of(partner)) == 2  # one per date: each is its own thing
    assert web(partner).get("/quality-time/dates/").status_code == 200
    assert items_of(partner) == []


def test_a_change_waits_once_seen_and_folds_into_an_unseen_plan(api, owner, partner, couple):
    date = plan(owner)
    ref, url = f"date:{date.pk}", f"/quality-time/dates/{date.pk}/"
    planning.date_update(user=owner, date_id=date.pk, changes={"place": "The park"})
    # Not seen yet: they will see it as it is now; one item still.
    assert items_of(partner) == [("date_planned", ref, url, 1)]
    waiting.seen(user=fresh(partner), urls=[url])
    planning.date_update(user=owner, date_id=date.pk, changes={"place": "The lake"})
    assert api(owner).patch(f"/quality-time/dates/{date.pk}", {"minutes": 90}).status_code == 200
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.count) == ("date_changed", "Robin changed a date", 2)
    assert items_of(owner) == []


def test_the_partner_changing_it_tells_the_planner_and_closes_their_own(owner, partner, couple):
    date = plan(owner)
    # (As a request would: the person as they are now, with something waiting.)
    planning.date_update(user=fresh(partner), date_id=date.pk, changes={"minutes": 60})
    assert items_of(partner) == []  # changing it, they have seen it
    assert [i[0] for i in items_of(owner)] == ["date_changed"]


def test_calling_it_off_withdraws_the_rest_and_says_so_once(web, api, owner, partner, couple):
    date = plan(owner)
    waiting.seen(user=fresh(partner), refs=[f"date:{date.pk}"])
    planning.date_update(user=owner, date_id=date.pk, changes={"minutes": 60})
    assert api(owner).delete(f"/quality-time/dates/{date.pk}").status_code == 204
    assert items_of(partner) == [("date_cancelled", f"date:{date.pk}", "/quality-time/dates/", 1)]
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert item.title == "Robin called off a date"
    assert items_of(owner) == []
    web(partner).get("/quality-time/dates/")
    assert items_of(partner) == []


def test_calling_off_on_the_web(web, owner, partner, couple):
    date = plan(owner)
    response = web(partner).post(f"/quality-time/dates/{date.pk}/cancel/", {"confirm": "yes"})
    assert response.status_code == 302
    assert items_of(partner) == []
    assert [i[0] for i in items_of(owner)] == ["date_cancelled"]


def test_alone_or_after_leaving_nobody_is_told(owner, partner, couple, make_person):
    plan(owner)
    couples.couple_leave(user=partner, entries_stay=True)
    assert not WaitingItem.objects.exists()
    couples.couple_create(user=owner)
    plan(owner, starts_at=soon() + timedelta(hours=3))
    assert not WaitingItem.objects.exists()
    solo = make_person("Sol")
    plan(solo)
    assert not WaitingItem.objects.exists()
