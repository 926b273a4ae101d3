"""Every API call counts towards a per-person limit a minute (per address before login)."""

from django.test import override_settings


@override_settings(CLOSEKNIT_API_PER_MINUTE=3)
def test_a_person_over_the_limit_gets_a_clear_429_and_others_carry_on(api, owner, partner):
    robin = api(owner)
    for _ in range(3):
        assert robin.get("/me").status_code == 200
    response = robin.get("/me")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert "try again" in error["message"]
    assert 1 <= int(response["Retry-After"]) <= 60
    # The partner has a count of their own, and a refused call changed nothing.
    assert api(partner).get("/me").status_code == 200
    assert robin.get("/me").status_code == 429


@override_settings(CLOSEKNIT_API_PER_MINUTE=2)
def test_calls_before_login_count_by_address(api):
    anonymous = api(None)
    assert anonymous.get("/practices", REMOTE_ADDR="203.0.113.5").status_code == 200
    assert anonymous.get("/practices", REMOTE_ADDR="203.0.113.5").status_code == 200
    assert anonymous.get("/practices", REMOTE_ADDR="203.0.113.5").status_code == 429
    assert anonymous.get("/practices", REMOTE_ADDR="203.0.113.6").status_code == 200


def test_the_limit_is_documented_on_every_operation(api):
    schema = api(None).get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "429" in operation["responses"], f"{method.upper()} {path}"
