"""Sessions read with their person in one query (closeknit.accounts.sessions), and still
every check Django's own `get_user` makes."""

import importlib
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from closeknit.accounts import sessions
from closeknit.accounts.models import Session, User
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _request_with(session_key: str) -> Any:
    request = RequestFactory().get("/")
    request.session = sessions.SessionStore(session_key)
    return request


def _signed_in(user: User) -> str:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies["sessionid"].value


def test_a_session_knows_whose_it_is(owner: User) -> None:
    key = _signed_in(owner)
    assert Session.objects.get(session_key=key).user_id == owner.pk


def test_the_session_and_the_person_come_in_one_query(owner: User) -> None:
    request = _request_with(_signed_in(owner))
    with CaptureQueriesContext(connection) as queries:
        user = sessions.get_user(request)
    assert user.pk == owner.pk
    assert len(queries) == 1


def test_a_changed_password_ends_other_sessions(web: Any, owner: User) -> None:
    client = web(owner)
    assert client.get("/settings/").status_code == 200
    owner.set_password("another-long-pass-phrase")
    owner.save()
    response = client.get("/settings/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_deactivated_person_is_signed_out(web: Any, owner: User) -> None:
    client = web(owner)
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert client.get("/settings/").status_code == 302


def test_a_row_that_names_someone_else_is_not_trusted(owner: User, partner: User) -> None:
    key = _signed_in(owner)
    Session.objects.filter(session_key=key).update(user=partner)  # the row disagrees
    user = sessions.get_user(_request_with(key))
    assert user.pk == owner.pk  # Django's own check, from the session's data


def test_a_session_with_no_person_is_anonymous(owner: User) -> None:
    store = sessions.SessionStore()
    store["something"] = "else"
    store.save()
    assert Session.objects.get(session_key=store.session_key).user_id is None
    assert not sessions.get_user(_request_with(store.session_key)).is_authenticated


def test_an_unknown_backend_is_refused(owner: User) -> None:
    store = sessions.SessionStore()
    store[SESSION_KEY] = str(owner.pk)
    store[BACKEND_SESSION_KEY] = "somewhere.else.Backend"
    store[HASH_SESSION_KEY] = owner.get_session_auth_hash()
    store.save()
    assert not sessions.get_user(_request_with(store.session_key)).is_authenticated


def test_deleting_an_account_ends_its_sessions(web: Any, owner: User) -> None:
    from closeknit.accounts.services import account_delete

    key = _signed_in(owner)
    account_delete(user=owner)
    assert not Session.objects.filter(session_key=key).exists()


def test_logging_in_through_the_form_still_works(owner: User) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/settings/").status_code == 200


def test_the_upgrade_keeps_people_signed_in(owner: User) -> None:
    """The migration copies unexpired sessions from Django's table, with their person."""
    store = DjangoStore()
    data = {
        SESSION_KEY: str(owner.pk),
        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
        HASH_SESSION_KEY: owner.get_session_auth_hash(),
    }
    soon = timezone.now() + timedelta(days=1)
    DjangoSession.objects.create(
        session_key="k" * 32, session_data=store.encode(data), expire_date=soon
    )
    DjangoSession.objects.create(
        session_key="gone" * 8, session_data=store.encode(data), expire_date=timezone.now()
    )
    DjangoSession.objects.create(
        session_key="bad" * 10 + "xx", session_data="not signed", expire_date=soon
    )
    migration = importlib.import_module("closeknit.accounts.migrations.0004_sessions_with_person")
    migration.copy_sessions(apps, None)
    assert Session.objects.get(session_key="k" * 32).user_id == owner.pk
    assert not Session.objects.filter(session_key="gone" * 8).exists()
    assert Session.objects.get(session_key="bad" * 10 + "xx").user_id is None
    assert sessions.get_user(_request_with("k" * 32)).pk == owner.pk
