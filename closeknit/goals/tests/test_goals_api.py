from django.db import connection

from closeknit.activity.models import ActivityRecord
from closeknit.goals.models import Cheer, Goal, Milestone


def test_a_shared_goal_with_steps_progress_and_celebration_for_both(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    made = robin.post(
        "/goals",
        {"title": "Cycle the coast", "kind": "shared", "target_date": "2031-05-01"},
    )
    assert made.status_code == 201
    goal = made.json()
    assert goal["kind"] == "shared" and goal["progress"] == {"done": 0, "total": 0, "percent": 0}

    for title, carrier in (("Fix the bikes", "me"), ("Plan the route", "partner"), ("Go", "both")):
        added = robin.post(f"/goals/{goal['id']}/milestones", {"title": title, "carrier": carrier})
        assert added.status_code == 201
    steps = added.json()["milestones"]
    assert [s["carrier"] for s in steps] == ["me", "partner", "both"]
    # Kai sees the same steps, with who carries them from Kai's side.
    from_kai = kai.get(f"/goals/{goal['id']}").json()
    assert [s["carrier"] for s in from_kai["milestones"]] == ["partner", "me", "both"]
    assert from_kai["milestones"][0]["carried_by_name"] == "Robin"

    ticked = kai.patch(f"/goals/milestones/{steps[1]['id']}", {"done": True})
    assert ticked.status_code == 200
    assert ticked.json()["progress"] == {"done": 1, "total": 3, "percent": 33}
    assert ticked.json()["milestones"][1]["done_by_name"] == "Kai"
    for person in (robin, kai):
        celebrations = person.get("/goals/celebrations").json()
        assert [(c["kind"], c["title"], c["by_name"]) for c in celebrations] == [
            ("milestone", "Plan the route", "Kai")
        ]

    reached = robin.call("PUT", f"/goals/{goal['id']}/status", {"status": "reached"})
    assert reached.json()["status"] == "reached" and reached.json()["reached_at"]
    assert kai.get("/goals/celebrations").json()[0]["kind"] == "goal"
    assert kai.get("/goals?status=reached").json()["ours"][0]["title"] == "Cycle the coast"
    assert kai.get("/goals").json()["ours"] == []

    # Putting celebrations away is one person's choice only.
    assert kai.post("/goals/celebrations/clear").status_code == 204
    assert kai.get("/goals/celebrations").json() == []
    assert len(robin.get("/goals/celebrations").json()) == 2


def test_progress_is_derived_from_steps_and_untick_counts_down(api, owner, partner, couple):
    robin = api(owner)
    goal = robin.post("/goals", {"title": "Learn to swim", "kind": "shared"}).json()
    ids = [
        robin.post(f"/goals/{goal['id']}/milestones", {"title": f"Lesson {n}"}).json()[
            "milestones"
        ][-1]["id"]
        for n in range(4)
    ]
    for step_id in ids[:3]:
        robin.patch(f"/goals/milestones/{step_id}", {"done": True})
    assert robin.get(f"/goals/{goal['id']}").json()["progress"]["percent"] == 75
    robin.patch(f"/goals/milestones/{ids[0]}", {"done": False})
    assert robin.get(f"/goals/{goal['id']}").json()["progress"] == {
        "done": 2,
        "total": 4,
        "percent": 50,
    }
    # There is no way to type progress in by hand.
    assert robin.patch(f"/goals/{goal['id']}", {"progress": 100}).status_code == 422
    robin.delete(f"/goals/milestones/{ids[3]}")
    assert robin.get(f"/goals/{goal['id']}").json()["progress"]["percent"] == 67


def test_an_individual_goal_is_private_until_shared_then_cheered(
    api, owner, partner, couple, outsider
):
    robin, kai = api(owner), api(partner)
    goal = robin.post("/goals", {"title": "Run my first 5k", "kind": "individual"}).json()
    assert goal["shared"] is False and goal["mine"] is True
    assert robin.get("/goals").json()["mine"][0]["id"] == goal["id"]

    board = kai.get("/goals")
    assert "Run my first 5k" not in board.content.decode()
    for method, path, body in (
        ("GET", f"/goals/{goal['id']}", None),
        ("PATCH", f"/goals/{goal['id']}", {"title": "x"}),
        ("POST", f"/goals/{goal['id']}/cheers", {"kind": "cheer"}),
        ("POST", f"/goals/{goal['id']}/milestones", {"title": "x"}),
        ("PUT", f"/goals/{goal['id']}/status", {"status": "reached"}),
    ):
        response = kai.call(method, path, body)
        assert response.status_code == 404, (method, path)
        assert "5k" not in response.content.decode()
    assert Cheer.objects.count() == 0

    assert (
        robin.call("PUT", f"/goals/{goal['id']}/share", {"shared": True}).json()["shared"] is True
    )
    theirs = kai.get("/goals").json()["theirs"]
    assert [g["title"] for g in theirs] == ["Run my first 5k"]
    assert theirs[0]["owner_name"] == "Robin" and theirs[0]["can_edit"] is False

    cheered = kai.post(f"/goals/{goal['id']}/cheers", {"kind": "proud", "note": "go you"})
    assert cheered.status_code == 201
    assert robin.get(f"/goals/{goal['id']}").json()["cheers"][0]["note"] == "go you"
    # The partner can follow and cheer, not change it.
    assert kai.patch(f"/goals/{goal['id']}", {"title": "mine now"}).status_code == 403
    assert robin.post(f"/goals/{goal['id']}/cheers", {"kind": "cheer"}).status_code == 409
    assert api(outsider).get(f"/goals/{goal['id']}").status_code == 404

    robin.call("PUT", f"/goals/{goal['id']}/share", {"shared": False})
    assert kai.get(f"/goals/{goal['id']}").status_code == 404


def test_a_partner_cannot_read_steps_of_an_unshared_goal(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    goal = robin.post("/goals", {"title": "Private", "kind": "individual"}).json()
    step = robin.post(f"/goals/{goal['id']}/milestones", {"title": "secret step"}).json()
    step_id = step["milestones"][0]["id"]
    assert kai.patch(f"/goals/milestones/{step_id}", {"done": True}).status_code == 404
    assert kai.delete(f"/goals/milestones/{step_id}").status_code == 404
    assert Milestone.objects.get(pk=step_id).done_at is None


def test_bad_input_is_a_clear_4xx_and_writes_nothing(api, owner, partner, couple):
    client = api(owner)
    before = ActivityRecord.objects.count()
    for body in (
        {"title": "", "kind": "shared"},
        {"title": "   ", "kind": "shared"},
        {"title": "x" * 201, "kind": "shared"},
        {"title": "ok", "kind": "ours"},
        {"title": "ok", "kind": "shared", "target_date": "someday"},
        {"title": "ok", "kind": "shared", "colour": "red"},
        {"kind": "shared"},
    ):
        response = client.post("/goals", body)
        assert response.status_code in (400, 422), body
        assert response.json()["error"]["message"]
    assert Goal.objects.count() == 0

    goal = client.post("/goals", {"title": "Fine", "kind": "shared"}).json()
    for body in ({"title": ""}, {"title": "x", "carrier": "the cat"}, {"title": 3}):
        assert client.post(f"/goals/{goal['id']}/milestones", body).status_code in (400, 422)
    assert client.call("PUT", f"/goals/{goal['id']}/status", {"status": "done"}).status_code == 422
    assert client.call("PUT", f"/goals/{goal['id']}/status", {}).status_code == 422
    assert Milestone.objects.count() == 0
    assert client.post("/goals/999999/milestones", {"title": "x"}).status_code == 404
    assert ActivityRecord.objects.count() == before + 1  # only the one goal created


def test_patch_changes_only_what_is_sent_and_null_clears_the_date(api, owner):
    client = api(owner)
    goal = client.post(
        "/goals", {"title": "Garden", "kind": "shared", "why": "green", "target_date": "2030-01-01"}
    ).json()
    renamed = client.patch(f"/goals/{goal['id']}", {"title": "Balcony garden"}).json()
    assert (renamed["title"], renamed["why"], renamed["target_date"]) == (
        "Balcony garden",
        "green",
        "2030-01-01",
    )
    cleared = client.patch(f"/goals/{goal['id']}", {"target_date": None}).json()
    assert cleared["target_date"] is None and cleared["title"] == "Balcony garden"


def test_only_the_starter_deletes_a_shared_goal_the_partner_can_set_it_aside(
    api, owner, partner, couple
):
    robin, kai = api(owner), api(partner)
    goal = robin.post("/goals", {"title": "Ours", "kind": "shared"}).json()
    assert kai.delete(f"/goals/{goal['id']}").status_code == 403
    assert kai.call("PUT", f"/goals/{goal['id']}/status", {"status": "archived"}).status_code == 200
    assert robin.delete(f"/goals/{goal['id']}").status_code == 204
    assert not Goal.objects.exists()


def test_goal_text_is_encrypted_at_rest(api, owner):
    api(owner).post("/goals", {"title": "Find a quieter job", "kind": "individual"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM goals_goal")
        (stored,) = cursor.fetchone()
    assert stored.startswith("ck1:") and "quieter" not in stored


def test_someone_alone_keeps_goals_and_shares_once_a_partner_joins(api, owner, make_person):
    from conftest import pair_up

    robin = api(owner)
    goal = robin.post("/goals", {"title": "Write a song", "kind": "individual"}).json()
    assert robin.call("PUT", f"/goals/{goal['id']}/share", {"shared": True}).status_code == 409
    ours = robin.post("/goals", {"title": "Solo but ours", "kind": "shared"}).json()
    robin.post(f"/goals/{ours['id']}/milestones", {"title": "step", "carrier": "both"})
    assert (
        robin.post(f"/goals/{ours['id']}/milestones", {"title": "x", "carrier": "partner"})
    ).status_code == 409

    kai = make_person("Kai")
    pair_up(owner, kai)
    assert robin.call("PUT", f"/goals/{goal['id']}/share", {"shared": True}).status_code == 200
    assert [g["title"] for g in api(kai).get("/goals").json()["theirs"]] == ["Write a song"]
    # Goals made alone stay private to their author.
    assert "Solo but ours" not in api(kai).get("/goals").content.decode()


def test_every_use_records_activity_without_content(api, owner):
    client = api(owner)
    goal = client.post("/goals", {"title": "Secret title", "kind": "shared"}).json()
    step = client.post(f"/goals/{goal['id']}/milestones", {"title": "s"}).json()
    client.patch(f"/goals/milestones/{step['milestones'][0]['id']}", {"done": True})
    client.call("PUT", f"/goals/{goal['id']}/status", {"status": "reached"})
    kinds = list(ActivityRecord.objects.order_by("pk").values_list("practice", "kind"))
    assert kinds == [
        ("goals", "goal_created"),
        ("goals", "milestone_added"),
        ("goals", "milestone_done"),
        ("goals", "goal_reached"),
    ]
