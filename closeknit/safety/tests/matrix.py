"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS: dict[str, Any] = {}
BODIES: dict[str, dict[str, Any]] = {}
WEB_PAGES = {"safety:index": 200, "safety:check": 302, "safety:support": 302}
