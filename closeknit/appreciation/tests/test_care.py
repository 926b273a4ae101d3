"""What makes each person feel cared for, and kindness ideas keyed to the partner's answers."""

from closeknit.activity.models import ActivityRecord
from closeknit.appreciation import selectors, services
from closeknit.appreciation.models import CarePreference

ALL = {"words": 1, "time": 1, "help": 1, "gifts": 1, "touch": 1}


def test_saving_preferences_on_the_web_and_the_partner_reading_them(web, owner, partner, couple):
    robin = web(owner)
    form = robin.get("/appreciation/cared-for/").content.decode()
    assert "Means the most" in form and "Kai hasn't filled this in yet." in form
    data = {"words": "3", "time": "2", "help": "0", "gifts": "1", "touch": "2"}
    saved = robin.post("/appreciation/cared-for/", {**data, "in_my_words": "A note in my bag."})
    assert saved.status_code == 302
    preference = CarePreference.objects.get(user=owner)
    assert preference.levels() == {k: int(v) for k, v in data.items()}
    assert "Kai can read this" in robin.get(saved["Location"]).content.decode()
    kai_page = web(partner).get("/appreciation/cared-for/").content.decode()
    assert "What makes Robin feel cared for" in kai_page and "A note in my bag." in kai_page
    assert ActivityRecord.objects.filter(user=owner, kind="care_saved").count() == 1


def test_bad_preferences_are_refused_and_nothing_is_saved(web, api, owner):
    response = web(owner).post(
        "/appreciation/cared-for/",
        {"words": "7", "time": "x", "help": "1", "gifts": "1", "in_my_words": "typed"},
    )
    assert response.status_code == 400
    assert "typed" in response.content.decode() and 'role="alert"' in response.content.decode()
    for bad in (
        {**ALL, "words": 4},
        {**ALL, "touch": -1},
        {"words": 1},
        {**ALL, "in_my_words": "x" * 1001},
        {**ALL, "mood": 2},
    ):
        response = api(owner).call("PUT", "/appreciation/care", bad)
        assert 400 <= response.status_code < 500, bad
    assert not CarePreference.objects.exists()


def test_preferences_over_the_api_are_visible_to_the_partner_only(
    api, owner, partner, couple, outsider
):
    saved = api(owner).call("PUT", "/appreciation/care", {**ALL, "time": 3, "in_my_words": "walks"})
    assert saved.status_code == 200 and saved.json()["mine"]["time"] == 3
    theirs = api(partner).get("/appreciation/care").json()
    assert theirs["partner_name"] == "Robin" and theirs["partner"]["in_my_words"] == "walks"
    stranger = api(outsider).get("/appreciation/care").json()
    assert stranger["partner"] is None or stranger["partner"]["in_my_words"] != "walks"
    assert "walks" not in api(outsider).get("/appreciation/care").content.decode()


def test_ideas_follow_the_partners_preferences(api, web, kindness, owner, partner, couple):
    services.care_save(user=partner, levels={**dict.fromkeys(ALL, 0), "touch": 3})
    services.care_save(user=owner, levels={**dict.fromkeys(ALL, 0), "gifts": 3})
    for_robin = api(owner).get("/appreciation/ideas").json()
    assert for_robin["based_on"] == "partner" and for_robin["kinds"] == ["touch"]
    assert len(for_robin["ideas"]) == 6 and {i["kind"] for i in for_robin["ideas"]} == {"touch"}
    for_kai = api(partner).get("/appreciation/ideas").json()
    assert {i["kind"] for i in for_kai["ideas"]} == {"gifts"}
    page = web(owner).get("/appreciation/ideas/").content.decode()
    assert "Picked from what Kai said makes them feel cared for." in page
    assert for_robin["ideas"][0]["text"].replace("'", "&#x27;") in page


def test_ideas_mix_kinds_by_how_much_they_mean(kindness, owner, partner, couple):
    services.care_save(
        user=partner, levels={"words": 3, "time": 2, "help": 1, "gifts": 0, "touch": 0}
    )
    found = selectors.suggestions(user=owner)
    kinds = [i.kind for i in found.ideas]
    assert found.kinds == ["words", "time", "help"]
    assert kinds.count("words") >= kinds.count("time") >= kinds.count("help") >= 1
    assert "gifts" not in kinds and "touch" not in kinds
    other = selectors.suggestions(user=owner, shuffle=1)
    assert [i.id for i in other.ideas] != [i.id for i in found.ideas]
    assert [i.id for i in selectors.suggestions(user=owner).ideas] == [i.id for i in found.ideas]


def test_alone_ideas_follow_your_own_answers_or_a_mix(api, web, kindness, owner):
    mix = api(owner).get("/appreciation/ideas").json()
    assert mix["based_on"] == "mix" and len({i["kind"] for i in mix["ideas"]}) == 5
    services.care_save(user=owner, levels={**dict.fromkeys(ALL, 0), "help": 2})
    own = api(owner).get("/appreciation/ideas").json()
    assert own["based_on"] == "own" and {i["kind"] for i in own["ideas"]} == {"help"}
    by_kind = api(owner).get("/appreciation/ideas?kind=time").json()
    assert len(by_kind["ideas"]) > 6 and {i["kind"] for i in by_kind["ideas"]} == {"time"}
    assert api(owner).get("/appreciation/ideas?kind=money").status_code == 400
    assert api(owner).get("/appreciation/ideas?shuffle=-1").status_code == 422
    assert web(owner).get("/appreciation/ideas/?kind=bogus&shuffle=zz").status_code == 200
