"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py).
Insights have no ids in their paths: every answer is about the caller's own space."""

from typing import Any

PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS: dict[str, Any] = {}
BODIES: dict[str, dict[str, Any]] = {}
WEB_PAGES = {
    "insights:index": 302,
    "insights:trends": 302,
    "insights:report": 302,
}
WEB_ARGS: dict[str, list[Any]] = {}
