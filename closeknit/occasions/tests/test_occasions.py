"""Days that matter to a couple, through the API and the web: shared by both partners,
invisible to everyone else, ended with the space."""

import pytest

from closeknit.couples import services as couples
from closeknit.lib import lifecycle
from closeknit.occasions.models import Occasion

MET = {"kind": "anniversary", "name": "The night of the long walk", "month": 9, "day": 14}


def test_either_partner_adds_a_day_and_both_see_it(api, owner, partner, couple):
    response = api(owner).post("/occasions", MET)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == MET["name"] and body["added_by_you"] and body["person_is_you"] is None
    assert body["next_on"].endswith("-09-14")
    seen = api(partner).get("/occasions").json()
    assert [o["name"] for o in seen] == [MET["name"]] and not seen[0]["added_by_you"]
    birthday = api(partner).post(
        "/occasions",
        {"kind": "birthday", "name": "Robin turns another year", "month": 2, "day": 29,
         "birthday_of": "partner"},
    )  # fmt: skip
    assert birthday.status_code == 201
    mine = {o["name"]: o for o in api(owner).get("/occasions").json()}
    assert mine["Robin turns another year"]["person_is_you"] is True
    # Calendar order: February before September.
    assert list(mine) == ["Robin turns another year", MET["name"]]
    assert api(partner).delete(f"/occasions/{body['id']}").status_code == 204
    assert [o["name"] for o in api(owner).get("/occasions").json()] == ["Robin turns another year"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"month": 2, "day": 30}, 400, "invalid_day"),
        ({"month": 4, "day": 31}, 400, "invalid_day"),
        ({"month": 13}, 422, None),
        ({"name": "   "}, 400, "name_required"),
        ({"name": "x" * 81}, 400, "too_long"),
        ({"kind": "wedding"}, 400, "invalid_kind"),
        ({"birthday_of": "me"}, 400, "person_not_needed"),
        ({"kind": "birthday", "birthday_of": "cat"}, 400, "bad_person"),
        ({"colour": "gold"}, 422, None),
    ],
)
def test_bad_days_are_a_clear_4xx(api, owner, partner, couple, change, status, code):
    response = api(owner).post("/occasions", {**MET, **change})
    assert response.status_code == status, response.content
    if code:
        assert response.json()["error"]["code"] == code
    assert not Occasion.objects.exists()


def test_someone_alone_is_told_days_belong_to_a_shared_space(api, web, make_person):
    alone = make_person("Sol")
    response = api(alone).post("/occasions", MET)
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_couple"
    assert api(alone).get("/occasions").json() == []
    assert "belong to a shared space" in web(alone).get("/occasions/").content.decode()


def test_a_birthday_of_a_partner_who_has_not_joined_waits(api, make_person):
    waiting = make_person("Wren")
    couples.couple_create(user=waiting)
    response = api(waiting).post(
        "/occasions", {**MET, "kind": "birthday", "birthday_of": "partner"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "no_partner"


def test_outsiders_learn_nothing_of_a_couples_days(api, web, owner, partner, couple, outsider):
    made = api(owner).post("/occasions", MET).json()
    assert api(outsider).get("/occasions").json() == []
    gone = api(outsider).delete(f"/occasions/{made['id']}")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"
    assert MET["name"] not in web(outsider).get("/occasions/").content.decode()
    page = web(outsider).post(f"/occasions/{made['id']}/delete/", follow=True)
    assert "There is no such day in your space." in page.content.decode()
    assert Occasion.objects.filter(pk=made["id"]).exists()


def test_the_page_adds_and_removes_days(web, owner, partner, couple):
    response = web(owner).post(
        "/occasions/", {"kind": "birthday", "name": "Kai's day", "month": "7", "day": "3",
                        "birthday_of": "partner"},
    )  # fmt: skip
    assert response.status_code == 302
    page = web(partner).get("/occasions/").content.decode()
    assert "Kai&#x27;s day" in page and "question packs" in page
    occasion = Occasion.objects.get()
    assert occasion.person == partner and occasion.created_by == owner
    bad = web(owner).post("/occasions/", {"kind": "other", "name": "x", "month": "2", "day": "31"})
    assert bad.status_code == 400 and "isn" in bad.content.decode()
    assert web(partner).post(f"/occasions/{occasion.pk}/delete/").status_code == 302
    assert not Occasion.objects.exists()


def test_the_name_is_encrypted_at_rest(api, owner, partner, couple):
    from django.db import connection

    api(owner).post("/occasions", MET)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM occasions_occasion")
        (stored,) = cursor.fetchone()
    assert MET["name"] not in stored


@pytest.mark.parametrize("entries_stay", [True, False])
def test_days_end_with_the_space(api, owner, partner, couple, entries_stay):
    api(owner).post("/occasions", MET)
    api(partner).post("/occasions", {**MET, "name": "Kai's pick"})
    couples.couple_leave(user=partner, entries_stay=entries_stay)
    assert not Occasion.objects.exists()
    assert api(owner).get("/occasions").json() == []


def test_the_export_holds_the_days_a_person_added(api, owner, partner, couple):
    api(owner).post("/occasions", MET)
    api(partner).post("/occasions", {**MET, "name": "Kai's pick"})
    exported = lifecycle.collect_exports(user=owner)["occasions"]
    assert [o["name"] for o in exported] == [MET["name"]]


def test_deleting_an_account_ends_the_spaces_days(api, owner, partner, couple):
    from closeknit.accounts.services import account_delete

    api(partner).post("/occasions", MET)
    account_delete(user=partner)
    assert not Occasion.objects.exists()
