"""Icons from the lucide-static npm package, inlined as SVG: `{% load icons %}`.

`{% icon "heart" %}` draws the icon named as on lucide.dev; `{% practice_icon "trust" %}`
draws a practice's icon from `closeknit/practices.py`. The SVG comes from
`node_modules/lucide-static/icons/` (installed by `npm ci`, like htmx), is read once per
process, and is marked as decoration (`aria-hidden`, not focusable): a text label always
sits beside it. It is sized by CSS (`.icon` in app.css) and drawn in `currentColor`.

An unknown name raises `IconNotFound` in development and tests; in production it is
logged once and draws nothing, so a typo cannot take a page down.
"""

import functools
import logging
import re
from pathlib import Path

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from closeknit.practices import BY_KEY

register = template.Library()
logger = logging.getLogger(__name__)

ICONS_DIR = Path(settings.BASE_DIR) / "node_modules" / "lucide-static" / "icons"
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
OPENING = re.compile(r"<svg\b([^>]*)>(.*)</svg>", re.DOTALL)
ATTRIBUTE = re.compile(r'([a-zA-Z:-]+)="([^"]*)"')
KEEP = ("xmlns", "viewBox", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin")


class IconNotFound(LookupError):
    pass


@functools.cache
def icon_parts(name: str) -> tuple[str, str]:
    """The kept attributes of lucide's <svg> tag and its drawing, for one icon name."""
    path = ICONS_DIR / f"{name}.svg"
    if not NAME.fullmatch(name) or not path.is_file():
        hint = (
            "Check the spelling against https://lucide.dev/icons."
            if ICONS_DIR.is_dir()
            else "node_modules is missing: run `make setup` (npm ci)."
        )
        raise IconNotFound(f"No icon {name!r} in {ICONS_DIR}. {hint}")
    found = OPENING.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise IconNotFound(f"{path} is not an SVG icon.")
    attributes = dict(ATTRIBUTE.findall(found.group(1)))
    kept = " ".join(f'{key}="{attributes[key]}"' for key in KEEP if key in attributes)
    drawing = "".join(line.strip() for line in found.group(2).splitlines())
    return kept, drawing


@functools.cache
def _logged_missing(name: str) -> None:
    logger.error("Closeknit icon %r is missing; drawing nothing.", name, exc_info=True)


@register.simple_tag
def icon(name: str, extra_class: str = "") -> SafeString:
    """`{% icon "heart" %}` or `{% icon p.icon "icon-large" %}`."""
    try:
        kept, drawing = icon_parts(name)
    except IconNotFound:
        if settings.DEBUG or settings.TESTING:
            raise
        _logged_missing(name)
        return mark_safe("")
    classes = f"icon icon-{name} {extra_class}".strip()
    # width/height are the fallback size before CSS (no layout shift); CSS sets the real one.
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="24" height="24" {}>{}</svg>',
        classes,
        mark_safe(kept),  # noqa: S308 - attribute values read from the installed package
        mark_safe(drawing),  # noqa: S308 - the package's own SVG drawing
    )


@register.simple_tag
def practice_icon(key: str, extra_class: str = "") -> SafeString:
    """`{% practice_icon "trust" %}`: the icon named for that practice in practices.py."""
    return icon(BY_KEY[key].icon, extra_class)
