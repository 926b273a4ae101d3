"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.support import services


def _mood_of_owner(owner: Any, **_: Any) -> str:
    return str(services.mood_add(user=owner, mood=2, stress=4, note="private and heavy").pk)


def _signal_of_owner(owner: Any, **_: Any) -> str:
    return str(services.signal_send(user=owner, note="rough day").pk)


def _good_news_of_owner(owner: Any, **_: Any) -> str:
    return str(services.good_news_share(user=owner, text="I passed!").pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {
    "{mood_id}": _mood_of_owner,
    "{signal_id}": _signal_of_owner,
    "{good_news_id}": _good_news_of_owner,
}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/support/moods": {"mood": 3, "stress": 2, "note": ""},
    "/api/v1/support/moods/{mood_id}/share": {"shared": True},
    "/api/v1/support/preferences": {"ways": ["listening"], "in_my_words": ""},
    "/api/v1/support/signals": {"note": ""},
    "/api/v1/support/signals/{signal_id}/answers": {"kind": "thinking"},
    "/api/v1/support/good-news": {"text": "good things"},
    "/api/v1/support/good-news/{good_news_id}/replies": {"text": "wonderful!"},
    "/api/v1/support/good-news/{good_news_id}/reaction": {"kind": "cheer"},
}
WEB_PAGES = {
    f"support:{name}": 302
    for name in (
        "index",
        "live",
        "mood",
        "mood_share",
        "mood_delete",
        "preferences",
        "signal_send",
        "signal",
        "signal_answer",
        "signal_withdraw",
        "good_news",
        "good_news_detail",
        "good_news_reply",
        "good_news_react",
    )
}
WEB_ARGS: dict[str, list[Any]] = {
    f"support:{name}": [1]
    for name in (
        "mood_share",
        "mood_delete",
        "signal",
        "signal_answer",
        "signal_withdraw",
        "good_news_detail",
        "good_news_reply",
        "good_news_react",
    )
}
