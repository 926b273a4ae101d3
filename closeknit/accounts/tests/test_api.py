import pytest

from closeknit.accounts.models import ApiToken, User
from closeknit.accounts.services import token_create
from closeknit.couples import services as couples
from conftest import PASSWORD


def test_signup_validates_and_writes_nothing_on_bad_input(api, fresh_cache):
    anon = api(None)
    cases = [
        ({"email": "not-an-email", "password": PASSWORD}, 400, "invalid_email"),
        ({"email": "a@example.test", "password": "short"}, 400, "weak_password"),
        (
            {"email": "a@example.test", "password": PASSWORD, "timezone": "Mars/Base"},
            400,
            "invalid_timezone",
        ),
        ({"email": "a@example.test"}, 422, "invalid_input"),
        ({"email": "a@example.test", "password": PASSWORD, "admin": True}, 422, "invalid_input"),
        (
            {"email": "a@example.test", "password": PASSWORD, "display_name": "x" * 61},
            422,
            "invalid_input",
        ),
    ]
    for body, status, code in cases:
        response = anon.post("/auth/signup", body)
        assert response.status_code == status, (body, response.json())
        assert response.json()["error"]["code"] == code
    assert User.objects.count() == 0


def test_signup_refuses_a_taken_email_in_any_case(api, owner):
    response = api(None).post("/auth/signup", {"email": owner.email.upper(), "password": PASSWORD})
    assert response.status_code == 409
    assert User.objects.filter(email__iexact=owner.email).count() == 1


def test_token_exchange_and_revocation(api, owner):
    anon = api(None)
    wrong = anon.post("/auth/token", {"email": owner.email, "password": "nope-nope-nope"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "bad_credentials"
    made = anon.post("/auth/token", {"email": owner.email, "password": PASSWORD, "name": "phone"})
    assert made.status_code == 201
    raw = made.json()["token"]
    assert not ApiToken.objects.filter(token_hash=raw).exists()  # only the hash is stored

    client = api(None)
    client.headers["Authorization"] = f"Bearer {raw}"
    listed = client.get("/auth/tokens").json()
    assert [t["name"] for t in listed] == ["phone"]
    assert "token" not in listed[0]
    assert client.delete(f"/auth/tokens/{made.json()['id']}").status_code == 204
    assert client.get("/me").status_code == 401


def test_token_exchange_is_rate_limited(api, owner):
    anon = api(None)
    statuses = [
        anon.post("/auth/token", {"email": owner.email, "password": "wrong-wrong"}).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_nobody_can_revoke_someone_elses_token(api, owner, outsider):
    token, _raw = token_create(user=owner, name="mine")
    assert api(outsider).delete(f"/auth/tokens/{token.pk}").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_me_reads_and_updates_with_validation(api, owner):
    client = api(owner)
    me = client.get("/me").json()
    assert me["email"] == owner.email and me["couple"] is None
    updated = client.patch(
        "/me",
        {
            "display_name": "Robin B",
            "timezone": "Asia/Tokyo",
            "focus_practices": ["trust"],
            "hidden_practices": ["intimacy"],
        },
    )
    assert updated.status_code == 200
    assert updated.json()["timezone"] == "Asia/Tokyo"
    for body in (
        {"timezone": "Nowhere/Land"},
        {"focus_practices": ["astrology"]},
        {"focus_practices": ["trust"], "hidden_practices": ["trust"]},
        {"focus_practices": "trust"},
        {"email": "new@example.test"},
    ):
        response = client.patch("/me", body)
        assert response.status_code in (400, 422), body
        assert "message" in response.json()["error"]
    owner.refresh_from_db()
    assert (owner.display_name, owner.timezone) == ("Robin B", "Asia/Tokyo")
    assert owner.focus_practices == ["trust"] and owner.hidden_practices == ["intimacy"]


def test_export_has_each_apps_part(api, owner, couple):
    data = api(owner).get("/me/export").json()
    assert data["format"] == "closeknit-export"
    assert data["accounts"]["email"] == owner.email
    assert data["couples"]["memberships"][0]["couple_id"] == couple.pk
    assert "activity" in data


def test_deleting_over_the_api_needs_the_password(api, owner, partner, couple):
    client = api(owner)
    assert client.post("/me/delete", {"password": "wrong-password"}).status_code == 400
    assert User.objects.filter(pk=owner.pk).exists()
    assert client.post("/me/delete", {"password": PASSWORD}).status_code == 204
    assert not User.objects.filter(pk=owner.pk).exists()
    assert couples.couple_for(partner) is None
    assert User.objects.filter(pk=partner.pk).exists()


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer ck_forged", "Token abc", "Bearer "])
def test_bad_tokens_are_401(api, header):
    client = api(None)
    client.headers["Authorization"] = header
    response = client.get("/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
