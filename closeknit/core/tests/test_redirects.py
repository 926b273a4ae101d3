"""`next` everywhere goes through closeknit.lib.redirects.safe_next: only a path on this
site is followed; anything else (another site, a view name, odd bytes) gives the page's
own fallback, never a 500 and never another site."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

import closeknit
from closeknit.accounts import applock
from closeknit.dates.library import IDEAS
from closeknit.lib.redirects import MAX_LENGTH, is_safe_path, safe_next
from closeknit.nudges.models import WaitingItem
from closeknit.prompts import services as daily
from closeknit.safety import services as safety
from conftest import answer_today

BAD = [
    "",
    "abc",  # redirect() would try it as a view name: a 500 before
    "99999",
    "home",  # a view name: went to "/"
    "dates:ideas",
    "//evil.example/x",
    "///evil.example/x",
    "https://evil.example/x",
    "http:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/ok/\\..\\evil",
    "/\x00",
    "\x00/",
    "/ok\r\nSet-Cookie: x=1",
    "/ok\tthere",
    " /leading-space",
    "/\u202eevil",  # a right-to-left override, to disguise what follows
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "evil.example/x",
    "./relative",
    "../up",
    "?q=1",
    "#top",
    "/" + "a" * MAX_LENGTH,
]
GOOD = ["/", "/couple/", "/quality-time/ideas/?cost=free&page=2", "/questions/12/#reply"]


def _request(value: str, method: str = "post"):
    factory = RequestFactory()
    if method == "post":
        return factory.post("/somewhere/", {"next": value})
    return factory.get("/somewhere/", {"next": value})


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("method", ["post", "get"])
def test_anything_but_a_path_here_gives_the_fallback(value, method):
    assert safe_next(_request(value, method), "/fallback/") == "/fallback/"
    assert not is_safe_path(value, host="testserver")


@pytest.mark.parametrize("value", GOOD)
def test_a_path_on_this_site_is_followed(value):
    assert safe_next(_request(value), "/fallback/") == value
    assert safe_next(_request(value, "get"), "/fallback/") == value


def test_no_next_at_all_gives_the_fallback():
    assert safe_next(RequestFactory().post("/x/"), "/fallback/") == "/fallback/"
    assert safe_next(RequestFactory().get("/x/"), "") == ""


def test_post_wins_over_the_query_string():
    request = RequestFactory().post("/x/?next=/from-query/", {"next": "/from-form/"})
    assert safe_next(request, "/fallback/") == "/from-form/"


def test_https_sites_refuse_a_plain_http_address():
    # A path has no scheme to downgrade, so it stays fine behind HTTPS too.
    request = RequestFactory().post("/x/", {"next": "/couple/"}, secure=True)
    assert safe_next(request, "/fallback/") == "/couple/"
    assert not is_safe_path("http://testserver/couple/", host="testserver", secure=True)


# --- Every view that takes `next`, over HTTP -------------------------------------------

HTTP_BAD = ["abc", "99999", "home", "//evil.example", "https://evil.example/x", "/\\evil",
            "/\x00", "javascript:alert(1)", "/" + "a" * (MAX_LENGTH + 5)]  # fmt: skip


@pytest.fixture
def ideas(db):
    IDEAS.load()


def _location(response) -> str:
    assert response.status_code == 302, (response.status_code, response.content[:300])
    return response["Location"]


@pytest.mark.parametrize("value", HTTP_BAD)
def test_liking_an_idea_goes_back_to_the_idea(web, ideas, owner, partner, couple, value):
    # Issue 22: next=abc or 99999 was a 500 (taken as a view name); next=home went to "/".
    response = web(owner).post("/quality-time/ideas/date-010/like/", {"liked": "1", "next": value})
    assert _location(response) == "/quality-time/ideas/date-010/"


def test_liking_an_idea_goes_back_to_the_list_it_came_from(web, ideas, owner, partner, couple):
    client = web(owner)
    back = "/quality-time/ideas/?cost=free"
    response = client.post("/quality-time/ideas/date-010/like/", {"liked": "1", "next": back})
    assert _location(response) == back
    loop = client.post(
        "/quality-time/ideas/date-010/like/",
        {"liked": "0", "next": "/quality-time/ideas/date-010/like/"},
    )
    assert _location(loop) == "/quality-time/ideas/date-010/"


@pytest.mark.parametrize("value", HTTP_BAD)
def test_the_app_lock_opens_onto_home_for_a_bad_next(web, owner, value):
    applock.lock_set(user=owner, minutes=5, pin="2468")
    client = web(owner)
    page = client.get("/lock/", {"next": value})
    assert page.status_code == 200
    assert "evil" not in page.content.decode()
    assert _location(client.post("/lock/", {"secret": "2468", "next": value})) == "/"


def test_the_app_lock_opens_onto_the_page_it_interrupted(web, owner):
    applock.lock_set(user=owner, minutes=5, pin="2468")
    client = web(owner)
    assert _location(client.post("/lock/", {"secret": "2468", "next": "/couple/"})) == "/couple/"


ALL_NO = {k: "no" for k in safety.QUESTIONS}


@pytest.mark.parametrize("value", HTTP_BAD)
def test_the_safety_check_goes_home_for_a_bad_next(web, owner, partner, couple, value):
    client = web(owner)
    page = client.get("/safety/check/", {"next": value})
    assert page.status_code == 200 and "evil" not in page.content.decode()
    assert _location(client.post("/safety/check/", {**ALL_NO, "next": value})) == "/"


def test_the_safety_check_goes_on_to_the_tool_that_asked(web, owner, partner, couple):
    response = web(owner).post("/safety/check/", {**ALL_NO, "next": "/communication/after/"})
    assert _location(response) == "/communication/after/"


@pytest.mark.parametrize("value", [*HTTP_BAD, "/couple/"])
def test_not_now_on_a_waiting_item_goes_back_only_to_a_page_here(
    web, library, owner, partner, couple, value
):
    question = answer_today(owner, partner)
    daily.reply_add(user=partner, question_id=question.pk, text="hi")
    item = WaitingItem.objects.get(user=owner, kind="reply")
    response = web(owner).post(f"/notifications/waiting/{item.pk}/dismiss/", {"next": value})
    assert _location(response) == ("/couple/" if value == "/couple/" else "/")


def test_the_not_now_button_carries_the_page_it_is_on(web, library, owner, partner, couple):
    question = answer_today(owner, partner)
    daily.reply_add(user=partner, question_id=question.pk, text="hi")
    body = web(owner).get("/").content.decode()
    assert 'name="next" value="/"' in body


def test_no_view_reads_next_by_itself():
    """A new view that takes `next` uses safe_next too, not its own check."""
    root = Path(closeknit.__file__).parent
    own_check = re.compile(r"""url_has_allowed_host_and_scheme|\.get\(\s*["']next["']""")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "redirects.py"
        and own_check.search(path.read_text())
    ]
    assert offenders == []
