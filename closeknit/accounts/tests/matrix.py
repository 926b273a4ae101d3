"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.accounts.services import token_create


def _token_of_owner(owner: Any, **_: Any) -> str:
    token, _raw = token_create(user=owner, name="owner's")
    return str(token.pk)


PUBLIC_API = {("post", "/api/v1/auth/signup"), ("post", "/api/v1/auth/token")}
OWNED_IDS = {"{token_id}": _token_of_owner}
BODIES: dict[str, dict[str, Any]] = {}
WEB_PAGES = {
    "accounts:settings": 302,
    "accounts:tokens": 302,
    "accounts:token_revoke": 302,
    "accounts:export": 302,
    "accounts:export_html": 302,
    "accounts:delete": 302,
    "accounts:security": 302,
}
WEB_ARGS = {"accounts:token_revoke": [1]}
