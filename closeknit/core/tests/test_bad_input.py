"""Hostile and broken input everywhere: escaped on output, a clear 4xx, nothing written."""

from closeknit.accounts.models import User
from closeknit.prompts import services as daily

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_people_type_is_escaped_for_their_partner(web, library, owner, partner, couple):
    owner.display_name = SCRIPT[:60]
    owner.save()
    question = daily.question_today(user=owner)
    for person in (owner, partner):
        daily.answer_save(user=person, question_id=question.pk, text=SCRIPT, choice=0, scale=3)
    daily.reply_add(user=owner, question_id=question.pk, text=SCRIPT)
    for path in ("/", "/today/", f"/questions/{question.pk}/", "/questions/", "/couple/"):
        body = web(partner).get(path).content.decode()
        assert "<script>alert" not in body and "<img src=x onerror" not in body
        assert "&lt;script&gt;" in body or path in ("/couple/",)


def test_oversized_bodies_are_refused_plainly(web, api, owner):
    huge = "x" * (2 * 1024 * 1024)
    response = web(owner).post("/settings/", {"section": "profile", "display_name": huge})
    assert response.status_code == 400
    api_response = api(owner).patch("/me", {"display_name": huge})
    assert api_response.status_code in (400, 413, 422)
    assert "error" in api_response.json()
    owner.refresh_from_db()
    assert owner.display_name == "Robin"


def test_invalid_utf8_and_wrong_content_types(api, owner):
    client = api(owner)
    raw = client.client.patch(
        "/api/v1/me", data=b'{"display_name": "\xff\xfe"}', content_type="application/json",
        headers=client.headers,
    )  # fmt: skip
    assert 400 <= raw.status_code < 500 and "error" in raw.json()
    form = client.client.patch(
        "/api/v1/me", data="display_name=x", content_type="application/x-www-form-urlencoded",
        headers=client.headers,
    )  # fmt: skip
    assert 400 <= form.status_code < 500
    assert User.objects.get(pk=owner.pk).display_name == "Robin"


def test_wrong_types_and_unknown_fields_everywhere(api, owner):
    client = api(owner)
    for body in ({"display_name": ["a"]}, {"timezone": 5}, {"focus_practices": [1, 2]},
                 {"is_staff": True}, None):  # fmt: skip
        response = client.call("PATCH", "/me", body if body is not None else [])
        assert 400 <= response.status_code < 500, body
        assert set(response.json()["error"]) == {"code", "message"}
    assert not User.objects.get(pk=owner.pk).is_staff


LISTS = [
    "/questions/", "/notifications/", "/appreciation/notes/", "/appreciation/noticed/",
    "/goals/dreams/", "/growth/learned/", "/trust/journal/", "/support/good-news/",
    "/quality-time/dates/",
]  # fmt: skip


def test_any_page_number_gives_a_page_never_a_500(web, library, owner, partner, couple):
    """Every paged list reads ?page= through closeknit.lib.web.page_number: a number too
    big for the database's OFFSET, a negative one or a word all give a page."""
    client = web(owner)
    for path in LISTS:
        for page in ("99999999999999999999999", "-3", "two", "2"):
            response = client.get(path, {"page": page})
            assert response.status_code == 200, f"{path}?page={page}: {response.status_code}"
