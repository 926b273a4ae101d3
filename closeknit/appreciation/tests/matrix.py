"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.appreciation import services


def _note_from_owner(owner: Any, **_: Any) -> str:
    return str(services.note_send(user=owner, text="you were so patient", quality="patient").pk)


def _noticed_of_owner(owner: Any, **_: Any) -> str:
    return str(services.noticed_add(user=owner, text="made tea without asking").pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{appreciation_note_id}": _note_from_owner, "{noticed_id}": _noticed_of_owner}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/appreciation/notes": {"text": "thank you", "quality": "warm"},
    "/api/v1/appreciation/notes/{appreciation_note_id}/read": {"read": True},
    "/api/v1/appreciation/notes/{appreciation_note_id}/keep": {"kept": True},
    "/api/v1/appreciation/notes/{appreciation_note_id}/reaction": {"kind": "heart"},
    "/api/v1/appreciation/notes/{appreciation_note_id}/replies": {"text": "that means a lot"},
    "/api/v1/appreciation/noticed": {"text": "they noticed I was tired"},
    "/api/v1/appreciation/care": {"words": 3, "time": 2, "help": 1, "gifts": 0, "touch": 2},
}
WEB_PAGES = {
    f"appreciation:{name}": 302
    for name in (
        "index",
        "notes",
        "note_new",
        "note_detail",
        "note_keep",
        "note_react",
        "note_reply",
        "noticed",
        "noticed_share",
        "noticed_delete",
        "care",
        "ideas",
    )
}
WEB_ARGS: dict[str, list[Any]] = {
    f"appreciation:{name}": [1]
    for name in (
        "note_detail",
        "note_keep",
        "note_react",
        "note_reply",
        "noticed_share",
        "noticed_delete",
    )
}
