"""What a notification is called where the person opted in to say more (a rich push)."""

from closeknit.nudges.events import EVENTS
from closeknit.nudges.models import Notification


def title_for(notification: Notification) -> str:
    return str(EVENTS[notification.event].title)
