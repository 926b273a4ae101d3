from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.test import Client

from closeknit import practices
from closeknit.prompts import services
from closeknit.prompts.spaces import space_for


@pytest.mark.django_db
def test_welcome_page_names_the_eight_practices():
    body = Client().get("/").content.decode()
    for p in practices.PRACTICES:
        assert str(p.name) in body


def test_home_shows_the_practices_as_tiles_and_keeps_the_why_for_their_pages(web, owner):
    body = web(owner).get("/").content.decode()
    for p in practices.PRACTICES:
        assert f'id="practice-{p.key}"' in body
        assert str(p.name) in body
    # Home stays short: why each practice helps is on its own page.
    assert "Why this helps" not in body


TOOLKITS = {p.key: p.toolkit for p in practices.PRACTICES}


@pytest.mark.parametrize("key", list(TOOLKITS))
def test_each_practice_page_names_it_as_home_does_and_says_why_it_helps(web, owner, key):
    from django.urls import reverse

    practice = practices.get(key)
    home = web(owner).get("/").content.decode()
    page = web(owner).get(reverse(practice.toolkit)).content.decode()
    assert f"<title>{practice.name} · Closeknit</title>" in page
    assert f"{practice.name}</h1>" in page
    assert f'<span class="tile-name">{practice.name}</span>' in home
    # The same shared part, in the same place: right after the name and purpose.
    intro = page.index(f'<details class="card why" id="why-{key}">')
    assert page.index(f"{practice.name}</h1>") < intro
    assert str(practice.why[0]).replace('"', "&quot;").replace("'", "&#x27;") in page


def test_the_practices_page_lists_the_eight_and_needs_a_sign_in(web, owner):
    body = web(owner).get("/practices/").content.decode()
    for p in practices.PRACTICES:
        assert f'id="practice-{p.key}"' in body and str(p.purpose) in body
    assert 'aria-current="page"' in body.split('class="bottom-bar"')[1].split("Practices")[0]
    signed_out = web(None).get("/practices/")
    assert signed_out.status_code == 302 and "/accounts/login/" in signed_out["Location"]


def test_home_shows_this_weeks_plan_in_short_with_a_link(web, library, owner):
    # Before `closeknit content load` the plan comes from the shipped ideas.
    body = web(owner).get("/").content.decode()
    section = body.split('aria-labelledby="plan-heading"')[1].split("</section>")[0]
    assert 1 <= section.count("<li>") <= 3
    assert 'href="/insights/#plan-title"' in section


@pytest.mark.parametrize("days", [1, 30])
def test_home_query_count_does_not_grow_with_history(
    web, library, owner, partner, couple, days, django_assert_num_queries
):
    space = space_for(owner)
    today = services.today(space=space)
    for n in range(days):
        q = services.question_for_day(space=space, day=today - timedelta(days=n))
        for person in (partner, owner):  # so that nothing of these days waits for the owner
            services.answer_save(user=person, question_id=q.pk, text="x", choice=0, scale=3)
    client = web(owner)
    client.get("/")  # warm the session
    # the session with its person, the couple with both partners (one query each),
    # today's question with its answers, reactions and replies (revealed: both
    # answered), and the badge
    with django_assert_num_queries(7):
        response = client.get("/")
    assert response.status_code == 200


def test_home_before_the_reveal_skips_the_reply_and_reaction_queries(
    web, library, owner, partner, couple, django_assert_num_queries
):
    """Replies and reactions only exist once both have answered, so a question still
    waiting costs two queries fewer; the page still says whose turn it is."""
    space = space_for(owner)
    question = services.question_for_day(space=space, day=services.today(space=space))
    services.answer_save(user=partner, question_id=question.pk, text="x", choice=0, scale=3)
    client = web(owner)
    client.get("/")
    # session, person, the couple with both partners, the question, its answers, what
    # waits for the owner (the partner's answer), the badge
    with django_assert_num_queries(6):
        body = client.get("/").content.decode()
    assert f"{partner.name} answered. Your turn" in body


def test_home_still_works_before_the_library_is_loaded(web, owner):
    response = web(owner).get("/")
    assert response.status_code == 200
    assert "Today&#x27;s question" not in response.content.decode()
    today = web(owner).get("/today/")
    assert today.status_code == 503
    assert "closeknit content load" in today.content.decode()


@pytest.mark.django_db
def test_healthz_checks_the_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_friendly_404_page():
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    assert "We couldn" in response.content.decode()


def test_friendly_500_page_without_a_stack_trace(web, owner, monkeypatch):
    from closeknit.core import views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "space_for", explode)
    client = web(owner)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "secret internals" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_csrf_failures_get_a_friendly_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@b.test", "password": "x"})
    assert response.status_code == 403
    assert "gone stale" in response.content.decode()


@pytest.mark.django_db
def test_security_headers_are_set():
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_admin_lives_at_the_configured_path():
    from django.conf import settings

    response = Client().get(f"/{settings.CLOSEKNIT_ADMIN_PATH}")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_cached_practice_cards_follow_each_persons_choices(web, owner, partner):
    """The cards are rendered once per process for each choice of focus and hidden
    practices; a change of choice must show at once, and never leak between people."""
    import re

    from closeknit.accounts.services import account_update

    def cards(person):
        body = web(person).get("/").content.decode()
        found = re.findall(r'id="practice-([a-z_-]+)">\s*<a (.*?)</a>', body, re.DOTALL)
        return [(key, 'class="badge"' in tile) for key, tile in found]

    account_update(user=owner, focus_practices=["trust"])
    owner.refresh_from_db()
    first = cards(owner)
    assert first[0] == ("trust", True)  # focus first, with its badge
    assert not any(badge for _key, badge in first[1:])
    assert len(first) == 8
    assert cards(partner)[0] == ("communication", False)  # the partner's own choices
    account_update(user=owner, focus_practices=["growth"], hidden_practices=["trust"])
    owner.refresh_from_db()
    again = cards(owner)
    assert again[0] == ("growth", True)
    assert "trust" not in [key for key, _badge in again]


def test_a_boosted_link_gets_the_whole_page_not_the_partial(web, library, owner):
    """htmx sends HX-Request with boosted links too; /today/ answers htmx with its card
    alone, which would replace the whole body (header, bar and all)."""
    client = web(owner)
    partial = client.get("/today/", HTTP_HX_REQUEST="true").content.decode()
    assert "<header" not in partial  # what a form's swap gets
    boosted = client.get("/today/", HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    body = boosted.content.decode()
    assert "<header" in body and 'class="bottom-bar"' in body
    assert body == client.get("/today/").content.decode()
