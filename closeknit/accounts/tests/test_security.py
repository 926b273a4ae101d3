import time

from closeknit.accounts import applock
from conftest import PASSWORD


def test_app_lock_asks_again_after_idle_time(web, owner):
    applock.lock_set(user=owner, minutes=5, pin="2468")
    client = web(owner)
    assert client.get("/today/").status_code in (200, 503)  # fresh activity: open
    session = client.session
    session[applock.SEEN_KEY] = time.time() - 6 * 60
    session.save()
    locked = client.get("/couple/")
    assert locked.status_code == 302 and locked["Location"] == "/lock/?next=/couple/"
    assert client.get("/settings/").status_code == 302  # everything stays locked
    assert client.get("/safety/").status_code == 200  # help stays reachable
    api = client.get("/api/v1/me")
    assert api.status_code == 423 and api.json()["error"]["code"] == "locked"

    wrong = client.post("/lock/", {"secret": "1111", "next": "/couple/"})
    assert wrong.status_code == 400
    right = client.post("/lock/", {"secret": "2468", "next": "/couple/"})
    assert right.status_code == 302 and right["Location"] == "/couple/"
    assert client.get("/couple/").status_code == 200


def test_without_a_pin_the_password_unlocks(web, owner):
    applock.lock_set(user=owner, minutes=1)
    client = web(owner)
    session = client.session
    session[applock.LOCKED_KEY] = True
    session.save()
    assert client.post("/lock/", {"secret": PASSWORD}).status_code == 302
    assert client.get("/settings/").status_code == 200


def test_too_many_wrong_tries_log_out(web, owner):
    applock.lock_set(user=owner, minutes=1, pin="1357")
    client = web(owner)
    session = client.session
    session[applock.LOCKED_KEY] = True
    session.save()
    for _ in range(5):
        client.post("/lock/", {"secret": "0000"})
    final = client.post("/lock/", {"secret": "1357"})
    assert final["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_lock_settings_are_validated(web, owner):
    client = web(owner)
    for data in (
        {"minutes": 7, "pin": ""},
        {"minutes": 5, "pin": "12ab"},
        {"minutes": 5, "pin": "12"},
    ):
        assert client.post("/settings/security/", {"section": "lock", **data}).status_code == 400
    owner.refresh_from_db()
    assert owner.lock_after_minutes == 0 and owner.lock_pin == ""
    assert (
        client.post(
            "/settings/security/", {"section": "lock", "minutes": 15, "pin": "4321"}
        ).status_code
        == 302
    )
    owner.refresh_from_db()
    assert owner.lock_after_minutes == 15 and owner.lock_pin.startswith(("md5$", "argon2"))
    assert "4321" not in owner.lock_pin


def test_security_page_lists_sessions_tokens_and_two_step_login(web, owner):
    from closeknit.accounts.services import token_create

    token_create(user=owner, name="laptop")
    client = web(None)
    client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    page = client.get("/settings/security/").content.decode()
    assert "this device" in page
    assert "1 token can act as you." in page
    assert "Set up two-step login" in page
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/sessions/").status_code == 200


def test_a_plain_name_replaces_closeknit_in_the_tab(web, owner):
    client = web(owner)
    client.post("/settings/security/", {"section": "neutral", "neutral_name": "1"})
    page = client.get("/settings/").content.decode()
    assert "<title>Settings · Notes</title>" in page
