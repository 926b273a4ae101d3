"""The words a notification is shown with: the partner's name and what they did for one
about a waiting item ("Sam replied 3 times"), the event's own words otherwise."""

from closeknit.nudges import waiting
from closeknit.nudges.events import EVENTS
from closeknit.nudges.models import Notification


def title_for(notification: Notification) -> str:
    """Read `item__actor` with the notification (select_related) to keep it one query."""
    item = notification.item if notification.item_id else None
    if item is not None:
        return waiting.title(kind=item.kind, name=item.actor.name, count=item.count)
    event = EVENTS.get(notification.event)
    return str(event.title) if event else ""
