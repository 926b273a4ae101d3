"""Kept pages (closeknit.core.pagecache): served again only while still true, and only
to the person they were made for."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from closeknit.accounts.models import User
from closeknit.core import pagecache
from conftest import answer_fields

pytestmark = pytest.mark.django_db

PAGES = ["/", "/today/", "/insights/"]


def _get(client: Any, path: str, **extra: Any) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response.content, len(queries)


def _warm(client: Any, path: str) -> None:
    """The first visit sets the CSRF cookie; the second is rendered and kept."""
    client.get(path)
    client.get(path)


@pytest.mark.parametrize("path", PAGES)
def test_a_second_visit_is_served_from_memory_with_fewer_queries(
    web: Any, owner: User, couple: Any, library: None, path: str
) -> None:
    client = web(owner)
    client.get(path)  # sets the CSRF cookie
    first, rendered = _get(client, path)
    again, kept = _get(client, path)
    assert again == first
    # The session with its person (one query, accounts/sessions.py); nothing else.
    assert kept == 1
    assert rendered > kept


@pytest.mark.parametrize("path", PAGES)
def test_turned_off_every_visit_is_rendered(
    web: Any, owner: User, couple: Any, library: None, path: str, settings: Any
) -> None:
    client = web(owner)
    client.get(path)
    settings.CLOSEKNIT_PAGE_CACHE = False
    _first, rendered = _get(client, path)
    _again, queries = _get(client, path)
    assert queries == rendered > 1


def test_the_partners_answer_shows_at_once(
    web: Any, owner: User, partner: User, couple: Any, library: None
) -> None:
    from closeknit.prompts.models import DailyQuestion

    mine = web(owner)
    _warm(mine, "/today/")
    before, _ = _get(mine, "/today/")
    assert b"Kai has answered" not in before
    question = DailyQuestion.objects.select_related("prompt").get(couple=couple)
    answer = {"text": "Words by Kai", **answer_fields(question.prompt.kind)}
    response = web(partner).post(f"/questions/{question.pk}/answer/", answer)
    assert response.status_code in (200, 302)
    after, queries = _get(mine, "/today/")
    assert b"Kai has answered" in after
    assert queries > 1  # rendered afresh


def test_an_answer_through_the_api_refreshes_the_partners_pages(
    web: Any, api: Any, owner: User, partner: User, couple: Any, library: None
) -> None:
    mine = web(owner)
    _warm(mine, "/")
    before, kept = _get(mine, "/")
    assert kept == 1
    assert b"Kai answered" not in before
    client = api(partner)
    today = client.get("/questions/today").json()
    answer = {"text": "Words by Kai", **answer_fields(today["prompt"]["kind"])}
    response = client.call("PUT", f"/questions/{today['id']}/answer", answer)
    assert response.status_code == 200, response.content
    after, queries = _get(mine, "/")
    assert b"Kai answered" in after
    assert queries > 1


def test_a_notification_made_by_a_task_updates_the_badge(
    web: Any, owner: User, couple: Any, library: None
) -> None:
    from closeknit.nudges.services import notify

    client = web(owner)
    _warm(client, "/")
    before, _ = _get(client, "/")
    assert b'class="badge"' not in before
    assert notify(user=owner, event="checkin_due", url="/checkins/", dedupe_key="test:1")
    after, _ = _get(client, "/")
    assert b'class="badge"' in after


def test_leaving_and_deleting_refresh_the_other_partners_pages(
    web: Any, owner: User, partner: User, couple: Any, library: None
) -> None:
    from closeknit.accounts.services import account_delete

    client = web(owner)
    _warm(client, "/")
    _, kept = _get(client, "/")
    assert kept == 1
    version = User.objects.get(pk=owner.pk).view_version
    account_delete(user=User.objects.get(pk=partner.pk))
    assert User.objects.get(pk=owner.pk).view_version > version
    _, queries = _get(client, "/")
    assert queries > 1


@contextmanager
def _at(instant: datetime) -> Iterator[None]:
    """Every clock the request and the cache read says `instant`."""
    with (
        mock.patch("django.utils.timezone.now", return_value=instant),
        mock.patch("time.time", return_value=instant.timestamp()),
    ):
        yield


def _couple_day_starts_at(couple: Any, hour: int) -> None:
    type(couple).objects.filter(pk=couple.pk).update(home_timezone="UTC", day_starts_at=hour)


@pytest.mark.parametrize("path", PAGES)
def test_a_kept_page_never_outlives_its_day(
    web: Any, owner: User, couple: Any, library: None, path: str
) -> None:
    """Kept pages live at least ten minutes, except that a new day renders afresh."""
    _couple_day_starts_at(couple, 4)
    client = web(owner)
    with _at(datetime(2026, 3, 10, 3, 55, tzinfo=UTC)):
        _warm(client, path)
        before, kept = _get(client, path)
    assert kept == 1
    with _at(datetime(2026, 3, 10, 3, 59, 30, tzinfo=UTC)):
        assert _get(client, path) == (before, 1)
    with _at(datetime(2026, 3, 10, 4, 0, 30, tzinfo=UTC)):
        _, queries = _get(client, path)
    assert queries > 1


def test_kept_pages_expire_at_their_own_moments_within_fifteen_minutes(owner: User) -> None:
    """Pages kept together don't all expire together (and render again at once), and
    none outlives FRESH: changes made outside the app (the admin site, a content
    load) show within fifteen minutes."""
    request = RequestFactory().get("/")
    request.user = owner
    with _at(datetime(2026, 3, 10, 12, 0, 1, tzinfo=UTC)):
        pagecache.keep_until_new_day(request, tz="UTC", starts_at=4)
        lifetimes = {pagecache._lifetime(request) for _ in range(50)}
    assert len(lifetimes) > 10
    assert min(lifetimes) >= pagecache.FRESH - pagecache.SPREAD - 1
    assert max(lifetimes) <= pagecache.FRESH


@pytest.mark.parametrize("path", PAGES)
def test_a_page_kept_near_a_quarter_hour_lives_on_past_it(
    web: Any, owner: User, couple: Any, library: None, path: str
) -> None:
    """The pages say when their day ends, so a quarter hour means nothing to them: they
    live ten minutes at least, and fifteen at most."""
    _couple_day_starts_at(couple, 4)
    client = web(owner)
    kept_at = datetime(2026, 3, 10, 12, 14, tzinfo=UTC)
    with _at(kept_at):
        _warm(client, path)
    with _at(kept_at + timedelta(minutes=9, seconds=30)):
        assert _get(client, path)[1] == 1
    with _at(kept_at + timedelta(minutes=15, seconds=1)):
        assert _get(client, path)[1] > 1


def test_a_page_that_says_nothing_of_its_day_lives_to_the_quarter_hour(owner: User) -> None:
    request = RequestFactory().get("/")
    request.user = owner
    with _at(datetime(2026, 3, 10, 12, 14, 0, tzinfo=UTC)):
        assert pagecache._lifetime(request) == 60


def test_pending_messages_are_shown_once_and_never_kept(
    web: Any, owner: User, library: None
) -> None:
    client = web(owner)
    _warm(client, "/")
    profile = {"section": "profile", "display_name": "Robin B", "timezone": "Europe/Berlin"}
    assert client.post("/settings/", profile).status_code == 302
    shown = client.get("/").content
    again = client.get("/").content
    assert b'class="messages"' in shown
    assert b"Robin B" in shown
    assert b'class="messages"' not in again
    assert b"Robin B" in again


def test_a_visit_without_a_csrf_cookie_is_not_kept(web: Any, owner: User, library: None) -> None:
    client = web(owner)
    client.get("/")  # the first visit of the day also prepares today's question
    counts = []
    for _ in range(2):
        client.cookies.pop(settings.CSRF_COOKIE_NAME)
        counts.append(_get(client, "/")[1])
    assert counts[1] == counts[0] > 1


def test_someone_else_never_gets_my_kept_page(
    web: Any, owner: User, partner: User, couple: Any, outsider: User, library: None
) -> None:
    mine = web(owner)
    _warm(mine, "/")
    cookie = mine.cookies[settings.CSRF_COOKIE_NAME].value
    for other in (partner, outsider):
        client = web(other)
        client.cookies[settings.CSRF_COOKIE_NAME] = cookie  # even with my CSRF cookie
        page = client.get("/").content
        assert other.display_name.encode() in page
        assert page != mine.get("/").content


def test_the_partial_and_the_full_page_are_kept_apart(
    web: Any, owner: User, couple: Any, library: None
) -> None:
    client = web(owner)
    _warm(client, "/today/")
    full = client.get("/today/").content
    partial = client.get("/today/", headers={"HX-Request": "true"}).content
    assert b"<html" in full
    assert b"<html" not in partial
    assert client.get("/today/").content == full


def test_another_language_is_another_page(web: Any, owner: User, library: None) -> None:
    client = web(owner)
    _warm(client, "/")
    english = client.get("/").content
    with mock.patch("closeknit.core.pagecache.get_language", return_value="de"):
        _, queries = _get(client, "/")
    assert queries > 1
    assert client.get("/").content == english


def test_invitation_accepted_refreshes_the_inviters_home(
    web: Any, owner: User, partner: User, library: None
) -> None:
    from closeknit.couples import services as couples

    mine = web(owner)
    couples.couple_create(user=owner)
    invitation = couples.invitation_create(user=owner)
    _warm(mine, "/")
    before = mine.get("/").content
    theirs = web(partner)
    theirs.get("/")
    response = theirs.post("/join/", {"code": invitation.code})
    assert response.status_code in (200, 302), response.content[:500]
    after = mine.get("/").content
    assert after != before
    assert b"Kai" in after


def test_any_change_the_partner_posts_shows_at_once(
    web: Any, owner: User, partner: User, couple: Any, library: None
) -> None:
    """A write that notifies no one (a new name) refreshes through PageVersionMiddleware."""
    mine = web(owner)
    _warm(mine, "/")
    assert b"Kai" in mine.get("/").content
    profile = {"section": "profile", "display_name": "Kairos", "timezone": "Europe/Berlin"}
    assert web(partner).post("/settings/", profile).status_code == 302
    assert b"Kairos" in mine.get("/").content
