"""A reached milestone or goal nudges the partner, but never about a private goal."""

from closeknit.goals import services
from closeknit.nudges.models import Notification


def test_milestones_of_shared_goals_nudge_the_partner_once(owner, partner, couple):
    goal = services.goal_create(user=owner, title="Learn to sail", kind="shared")
    step = services.milestone_add(user=owner, goal_id=goal.pk, title="Find a class")
    services.milestone_set_done(user=owner, milestone_id=step.pk, done=True)
    services.milestone_set_done(user=owner, milestone_id=step.pk, done=False)
    services.milestone_set_done(user=owner, milestone_id=step.pk, done=True)
    services.goal_set_status(user=owner, goal_id=goal.pk, status="reached")
    assert sorted(Notification.objects.values_list("user_id", "dedupe_key")) == sorted(
        [(partner.pk, f"milestone:{step.pk}"), (partner.pk, f"goal_reached:{goal.pk}")]
    )


def test_a_private_goal_tells_nobody(owner, partner, couple):
    goal = services.goal_create(user=owner, title="Private hope", kind="individual")
    step = services.milestone_add(user=owner, goal_id=goal.pk, title="First step")
    services.milestone_set_done(user=owner, milestone_id=step.pk, done=True)
    services.goal_set_status(user=owner, goal_id=goal.pk, status="reached")
    assert not Notification.objects.exists()
