"""A readable name for a device from its User-Agent, like "Firefox on Android".

A few clear lines rather than a parser library: people only need to recognise their own
phone and laptop in a list (the devices signed in, the devices with push on), the big
browsers and systems cover that, and a full parser (ua-parser's regex data) would be a
megabyte of dependency for the same two words. Order matters, and is explained below.
"""

from django.utils.translation import gettext as _


def device_label(user_agent: str) -> str:
    """A readable name like "Chrome on Android" from the User-Agent, good enough for a
    person to recognise their own devices in a list; never shown to anyone else."""
    ua = user_agent or ""
    if "iPhone" in ua or "iPad" in ua:
        system = "iPhone" if "iPhone" in ua else "iPad"
    elif "Android" in ua:
        system = "Android"
    elif "Windows" in ua:
        system = "Windows"
    elif "Mac OS X" in ua or "Macintosh" in ua:
        system = "macOS"
    elif "CrOS" in ua:
        system = "ChromeOS"
    elif "Linux" in ua:
        system = "Linux"
    else:
        system = ""
    # Order matters: Edge, Opera and Samsung also say "Chrome", and Chrome says "Safari".
    for marker, name in (
        ("Edg", "Edge"), ("OPR", "Opera"), ("SamsungBrowser", "Samsung Internet"),
        ("Firefox", "Firefox"), ("FxiOS", "Firefox"), ("CriOS", "Chrome"),
        ("Chrome", "Chrome"), ("Chromium", "Chromium"), ("Safari", "Safari"),
    ):  # fmt: skip
        if marker in ua:
            browser = name
            break
    else:
        browser = _("A browser")
    if not system:
        return browser
    return (_("%(browser)s on %(system)s") % {"browser": browser, "system": system})[:80]
