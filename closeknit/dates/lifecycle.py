"""Export and leaving for the Quality-time toolkit (see closeknit/lib/lifecycle.py)."""

from typing import Any

from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.dates.models import (
    DateLog,
    FeedToken,
    IdeaLike,
    MeetingNote,
    PhoneFreeSession,
    PlannedDate,
)
from closeknit.dates.services.timer import MAX_MINUTES


def export_user_data(*, user: User) -> dict[str, Any]:
    """Only what this person wrote or did themselves."""
    return {
        "liked_ideas": [
            {"idea_id": like.idea_id, "title": like.idea.title, "at": like.created_at.isoformat()}
            for like in IdeaLike.objects.filter(user=user).select_related("idea").order_by("pk")
        ],
        "dates_planned": [
            {
                "title": d.title,
                "idea_id": d.idea_id,
                "starts_at": d.starts_at.isoformat(),
                "minutes": d.minutes,
                "place": d.place,
                "note": d.note,
            }
            for d in PlannedDate.objects.filter(created_by=user).order_by("starts_at", "pk")
        ],
        "date_logs": [
            {
                "date_starts_at": log.planned_date.starts_at.isoformat(),
                "feeling": log.feeling,
                "words": log.words,
                "shared_with_partner": log.shared,
                "at": log.created_at.isoformat(),
            }
            for log in DateLog.objects.filter(user=user).select_related("planned_date")
        ],
        "phone_free_time_started": [
            {"started_at": s.started_at.isoformat(), "minutes": s.minutes}
            for s in PhoneFreeSession.objects.filter(started_by=user).order_by("started_at")
        ],
        "meeting_notes": [
            {"week": n.meeting.week.isoformat(), "section": n.section, "text": n.text}
            for n in MeetingNote.objects.filter(user=user)
            .select_related("meeting")
            .order_by("meeting__week", "section")
        ],
        "calendar_feed": FeedToken.objects.filter(user=user).exists(),
    }


def on_couple_left(*, user: User, couple: Couple, entries_stay: bool) -> None:
    now = timezone.now()
    # The space has ended: a timer still running stops now.
    for session in PhoneFreeSession.objects.filter(couple=couple, ended_at__isnull=True):
        elapsed = int((now - session.started_at).total_seconds() // 60)
        session.ended_at, session.ended_by = now, user
        session.minutes = max(0, min(elapsed, MAX_MINUTES))
        session.save(update_fields=["ended_at", "ended_by", "minutes"])
    if entries_stay:
        return
    PlannedDate.objects.filter(couple=couple, created_by=user).update(withdrawn=True)
    DateLog.objects.filter(couple=couple, user=user).update(withdrawn=True)
    PhoneFreeSession.objects.filter(couple=couple, started_by=user).update(withdrawn=True)
    MeetingNote.objects.filter(couple=couple, user=user).update(withdrawn=True)
