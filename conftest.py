"""The shared test base: an owner and a partner sharing a space, and an outsider from
another couple, with logged-in web clients and API clients for each."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from closeknit.accounts.models import User
from closeknit.accounts.services import account_create, token_create
from closeknit.couples import services as couples

PASSWORD = "a-long-enough-pass-phrase"


@pytest.fixture
def fresh_cache(db: Any) -> None:
    # Rate-limit counters, rendered fragments and kept pages live in caches; each test
    # starts with none.
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def make_person(fresh_cache: None) -> Callable[..., User]:
    counter = {"n": 0}

    def make(name: str = "", email: str = "", tz: str = "Europe/Berlin") -> User:
        counter["n"] += 1
        name = name or f"Person{counter['n']}"
        email = email or f"{name.lower()}{counter['n']}@example.test"
        return account_create(email=email, password=PASSWORD, display_name=name, tz=tz)

    return make


def pair_up(a: User, b: User) -> Any:
    """A and B share a space, starting from a quiet inbox: the "B joined" item and its
    notification are left out here (nudges/tests/test_waiting.py covers them), so tests
    count only what they make."""
    from closeknit.nudges.models import WaitingItem

    couples.couple_create(user=a)
    invitation = couples.invitation_create(user=a)
    couple = couples.invitation_accept(user=b, code=invitation.code)
    WaitingItem.objects.filter(couple=couple).delete()
    User.objects.filter(pk__in=[a.pk, b.pk]).update(has_waiting=False)
    a.has_waiting = b.has_waiting = False
    return couple


def answer_fields(kind: str) -> dict[str, int]:
    """The choice or scale a question of this kind asks for, beside its words."""
    return {"choice": 0} if kind == "choice" else {"scale": 3} if kind == "scale" else {}


def answer_today(*people: User) -> Any:
    """Each person answers today's question (of the first one's space) with "Words by
    <name>" and whatever choice or scale its kind asks for; returns the question."""
    from closeknit.prompts import services as daily

    question = daily.question_today(user=people[0])
    fields = answer_fields(question.prompt.kind)
    for person in people:
        daily.answer_save(
            user=person,
            question_id=question.pk,
            text=f"Words by {person.display_name}",
            choice=fields.get("choice"),
            scale=fields.get("scale"),
        )
    return question


@pytest.fixture
def owner(make_person: Callable[..., User]) -> User:
    return make_person("Robin")


@pytest.fixture
def partner(make_person: Callable[..., User]) -> User:
    return make_person("Kai", tz="America/New_York")


@pytest.fixture
def couple(owner: User, partner: User) -> Any:
    return pair_up(owner, partner)


@pytest.fixture
def outsider(make_person: Callable[..., User]) -> User:
    """Someone from another couple entirely."""
    outsider = make_person("Noor")
    pair_up(outsider, make_person("Ezra"))
    return outsider


@pytest.fixture
def web(fresh_cache: None) -> Callable[[User | None], Client]:
    def client_for(user: User | None = None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return client_for


class ApiClient:
    """Calls /api/v1 with a bearer token, the way a script or mobile app would."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _token, raw = token_create(user=user, name="tests")
            self.headers["Authorization"] = f"Bearer {raw}"

    def call(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        fn = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": self.headers, **extra}
        if data is not None:
            kwargs["data"] = data
            kwargs["content_type"] = "application/json"
        return fn(f"/api/v1{path}", **kwargs)

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("GET", path, **extra)

    def post(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.call("POST", path, data if data is not None else {}, **extra)

    def patch(self, path: str, data: Any = None) -> Any:
        return self.call("PATCH", path, data if data is not None else {})

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)


@pytest.fixture
def api(fresh_cache: None) -> Callable[[User | None], ApiClient]:
    return ApiClient


@pytest.fixture
def library(db: Any) -> None:
    """The shipped prompt library, loaded as `closeknit content load` would."""
    from closeknit.prompts.content import load_library

    load_library()
