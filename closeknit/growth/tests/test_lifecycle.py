from closeknit.couples import services as couples
from closeknit.growth import rounds, services
from closeknit.growth.library import CHALLENGES
from closeknit.growth.lifecycle import export_user_data


def _fill(owner, partner):
    CHALLENGES.load()
    run = services.challenge_start(user=owner, challenge_id="challenge-001")
    services.step_set(user=partner, run_id=run.pk, step=1, done=True)
    services.run_finish(user=owner, run_id=run.pk)
    services.reflection_save(user=owner, run_id=run.pk, text="Robin looks back")
    services.reflection_save(user=partner, run_id=run.pk, text="Kai looks back")
    kais_run = services.challenge_start(user=partner, challenge_id="challenge-002")
    about_robin = rounds.round_start(user=owner)
    rounds.answers_save(user=owner, round_id=about_robin.pk, answers={1: "Robin answers"})
    rounds.guesses_save(user=partner, round_id=about_robin.pk, guesses={1: "Kai guesses"})
    about_kai = rounds.round_start(user=partner)
    rounds.answers_save(user=partner, round_id=about_kai.pk, answers={1: "Kai answers"})
    rounds.guesses_save(user=owner, round_id=about_kai.pk, guesses={1: "Robin guesses"})
    services.learned_add(user=owner, title="Robin logs")
    services.learned_add(user=partner, title="Kai logs")
    return run, kais_run, about_robin, about_kai


def _everything(client, run, kais_run, about_robin, about_kai):
    paths = [
        "/growth/challenges?finished=true",
        "/growth/challenges",
        f"/growth/challenges/{run.pk}",
        f"/growth/challenges/{kais_run.pk}",
        f"/growth/rounds/{about_robin.pk}",
        f"/growth/rounds/{about_kai.pk}",
        "/growth/learned",
    ]
    return " ".join(client.get(p).content.decode() for p in paths)


def test_export_holds_only_the_persons_own_words(owner, partner, couple):
    _fill(owner, partner)
    data = export_user_data(user=owner)
    text = str(data)
    assert "Robin looks back" in text and "Robin answers" in text and "Robin guesses" in text
    assert "Robin logs" in text
    assert "Kai" not in text
    assert len(data["challenges_started"]) == 1


def test_leaving_and_taking_entries_hides_them_from_the_partner(api, owner, partner, couple):
    made = _fill(owner, partner)
    couples.couple_leave(user=owner, entries_stay=False)
    kai = _everything(api(partner), *made)
    assert "Kai logs" in kai and "Kai answers" in kai and "Kai guesses" in kai
    for gone in ("Robin logs", "Robin looks back", "Robin answers", "Robin guesses"):
        assert gone not in kai, gone
    robin = _everything(api(owner), *made)
    assert "Robin logs" in robin and "Robin answers" in robin and "Robin guesses" in robin
    for hidden in ("Kai logs", "Kai looks back", "Kai answers", "Kai guesses"):
        assert hidden not in robin, hidden


def test_leaving_and_letting_entries_stay_keeps_them_for_the_partner(api, owner, partner, couple):
    made = _fill(owner, partner)
    couples.couple_leave(user=owner, entries_stay=True)
    kai = _everything(api(partner), *made)
    for kept in ("Robin logs", "Robin looks back", "Robin answers", "Robin guesses"):
        assert kept in kai, kept
    step = api(partner).call("PUT", f"/growth/challenges/{made[1].pk}/steps", {"step": 1})
    assert step.status_code == 409 and step.json()["error"]["code"] == "space_ended"
