from pathlib import Path

from django.urls import reverse

from closeknit.goals import services, someday
from closeknit.goals.models import Goal, Milestone
from closeknit.goals.tests.queries import CEILING, queries_for

HTMX = {"HX-Request": "true"}


def test_index_explains_why_and_starts_a_goal(web, owner, partner, couple):
    client = web(owner)
    page = client.get("/goals/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Why this helps" in body and "Start a goal" in body
    assert reverse("goals:dreams") in body and reverse("goals:someday") in body

    made = client.post(
        "/goals/new/", {"kind": "shared", "title": "Learn to dance", "target_date": "2032-02-02"}
    )
    goal = Goal.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/goals/{goal.pk}/"
    assert goal.title == "Learn to dance" and str(goal.target_date) == "2032-02-02"
    # The partner sees it under "Ours" on their own index.
    assert "Learn to dance" in web(partner).get("/goals/").content.decode()


def test_a_bad_new_goal_keeps_what_was_typed(web, owner):
    response = web(owner).post(
        "/goals/new/", {"kind": "shared", "title": "", "why": "because it matters"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and "because it matters" in body
    assert (
        web(owner)
        .post("/goals/new/", {"kind": "shared", "title": "ok", "target_date": "31/31/31"})
        .status_code
        == 400
    )
    assert not Goal.objects.exists()


def test_ticking_a_step_with_htmx_celebrates_for_both(web, owner, partner, couple):
    goal = services.goal_create(user=owner, title="Paint the hallway", kind="shared")
    step = services.milestone_add(user=owner, goal_id=goal.pk, title="Pick a colour")
    robin = web(owner)
    response = robin.post(f"/goals/steps/{step.pk}/done/", {"done": "1"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'class="celebrate-now" role="status"' in body
    assert 'aria-pressed="true"' in body
    assert "1 of 1 step done" in body
    assert "Every step is done" not in body  # the celebration says it this time

    kai_index = web(partner).get("/goals/").content.decode()
    assert "Worth celebrating" in kai_index and "Pick a colour" in kai_index
    cleared = web(partner).post("/goals/celebrations/clear/", headers=HTMX)
    assert cleared.status_code == 200 and cleared.content == b""
    assert "Worth celebrating" not in web(partner).get("/goals/").content.decode()
    assert "Worth celebrating" in robin.get("/goals/").content.decode()

    reached = robin.post(f"/goals/{goal.pk}/status/", {"status": "reached"}, headers=HTMX)
    assert "You did it, together" in reached.content.decode()
    assert "together. That took both of you" in web(partner).get("/goals/").content.decode()


def test_celebrations_keep_still_for_people_who_prefer_less_motion():
    css = (Path(__file__).parents[1] / "static/goals/goals.css").read_text()
    motion_block = css.split("@media (prefers-reduced-motion: no-preference)")[1]
    before = css.split("@media (prefers-reduced-motion: no-preference)")[0]
    assert "animation" in motion_block and "animation" not in before


def test_steps_edit_and_delete_through_the_page(web, owner, partner, couple):
    goal = services.goal_create(user=owner, title="Move abroad", kind="shared")
    step = services.milestone_add(user=owner, goal_id=goal.pk, title="Research")
    client = web(partner)
    added = client.post(
        f"/goals/{goal.pk}/steps/", {"title": "Visit first", "carrier": "me"}, headers=HTMX
    )
    assert added.status_code == 200 and "Visit first" in added.content.decode()
    assert Milestone.objects.get(title__isnull=False, pk__gt=step.pk).carried_by == partner
    client.post(
        f"/goals/steps/{step.pk}/edit/",
        {"title": "Read up", "carrier": "partner", "due_date": "2031-01-01"},
    )
    step.refresh_from_db()
    assert (step.title, step.carried_by, str(step.due_date)) == ("Read up", owner, "2031-01-01")
    bad = client.post(f"/goals/{goal.pk}/steps/", {"title": "", "carrier": "me"}, headers=HTMX)
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    client.post(f"/goals/steps/{step.pk}/delete/")
    assert list(Milestone.objects.values_list("title", flat=True)) == ["Visit first"]


def test_cheering_a_shared_goal_from_the_page(web, owner, partner, couple):
    goal = services.goal_create(user=owner, title="Finish my thesis", kind="individual")
    kai = web(partner)
    assert kai.get(f"/goals/{goal.pk}/").status_code == 404
    assert "Finish my thesis" not in kai.get("/goals/").content.decode()
    web(owner).post(f"/goals/{goal.pk}/share/", {"shared": "1"})
    page = kai.get(f"/goals/{goal.pk}/").content.decode()
    assert "Cheering you on" in page and "Edit this goal" not in page
    cheered = kai.post(
        f"/goals/{goal.pk}/cheer/", {"kind": "go", "note": "nearly there"}, headers=HTMX
    )
    assert "nearly there" in cheered.content.decode()
    assert "nearly there" in web(owner).get(f"/goals/{goal.pk}/").content.decode()


def test_partners_and_outsiders_get_404_on_private_goal_pages(
    web, owner, partner, couple, outsider
):
    goal = services.goal_create(user=owner, title="Quietly mine", kind="individual")
    step = services.milestone_add(user=owner, goal_id=goal.pk, title="hidden step")
    for person in (partner, outsider):
        client = web(person)
        assert client.get(f"/goals/{goal.pk}/").status_code == 404
        for url, data in (
            (f"/goals/{goal.pk}/edit/", {"title": "x"}),
            (f"/goals/{goal.pk}/status/", {"status": "reached"}),
            (f"/goals/{goal.pk}/share/", {"shared": "1"}),
            (f"/goals/{goal.pk}/delete/", {}),
            (f"/goals/{goal.pk}/steps/", {"title": "x"}),
            (f"/goals/{goal.pk}/cheer/", {"kind": "cheer"}),
            (f"/goals/steps/{step.pk}/done/", {"done": "1"}),
            (f"/goals/steps/{step.pk}/edit/", {"title": "x"}),
            (f"/goals/steps/{step.pk}/delete/", {}),
        ):
            response = client.post(url, data)
            assert response.status_code == 404, url
            assert "Quietly mine" not in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == "active" and goal.title == "Quietly mine"


def _add_goals(owner, partner, count, start=0):
    for n in range(start, start + count):
        goal = services.goal_create(user=owner, title=f"Goal {n}", kind="shared")
        step = services.milestone_add(user=owner, goal_id=goal.pk, title="a step")
        services.milestone_set_done(user=partner, milestone_id=step.pk, done=True)
        mine = services.goal_create(user=partner, title=f"Mine {n}", kind="individual", shared=True)
        services.cheer_add(user=owner, goal_id=mine.pk, kind="cheer")
        someday.someday_add(user=partner, title=f"Someday {n}", category="travel")


def test_index_query_count_does_not_grow_with_goals(web, owner, partner, couple):
    client = web(owner)
    _add_goals(owner, partner, 1)
    few = queries_for(client, "/goals/")
    _add_goals(owner, partner, 30, start=1)
    assert queries_for(client, "/goals/") == few <= CEILING


def test_goal_page_query_count_does_not_grow_with_steps(web, owner, partner, couple):
    goal = services.goal_create(user=owner, title="Big one", kind="shared")
    client = web(owner)

    def add(count):
        for n in range(count):
            step = services.milestone_add(user=owner, goal_id=goal.pk, title=f"s{n}")
            services.milestone_set_done(user=partner, milestone_id=step.pk, done=True)

    add(1)
    few = queries_for(client, f"/goals/{goal.pk}/")
    add(25)
    assert queries_for(client, f"/goals/{goal.pk}/") == few <= CEILING
