"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.goals import services, someday


def _goal_of_owner(owner: Any, **_: Any) -> str:
    goal = services.goal_create(user=owner, title="private plan", kind="individual")
    return str(goal.pk)


def _milestone_of_owner(owner: Any, **_: Any) -> str:
    goal = services.goal_create(user=owner, title="our plan", kind="shared")
    return str(services.milestone_add(user=owner, goal_id=goal.pk, title="first step").pk)


def _dream_note_of_owner(owner: Any, **_: Any) -> str:
    return str(someday.dream_note_add(user=owner, text="a secret dream").pk)


def _someday_item_of_owner(owner: Any, **_: Any) -> str:
    return str(someday.someday_add(user=owner, title="see the sea", category="travel").pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {
    "{goal_id}": _goal_of_owner,
    "{milestone_id}": _milestone_of_owner,
    "{dream_note_id}": _dream_note_of_owner,
    "{someday_item_id}": _someday_item_of_owner,
}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/goals": {"title": "a goal", "kind": "shared"},
    "/api/v1/goals/{goal_id}": {"title": "renamed"},
    "/api/v1/goals/{goal_id}/status": {"status": "reached"},
    "/api/v1/goals/{goal_id}/share": {"shared": True},
    "/api/v1/goals/{goal_id}/milestones": {"title": "a step"},
    "/api/v1/goals/{goal_id}/cheers": {"kind": "cheer"},
    "/api/v1/goals/milestones/{milestone_id}": {"done": True},
    "/api/v1/goals/dreams/notes": {"text": "a dream"},
    "/api/v1/goals/dreams/notes/{dream_note_id}": {"text": "changed"},
    "/api/v1/goals/someday": {"title": "a place", "category": "travel"},
    "/api/v1/goals/someday/{someday_item_id}": {"title": "changed"},
    "/api/v1/goals/someday/{someday_item_id}/move": {"direction": "up"},
}
_NAMES = (
    "index",
    "create",
    "celebrations_clear",
    "detail",
    "update",
    "status",
    "share",
    "delete",
    "milestone_add",
    "cheer",
    "milestone_update",
    "milestone_toggle",
    "milestone_delete",
    "dreams",
    "dream_note_add",
    "dream_note_update",
    "dream_note_delete",
    "someday",
    "someday_add",
    "someday_update",
    "someday_done",
    "someday_archive",
    "someday_move",
    "someday_delete",
)
WEB_PAGES = {f"goals:{name}": 302 for name in _NAMES}
WEB_ARGS: dict[str, list[Any]] = {
    f"goals:{name}": [1]
    for name in _NAMES
    if name.startswith(("detail", "update", "status", "share", "delete", "milestone", "cheer"))
    or name.startswith(("dream_note_update", "dream_note_delete"))
    or (name.startswith("someday_") and name != "someday_add")
}
