"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.conversations import services


def _session_of_owner(owner: Any, **_: Any) -> str:
    session = services.session_start(user=owner, mode="apart")
    services.statement_add(user=owner, session_id=session.pk, feeling="private")
    return str(session.pk)


def _guide_of_owner(owner: Any, **_: Any) -> str:
    guide = services.guide_start(user=owner, label="private")
    services.side_save(user=owner, guide_id=guide.pk, felt="private", saw="mine", done=True)
    return str(guide.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{session_id}": _session_of_owner, "{guide_id}": _guide_of_owner}
_S = "/api/v1/communication/sessions/{session_id}"
_G = "/api/v1/communication/guides/{guide_id}"
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/communication/sessions": {"mode": "apart"},
    f"{_S}/statement": {"feeling": "let me in"},
    f"{_S}/reflection": {"text": "let me in"},
    f"{_S}/confirmation": {"heard": True},
    "/api/v1/communication/pause": {"choice": "20min"},
    "/api/v1/communication/guides": {"label": "hello"},
    f"{_G}/side": {"felt": "let me in", "saw": "let me in", "done": True},
    f"{_G}/reflection": {"text": "let me in", "shared": True},
    f"{_G}/reflection/shared": {"shared": True},
}
WEB_PAGES = {
    f"conversations:{name}": 302
    for name in (
        "index",
        "phrases",
        "pause_set",
        "pause_clear",
        "sessions",
        "session_start",
        "session",
        "session_turn",
        "speak",
        "reflect",
        "confirm",
        "end",
        "guides",
        "guide_start",
        "guide",
        "side",
        "observer",
        "observer_share",
    )
}
WEB_ARGS: dict[str, list[Any]] = {
    f"conversations:{name}": [1]
    for name in (
        "session",
        "session_turn",
        "speak",
        "reflect",
        "confirm",
        "end",
        "guide",
        "side",
        "observer",
        "observer_share",
    )
}
