"""Every API route and every web page, as an anonymous visitor, an outsider from another
couple, and someone in no couple at all. Adding a route without declaring it in its
app's `tests/matrix.py` fails the suite.

Each app's `tests/matrix.py` declares:
- PUBLIC_API: {(method, path)} that need no login;
- OWNED_IDS: {"{placeholder}": make(owner=..., partner=...) -> id} making an object on
  the owner's side for each id placeholder in its API paths;
- BODIES: {path: body} a valid request body, so answers are about access, not input;
- WEB_PAGES: {url name: status an anonymous GET gets}; WEB_ARGS: {url name: args}.
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.module_loading import module_has_submodule

from closeknit.api.api import api as ninja_api


def _matrices() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("closeknit."):
            continue
        tests = (
            import_module(f"{config.name}.tests")
            if module_has_submodule(config.module, "tests")
            else None
        )
        if tests is not None and module_has_submodule(tests, "matrix"):
            found.append(import_module(f"{config.name}.tests.matrix"))
    return found


MATRICES = _matrices()
PUBLIC_API: set[tuple[str, str]] = {("get", "/api/v1/practices")}
OWNED_IDS: dict[str, Callable[..., str]] = {}
BODIES: dict[str, dict[str, Any]] = {}
WEB_PAGES: dict[str, int] = {
    "home": 200,
    "healthz": 200,
    "lock": 302,
    "manifest": 200,
    "service_worker": 200,
    "offline": 200,
    "live": 401,  # asked by app.js; a signed-out page learns only that
    "practices": 302,
    "welcome": 302,
    "welcome_step": 302,
}
WEB_ARGS: dict[str, list[Any]] = {"welcome_step": ["focus"]}
for matrix in MATRICES:
    PUBLIC_API |= matrix.PUBLIC_API
    OWNED_IDS.update(matrix.OWNED_IDS)
    BODIES.update(matrix.BODIES)
    WEB_PAGES.update(matrix.WEB_PAGES)
    WEB_ARGS.update(getattr(matrix, "WEB_ARGS", {}))


def body_for(method: str, path: str) -> dict[str, Any] | None:
    if method not in ("post", "put", "patch"):
        return None
    return BODIES.get(path, {})


def api_operations() -> list[tuple[str, str]]:
    schema = ninja_api.get_openapi_schema()
    return sorted((method, path) for path, ops in schema["paths"].items() for method in ops)


def test_every_api_route_is_in_this_matrix():
    for method, path in api_operations():
        placeholders = [p for p in OWNED_IDS if p in path]
        assert (method, path) in PUBLIC_API or placeholders or "{" not in path, (
            f"{method.upper()} {path} has an id no tests/matrix.py knows how to make: "
            "add it to OWNED_IDS in its app's tests/matrix.py"
        )


@pytest.mark.parametrize(
    ("method", "path"), [op for op in api_operations() if op not in PUBLIC_API]
)
def test_anonymous_callers_get_401_with_the_error_shape(api, method, path):
    url = path.replace("/api/v1", "")
    for placeholder in OWNED_IDS:
        url = url.replace(placeholder, "1")
    response = api(None).call(method, url, body_for(method, path))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("method", "path"), [op for op in api_operations() if any(k in op[1] for k in OWNED_IDS)]
)
@pytest.mark.parametrize("who", ["outsider", "stranger_in_no_couple"])
def test_outsiders_get_404_for_the_owners_objects(
    api, library, owner, partner, couple, outsider, make_person, method, path, who
):
    url = path.replace("/api/v1", "")
    for placeholder, make in OWNED_IDS.items():
        if placeholder in url:
            url = url.replace(placeholder, make(owner=owner, partner=partner))
    caller = outsider if who == "outsider" else make_person("Stranger")
    response = api(caller).call(method, url, body_for(method, path))
    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] in ("not_found", "tool_unavailable")


def test_every_documented_operation_lists_its_error_answers():
    schema = ninja_api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if (method, path) in PUBLIC_API and path.endswith("practices"):
                continue
            responses = {str(k): v for k, v in op["responses"].items()}
            assert "422" in responses, f"{method} {path}"
            error_ref = responses["422"]["content"]["application/json"]["schema"]["$ref"]
            assert error_ref.endswith("/ErrorOut")


def closeknit_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                module = getattr(p.urlconf_module, "__name__", "")
                if module.startswith("closeknit."):
                    walk(p.url_patterns, f"{p.namespace}:" if p.namespace else "")
            elif isinstance(p, URLPattern) and p.name and p.lookup_str.startswith("closeknit."):
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_web_page_is_in_this_matrix():
    assert closeknit_url_names() == set(WEB_PAGES)


@pytest.mark.parametrize(("name", "status"), sorted(WEB_PAGES.items()))
def test_anonymous_visitors_see_only_public_pages(web, name, status):
    response = web(None).get(reverse(name, args=WEB_ARGS.get(name, [])))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")


def test_listing_routes_show_only_the_callers_own_things(api, owner, outsider):
    from closeknit.accounts.services import token_create
    from closeknit.couples import services as couples

    couples.couple_create(user=owner)
    couples.invitation_create(user=owner)
    token_create(user=owner, name="owner-secret-name")
    client = api(outsider)
    assert "owner-secret-name" not in client.get("/auth/tokens").content.decode()
    outsider_invites = client.get("/couple/invitations").json()
    owner_invites = api(owner).get("/couple/invitations").json()
    assert {i["id"] for i in outsider_invites}.isdisjoint({i["id"] for i in owner_invites})
    assert client.get("/me").json()["email"] == outsider.email
    assert owner.email not in client.get("/me/export").content.decode()


def test_schema_names_are_unique_across_the_api():
    """OpenAPI components are keyed by class name: two apps' `QuestionOut`s would
    silently document one shape for both."""
    from ninja import Schema

    seen: dict[str, str] = {}

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("closeknit."):
                other = seen.setdefault(sub.__name__, sub.__module__)
                assert other == sub.__module__, f"{sub.__name__} in {other} and {sub.__module__}"
            walk(sub)

    ninja_api.get_openapi_schema()  # import every router
    walk(Schema)
