"""Support resources by country, from a TOML file operators can replace."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Resource:
    country: str
    name: str
    how: str
    url: str = ""


def resources_file() -> Path:
    configured = getattr(settings, "CLOSEKNIT_SAFETY_RESOURCES", None)
    return (
        Path(configured)
        if configured
        else settings.CLOSEKNIT_CONTENT_DIR / "safety" / "resources.toml"
    )


@cache
def _load(path: Path) -> tuple[Resource, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return tuple(
            Resource(
                country=str(r["country"]).upper(),
                name=str(r["name"]),
                how=str(r["how"]),
                url=str(r.get("url", "")),
            )
            for r in data.get("resource", [])
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"The safety resources file {path} cannot be read: {exc}. Fix it, or unset "
            "CLOSEKNIT_SAFETY_RESOURCES to use the built-in list."
        ) from None


def for_country(country: str) -> list[Resource]:
    """Resources for `country` first, then those for everyone."""
    every = _load(resources_file())
    country = country.upper()
    local = [r for r in every if r.country == country]
    return local + [r for r in every if r.country == "*"]


def countries() -> list[str]:
    return sorted({r.country for r in _load(resources_file()) if r.country != "*"})
