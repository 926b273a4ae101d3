"""The Quality-time API, mounted at /api/v1/quality-time. It calls the same services as
the web pages, so both enforce the same rules."""

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status

from closeknit.accounts.models import User
from closeknit.api.base import current_user, errors
from closeknit.dates import ical
from closeknit.dates.models import DateLog, Meeting, PhoneFreeSession
from closeknit.dates.schemas import (
    DateChangeIn,
    DateIdeaOut,
    DateIn,
    DateListOut,
    DateNoteIn,
    DateOut,
    FeedOut,
    IdeaPageOut,
    IdeaQuery,
    LikeIn,
    LogIn,
    MeetingBriefOut,
    MeetingOut,
    TimerOut,
)
from closeknit.dates.selectors import ideas as idea_selectors
from closeknit.dates.selectors import meetings as meeting_selectors
from closeknit.dates.selectors import planning as date_selectors
from closeknit.dates.selectors.ideas import IdeaView
from closeknit.dates.selectors.meetings import MeetingView
from closeknit.dates.selectors.planning import DateView
from closeknit.dates.selectors.timer import timer_view
from closeknit.dates.services import feed as feed_services
from closeknit.dates.services import ideas as idea_services
from closeknit.dates.services import meetings as meeting_services
from closeknit.dates.services import planning as date_services
from closeknit.dates.services import timer as timer_services
from closeknit.lib.errors import NotFound

router = Router(tags=["quality time"])


# Ideas and the shortlist


def idea_payload(view: IdeaView) -> dict[str, Any]:
    idea = view.idea
    return {
        "id": idea.pk,
        "title": idea.title,
        "text": idea.text,
        "setting": idea.setting,
        "cost": idea.cost,
        "minutes": idea.minutes,
        "energy": idea.energy,
        "novelty": idea.novelty,
        "season": idea.season,
        "long_distance": idea.long_distance,
        "liked": view.liked,
        "on_shortlist": view.on_shortlist,
    }


@router.get("/ideas", response={200: IdeaPageOut, **errors(400)})
def list_ideas(request: HttpRequest, filters: Query[IdeaQuery]) -> dict[str, Any]:
    """The idea library, filtered; combine any tags."""
    parsed = idea_selectors.parse_filters(request.GET)
    page = idea_selectors.idea_page(user=current_user(request), filters=parsed)
    return {
        "items": [idea_payload(v) for v in page.items],
        "page": parsed.page,
        "has_next": page.has_next,
        "total": page.total,
    }


@router.get("/ideas/surprise", response={200: DateIdeaOut, **errors(400, 404)})
def surprise_idea(request: HttpRequest, filters: Query[IdeaQuery]) -> dict[str, Any]:
    """'Surprise us': one random idea matching the filters (404 `no_match` if none)."""
    parsed = idea_selectors.parse_filters(request.GET)
    return idea_payload(idea_services.idea_surprise(user=current_user(request), filters=parsed))


@router.put("/likes", response={200: DateIdeaOut, **errors(404)})
def put_like(request: HttpRequest, payload: LikeIn) -> dict[str, Any]:
    """Like or un-like an idea. Private: your partner only ever sees mutual likes."""
    view = idea_services.idea_like_set(
        user=current_user(request), idea_id=payload.idea_id, liked=payload.liked
    )
    return idea_payload(view)


@router.get("/likes", response={200: list[DateIdeaOut], **errors()})
def list_likes(request: HttpRequest) -> list[dict[str, Any]]:
    """The ideas you liked. Only you can see this list."""
    user = current_user(request)
    shortlist = idea_selectors.shortlist_ids(idea_selectors.space_for(user))
    return [
        idea_payload(IdeaView(idea=i, liked=True, on_shortlist=i.pk in shortlist))
        for i in idea_selectors.my_likes(user=user)
    ]


@router.get("/shortlist", response={200: list[DateIdeaOut], **errors()})
def list_shortlist(request: HttpRequest) -> list[dict[str, Any]]:
    """Ideas you and your partner both liked."""
    return [
        idea_payload(IdeaView(idea=i, liked=True, on_shortlist=True))
        for i in idea_selectors.shortlist(user=current_user(request))
    ]


# Dates


def _log(log: DateLog | None) -> dict[str, Any] | None:
    if log is None:
        return None
    return {
        "feeling": log.feeling,
        "words": log.words,
        "shared": log.shared,
        "updated_at": log.updated_at,
    }


