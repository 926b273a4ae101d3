"""What a goal leaves waiting for the partner (closeknit.nudges.waiting): steps ticked off
and goals reached, cheers on a goal; never anything about a private goal."""

from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.goals import services
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


def test_milestones_of_shared_goals_wait_for_the_partner_grouped(
    web, owner, partner, couple, outsider
):
    goal = services.goal_create(user=owner, title="Learn to sail", kind="shared")
    step = services.milestone_add(user=owner, goal_id=goal.pk, title="Find a class")
    services.milestone_set_done(user=owner, milestone_id=step.pk, done=True)
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "milestone",
        "Robin reached a milestone",
        f"/goals/{goal.pk}/",
    )
    assert "sail" not in item.title
    services.goal_set_status(user=owner, goal_id=goal.pk, status="reached")
    assert items_of(partner) == [("milestone", f"goal:{goal.pk}", f"/goals/{goal.pk}/", 2)]
    assert Notification.objects.filter(user=partner, event="milestone").count() == 1
    assert items_of(owner) == [] and items_of(outsider) == []
    assert not Notification.objects.filter(user__in=[owner, outsider]).exists()
    web(partner).get(f"/goals/{goal.pk}/")
    assert items_of(partner) == []


def test_a_private_goal_tells_nobody(owner, partner, couple):
    goal = services.goal_create(user=owner, title="Private hope", kind="individual")
    step = services.milestone_add(user=owner, goal_id=goal.pk, title="First step")
    services.milestone_set_done(user=owner, milestone_id=step.pk, done=True)
    services.goal_set_status(user=owner, goal_id=goal.pk, status="reached")
    assert not WaitingItem.objects.exists()
    assert not Notification.objects.exists()


def test_making_a_goal_private_again_or_deleting_it_withdraws_its_items(owner, partner, couple):
    mine = services.goal_create(user=owner, title="Run 10k", kind="individual", shared=True)
    step = services.milestone_add(user=owner, goal_id=mine.pk, title="5k first")
    services.milestone_set_done(user=owner, milestone_id=step.pk, done=True)
    assert [i[0] for i in items_of(partner)] == ["milestone"]
    services.goal_share(user=owner, goal_id=mine.pk, shared=False)
    assert items_of(partner) == []

    ours = services.goal_create(user=owner, title="Save for a trip", kind="shared")
    services.goal_set_status(user=owner, goal_id=ours.pk, status="reached")
    services.goal_delete(user=owner, goal_id=ours.pk)
    assert items_of(partner) == []


def test_a_cheer_waits_for_the_goals_owner_and_closes_on_its_page(
    web, api, owner, partner, couple, outsider
):
    goal = services.goal_create(user=owner, title="Learn Spanish", kind="individual", shared=True)
    services.cheer_add(user=partner, goal_id=goal.pk, kind="proud", note="¡Vamos!")
    assert api(partner).post(f"/goals/{goal.pk}/cheers", {"kind": "go"}).status_code == 201
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "goal_cheer",
        "Kai cheered your goal 2 times",
        f"/goals/{goal.pk}/",
    )
    assert "Vamos" not in item.title
    assert Notification.objects.filter(user=owner).count() == 1
    assert items_of(partner) == [] and items_of(outsider) == []
    web(owner).get(f"/goals/{goal.pk}/")
    assert items_of(owner) == []


def test_leaving_removes_goal_items_and_the_former_partner_hears_nothing_more(
    owner, partner, couple
):
    goal = services.goal_create(user=owner, title="Learn to sail", kind="shared")
    services.goal_set_status(user=owner, goal_id=goal.pk, status="reached")
    couples.couple_leave(user=partner, entries_stay=True)
    assert not WaitingItem.objects.exists()
    mine = services.goal_create(user=owner, title="Alone now", kind="individual")
    services.goal_set_status(user=owner, goal_id=mine.pk, status="reached")
    assert not WaitingItem.objects.filter(user=partner).exists()
