from typing import Any

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.prompts.models import Answer, Reply


def export_user_data(*, user: User) -> dict[str, Any]:
    answers = (
        Answer.objects.filter(user=user)
        .select_related("question__prompt")
        .order_by("question__day", "pk")
    )
    return {
        "answers": [
            {
                "day": a.question.day.isoformat(),
                "prompt_id": a.question.prompt_id,
                "prompt": a.question.prompt.text,
                "text": a.text,
                "choice": a.question.prompt.choices[a.choice] if a.choice is not None else None,
                "scale": a.scale,
                "answered_at": a.created_at.isoformat(),
                "shared_with_partner": a.shared_with_id is not None,
            }
            for a in answers
        ],
        "replies": [
            {"day": r.question.day.isoformat(), "text": r.text, "at": r.created_at.isoformat()}
            for r in Reply.objects.filter(user=user).select_related("question")
        ],
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    if entries_stay:
        return
    Answer.objects.filter(user=user, question__couple=couple).update(withdrawn=True)
    Reply.objects.filter(user=user, question__couple=couple).update(withdrawn=True)
    Answer.objects.filter(user=user, shared_with=couple).update(shared_with=None)
