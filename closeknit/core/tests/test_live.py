"""GET /live/?v=T: 204 while nothing the person can see has changed, the new version's
token once it has; one query either way. The token tells only "same" or "changed"."""

import time
from typing import Any

from closeknit.accounts import applock
from closeknit.accounts.models import User
from closeknit.core.live import version_token
from conftest import answer_fields


def _version(user: User) -> str:
    user.refresh_from_db(fields=["view_version"])
    return version_token(user)


def test_it_answers_204_while_nothing_changed(web: Any, owner: User, couple: Any) -> None:
    response = web(owner).get("/live/", {"v": _version(owner)})
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]


def test_it_answers_the_new_version_after_the_partner_writes(
    web: Any, owner: User, partner: User, couple: Any, library: None
) -> None:
    from closeknit.prompts import services as daily

    before = _version(owner)
    question = daily.question_today(user=partner)
    fields = {"text": "Mine, Kai's", **answer_fields(question.prompt.kind)}
    posted = web(partner).post(f"/questions/{question.pk}/answer/", fields)
    assert posted.status_code == 302
    response = web(owner).get("/live/", {"v": before})
    assert response.status_code == 200
    assert response.json() == {"v": _version(owner)}
    assert response.json()["v"] != before
    # ...and with the new version, quiet again.
    assert web(owner).get("/live/", {"v": response.json()["v"]}).status_code == 204


def test_an_outsiders_write_leaves_my_version_alone(
    web: Any, owner: User, couple: Any, outsider: User, library: None
) -> None:
    from closeknit.prompts import services as daily

    before = _version(owner)
    question = daily.question_today(user=outsider)
    fields = {"text": "Noor's", **answer_fields(question.prompt.kind)}
    posted = web(outsider).post(f"/questions/{question.pk}/answer/", fields)
    assert posted.status_code == 302
    assert _version(owner) == before
    assert web(owner).get("/live/", {"v": before}).status_code == 204


def test_it_costs_the_one_query_every_signed_in_request_makes(
    web: Any, owner: User, couple: Any, django_assert_num_queries: Any
) -> None:
    client = web(owner)
    version = _version(owner)
    # The session read together with the person (closeknit/accounts/sessions.py).
    with django_assert_num_queries(1):
        assert client.get("/live/", {"v": version}).status_code == 204
    with django_assert_num_queries(1):
        assert client.get("/live/", {"v": "0" * 16}).status_code == 200


def test_a_missing_or_odd_version_counts_as_changed(web: Any, owner: User) -> None:
    for query in ({}, {"v": "soon"}):
        response = web(owner).get("/live/", query)
        assert response.status_code == 200
        assert response.json() == {"v": _version(owner)}


def test_signed_out_it_says_so_in_json_and_never_redirects(web: Any) -> None:
    response = web(None).get("/live/", {"v": 1})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"signed_in": False}


def test_polling_never_keeps_a_locked_app_open(web: Any, owner: User) -> None:
    applock.lock_set(user=owner, minutes=1, pin="2468")
    client = web(owner)
    session = client.session
    session[applock.SEEN_KEY] = time.time() - 30
    session.save()
    assert client.get("/live/", {"v": _version(owner)}).status_code == 204
    assert client.session[applock.SEEN_KEY] < time.time() - 29  # not noted as activity
    session = client.session
    session[applock.SEEN_KEY] = time.time() - 120
    session.save()
    response = client.get("/live/", {"v": _version(owner)})
    assert response.status_code == 423
    assert response.json() == {"locked": True}


def test_it_only_reads(web: Any, owner: User) -> None:
    assert web(owner).post("/live/", {"v": 1}).status_code == 405


def test_pages_carry_a_token_that_does_not_count_the_partners_writes(
    web: Any, owner: User, partner: User, couple: Any
) -> None:
    """The raw version counts every write of both partners; the page shows neither it
    nor anything that grows with it."""
    import re

    User.objects.filter(pk=owner.pk).update(view_version=41)
    page = web(owner).get("/insights/").content.decode()
    token = re.search(r'data-v="([^"]+)"', page)
    assert token is not None
    assert token.group(1) != "41"
    assert token.group(1) == _version(owner)
