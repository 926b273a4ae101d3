"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from closeknit.dates.services import meetings, planning

P = "/api/v1/quality-time"


def _date_of_owner(owner: Any, **_: Any) -> str:
    planned = planning.date_plan(
        user=owner,
        data=planning.DateInput(
            title="a private plan",
            starts_at=timezone.now() + timedelta(days=2),
            note="only for us",
        ),
    )
    return str(planned.pk)


def _meeting_of_owner(owner: Any, **_: Any) -> str:
    meeting = meetings.meeting_current(user=owner)
    meetings.meeting_note_save(user=owner, meeting_id=meeting.pk, section="topic", text="ours")
    return str(meeting.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{date_id}": _date_of_owner, "{meeting_id}": _meeting_of_owner}
BODIES: dict[str, dict[str, Any]] = {
    f"{P}/likes": {"idea_id": "date-001", "liked": True},
    f"{P}/dates": {
        "title": "let me in",
        "starts_at": (timezone.now() + timedelta(days=30)).replace(microsecond=0).isoformat(),
    },
    f"{P}/dates/{{date_id}}": {"title": "let me in"},
    f"{P}/dates/{{date_id}}/log": {"feeling": 4, "words": "let me in"},
    f"{P}/meetings/{{meeting_id}}/notes": {"section": "topic", "text": "let me in"},
}
WEB_PAGES = {
    **{
        f"dates:{name}": 302
        for name in (
            "index",
            "ideas",
            "surprise",
            "idea",
            "like",
            "dates",
            "date_new",
            "date",
            "date_edit",
            "date_cancel",
            "date_log",
            "date_ics",
            "feed_renew",
            "feed_revoke",
            "timer",
            "timer_start",
            "timer_stop",
            "meeting",
            "meeting_detail",
            "meeting_note",
        )
    },
    # Public, but only with a valid token: an unknown one is simply not found.
    "dates:feed": 404,
}
WEB_ARGS: dict[str, list[Any]] = {
    "dates:idea": ["date-001"],
    "dates:like": ["date-001"],
    **{f"dates:{n}": [1] for n in ("date", "date_edit", "date_cancel", "date_log", "date_ics")},
    "dates:meeting_detail": [1],
    "dates:meeting_note": [1],
    "dates:feed": ["not-a-real-token"],
}
