"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py).

The intimacy API has no ids in its paths: everything is the caller's own, or mutual."""

from typing import Any

PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS: dict[str, Any] = {}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/intimacy/privacy": {"hidden": False},
    "/api/v1/intimacy/affection": {"preferences": [{"kind": "hugs", "level": "love"}]},
    "/api/v1/intimacy/list/answers": {"answers": {"tender-001": "yes"}},
    "/api/v1/intimacy/list/settings": {"adult": False},
}
WEB_PAGES = {
    f"intimacy:{name}": 302
    for name in (
        "index",
        "privacy",
        "affection",
        "list",
        "answer",
        "settings",
        "clear",
        "matches",
        "not_now",
    )
}
WEB_ARGS: dict[str, list[Any]] = {}
