import zoneinfo
from functools import cache


@cache
def all_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def choices() -> list[tuple[str, str]]:
    return [(tz, tz.replace("_", " ")) for tz in sorted(all_timezones())]


def is_valid(name: str) -> bool:
    return name in all_timezones()
