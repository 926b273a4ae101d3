import pytest

from closeknit.couples import services
from closeknit.couples.models import Couple, Invitation


def test_the_whole_journey_over_the_api(api, fresh_cache):
    anon = api(None)
    for email, name in (("robin@example.test", "Robin"), ("kai@example.test", "Kai")):
        created = anon.post(
            "/auth/signup",
            {"email": email, "password": "a-long-enough-pass-phrase", "display_name": name},
        )
        assert created.status_code == 201, created.json()
    tokens = {}
    for email in ("robin@example.test", "kai@example.test"):
        response = anon.post(
            "/auth/token", {"email": email, "password": "a-long-enough-pass-phrase"}
        )
        assert response.status_code == 201
        tokens[email] = response.json()["token"]
    robin, kai = api(None), api(None)
    robin.headers["Authorization"] = f"Bearer {tokens['robin@example.test']}"
    kai.headers["Authorization"] = f"Bearer {tokens['kai@example.test']}"

    assert robin.get("/couple").status_code == 404
    assert robin.post("/couple").status_code == 201
    invitation = robin.post("/couple/invitations")
    assert invitation.status_code == 201
    body = invitation.json()
    assert body["status"] == "pending" and body["link"].startswith("http://testserver/join/")

    joined = kai.post("/invitations/accept", {"code": body["code"]})
    assert joined.status_code == 200
    members = joined.json()["members"]
    assert [(m["display_name"], m["is_you"]) for m in members] == [("Robin", False), ("Kai", True)]
    assert robin.get("/me").json()["couple"]["partner"] == {"display_name": "Kai"}
    assert robin.get("/couple/invitations").json()[0]["status"] == "accepted"

    assert kai.post("/couple/leave", {"entries_stay": False}).status_code == 204
    assert robin.get("/couple").status_code == 404
    assert robin.get("/me").json()["couple"] is None


def test_accepting_a_used_code_is_410_with_the_error_shape(api, owner, partner, make_person):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    assert api(partner).post("/invitations/accept", {"code": new.code}).status_code == 200
    response = api(make_person()).post("/invitations/accept", {"code": new.code})
    assert response.status_code == 410
    assert response.json() == {
        "error": {"code": "invitation_used", "message": "This invitation has already been used."}
    }


def test_joining_while_in_another_couple_is_409(api, owner, outsider):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    response = api(outsider).post("/invitations/accept", {"code": new.code})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_in_couple"


@pytest.mark.parametrize(
    "body",
    [{}, {"code": ""}, {"code": 12345}, {"code": "x" * 41}, {"code": "ABCD-EFGH", "extra": 1}, []],
)
def test_bad_accept_bodies_are_4xx_and_change_nothing(api, partner, body):
    response = api(partner).post("/invitations/accept", body)
    assert 400 <= response.status_code < 500
    assert set(response.json()["error"]) == {"code", "message"}
    assert services.couple_for(partner) is None


def test_malformed_json_is_a_clear_400(api, partner):
    client = api(partner)
    response = client.client.post(
        "/api/v1/invitations/accept",
        data=b"{not json",
        content_type="application/json",
        headers=client.headers,
    )
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


def test_leave_needs_an_explicit_choice(api, owner, couple):
    response = api(owner).post("/couple/leave", {})
    assert response.status_code == 422
    assert "entries_stay" in response.json()["error"]["message"]
    assert services.couple_for(owner) == couple


def test_outsiders_cannot_see_or_touch_another_couples_invitations(api, owner, outsider):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    client = api(outsider)
    assert client.delete(f"/couple/invitations/{new.invitation.pk}").status_code == 404
    listed = client.get("/couple/invitations").json()
    assert new.invitation.pk not in [i["id"] for i in listed]
    assert Invitation.objects.get(pk=new.invitation.pk).status == "pending"


def test_a_partner_can_revoke_but_not_twice(api, owner):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    client = api(owner)
    assert client.delete(f"/couple/invitations/{new.invitation.pk}").status_code == 204
    again = client.delete(f"/couple/invitations/{new.invitation.pk}")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invitation_not_pending"


def test_creating_a_second_couple_is_409(api, owner, couple):
    response = api(owner).post("/couple")
    assert response.status_code == 409
    assert Couple.objects.count() == 1
