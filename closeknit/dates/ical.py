"""Calendars in iCalendar format (RFC 5545), built with the `icalendar` library.

Times are written in UTC. Each date keeps one UID for life, and its SEQUENCE grows with
each change, so calendar apps update the event instead of adding a copy.
"""

from collections.abc import Iterable
from datetime import UTC

import icalendar

from closeknit.dates.models import PlannedDate

PRODID = "-//Closeknit//Quality time//EN"


def event_uid(planned: PlannedDate) -> str:
    return f"{planned.uid}@closeknit"


def _event(planned: PlannedDate, *, with_note: bool, url: str = "") -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", event_uid(planned))
    event.add("dtstamp", planned.updated_at.astimezone(UTC))
    event.add("dtstart", planned.starts_at.astimezone(UTC))
    event.add("dtend", planned.ends_at.astimezone(UTC))
    event.add("sequence", planned.sequence)
    event.add("summary", planned.title)
    if planned.place:
        event.add("location", planned.place)
    description = planned.idea.text if planned.idea else ""
    if with_note and planned.note:
        description = f"{planned.note}\n\n{description}".strip()
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def calendar_bytes(
    dates: Iterable[PlannedDate],
    *,
    name: str,
    with_notes: bool,
    urls: dict[int, str] | None = None,
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for planned in dates:
        calendar.add_component(
            _event(planned, with_note=with_notes, url=(urls or {}).get(planned.pk, ""))
        )
    return calendar.to_ical()
