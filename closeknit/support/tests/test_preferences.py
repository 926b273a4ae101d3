"""How each person likes to be supported, shown to their partner."""

from closeknit.support.models import SupportPreference


def test_saving_on_the_web_and_the_partner_reading_it(web, owner, partner, couple):
    saved = web(owner).post(
        "/support/preferences/",
        {"ways": ["space", "listening"], "in_my_words": "Tea first, talking later."},
    )
    assert saved.status_code == 302
    assert SupportPreference.objects.get(user=owner).ways == ["listening", "space"]
    page = web(partner).get("/support/preferences/").content.decode()
    assert "What helps Robin" in page and "Listen to me, without fixing" in page
    assert "Tea first, talking later." in page


def test_bad_preferences_are_refused_and_nothing_is_saved(web, api, owner):
    response = web(owner).post(
        "/support/preferences/", {"ways": ["nagging"], "in_my_words": "kept"}
    )
    assert response.status_code == 400 and "kept" in response.content.decode()
    assert web(owner).post("/support/preferences/", {}).status_code == 400
    for bad in (
        {"ways": ["nagging"]},
        {"ways": []},
        {"ways": "listening"},
        {"in_my_words": "x" * 1001, "ways": ["space"]},
        {"ways": ["space"], "extra": 1},
    ):
        assert 400 <= api(owner).call("PUT", "/support/preferences", bad).status_code < 500, bad
    assert not SupportPreference.objects.exists()


def test_preferences_over_the_api(api, owner, partner, couple, outsider):
    saved = api(owner).call("PUT", "/support/preferences", {"ways": ["comfort"], "in_my_words": ""})
    assert saved.status_code == 200 and saved.json()["mine"]["way_labels"] == [
        "Physical comfort, like a hug"
    ]
    assert api(partner).get("/support/preferences").json()["partner"]["ways"] == ["comfort"]
    assert "comfort" not in api(outsider).get("/support/preferences").content.decode()
