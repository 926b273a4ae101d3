"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.prompts import services


def _question_of_owner(owner: Any, **_: Any) -> str:
    question = services.question_today(user=owner)
    services.answer_save(user=owner, question_id=question.pk, text="private", choice=0, scale=3)
    return str(question.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{question_id}": _question_of_owner}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/questions/{question_id}/answer": {"text": "let me in", "choice": 0, "scale": 3},
    "/api/v1/questions/{question_id}/reaction": {"reaction": "heart"},
    "/api/v1/questions/{question_id}/replies": {"text": "hello"},
    "/api/v1/questions/{question_id}/share": {"shared": True},
    "/api/v1/packs": {"turned_on": []},
}
WEB_PAGES = {
    "prompts:today": 302,
    "prompts:swap": 302,
    "prompts:archive": 302,
    "prompts:catch_up": 302,
    "prompts:detail": 302,
    "prompts:answer": 302,
    "prompts:react": 302,
    "prompts:reply": 302,
    "prompts:share": 302,
    "prompts:packs": 302,
}
WEB_ARGS: dict[str, list[Any]] = {
    f"prompts:{n}": [1] for n in ("detail", "answer", "react", "reply", "share")
}
