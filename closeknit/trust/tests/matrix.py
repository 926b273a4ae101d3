"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.trust import services


def _session_of_owner(owner: Any, **_: Any) -> str:
    session = services.session_start(user=owner, mode="apart")
    services.session_turn(user=owner, session_id=session.pk, position=0, text="private")
    return str(session.pk)


def _shared_entry_of_owner(owner: Any, **_: Any) -> str:
    entry = services.entry_create(user=owner, text="private")
    services.entry_share(user=owner, entry_id=entry.pk, shared=True)
    return str(entry.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{session_id}": _session_of_owner, "{entry_id}": _shared_entry_of_owner}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/trust/sessions": {"mode": "apart"},
    "/api/v1/trust/sessions/{session_id}/turns": {"position": 0, "text": "let me in"},
    "/api/v1/trust/sessions/{session_id}/paused": {"paused": True},
    "/api/v1/trust/journal": {"text": "hello"},
    "/api/v1/trust/journal/{entry_id}": {"text": "overwritten"},
    "/api/v1/trust/journal/{entry_id}/share": {"shared": False},
    "/api/v1/trust/journal/{entry_id}/reaction": {"kind": "hug"},
    "/api/v1/trust/journal/{entry_id}/replies": {"text": "let me in"},
}
WEB_PAGES = {
    f"trust:{name}": 302
    for name in (
        "index",
        "sessions",
        "session_start",
        "session",
        "session_turn",
        "session_pause",
        "session_end",
        "journal",
        "journal_entry",
        "journal_edit",
        "journal_share",
        "journal_delete",
        "journal_react",
        "journal_reply",
        "repair",
    )
}
WEB_ARGS: dict[str, list[Any]] = {
    f"trust:{name}": [1]
    for name in (
        "session",
        "session_turn",
        "session_pause",
        "session_end",
        "journal_entry",
        "journal_edit",
        "journal_share",
        "journal_delete",
        "journal_react",
        "journal_reply",
    )
}
