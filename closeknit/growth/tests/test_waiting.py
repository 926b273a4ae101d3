"""What waits for a partner in growth: their turn in a 'how well do you know me' round,
the first marks on their guesses, and steps taken in a shared challenge."""

import pytest

from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.growth import rounds, services
from closeknit.growth.library import CHALLENGES
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, WaitingItem

HTMX = {"HX-Request": "true"}


@pytest.fixture
def challenges(db):
    CHALLENGES.load()


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def open_items(user: User) -> list[tuple[str, str]]:
    return list(WaitingItem.objects.filter(user=user, closed_at=None).values_list("kind", "ref"))


def answered_round(owner: User) -> int:
    round_ = rounds.round_start(user=owner)
    rounds.answers_save(user=owner, round_id=round_.pk, answers={1: "soup", 2: "autumn"})
    return round_.pk


# Rounds


def test_the_guessers_turn_waits_for_them_only(owner, partner, couple, outsider):
    round_ = rounds.round_start(user=owner)
    assert not WaitingItem.objects.exists()  # the subject answers first: nothing to ask yet
    rounds.answers_save(user=owner, round_id=round_.pk, answers={1: "tomato soup"})
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "round_turn",
        "Your turn in a round with Robin",
        f"/growth/rounds/{round_.pk}/",
    )
    assert "soup" not in item.title
    assert Notification.objects.filter(user=partner, event="your_turn").count() == 1
    assert open_items(owner) == []
    assert not WaitingItem.objects.filter(user=outsider).exists()


def test_turns_pass_back_and_forth_until_the_marks(web, owner, partner, couple):
    rid = answered_round(owner)
    ref = f"round:{rid}"
    web(partner).get(f"/growth/rounds/{rid}/")  # seeing it is not taking the turn
    assert open_items(partner) == [("round_turn", ref)]
    response = web(partner).post(f"/growth/rounds/{rid}/guesses/", {"guess-1": "soup"})
    assert response.status_code == 302
    assert open_items(partner) == []
    # Both show now; marking the guesses is Robin's turn.
    assert open_items(owner) == [("round_turn", ref)]
    rounds.verdicts_save(user=owner, round_id=rid, verdicts={1: "spot_on"})
    assert open_items(owner) == []
    [marked] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (marked.kind, marked.title) == ("reaction", "Robin reacted")
    # Changing a mark later tells nobody again.
    rounds.verdicts_save(user=owner, round_id=rid, verdicts={1: "close"})
    assert WaitingItem.objects.get(user=partner, kind="reaction").count == 1
    web(partner).get(f"/growth/rounds/{rid}/")
    assert open_items(partner) == []


def test_marking_nothing_still_closes_the_turn(owner, partner, couple):
    rid = answered_round(owner)
    rounds.guesses_save(user=partner, round_id=rid, guesses={1: "soup"})
    rounds.verdicts_save(user=owner, round_id=rid, verdicts={})
    assert open_items(owner) == [] and open_items(partner) == []


def test_over_the_api_answers_invite_the_guesser(api, owner, partner, couple):
    rid = api(owner).post("/growth/rounds").json()["id"]
    body = {"answers": [{"position": 1, "text": "the sea"}]}
    assert api(owner).call("PUT", f"/growth/rounds/{rid}/answers", body).status_code == 200
    assert [w["kind"] for w in api(partner).get("/waiting").json()] == ["round_turn"]
    assert [w["kind"] for w in api(owner).get("/waiting").json()] == []


def test_removing_a_round_withdraws_its_items(owner, partner, couple):
    rid = answered_round(owner)
    rounds.round_delete(user=owner, round_id=rid)
    assert open_items(partner) == []


def test_a_former_partner_is_left_with_nothing(owner, partner, couple):
    answered_round(owner)
    couples.couple_leave(user=partner, entries_stay=True)
    assert not WaitingItem.objects.exists()
    assert waiting.waiting_for(user=fresh(partner), couple=couple) == []


# Challenges


def test_a_step_waits_for_the_partner_and_steps_group(
    web, challenges, owner, partner, couple, outsider
):
    run = services.challenge_start(user=owner, challenge_id="challenge-005")
    services.step_set(user=owner, run_id=run.pk, step=1, done=True)
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "challenge_step",
        "Robin took a step in your challenge",
        f"/growth/challenges/{run.pk}/",
    )
    assert open_items(owner) == []
    assert not WaitingItem.objects.filter(user=outsider).exists()
    services.step_set(user=owner, run_id=run.pk, step=1, done=True)  # already: nothing new
    services.step_set(user=owner, run_id=run.pk, step=2, done=True)
    services.step_set(user=owner, run_id=run.pk, step=2, done=False)  # un-checking: nothing
    assert waiting.waiting_for(user=fresh(partner), couple=couple)[0].title == (
        "Robin took 2 steps in your challenge"
    )
    assert Notification.objects.filter(user=partner, event="your_turn").count() == 1
    assert web(partner).get(f"/growth/challenges/{run.pk}/").status_code == 200
    assert open_items(partner) == []


def test_a_challenge_done_alone_waits_for_nobody(challenges, owner):
    run = services.challenge_start(user=owner, challenge_id="challenge-005")
    services.step_set(user=owner, run_id=run.pk, step=1, done=True)
    assert not WaitingItem.objects.exists()


def test_over_the_web_a_step_invites_and_removing_the_challenge_withdraws(
    web, challenges, owner, partner, couple
):
    run = services.challenge_start(user=owner, challenge_id="challenge-005")
    response = web(owner).post(f"/growth/challenges/{run.pk}/step/", {"step": 1, "done": "1"})
    assert response.status_code == 302
    assert open_items(partner) == [("challenge_step", f"challenge:{run.pk}")]
    services.run_delete(user=owner, run_id=run.pk)
    assert open_items(partner) == []


def test_steps_after_leaving_reach_no_one(challenges, owner, partner, couple):
    run = services.challenge_start(user=owner, challenge_id="challenge-005")
    services.step_set(user=owner, run_id=run.pk, step=1, done=True)
    couples.couple_leave(user=owner, entries_stay=True)
    assert not WaitingItem.objects.exists()
