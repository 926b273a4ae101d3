"""Every API route and every web page, as an anonymous visitor, an outsider from another
couple, and the partner. Adding a route without adding it here fails the suite."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from closeknit.accounts.services import token_create
from closeknit.api.api import api as ninja_api
from closeknit.couples import services as couples

PUBLIC_API = {
    ("post", "/api/v1/auth/signup"),
    ("post", "/api/v1/auth/token"),
    ("get", "/api/v1/practices"),
}


def _token_of_owner(owner: Any, **_: Any) -> str:
    token, _raw = token_create(user=owner, name="owner's")
    return str(token.pk)


def _invitation_of_owner(owner: Any, **_: Any) -> str:
    return str(couples.invitation_create(user=owner).invitation.pk)


def _question_of_owner(owner: Any, **_: Any) -> str:
    from closeknit.prompts import services as daily

    question = daily.question_today(user=owner)
    daily.answer_save(user=owner, question_id=question.pk, text="private", choice=0, scale=3)
    return str(question.pk)


# For routes with an id: how to make an object that belongs to the owner's side.
OWNED_IDS: dict[str, Callable[..., str]] = {
    "{token_id}": _token_of_owner,
    "{invitation_id}": _invitation_of_owner,
    "{question_id}": _question_of_owner,
}

# A valid body for routes that need one, so the answer is about access, not input.
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/questions/{question_id}/answer": {"text": "let me in", "choice": 0, "scale": 3},
    "/api/v1/questions/{question_id}/reaction": {"reaction": "heart"},
    "/api/v1/questions/{question_id}/replies": {"text": "hello"},
    "/api/v1/questions/{question_id}/share": {"shared": True},
}


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
            f"{method.upper()} {path} has an id this matrix does not know how to make: "
            "add it to OWNED_IDS"
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
    api, library, owner, outsider, make_person, method, path, who
):
    couples.couple_create(user=owner)
    url = path.replace("/api/v1", "")
    for placeholder, make in OWNED_IDS.items():
        if placeholder in url:
            url = url.replace(placeholder, make(owner=owner))
    caller = outsider if who == "outsider" else make_person("Stranger")
    response = api(caller).call(method, url, body_for(method, path))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_listing_routes_show_only_the_callers_own_things(api, owner, outsider):
    couples.couple_create(user=owner)
    couples.invitation_create(user=owner)
    token_create(user=owner, name="owner-secret-name")
    client = api(outsider)
    assert "owner-secret-name" not in client.get("/auth/tokens").content.decode()
    outsider_invites = client.get("/couple/invitations").json()
    owner_invites = api(owner).get("/couple/invitations").json()
    assert {i["id"] for i in outsider_invites}.isdisjoint({i["id"] for i in owner_invites})
    me = client.get("/me").json()
    assert me["email"] == outsider.email
    assert owner.email not in client.get("/me/export").content.decode()


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


# --- Web pages ---------------------------------------------------------------------------

# name -> what an anonymous visitor gets on GET. Every named Closeknit URL must be here.
WEB_PAGES = {
    "home": 200,
    "healthz": 200,
    "accounts:settings": 302,
    "accounts:tokens": 302,
    "accounts:token_revoke": 302,
    "accounts:export": 302,
    "accounts:delete": 302,
    "couples:space": 302,
    "couples:create": 302,
    "couples:invite": 302,
    "couples:revoke": 302,
    "couples:leave": 302,
    "couples:join": 302,
    "couples:join_link": 404,
    "prompts:today": 302,
    "prompts:swap": 302,
    "prompts:archive": 302,
    "prompts:catch_up": 302,
    "prompts:detail": 302,
    "prompts:answer": 302,
    "prompts:react": 302,
    "prompts:reply": 302,
    "prompts:share": 302,
}


def closeknit_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                module = getattr(p.urlconf_module, "__name__", "")
                if module.startswith("closeknit."):
                    ns = f"{p.namespace}:" if p.namespace else ""
                    walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name and p.lookup_str.startswith("closeknit."):
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_web_page_is_in_this_matrix():
    assert closeknit_url_names() == set(WEB_PAGES)


@pytest.mark.parametrize(("name", "status"), sorted(WEB_PAGES.items()))
def test_anonymous_visitors_see_only_public_pages(web, name, status):
    from django.urls import reverse

    args = {"accounts:token_revoke": [1], "couples:revoke": [1], "couples:join_link": ["x"]}
    args.update({f"prompts:{n}": [1] for n in ("detail", "answer", "react", "reply", "share")})
    response = web(None).get(reverse(name, args=args.get(name, [])))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")
