import threading

import pytest
from django.db import close_old_connections, connection

from closeknit.activity.models import ActivityRecord
from closeknit.goals.tests.queries import CEILING, queries_for
from closeknit.growth import services
from closeknit.growth.library import CHALLENGES
from closeknit.growth.models import ChallengeRun, Reflection, StepCheck
from conftest import pair_up

HTMX = {"HX-Request": "true"}


@pytest.fixture
def challenges(db):
    CHALLENGES.load()


def test_library_is_browsable_and_filterable(api, challenges, owner):
    client = api(owner)
    everything = client.get("/growth/challenges/library").json()
    assert len(everything) >= 40
    evenings = client.get("/growth/challenges/library?max_days=1").json()
    assert evenings and all(c["days"] == 1 and c["steps"] for c in evenings)
    places = client.get("/growth/challenges/library?category=place").json()
    assert places and {c["category"] for c in places} == {"place"}
    assert client.get("/growth/challenges/library?category=chores").status_code == 400
    assert client.get("/growth/challenges/library?max_days=90").status_code == 422


def test_each_checks_off_their_own_steps_and_both_see_both(api, challenges, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    started = robin.post("/growth/challenges", {"challenge_id": "challenge-005"})
    assert started.status_code == 201
    run = started.json()
    assert run["steps"][0]["label"] == "Choose a recipe and gather what you need"
    assert (
        robin.call("PUT", f"/growth/challenges/{run['id']}/steps", {"step": 1}).status_code == 200
    )
    kai.call("PUT", f"/growth/challenges/{run['id']}/steps", {"step": 2, "done": True})
    seen_by_kai = kai.get(f"/growth/challenges/{run['id']}").json()
    assert [(s["mine"], s["theirs"]) for s in seen_by_kai["steps"][:3]] == [
        (False, True),
        (True, False),
        (False, False),
    ]
    assert (seen_by_kai["my_done"], seen_by_kai["their_done"]) == (1, 1)
    # Checking twice changes nothing; un-checking is one's own only.
    robin.call("PUT", f"/growth/challenges/{run['id']}/steps", {"step": 1})
    kai.call("PUT", f"/growth/challenges/{run['id']}/steps", {"step": 1, "done": False})
    assert StepCheck.objects.filter(step=1, created_by=owner).count() == 1
    assert robin.get("/growth").json()["active_challenges"][0]["id"] == run["id"]


def test_long_challenges_check_off_day_by_day(api, challenges, owner):
    run = api(owner).post("/growth/challenges", {"challenge_id": "challenge-011"}).json()
    assert len(run["steps"]) == 30 and run["steps"][29]["label"] == "Day 30"
    step_31 = api(owner).call("PUT", f"/growth/challenges/{run['id']}/steps", {"step": 31})
    assert step_31.status_code == 422
    assert ChallengeRun.objects.get().step_count == 30


def test_look_backs_show_to_both_once_both_have_written(api, challenges, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    run = robin.post("/growth/challenges", {"challenge_id": "challenge-001"}).json()
    early = robin.call("PUT", f"/growth/challenges/{run['id']}/look-back", {"text": "early"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_finished"

    assert kai.post(f"/growth/challenges/{run['id']}/finish").json()["finished"] is True
    saved = robin.call("PUT", f"/growth/challenges/{run['id']}/look-back", {"text": "knots!"})
    assert saved.json()["shown_now"] is False
    peek = kai.get(f"/growth/challenges/{run['id']}")
    assert peek.json()["their_look_back"] is None and peek.json()["partner_looked_back"] is True
    assert "knots!" not in peek.content.decode()
    assert "knots!" not in kai.get("/growth/challenges?finished=true").content.decode()

    done = kai.call("PUT", f"/growth/challenges/{run['id']}/look-back", {"text": "my fingers"})
    assert done.json()["shown_now"] is True
    assert done.json()["their_look_back"]["text"] == "knots!"
    assert robin.get(f"/growth/challenges/{run['id']}").json()["their_look_back"]["text"] == (
        "my fingers"
    )
    late = robin.call("PUT", f"/growth/challenges/{run['id']}/look-back", {"text": "edit"})
    assert late.status_code == 409
    # Finished challenges take no more check-offs.
    finished = robin.call("PUT", f"/growth/challenges/{run['id']}/steps", {"step": 1})
    assert finished.status_code == 409


def test_bad_challenge_input_writes_nothing(api, challenges, owner, outsider):
    client = api(owner)
    for body in ({"challenge_id": "challenge-999"}, {"challenge_id": ""}, {}, {"x": 1}):
        assert client.post("/growth/challenges", body).status_code in (400, 422), body
    assert not ChallengeRun.objects.exists()
    run = client.post("/growth/challenges", {"challenge_id": "challenge-002"}).json()
    assert client.post("/growth/challenges", {"challenge_id": "challenge-002"}).status_code == 409
    for body in ({"step": 0}, {"step": "one"}, {"step": 1, "done": "maybe"}):
        response = client.call("PUT", f"/growth/challenges/{run['id']}/steps", body)
        assert response.status_code == 422, body
    client.post(f"/growth/challenges/{run['id']}/finish")
    for body in ({"text": ""}, {"text": "   "}, {"text": "x" * 1001}):
        response = client.call("PUT", f"/growth/challenges/{run['id']}/look-back", body)
        assert response.status_code in (400, 422), body
    assert not StepCheck.objects.exists() and not Reflection.objects.exists()
    assert api(outsider).get(f"/growth/challenges/{run['id']}").status_code == 404
    assert "challenge-002" not in api(outsider).get("/growth/challenges").content.decode()


def test_a_mistaken_start_can_be_removed_until_the_partner_joins_in(
    api, challenges, owner, partner, couple
):
    robin, kai = api(owner), api(partner)
    run = robin.post("/growth/challenges", {"challenge_id": "challenge-003"}).json()
    assert kai.delete(f"/growth/challenges/{run['id']}").status_code == 403
    kai.call("PUT", f"/growth/challenges/{run['id']}/steps", {"step": 1})
    assert robin.delete(f"/growth/challenges/{run['id']}").status_code == 409
    other = robin.post("/growth/challenges", {"challenge_id": "challenge-004"}).json()
    assert robin.delete(f"/growth/challenges/{other['id']}").status_code == 204


def test_alone_a_look_back_shows_at_once(api, challenges, owner):
    client = api(owner)
    run = client.post("/growth/challenges", {"challenge_id": "challenge-030"}).json()
    client.post(f"/growth/challenges/{run['id']}/finish")
    saved = client.call("PUT", f"/growth/challenges/{run['id']}/look-back", {"text": "cosy"})
    assert (
        saved.json()["my_look_back"]["text"] == "cosy" and saved.json()["their_look_back"] is None
    )


def test_challenge_pages_with_htmx(web, challenges, owner, partner, couple):
    client = web(owner)
    page = client.get("/growth/challenges/?category=skill&max_days=3").content.decode()
    assert "Three knots and a story" in page and "A month of a shared instrument" not in page
    started = client.post("/growth/challenges/start/", {"challenge_id": "challenge-001"})
    run = ChallengeRun.objects.get()
    assert started["Location"] == f"/growth/challenges/{run.pk}/"
    ticked = client.post(
        f"/growth/challenges/{run.pk}/step/", {"step": "2", "done": "1"}, headers=HTMX
    )
    assert ticked.status_code == 200 and "<html" not in ticked.content.decode()
    assert ticked.content.decode().count('aria-pressed="true"') == 1
    bad = client.post(
        f"/growth/challenges/{run.pk}/step/", {"step": "99", "done": "1"}, headers=HTMX
    )
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()

    kai = web(partner)
    assert "Three knots and a story" in kai.get("/growth/").content.decode()
    kai.post(f"/growth/challenges/{run.pk}/finish/")
    written = kai.post(
        f"/growth/challenges/{run.pk}/look-back/", {"text": "so fiddly"}, headers=HTMX
    )
    assert "data-live" in written.content.decode()
    robin_page = client.get(f"/growth/challenges/{run.pk}/").content.decode()
    assert "so fiddly" not in robin_page and "Write yours to see both" in robin_page
    client.post(f"/growth/challenges/{run.pk}/look-back/", {"text": "loved it"})
    assert "so fiddly" in client.get(f"/growth/challenges/{run.pk}/").content.decode()
    empty = client.post("/growth/challenges/start/", {"challenge_id": "nope"})
    assert empty.status_code == 400


def test_outsiders_get_404_on_every_challenge_page(web, challenges, owner, outsider):
    run = services.challenge_start(user=owner, challenge_id="challenge-001")
    client = web(outsider)
    assert client.get(f"/growth/challenges/{run.pk}/").status_code == 404
    for action, data in (
        ("step", {"step": "1", "done": "1"}),
        ("finish", {}),
        ("look-back", {"text": "x"}),
        ("delete", {}),
    ):
        assert client.post(f"/growth/challenges/{run.pk}/{action}/", data).status_code == 404
    run.refresh_from_db()
    assert run.finished_at is None and not StepCheck.objects.exists()


def test_look_back_text_is_encrypted_and_activity_has_no_content(api, challenges, owner):
    client = api(owner)
    run = client.post("/growth/challenges", {"challenge_id": "challenge-036"}).json()
    client.post(f"/growth/challenges/{run['id']}/finish")
    client.call("PUT", f"/growth/challenges/{run['id']}/look-back", {"text": "whales sing"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM growth_reflection")
        (stored,) = cursor.fetchone()
    assert stored.startswith("ck1:")
    assert list(ActivityRecord.objects.values_list("practice", "kind").order_by("pk")) == [
        ("growth", "challenge_started"),
        ("growth", "challenge_finished"),
        ("growth", "challenge_reflection"),
    ]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_look_backs_reveal_exactly_once(make_person):
    CHALLENGES.load()
    pairs = []
    for n in range(6):
        a, b = make_person(f"A{n}"), make_person(f"B{n}")
        pair_up(a, b)
        run = services.challenge_start(user=a, challenge_id="challenge-001")
        services.run_finish(user=a, run_id=run.pk)
        pairs.append((a, b, run))
    barrier = threading.Barrier(len(pairs) * 2)
    results: dict[tuple[int, int], bool] = {}
    errors: list[BaseException] = []

    def write(person, run) -> None:
        try:
            barrier.wait(timeout=30)
            _r, shown = services.reflection_save(user=person, run_id=run.pk, text="hi")
            results[(run.pk, person.pk)] = shown
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=write, args=(p, run)) for a, b, run in pairs for p in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    for a, b, run in pairs:
        assert sorted(results[(run.pk, p.pk)] for p in (a, b)) == [False, True]
        assert ChallengeRun.objects.get(pk=run.pk).reflections_shown_at is not None


def _add_runs(owner, partner, ids):
    for n, challenge_id in enumerate(ids):
        run = services.challenge_start(user=owner, challenge_id=challenge_id)
        services.step_set(user=partner, run_id=run.pk, step=1, done=True)
        services.learned_add(user=partner, title=f"thing {challenge_id}")
        if n > 0:
            services.run_finish(user=owner, run_id=run.pk)
            services.reflection_save(user=partner, run_id=run.pk, text="fun")


def test_growth_pages_query_counts_do_not_grow(web, challenges, owner, partner, couple):
    from closeknit.growth import rounds

    client = web(owner)
    _add_runs(owner, partner, ["challenge-001", "challenge-002"])
    rounds.round_start(user=owner)
    pages = ("/growth/", "/growth/challenges/", "/growth/rounds/", "/growth/learned/")
    few = {url: queries_for(client, url) for url in pages}
    _add_runs(owner, partner, [f"challenge-01{n}" for n in range(8)])
    for _n in range(2):
        round_ = rounds.round_start(user=partner)
        rounds.answers_save(user=partner, round_id=round_.pk, answers={1: "a"})
        rounds.guesses_save(user=owner, round_id=round_.pk, guesses={1: "b"})
    many = {url: queries_for(client, url) for url in pages}
    assert many == few
    assert max(many.values()) <= CEILING


def test_growth_index_says_why_and_shows_what_is_active(web, challenges, owner, partner, couple):
    from closeknit.growth import rounds

    services.challenge_start(user=owner, challenge_id="challenge-020")
    rounds.round_start(user=partner)
    services.learned_add(user=partner, title="Knots hold better wet")
    page = web(owner).get("/growth/").content.decode()
    assert "Why this helps" in page
    assert "A week of mini dares" in page and "you: 0 of 7" in page
    assert "A round about Kai: they're answering" in page
    assert "Knots hold better wet" in page
    assert web(None).get("/growth/").status_code == 302
