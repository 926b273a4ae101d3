"""The intimacy API: the same rules as the pages, with clear errors."""

from closeknit.accounts.services import account_export
from closeknit.couples import services as couples
from closeknit.intimacy.models import AffectionPreference, ListAnswers


def test_list_answers_matches_and_settings_over_the_api(api, items, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    listed = robin.get("/intimacy/list").json()
    assert listed["has_partner"] and not listed["adult_shown"]
    assert {i["tier"] for i in listed["items"]} == {"tender", "sensual"}
    assert all(i["answer"] is None for i in listed["items"])

    saved = robin.call(
        "PUT", "/intimacy/list/answers", {"answers": {"tender-001": "yes", "tender-002": "no"}}
    )
    assert saved.status_code == 200
    answers = {i["id"]: i["answer"] for i in saved.json()["items"]}
    assert answers["tender-001"] == "yes" and answers["tender-002"] == "no"
    assert kai.get("/intimacy/matches").json()["items"] == []

    kai.call(
        "PUT", "/intimacy/list/answers", {"answers": {"tender-001": "yes", "tender-002": "yes"}}
    )
    matched = robin.get("/intimacy/matches").json()
    assert [i["id"] for i in matched["items"]] == ["tender-001"]
    assert set(matched["items"][0]) == {"id", "tier", "text"}

    for client in (robin, kai):
        reply = client.call("PUT", "/intimacy/list/settings", {"adult": True})
        assert reply.status_code == 200
    opened = robin.get("/intimacy/list").json()
    assert opened["adult_shown"] and any(i["tier"] == "adult" for i in opened["items"])
    cleared = robin.delete("/intimacy/list")
    assert cleared.status_code == 200
    assert all(i["answer"] is None for i in cleared.json()["items"])
    assert cleared.json()["adult"] is False


def test_bad_list_input_is_4xx_and_writes_nothing(api, items, owner, partner, couple):
    client = api(owner)
    for body in (
        {"answers": {}},
        {"answers": {"tender-001": "always"}},
        {"answers": {"adult-001": "yes"}},
        {"answers": {"made-up-001": "yes"}},
        {"answers": {"tender-001": "yes"}, "sneaky": 1},
        {"answers": {"x" * 40: "yes"}},
        {"answers": "yes"},
    ):
        response = client.call("PUT", "/intimacy/list/answers", body)
        assert 400 <= response.status_code < 500, body
        assert response.json()["error"]["message"]
    assert client.call("PUT", "/intimacy/list/settings", {"adult": "perhaps"}).status_code == 422
    assert not ListAnswers.objects.exists()


def test_affection_over_the_api_is_visible_to_the_partner_only(
    api, owner, partner, couple, outsider
):
    body = {
        "preferences": [
            {"kind": "cuddling", "level": "love", "note": "on slow Sundays"},
            {"kind": "public_affection", "level": "not_for_me"},
        ]
    }
    saved = api(owner).call("PUT", "/intimacy/affection", body)
    assert saved.status_code == 200
    mine = {r["kind"]: r for r in saved.json()["mine"]}
    assert mine["cuddling"]["note"] == "on slow Sundays" and mine["hugs"]["level"] is None
    theirs = api(partner).get("/intimacy/affection").json()["partner"]
    assert theirs["name"] == "Robin"
    assert [p["kind"] for p in theirs["preferences"]] == ["cuddling", "public_affection"]
    stranger = api(outsider).get("/intimacy/affection").json()
    assert "on slow Sundays" not in str(stranger)
    assert stranger["partner"]["name"] != "Robin"


def test_bad_affection_input_is_4xx_and_writes_nothing(api, owner):
    client = api(owner)
    for prefs in (
        [{"kind": "teleporting", "level": "love"}],
        [{"kind": "hugs", "level": "obsessed"}],
        [{"kind": "hugs", "level": "love", "note": "x" * 501}],
        [{"kind": "hugs", "level": None, "note": "orphan note"}],
        [{"kind": "hugs", "level": "love"}, {"kind": "hugs", "level": "sometimes"}],
        [],
    ):
        response = client.call("PUT", "/intimacy/affection", {"preferences": prefs})
        assert 400 <= response.status_code < 500, prefs
    assert not AffectionPreference.objects.exists()


def test_a_hidden_practice_answers_409_until_shown_again(api, items, owner):
    client = api(owner)
    assert client.call("PUT", "/intimacy/privacy", {"hidden": True}).json() == {"hidden": True}
    for path in ("", "/list", "/matches", "/affection", "/not-now"):
        response = client.get(f"/intimacy{path}")
        assert response.status_code == 409, path
        assert response.json()["error"]["code"] == "practice_hidden"
    refused = client.call("PUT", "/intimacy/list/answers", {"answers": {"tender-001": "yes"}})
    assert refused.status_code == 409
    assert not ListAnswers.objects.exists()
    assert client.get("/intimacy/privacy").json() == {"hidden": True}
    assert client.call("PUT", "/intimacy/privacy", {"hidden": False}).json() == {"hidden": False}
    assert client.get("/intimacy/not-now").status_code == 200


def test_not_now_and_overview(api, owner):
    client = api(owner)
    assert len(client.get("/intimacy/not-now").json()["phrases"]) >= 12
    assert client.get("/intimacy").json()["why_this_helps"]


def test_export_holds_only_my_own_answers(api, items, owner, partner, couple):
    api(owner).call("PUT", "/intimacy/list/answers", {"answers": {"tender-003": "maybe"}})
    api(partner).call("PUT", "/intimacy/list/answers", {"answers": {"tender-004": "no"}})
    api(partner).call(
        "PUT",
        "/intimacy/affection",
        {"preferences": [{"kind": "hugs", "level": "love", "note": "kai note"}]},
    )
    exported = account_export(user=owner)["intimacy"]
    answers = exported["yes_maybe_no_lists"][0]["answers"]
    assert answers == [
        {"item": "tender-003", "text": answers[0]["text"], "answer": "maybe"},
    ]
    assert "tender-004" not in str(exported) and "kai note" not in str(exported)
    assert api(owner).get("/me/export").status_code == 200


def test_after_leaving_neither_sees_the_others_preferences_or_matches(
    api, items, owner, partner, couple
):
    for person in (owner, partner):
        client = api(person)
        client.call("PUT", "/intimacy/list/answers", {"answers": {"tender-001": "yes"}})
        client.call(
            "PUT", "/intimacy/affection", {"preferences": [{"kind": "hugs", "level": "love"}]}
        )
    assert api(partner).get("/intimacy/matches").json()["items"]
    couples.couple_leave(user=owner, entries_stay=False)
    for person in (owner, partner):
        client = api(person)
        assert client.get("/intimacy/matches").json()["items"] == []
        assert client.get("/intimacy/affection").json()["partner"] is None
    # Each keeps their own answers in their private history (the export).
    assert account_export(user=owner)["intimacy"]["yes_maybe_no_lists"][0]["answers"]
