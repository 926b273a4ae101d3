"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.occasions import services


def _occasion_of_owner(owner: Any, **_: Any) -> str:
    occasion = services.occasion_add(
        user=owner,
        data=services.OccasionInput(kind="anniversary", name="the day we met", month=5, day=17),
    )
    return str(occasion.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{occasion_id}": _occasion_of_owner}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/occasions": {"kind": "other", "name": "let me in", "month": 1, "day": 2},
}
WEB_PAGES = {"occasions:list": 302, "occasions:delete": 302}
WEB_ARGS: dict[str, list[Any]] = {"occasions:delete": [1]}