def date_payload(view: DateView, *, user: User) -> dict[str, Any]:
    planned = view.date
    hidden = view.hidden
    return {
        "id": planned.pk,
        "uid": ical.event_uid(planned),
        "title": view.title,
        "idea_id": None if hidden else planned.idea_id,
        "starts_at": planned.starts_at,
        "starts_at_local": planned.starts_at.astimezone(ZoneInfo(user.timezone)),
        "timezone": user.timezone,
        "minutes": planned.minutes,
        "place": "" if hidden else planned.place,
        "note": "" if hidden else planned.note,
        "in_current_space": view.in_current_space,
        "taken_away": hidden,
        "mine": _log(view.mine),
        "theirs": _log(view.theirs),
    }


def _date_or_404(request: HttpRequest, date_id: int) -> dict[str, Any]:
    user = current_user(request)
    view = date_selectors.date_view(user=user, date_id=date_id)
    if view is None:
        raise NotFound("There is no such date in your space.")
    return date_payload(view, user=user)


@router.get("/dates", response={200: DateListOut, **errors()})
def list_dates(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    """Upcoming dates of your space, and earlier ones (newest first, by page)."""
    user = current_user(request)
    past = date_selectors.past(user=user, page=max(1, min(page, 10000)))
    return {
        "upcoming": [date_payload(v, user=user) for v in date_selectors.upcoming(user=user)],
        "past": [date_payload(v, user=user) for v in past.items],
        "page": past.page,
        "has_next": past.has_next,
    }


@router.post("/dates", response={201: DateOut, **errors(400)})
def create_date(request: HttpRequest, payload: DateIn) -> Status[Any]:
    """Plan a date (an idea, or a title of your own). Both partners see it."""
    user = current_user(request)
    planned = date_services.date_plan(
        user=user,
        data=date_services.DateInput(
            title=payload.title,
            idea_id=payload.idea_id,
            starts_at=date_services.as_aware(payload.starts_at, tz=user.timezone),
            minutes=payload.minutes,
            place=payload.place,
            note=payload.note,
        ),
    )
    return Status(201, _date_or_404(request, planned.pk))


@router.get("/dates/{date_id}", response={200: DateOut, **errors(404)})
def read_date(request: HttpRequest, date_id: int) -> dict[str, Any]:
    return _date_or_404(request, date_id)


@router.patch("/dates/{date_id}", response={200: DateOut, **errors(400, 404)})
def change_date(request: HttpRequest, date_id: int, payload: DateChangeIn) -> dict[str, Any]:
    """Change any of title, time, length, place or note; either partner may."""
    user = current_user(request)
    changes: dict[str, object] = payload.model_dump(exclude_unset=True)
    if changes.get("starts_at") is not None:
        changes["starts_at"] = date_services.as_aware(changes["starts_at"], tz=user.timezone)  # type: ignore[arg-type]
    for key in ("starts_at", "minutes", "title"):
        if key in changes and changes[key] is None:
            del changes[key]
    date_services.date_update(user=user, date_id=date_id, changes=changes)
    return _date_or_404(request, date_id)


@router.delete("/dates/{date_id}", response={204: None, **errors(404)})
def cancel_date(request: HttpRequest, date_id: int) -> Status[None]:
    """Call a date off: it leaves both partners' calendars and feeds."""
    date_services.date_cancel(user=current_user(request), date_id=date_id)
    return Status(204, None)


@router.get("/dates/{date_id}/ics", response={200: str, **errors(404)})
def date_ics(request: HttpRequest, date_id: int) -> HttpResponse:
    """The date as an iCalendar file (text/calendar)."""
    view = date_selectors.date_view(user=current_user(request), date_id=date_id)
    if view is None or view.hidden:
        raise NotFound("There is no such date in your space.")
    url = request.build_absolute_uri(reverse("dates:date", args=[date_id]))
    body = ical.calendar_bytes(
        [view.date], name=view.date.title, with_notes=True, urls={date_id: url}
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="date-{date_id}.ics"'
    return response


@router.put("/dates/{date_id}/log", response={200: DateOut, **errors(400, 404, 409)})
def put_log(request: HttpRequest, date_id: int, payload: LogIn) -> dict[str, Any]:
    """How the date felt to you: 1-5 and a few words. Private unless `shared`."""
    date_services.date_log_save(
        user=current_user(request),
        date_id=date_id,
        feeling=payload.feeling,
        words=payload.words,
        shared=payload.shared,
    )
    return _date_or_404(request, date_id)


@router.delete("/dates/{date_id}/log", response={204: None, **errors(404)})
def delete_log(request: HttpRequest, date_id: int) -> Status[None]:
    date_services.date_log_delete(user=current_user(request), date_id=date_id)
    return Status(204, None)


# The private calendar feed


def _feed(request: HttpRequest, user: User) -> dict[str, Any]:
    token = feed_services.feed_token_for(user=user)
    if token is None:
        return {"url": None, "created_at": None}
    url = request.build_absolute_uri(reverse("dates:feed", args=[token.token]))
    return {"url": url, "created_at": token.created_at}


@router.get("/feed", response={200: FeedOut, **errors()})
def read_feed(request: HttpRequest) -> dict[str, Any]:
    """Your private calendar address, for calendar apps to subscribe to."""
    return _feed(request, current_user(request))


@router.post("/feed", response={201: FeedOut, **errors()})
def renew_feed(request: HttpRequest) -> Status[Any]:
    """Make a new private address. The previous one stops working at once."""
    user = current_user(request)
    feed_services.feed_token_renew(user=user)
    return Status(201, _feed(request, user))


@router.delete("/feed", response={204: None, **errors()})
def revoke_feed(request: HttpRequest) -> Status[None]:
    """Turn the feed off: its address answers 404 from now on."""
    feed_services.feed_token_revoke(user=current_user(request))
    return Status(204, None)


# Phone-free time


def _session(session: PhoneFreeSession, user: User) -> dict[str, Any]:
    return {
        "id": session.pk,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "minutes": session.minutes,
        "started_by_me": session.started_by_id == user.pk,
    }


def _timer(user: User) -> dict[str, Any]:
    view = timer_view(user=user)
    return {
        "running": _session(view.running, user) if view.running else None,
        "elapsed_minutes": view.elapsed_minutes,
        "recent": [_session(s, user) for s in view.recent],
        "minutes_this_month": view.minutes_this_month,
    }


@router.get("/timer", response={200: TimerOut, **errors()})
def read_timer(request: HttpRequest) -> dict[str, Any]:
    """Whether phone-free time is running for your space, and recent sessions."""
    return _timer(current_user(request))


@router.post("/timer/start", response={201: TimerOut, **errors(409)})
def start_timer(request: HttpRequest) -> Status[Any]:
    user = current_user(request)
    timer_services.timer_start(user=user)
    return Status(201, _timer(user))


@router.post("/timer/stop", response={200: TimerOut, **errors(409)})
def stop_timer(request: HttpRequest) -> dict[str, Any]:
    """Stop the running timer, whoever started it; the minutes are noted."""
    user = current_user(request)
    timer_services.timer_stop(user=user)
    return _timer(user)


# The weekly couple meeting


def meeting_payload(view: MeetingView) -> dict[str, Any]:
    return {
        "id": view.meeting.pk,
        "week": view.meeting.week,
        "in_current_space": view.in_current_space,
        "sections": [
            {
                "key": s.key,
                "label": s.label,
                "guide": s.guide,
                "mine": s.mine,
                "theirs": s.theirs,
            }
            for s in view.sections
        ],
    }


@router.get("/meetings/current", response={200: MeetingOut, **errors()})
def read_current_meeting(request: HttpRequest) -> dict[str, Any]:
    """This week's meeting: the guide for each part, and both people's notes."""
    return meeting_payload(meeting_selectors.current_meeting_view(user=current_user(request)))


@router.get("/meetings", response={200: list[MeetingBriefOut], **errors()})
def list_meetings(request: HttpRequest) -> list[Meeting]:
    """Earlier weeks with notes."""
    user = current_user(request)
    week = meeting_services.meeting_current(user=user).week
    return meeting_selectors.earlier_meetings(user=user, before=week)


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **errors(404)})
def read_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    view = meeting_selectors.meeting_view(user=current_user(request), meeting_id=meeting_id)
    if view is None:
        raise NotFound("There is no such meeting in your space.")
    return meeting_payload(view)


@router.put("/meetings/{meeting_id}/notes", response={200: MeetingOut, **errors(400, 404)})
def put_note(request: HttpRequest, meeting_id: int, payload: DateNoteIn) -> dict[str, Any]:
    """Your notes for one part of the meeting (empty text clears them). Both see them."""
    user = current_user(request)
    meeting_services.meeting_note_save(
        user=user, meeting_id=meeting_id, section=payload.section, text=payload.text
    )
    return read_meeting(request, meeting_id)
