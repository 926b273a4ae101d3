"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.checkins.tests.helpers import answers, check_in


def _checkin_of_owner(owner: Any, **_: Any) -> str:
    return str(check_in(owner, 3, note="private").checkin.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{checkin_id}": _checkin_of_owner}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/checkin": {"answers": answers(4), "closeness": 4, "note": ""},
    "/api/v1/checkin/preference": {"every_weeks": 2},
}
WEB_PAGES = {
    "checkins:index": 302,
    "checkins:preference": 302,
    "checkins:detail": 302,
    "checkins:step": 302,
}
WEB_ARGS: dict[str, list[Any]] = {"checkins:detail": [1]}
