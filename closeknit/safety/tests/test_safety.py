from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from closeknit.lib.errors import Conflict, Forbidden
from closeknit.safety import services
from closeknit.safety.guard import ensure_sensitive_tools_open, sensitive_tool
from closeknit.safety.models import SafetyCheck

ALL_NO = {k: "no" for k in services.QUESTIONS}


@sensitive_tool
def exercise(request):
    return HttpResponse("the exercise")


def call(user):
    request = RequestFactory().get("/communication/after/?step=1")
    request.user = user
    return exercise(request)


def test_the_check_comes_first_then_opens_the_tools(web, owner, partner, couple):
    response = call(owner)
    assert response.status_code == 302
    assert response["Location"] == "/safety/check/?next=/communication/after/%3Fstep%3D1"
    done = web(owner).post("/safety/check/", {**ALL_NO, "next": "/communication/after/"})
    assert done.status_code == 302 and done["Location"] == "/communication/after/"
    assert call(owner).content == b"the exercise"


def test_concern_quietly_closes_the_tools_for_the_couple(web, owner, partner, couple):
    SafetyCheck.objects.create(user=partner, concern=False)
    answers = {**ALL_NO, "watched": "yes", "country": "GB"}
    response = web(owner).post("/safety/check/", answers, follow=True)
    body = response.content.decode()
    assert "National Domestic Abuse Helpline" in body  # resources for their country
    assert "Keeping your device private" in body
    # The partner sees the tool as unavailable, with nothing about why.
    blocked = call(partner)
    assert blocked.status_code == 403
    text = blocked.content.decode()
    assert "available right now" in text
    for telling in ("concern", "check", "Helpline", "afraid", "answered"):
        assert telling not in text
    with pytest.raises(Forbidden):
        ensure_sensitive_tools_open(user=partner)


def test_answers_are_never_stored(web, owner):
    web(owner).post("/safety/check/", {**ALL_NO, "afraid": "yes"})
    check = SafetyCheck.objects.get(user=owner)
    assert check.concern is True
    stored = {f.name for f in SafetyCheck._meta.fields}
    assert stored == {"id", "user", "taken_at", "concern", "country"}


def test_the_check_expires_after_half_a_year(owner):
    SafetyCheck.objects.create(
        user=owner, concern=False, taken_at=timezone.now() - timedelta(days=181)
    )
    with pytest.raises(Conflict) as err:
        ensure_sensitive_tools_open(user=owner)
    assert err.value.code == "safety_check_needed"


def test_incomplete_answers_are_refused(web, owner):
    response = web(owner).post("/safety/check/", {"afraid": "no"})
    assert response.status_code == 400
    assert not SafetyCheck.objects.exists()


def test_next_cannot_send_people_elsewhere(web, owner):
    response = web(owner).post("/safety/check/", {**ALL_NO, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_every_page_has_a_quick_exit(web, owner):
    for client in (web(None), web(owner)):
        body = client.get("/").content.decode()
        assert "data-quick-exit" in body and 'href="https://www.wikipedia.org/"' in body


def test_the_help_page_is_open_to_anyone(web):
    body = web(None).get("/safety/").content.decode()
    assert "Emergency services" in body and "Its limits, honestly" in body


def test_export_keeps_only_the_outcome(api, owner):
    SafetyCheck.objects.create(user=owner, concern=True, country="DE")
    data = api(owner).get("/me/export").json()
    assert data["safety"] == [
        {"taken_at": data["safety"][0]["taken_at"], "raised_concern": True, "country": "DE"}
    ]
