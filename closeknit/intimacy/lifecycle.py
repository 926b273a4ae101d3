"""Export and leaving for the intimacy toolkit.

Export holds only the person's own preferences and answers: a partner's answers are
never read here. Leaving needs no clean-up: affection preferences are shown only to a
*current* partner, and matches are computed only inside a current couple, so once a
space ends nothing of either person's is visible to the other, whatever `entries_stay`.
Each person keeps their own rows (their private history).
"""

from typing import Any

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.intimacy.models import AffectionPreference, ListAnswers, ListItem
from closeknit.intimacy.services import OwnList


def export_user_data(*, user: User) -> dict[str, Any]:
    texts = dict(ListItem.objects.values_list("id", "text"))
    lists = []
    for row in ListAnswers.objects.filter(user=user).order_by("pk"):
        own = OwnList.parse(row.data)
        lists.append(
            {
                "space": f"couple {row.couple_id}" if row.couple_id else "on my own",
                "adult_items": own.adult,
                "wider_view": own.maybe,
                "answers": [
                    {"item": item_id, "text": texts.get(item_id, ""), "answer": answer}
                    for item_id, answer in sorted(own.answers.items())
                ],
            }
        )
    return {
        "affection": [
            {
                "kind": p.kind,
                "level": p.level,
                "note": p.note,
                "updated_at": p.updated_at.isoformat(),
            }
            for p in AffectionPreference.objects.filter(user=user).order_by("kind")
        ],
        "yes_maybe_no_lists": lists,
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    """Nothing to withdraw: see the module docstring."""
    return None
