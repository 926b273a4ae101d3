"""Browsing ideas, surprise us, private likes and the mutual-only shortlist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeknit.activity.models import ActivityRecord
from closeknit.dates.models import Idea, IdeaLike
from closeknit.dates.selectors.ideas import IdeaFilters, parse_filters, shortlist
from closeknit.dates.services.ideas import idea_like_set

P = "/quality-time"


def test_the_idea_list_filters_by_every_tag_combined(web, ideas, owner):
    client = web(owner)
    everything = client.get(f"{P}/ideas/")
    assert everything.status_code == 200
    assert "Surprise us" in everything.content.decode()
    query = (
        "setting=home&cost=free&cost=low&energy=calm&novelty=new&season=winter"
        "&long_distance=true&max_minutes=60"
    )
    response = client.get(f"{P}/ideas/?{query}", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    expected = Idea.objects.filter(
        retired=False,
        setting="home",
        cost__in=["free", "low"],
        energy="calm",
        novelty="new",
        season__in=["winter", "any"],
        long_distance=True,
        minutes__lte=60,
    )
    assert 0 < expected.count() < Idea.objects.count()
    for idea in expected:
        assert f'id="idea-{idea.pk}-title"' in body
    outside = Idea.objects.exclude(pk__in=expected).first()
    assert f'id="idea-{outside.pk}-title"' not in body
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_the_api_filters_and_pages_the_same_way(api, ideas, owner):
    client = api(owner)
    page = client.get("/quality-time/ideas?setting=out&energy=lively&season=summer").json()
    assert (
        page["total"]
        == Idea.objects.filter(setting="out", energy="lively", season__in=["summer", "any"]).count()
    )
    assert all(i["setting"] == "out" and i["energy"] == "lively" for i in page["items"])
    first = client.get("/quality-time/ideas").json()
    second = client.get("/quality-time/ideas?page=2").json()
    assert first["has_next"] and first["total"] >= 120
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})
    searched = client.get("/quality-time/ideas?q=kite").json()
    assert searched["total"] >= 1 and all("kite" in i["text"].lower() for i in searched["items"])


@pytest.mark.parametrize(
    "query",
    [
        "colour=red",
        "setting=moon",
        "cost=cheap",
        "season=monsoon",
        "long_distance=maybe",
        "max_minutes=ten",
        "max_minutes=5",
        "show=theirs",
        "page=0",
    ],
)
def test_unknown_filters_are_refused_clearly(web, api, ideas, owner, query):
    response = api(owner).get(f"/quality-time/ideas?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] in ("unknown_filter", "invalid")
    page = web(owner).get(f"{P}/ideas/?{query}")
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()
    assert api(owner).get(f"/quality-time/ideas/surprise?{query}").status_code == 400


def test_surprise_us_picks_a_matching_idea(web, api, ideas, owner):
    for _ in range(10):
        idea = api(owner).get("/quality-time/ideas/surprise?cost=high&setting=out").json()
        assert idea["cost"] == "high" and idea["setting"] == "out"
    response = web(owner).get(
        f"{P}/ideas/surprise/?season=winter&setting=home", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "How about this?" in response.content.decode()
    plain = web(owner).get(f"{P}/ideas/surprise/?energy=calm")
    assert plain.status_code == 302 and plain["Location"].startswith(f"{P}/ideas/date-")
    assert ActivityRecord.objects.filter(user=owner, kind="idea_surprise").count() == 12


def test_surprise_us_says_when_nothing_matches(web, api, ideas, owner):
    # No costly idea is long-distance and under 15 minutes.
    query = "cost=high&long_distance=true&max_minutes=10"
    response = api(owner).get(f"/quality-time/ideas/surprise?{query}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "no_match"
    page = web(owner).get(f"{P}/ideas/surprise/?{query}", headers={"HX-Request": "true"})
    assert page.status_code == 404 and "Loosen one" in page.content.decode()


def test_likes_are_private_and_only_mutual_likes_are_shared(
    web, api, ideas, owner, partner, couple
):
    robin, kai = api(owner), api(partner)
    assert (
        robin.call("PUT", "/quality-time/likes", {"idea_id": "date-001", "liked": True}).json()[
            "on_shortlist"
        ]
        is False
    )
    robin.call("PUT", "/quality-time/likes", {"idea_id": "date-002", "liked": True})
    kai.call("PUT", "/quality-time/likes", {"idea_id": "date-002", "liked": True})
    kai.call("PUT", "/quality-time/likes", {"idea_id": "date-003", "liked": True})

    assert [i["id"] for i in robin.get("/quality-time/shortlist").json()] == ["date-002"]
    assert [i["id"] for i in kai.get("/quality-time/shortlist").json()] == ["date-002"]
    assert [i["id"] for i in robin.get("/quality-time/likes").json()] == ["date-001", "date-002"]
    # Kai never learns that Robin liked date-001, anywhere.
    assert [i["id"] for i in kai.get("/quality-time/likes").json()] == ["date-002", "date-003"]
    kai_view = {i["id"]: i for i in kai.get("/quality-time/ideas").json()["items"]}
    assert kai_view["date-001"]["liked"] is False and kai_view["date-001"]["on_shortlist"] is False
    assert kai_view["date-002"]["on_shortlist"] is True
    liked_only = kai.get("/quality-time/ideas?show=liked").json()["items"]
    assert [i["id"] for i in liked_only] == ["date-002", "date-003"]
    kai_page = web(partner).get(f"{P}/ideas/?show=shortlist").content.decode()
    assert 'id="idea-date-002-title"' in kai_page and 'id="idea-date-001-title"' not in kai_page
    index = web(partner).get(f"{P}/").content.decode()
    assert Idea.objects.get(pk="date-002").title in index
    assert Idea.objects.get(pk="date-001").title not in index

    robin.call("PUT", "/quality-time/likes", {"idea_id": "date-002", "liked": False})
    assert kai.get("/quality-time/shortlist").json() == []
    assert ActivityRecord.objects.filter(user=owner, kind="idea_liked").count() == 2


def test_liking_on_the_web_with_htmx_swaps_the_card(web, ideas, owner, partner, couple):
    idea_like_set(user=partner, idea_id="date-010", liked=True)
    response = web(owner).post(
        f"{P}/ideas/date-010/like/", {"liked": "1"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'aria-pressed="true"' in body and "You both liked this one." in body
    plain = web(owner).post(
        f"{P}/ideas/date-010/like/", {"liked": "0", "next": "https://evil.test/"}
    )
    assert plain.status_code == 302 and plain["Location"] == f"{P}/ideas/date-010/"
    assert not IdeaLike.objects.filter(user=owner).exists()


def test_unknown_or_retired_ideas_are_404(web, api, ideas, owner):
    Idea.objects.filter(pk="date-005").update(retired=True)
    for idea_id in ("date-999", "date-005"):
        assert web(owner).get(f"{P}/ideas/{idea_id}/").status_code == 404
        assert web(owner).post(f"{P}/ideas/{idea_id}/like/", {"liked": "1"}).status_code == 404
        response = api(owner).call(
            "PUT", "/quality-time/likes", {"idea_id": idea_id, "liked": True}
        )
        assert response.status_code == 404
    for body in ({"idea_id": "date-001"}, {"idea_id": 1, "liked": "perhaps"}, {"x": 1}):
        assert api(owner).call("PUT", "/quality-time/likes", body).status_code == 422
    assert not IdeaLike.objects.exists()


def test_alone_there_is_no_shortlist_and_likes_stay_private(api, ideas, owner):
    idea_like_set(user=owner, idea_id="date-001", liked=True)
    assert api(owner).get("/quality-time/shortlist").json() == []
    assert api(owner).get("/quality-time/ideas?show=shortlist").json()["total"] == 0
    assert [i["id"] for i in api(owner).get("/quality-time/likes").json()] == ["date-001"]


IDS = [f"date-{n:03d}" for n in range(1, 31)]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mine=st.sets(st.sampled_from(IDS), max_size=15),
    theirs=st.sets(st.sampled_from(IDS), max_size=15),
    unliked=st.sets(st.sampled_from(IDS), max_size=5),
)
def test_the_shortlist_is_exactly_the_intersection_of_both_likes(
    ideas, owner, partner, couple, mine, theirs, unliked
):
    IdeaLike.objects.all().delete()
    for idea_id in sorted(mine | unliked):
        idea_like_set(user=owner, idea_id=idea_id, liked=True)
    for idea_id in sorted(unliked):
        idea_like_set(user=owner, idea_id=idea_id, liked=False)
    for idea_id in sorted(theirs):
        idea_like_set(user=partner, idea_id=idea_id, liked=True)
    expected = (mine - unliked) & theirs
    assert {i.pk for i in shortlist(user=owner)} == expected
    assert {i.pk for i in shortlist(user=partner)} == expected
    listed = IdeaFilters(show="shortlist")
    from closeknit.dates.selectors.ideas import idea_page

    page = idea_page(user=partner, filters=listed)
    assert {v.idea.pk for v in page.items} == expected
    # What the partner sees of the owner's likes is the intersection, and nothing else.
    every = idea_page(user=partner, filters=IdeaFilters(page=1))
    assert {v.idea.pk for v in every.items if v.on_shortlist} == expected & {
        v.idea.pk for v in every.items
    }


def test_parse_filters_accepts_plain_dicts_too():
    filters = parse_filters({"cost": ["free", "low"], "long_distance": "no", "q": " walk "})
    assert filters.cost == ("free", "low") and filters.long_distance is False
    assert filters.q == "walk"
    assert "cost=free&cost=low" in filters.query_string()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_idea_list_and_index_take_constant_queries(web, ideas, owner, partner, couple):
    from closeknit.dates.tests.conftest import move_to_past, plan

    client = web(owner)
    plan(owner)
    idea_like_set(user=owner, idea_id="date-001", liked=True)
    idea_like_set(user=partner, idea_id="date-001", liked=True)
    small_list = _count(client, f"{P}/ideas/")
    small_index = _count(client, f"{P}/")
    for n in range(2, 25):
        idea_like_set(user=owner, idea_id=f"date-{n:03d}", liked=True)
        idea_like_set(user=partner, idea_id=f"date-{n:03d}", liked=True)
    for _ in range(6):
        plan(owner)
    assert _count(client, f"{P}/ideas/") == small_list
    assert _count(client, f"{P}/ideas/?show=shortlist") == small_list
    assert _count(client, f"{P}/") == small_index
    move_to_past(plan(partner))
    small_dates = _count(client, f"{P}/dates/")
    for _ in range(5):
        move_to_past(plan(partner))
    assert _count(client, f"{P}/dates/") == small_dates
    print(f"queries: idea list {small_list}, index {small_index}, dates {small_dates}")


def test_a_history_restore_gets_the_whole_page(web, ideas, owner):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = web(owner).get(f"{P}/ideas/?cost=free", headers=headers)
    assert "<html" in response.content.decode()
