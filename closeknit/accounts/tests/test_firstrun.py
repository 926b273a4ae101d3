"""The first run (closeknit/accounts/firstrun.py): a new sign-up gets a short welcome of
small steps, each skippable, resumable, and never forced on anyone."""

import re

import pytest
from django.test import Client

from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.couples.tests.test_web import signup


@pytest.mark.django_db
def test_a_new_sign_up_lands_in_the_welcome_and_walks_through_it(fresh_cache):
    response = Client()
    signup(response, "bo@example.test", "Bo")
    user = User.objects.get(email="bo@example.test")
    assert user.welcome_step == "hello"

    page = response.get("/welcome/", follow=True)
    assert page.redirect_chain[-1][0] == "/welcome/hello/"
    assert "Step 1 of 4" in page.content.decode()
    assert "Your partner sees only what you choose to share" in page.content.decode()

    focus = response.post("/welcome/hello/", {"action": "next"}, follow=True)
    assert focus.redirect_chain[-1][0] == "/welcome/focus/"
    assert focus.content.decode().count('type="checkbox" name="practice"') == 8

    invite = response.post(
        "/welcome/focus/", {"action": "next", "practice": ["trust", "growth"]}, follow=True
    )
    user.refresh_from_db()
    assert user.focus_practices == ["growth", "trust"]
    assert invite.redirect_chain[-1][0] == "/welcome/invite/"
    assert "Invite my partner" in invite.content.decode()

    # One tap makes the space and the invitation, and shows it: share, code, QR as SVG.
    shown = response.post("/welcome/invite/", {"action": "invite"}, follow=True).content.decode()
    assert couples.couple_for(user) is not None
    assert "data-share" in shown and "data-copy" in shown
    assert re.search(r'id="invite-code">[A-Z0-9]{4}-[A-Z0-9]{4}<', shown)
    assert re.search(r'<svg class="qr"[^>]*viewBox="0 0 \d+ \d+"[^>]*role="img"', shown)

    question = response.post("/welcome/invite/", {"action": "next"}, follow=True)
    assert question.redirect_chain[-1][0] == "/welcome/question/"
    today = response.post("/welcome/question/", {"action": "answer"})
    assert today["Location"] == "/today/"
    user.refresh_from_db()
    assert user.welcome_step == "done"


def test_too_many_practices_are_refused_with_a_message(web, owner):
    User.objects.filter(pk=owner.pk).update(welcome_step="focus")
    keys = ["trust", "growth", "goals", "support"]
    response = web(owner).post("/welcome/focus/", {"action": "next", "practice": keys})
    assert response.status_code == 400
    assert "Choose up to three" in response.content.decode()
    owner.refresh_from_db()
    assert owner.focus_practices == [] and owner.welcome_step == "focus"


def test_each_step_can_be_skipped(web, owner):
    User.objects.filter(pk=owner.pk).update(welcome_step="hello")
    client = web(owner)
    assert client.post("/welcome/hello/", {"action": "next"})["Location"] == "/welcome/focus/"
    skipped = client.post("/welcome/focus/", {"action": "skip", "practice": ["trust"]})
    assert skipped["Location"] == "/welcome/invite/"
    owner.refresh_from_db()
    assert owner.focus_practices == []  # skipping saves nothing
    assert client.post("/welcome/invite/", {"action": "skip"})["Location"] == "/welcome/question/"
    assert couples.couple_for(owner) is None  # alone is fine: nothing was made
    assert client.post("/welcome/question/", {"action": "next"})["Location"] == "/"
    owner.refresh_from_db()
    assert owner.welcome_step == "done"


def test_skip_the_rest_ends_the_welcome_for_good(web, owner):
    User.objects.filter(pk=owner.pk).update(welcome_step="focus")
    client = web(owner)
    assert client.post("/welcome/focus/", {"action": "skip_all"})["Location"] == "/"
    owner.refresh_from_db()
    assert owner.welcome_step == "done"
    assert client.get("/").status_code == 200


def test_leaving_mid_way_resumes_and_nothing_sends_a_person_back(web, owner):
    User.objects.filter(pk=owner.pk).update(welcome_step="invite")
    client = web(owner)
    assert client.get("/").status_code == 200  # not redirected into the welcome
    assert client.get("/welcome/")["Location"] == "/welcome/invite/"
    # Going back to an earlier step and on again never moves progress backwards.
    client.post("/welcome/hello/", {"action": "next"})
    owner.refresh_from_db()
    assert owner.welcome_step == "invite"


def test_people_who_signed_up_before_never_see_it_unless_they_ask(web, owner):
    assert owner.welcome_step == "done"
    assert web(owner).get("/").status_code == 200


def test_the_partner_in_a_shared_space_skips_the_invite_step(web, owner, partner, couple):
    client = web(partner)
    page = client.get("/welcome/hello/").content.decode()
    assert "Step 1 of 3" in page and "<h1>You're in, with Robin</h1>" in page
    assert client.get("/welcome/invite/")["Location"] == "/welcome/question/"


def test_an_unknown_step_is_not_found_and_signed_out_goes_to_log_in(web, owner):
    assert web(owner).get("/welcome/nope/").status_code == 404
    assert web(None).get("/welcome/hello/")["Location"].startswith("/accounts/login/")
