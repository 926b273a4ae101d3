from typing import Any

from closeknit.accounts.models import User
from closeknit.checkins import items
from closeknit.checkins.models import Checkin, CheckinDraft, CheckinPreference, CheckinScore
from closeknit.couples.models import Couple


def export_user_data(*, user: User) -> dict[str, Any]:
    """The person's own check-ins: every rating, the closeness picture, the note and the
    computed scores. Never the partner's."""
    checkins = Checkin.objects.filter(user=user).prefetch_related("scores").order_by("starts_on")
    preference = CheckinPreference.objects.filter(user=user).first()
    return {
        "suggest_every_weeks": preference.every_weeks if preference else 2,
        "checkins": [
            {
                "period_starts_on": c.starts_on.isoformat(),
                "in_shared_space": c.couple_id is not None,
                "answers": [
                    {"statement": str(items.BY_ID[key].text), "rating": rating}
                    for key, rating in c.answers.items()
                    if key in items.BY_ID
                ],
                "closeness": c.closeness,
                "note": c.note,
                "scores": {s.practice: s.score for s in c.scores.all()},
                "created_at": c.created_at.isoformat(),
                "updated_at": c.updated_at.isoformat(),
            }
            for c in checkins
        ],
        # A check-in on its way, if one is: the person's own words and ratings too.
        "draft": (
            {
                "answers": [
                    {"statement": str(items.BY_ID[key].text), "rating": rating}
                    for key, rating in draft.answers.items()
                    if key in items.BY_ID
                ],
                "closeness": draft.closeness,
                "note": draft.note,
                "updated_at": draft.updated_at.isoformat(),
            }
            if (draft := CheckinDraft.objects.filter(user=user).first())
            else None
        ),
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    # A draft begun in the ended space can't be finished there: gone for both, now.
    CheckinDraft.objects.filter(couple=couple).delete()
    if entries_stay:
        return
    # "Take them": the leaver's check-ins disappear from the partner's view of the ended
    # space and stop counting in its insights. The leaver keeps them in their own history.
    Checkin.objects.filter(user=user, couple=couple).update(withdrawn=True)
    CheckinScore.objects.filter(user=user, couple=couple).update(withdrawn=True)
