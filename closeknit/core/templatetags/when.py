"""When something happened, said the way the reader's own day sees it."""

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def today_locally(value: datetime | None) -> bool:
    """Whether `value` falls on today's date in the reader's time zone (the active one)."""
    if value is None:
        return False
    return timezone.localdate(value) == timezone.localdate()
