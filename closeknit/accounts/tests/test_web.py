import json

import pytest
from django.test import Client

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.couples import services as couples
from conftest import PASSWORD


@pytest.mark.django_db
def test_signup_keeps_name_and_browser_time_zone_and_hashes_with_argon2(fresh_cache, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    client = Client()
    page = client.get("/accounts/signup/").content.decode()
    assert 'name="timezone"' in page and 'type="hidden"' in page
    response = client.post(
        "/accounts/signup/",
        {
            "email": "New@Example.test",
            "password1": PASSWORD,
            "display_name": "Sasha",
            "timezone": "Asia/Kolkata",
        },
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert (user.email, user.display_name, user.timezone) == (
        "new@example.test",
        "Sasha",
        "Asia/Kolkata",
    )
    assert user.password.startswith("argon2")


@pytest.mark.django_db
def test_signup_with_a_bogus_time_zone_falls_back_to_utc(fresh_cache):
    Client().post(
        "/accounts/signup/",
        {"email": "tz@example.test", "password1": PASSWORD, "timezone": "Not/AZone"},
    )
    assert User.objects.get().timezone == "UTC"


@pytest.mark.django_db
def test_signup_errors_are_shown_and_nothing_is_written(fresh_cache):
    response = Client().post("/accounts/signup/", {"email": "nope", "password1": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error"' in body
    assert User.objects.count() == 0


def test_login_and_logout(owner, fresh_cache):
    client = Client()
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "Hello, Robin" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Start for free" in client.get("/").content.decode()


def test_failed_logins_are_rate_limited(owner, fresh_cache):
    client = Client()
    for _ in range(6):
        client.post("/accounts/login/", {"login": owner.email, "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 429 or "Too many" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(owner, mailoutbox, fresh_cache):
    response = Client().post("/accounts/password/reset/", {"email": owner.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [owner.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


@pytest.mark.parametrize(
    "path", ["/accounts/email/", "/accounts/password/change/", "/settings/", "/settings/tokens/"]
)
def test_account_pages_render_for_a_person(web, owner, path):
    response = web(owner).get(path)
    assert response.status_code == 200
    assert "<main" in response.content.decode()


def test_settings_save_profile_and_practices(web, owner):
    client = web(owner)
    response = client.post(
        "/settings/", {"section": "profile", "display_name": "Rob", "timezone": "Africa/Lagos"}
    )
    assert response.status_code == 302
    modes = {"communication": "focus", "intimacy": "hidden"}
    data = {"section": "practices", **{key: modes.get(key, "normal") for key in practices.KEYS}}
    assert client.post("/settings/", data).status_code == 302
    owner.refresh_from_db()
    assert (owner.display_name, owner.timezone) == ("Rob", "Africa/Lagos")
    assert owner.focus_practices == ["communication"]
    assert owner.hidden_practices == ["intimacy"]
    home = client.get("/").content.decode()
    assert 'id="practice-intimacy"' not in home
    assert "1 practice is hidden." in home
    assert home.index("Communication</span>") < home.index("Quality time</span>")


@pytest.mark.parametrize(
    "data",
    [
        {"section": "profile", "display_name": "x", "timezone": "Not/AZone"},
        {"section": "profile", "display_name": "x" * 61, "timezone": "UTC"},
        {"section": "practices", "communication": "sometimes"},
        {"section": "mystery"},
    ],
)
def test_bad_settings_change_nothing(web, owner, data):
    response = web(owner).post("/settings/", data)
    assert response.status_code in (302, 400)
    owner.refresh_from_db()
    assert (owner.display_name, owner.timezone) == ("Robin", "Europe/Berlin")
    assert owner.focus_practices == [] and owner.hidden_practices == []


def test_export_downloads_json(web, owner, couple):
    response = web(owner).get("/settings/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="closeknit-export-')
    data = json.loads(response.content)
    assert data["accounts"]["display_name"] == "Robin"


def test_delete_needs_password_and_the_word(web, owner, partner, couple):
    client = web(owner)
    assert client.get("/settings/delete/").status_code == 200
    bad = client.post("/settings/delete/", {"password": PASSWORD, "confirm": "yes"})
    assert bad.status_code == 400
    bad = client.post("/settings/delete/", {"password": "wrong", "confirm": "DELETE"})
    assert bad.status_code == 400
    assert User.objects.filter(pk=owner.pk).exists()
    done = client.post("/settings/delete/", {"password": PASSWORD, "confirm": "delete"})
    assert done.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert User.objects.filter(pk=partner.pk).exists()
    assert couples.couple_for(partner) is None


def test_tokens_page_shows_a_new_token_once(web, owner):
    client = web(owner)
    made = client.post("/settings/tokens/", {"name": "laptop"})
    body = made.content.decode()
    assert made.status_code == 200 and 'id="new-token">ck_' in body
    again = client.get("/settings/tokens/").content.decode()
    assert 'id="new-token"' not in again and "laptop" in again
    assert client.post("/settings/tokens/", {"name": ""}).status_code == 400


def test_export_as_a_readable_page_escapes_what_people_wrote(web, library, owner, partner, couple):
    from closeknit.prompts import services as daily

    question = daily.question_today(user=owner)
    daily.answer_save(
        user=owner, question_id=question.pk, text="<b>bold</b> & true", choice=0, scale=3
    )
    response = web(owner).get("/settings/export/page/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.html"')
    body = response.content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; true" in body and "<b>bold</b>" not in body
    assert '<th scope="col">Text</th>' in body  # answers laid out as a table
    assert owner.email in body and partner.email not in body
