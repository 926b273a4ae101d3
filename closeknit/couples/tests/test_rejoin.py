"""The rule for what comes back (docs/couples.md, "Rejoining"), tested both ways: leave,
then start a new space with the same partner. Nothing of the ended space becomes live
in the new one; what each person may still see of it is history, read-only, marked
"From an earlier shared space"; pictures made of both people's answers together (the
mutual list) exist only inside a current space."""

from datetime import timedelta

import pytest
from django.utils import timezone

from closeknit.couples import services as couples
from closeknit.dates.tests.conftest import plan
from closeknit.goals import services as goals
from closeknit.intimacy.library import LIST_ITEMS

EARLIER = "From an earlier shared space"


def _rejoin(owner, partner):
    new = couples.invitation_start(user=owner)
    couples.invitation_accept(user=partner, code=new.code)


def _fill(owner, partner, api):
    LIST_ITEMS.load()
    goal = goals.goal_create(user=owner, title="Learn to sail", kind="shared")
    date = plan(owner, title="Night market", starts_at=timezone.now() + timedelta(days=3))
    for person in (owner, partner):
        api(person).call("PUT", "/intimacy/list/answers", {"answers": {"tender-001": "yes"}})
    assert api(partner).get("/intimacy/matches").json()["items"]
    return goal, date


@pytest.mark.parametrize("entries_stay", [True, False])
@pytest.mark.parametrize("leaver_is_owner", [True, False])
def test_after_rejoining_the_same_partner_the_old_space_is_history(
    web, api, owner, partner, couple, entries_stay, leaver_is_owner
):
    goal, date = _fill(owner, partner, api)
    leaver = owner if leaver_is_owner else partner
    couples.couple_leave(user=leaver, entries_stay=entries_stay)
    _rejoin(owner, partner)
    # Robin wrote both; Kai sees them unless Kai left, or Robin left and took them.
    kai_sees = leaver_is_owner and entries_stay

    for person, sees in ((owner, True), (partner, kai_sees)):
        client = web(person)
        goals_page = client.get("/goals/").content.decode()
        dates_page = client.get("/quality-time/dates/").content.decode()
        upcoming, earlier = dates_page.split('id="past-title"', 1)
        # Never live in the new space: not coming up, not changeable.
        assert "Night market" not in upcoming
        cancel = client.post(f"/quality-time/dates/{date.pk}/cancel/", {"confirm": "yes"})
        assert cancel.status_code == 404
        if sees:
            assert "Learn to sail" in goals_page and EARLIER in goals_page
            assert "Night market" in earlier and EARLIER in earlier
        else:
            assert "Learn to sail" not in goals_page
            assert "Night market" not in dates_page
        # The mutual list starts again: the old matches do not come back.
        assert api(person).get("/intimacy/matches").json()["items"] == []

    # The new space starts empty for the goal too: a change to the old one is refused.
    response = api(owner).patch(f"/goals/{goal.pk}", {"title": "Sail around"})
    assert response.status_code in (403, 404, 409)
