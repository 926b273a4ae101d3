"""Filters that write things the way a person reads them: a device, a country, a date.

`{% load human %}` then `{{ session.user_agent|device }}`, `{{ "PT"|country }}`,
`{{ value|day }}`, `{{ value|moment }}`, and the other shapes in closeknit.lib.when.
"""

from datetime import date, datetime

from django import template

from closeknit.lib import countries, when
from closeknit.lib.devices import device_label

register = template.Library()


@register.filter
def device(user_agent: str | None) -> str:
    return device_label(user_agent or "")


@register.filter
def country(code: str | None) -> str:
    return countries.name(code or "")


@register.filter
def day(value: date | datetime | None) -> str:
    return when.day(value) if value else ""


@register.filter
def day_short(value: date | datetime | None) -> str:
    return when.day_short(value) if value else ""


@register.filter
def weekday(value: date | datetime | None) -> str:
    return when.weekday(value) if value else ""


@register.filter
def moment(value: datetime | None) -> str:
    return when.moment(value) if value else ""


@register.filter
def moment_short(value: datetime | None) -> str:
    return when.moment_short(value) if value else ""


@register.filter
def clock(value: datetime | None) -> str:
    return when.clock(value) if value else ""
