"""Every piece of interface text goes through gettext.

The committed catalogue (plus Django's and allauth's, whose strings are marked upstream)
is turned into a pseudo locale in which every message looks like ⟦Ŵéļçöɱé⟧. The main pages
are then rendered in that locale, and every visible text that is still plain ASCII must be
something the person or the prompt library wrote, or an entry in ALLOWED below.
"""

import re
import tomllib
import zoneinfo
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import django
import pytest
from babel import Locale
from django.template import loader
from django.test import Client, override_settings
from django.utils import timezone, translation
from django.utils.html import escape

from closeknit.accounts.models import User
from closeknit.appreciation import services as appreciation
from closeknit.dates.services import planning
from closeknit.safety import services as safety
from closeknit.support import services as support
from conftest import answer_today
from tests.i18n.pseudo import (
    PSEUDO_LANGUAGE,
    build_pseudo_catalogue,
    pseudo,
    untranslated_runs,
    visible_texts,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "closeknit" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _upstream_catalogues() -> list[Path]:
    import allauth

    django_root = Path(django.__file__).parent
    found = [django_root / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    found += sorted(django_root.glob("contrib/*/locale/en/LC_MESSAGES/django.po"))
    found += [Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    return [path for path in found if path.exists()]


# Plain text that may appear untranslated, each with its reason.
ALLOWED: dict[str, str] = {
    r"Closeknit": "the product's name (app_name)",
    # Dates come from CLDR's data through Babel (closeknit/lib/when.py), not from the
    # catalogue: a real language brings its own month names; the pseudo one has none.
    (
        r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? )?"
        r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}(?:, \d{4})?"
        r"(?:, \d{1,2}:\d{2}\s?[AP]M)?"
    ): "a date written by CLDR (closeknit.lib.when)",
    r"\d{1,2}:\d{2}\s?[AP]M": "a time written by CLDR (closeknit.lib.when)",
    # Country names come from CLDR too (closeknit/lib/countries.py).
    "|".join(
        re.escape(str(name)) for name in Locale.parse("en").territories.values()
    ): "a country name from CLDR (closeknit.lib.countries)",
}
_ALLOWED = re.compile("|".join(f"(?:{pattern})" for pattern in ALLOWED))


# IANA time-zone names, as the zone picker shows them.
TIME_ZONES = {
    name.replace("_", " ") for name in zoneinfo.available_timezones()
} | zoneinfo.available_timezones()


def _normal(text: str) -> str:
    return " ".join(text.split())


KEY = re.compile(r"[a-z0-9_*/-]+")  # ids and keys in the content files, never shown


def _content_strings() -> set[str]:
    strings: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str) and not KEY.fullmatch(value):
            strings.add(_normal(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in (ROOT / "content").rglob("*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return strings


@pytest.fixture(scope="module")
def content() -> tuple[set[str], str]:
    strings = _content_strings()
    return strings, "\n".join(sorted(strings))


@pytest.fixture
def pseudo_locale(tmp_path: Path) -> Iterator[None]:
    count = build_pseudo_catalogue([CATALOGUE, *_upstream_catalogues()], tmp_path)
    assert count > 500
    with (
        override_settings(
            LANGUAGES=[("en", "English"), (PSEUDO_LANGUAGE, "Pseudo")],
            LANGUAGE_CODE="en",
            LOCALE_PATHS=[tmp_path],
        ),
        translation.override(PSEUDO_LANGUAGE),
    ):
        yield


def test_pseudo_keeps_placeholders() -> None:
    assert pseudo("Welcome") == "⟦Ŵéļçöɱé⟧"
    assert pseudo("Hi %(name)s, {count} new") == "⟦Ĥî %(name)s, {count} ñéŵ⟧"
    assert pseudo('<a href="%(url)s">Go</a> &amp; %d%%') == '⟦<a href="%(url)s">Ĝö</a> &amp; %d%%⟧'


def test_pseudo_locale_translates(pseudo_locale: None) -> None:
    assert translation.get_language() == PSEUDO_LANGUAGE
    assert translation.gettext("Home") == pseudo("Home")


SIGNED_IN_PAGES = [
    "/",
    "/today/",
    "/questions/",
    "/insights/",
    "/insights/trends/",
    "/insights/week/",
    "/checkin/",
    "/couple/",
    "/couple/leave/",
    "/notifications/",
    "/notifications/settings/",
    "/settings/",
    "/settings/tokens/",
    "/settings/delete/",
    "/settings/security/",
    "/communication/",
    "/communication/phrases/",
    "/communication/listening/",
    "/communication/after/",
    "/quality-time/",
    "/quality-time/ideas/",
    "/quality-time/dates/",
    "/quality-time/dates/new/",
    "/quality-time/phone-free/",
    "/quality-time/meeting/",
    "/appreciation/",
    "/appreciation/notes/",
    "/appreciation/notes/new/",
    "/appreciation/noticed/",
    "/appreciation/cared-for/",
    "/appreciation/ideas/",
    "/support/",
    "/support/mood/",
    "/support/preferences/",
    "/support/good-news/",
    "/goals/",
    "/goals/dreams/",
    "/goals/someday/",
    "/growth/",
    "/growth/challenges/",
    "/growth/rounds/",
    "/growth/learned/",
    "/intimacy/",
    "/intimacy/affection/",
    "/intimacy/list/",
    "/intimacy/matches/",
    "/intimacy/not-now/",
    "/trust/",
    "/trust/sessions/",
    "/trust/journal/",
    "/trust/repair/",
    "/safety/",
    "/safety/check/",
    "/safety/support/",
]

SIGNED_OUT_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/offline/",
]


def _untranslated(
    html: str, *, data: set[str], content: tuple[set[str], str]
) -> list[tuple[str, str]]:
    strings, corpus = content
    data = data | {value.strip(" .,:;!?/") for value in data}
    problems = []
    for where, text in visible_texts(html):
        for run in untranslated_runs(text):
            if run in data or run in strings or run in TIME_ZONES or _ALLOWED.fullmatch(run):
                continue
            if len(run) >= 20 and run in corpus:
                continue  # a piece of prompt-library content
            problems.append((where, run))
    return problems


def _lived_in(owner: User, partner: User) -> set[str]:
    """Give the couple some history so the pages show more than their empty states;
    return what they wrote (their data, never translated)."""
    for person in (owner, partner):  # the conflict and vulnerability tools need it
        safety.check_record(user=person, answers={})
    answer_today(owner, partner)
    appreciation.note_send(user=partner, text="Thank you for the tea")
    support.mood_add(user=owner, mood=4, stress=2, note="A calm day")
    planning.date_plan(
        user=owner,
        data=planning.DateInput(
            title="Picnic by the river",
            starts_at=timezone.now() + timedelta(days=3),
            minutes=90,
            place="Riverside",
        ),
    )
    return {
        owner.display_name,
        partner.display_name,
        owner.email,
        partner.email,
        f"Words by {owner.display_name}",
        f"Words by {partner.display_name}",
        "Thank you for the tea",
        "A calm day",
        "Picnic by the river",
        "Riverside",
    }


def _get(client: Client, path: str) -> str:
    response = client.get(path, follow=True, headers={"Accept-Language": PSEUDO_LANGUAGE})
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response.content.decode()


def _report(found: dict[str, list[tuple[str, str]]]) -> str:
    lines = ["Interface text not marked for translation (seen untranslated in the pseudo locale):"]
    for path, problems in found.items():
        lines.append(f"  {path}")
        lines += [f"    {where} {text!r}" for where, text in dict.fromkeys(problems)]
    return "\n".join(lines)


def test_the_check_finds_unmarked_text(content: tuple[set[str], str]) -> None:
    html = (
        "<title>⟦Ĥöɱé⟧ · Closeknit</title><script>var x = 'code';</script>"
        '<p>⟦Ŝáṽé⟧ Robin</p><p>Save</p><button title="Close me">3</button>'
        "<p>⟦Ŵéļçöɱé⟧ back, friend</p>"
    )
    assert _untranslated(html, data={"Robin"}, content=content) == [
        ("<p>", "Save"),
        ("<button title>", "Close me"),
        ("<p>", "back, friend"),
    ]


def test_signed_in_pages_are_fully_translated(
    pseudo_locale: None,
    web: Callable[[User | None], Client],
    library: None,
    owner: User,
    partner: User,
    couple: Any,
    content: tuple[set[str], str],
) -> None:
    data = _lived_in(owner, partner)
    client = web(owner)
    found = {}
    for path in SIGNED_IN_PAGES:
        problems = _untranslated(_get(client, path), data=data, content=content)
        if problems:
            found[path] = problems
    assert not found, _report(found)


def test_signed_out_pages_are_fully_translated(
    pseudo_locale: None,
    web: Callable[[User | None], Client],
    content: tuple[set[str], str],
) -> None:
    client = web(None)
    found = {}
    for path in SIGNED_OUT_PAGES:
        problems = _untranslated(_get(client, path), data=set(), content=content)
        if problems:
            found[path] = problems
    assert not found, _report(found)


SITE = "https://closeknit.example.test"
EMAIL_CONTEXT = {
    "site_url": SITE,
    "rich": True,
    "title": "Title from the event list",
    "detail": "Detail written by the app",
    "open_url": f"{SITE}/today/",
    "unsubscribe_url": f"{SITE}/notifications/unsubscribe/abc/",
    "unsubscribe_all_url": f"{SITE}/notifications/unsubscribe/all/",
    "settings_url": f"{SITE}/notifications/settings/",
}


@pytest.mark.parametrize(
    "name",
    [
        "500.html",
        "couples/email/partner_joined.html",
        "couples/email/partner_joined.txt",
        "nudges/email/notification.html",
        "nudges/email/notification.txt",
    ],
)
def test_error_page_and_emails_are_fully_translated(
    pseudo_locale: None, name: str, content: tuple[set[str], str]
) -> None:
    html = loader.get_template(name).render(EMAIL_CONTEXT)
    if name.endswith(".txt"):  # each line on its own, as a mail reader shows it
        html = "".join(f"<p>{escape(line)}</p>" for line in html.splitlines())
    # The event's title and detail are translated where the event is defined.
    data = {str(value) for value in EMAIL_CONTEXT.values()} | {f"{SITE}/"}
    problems = _untranslated(html, data=data, content=content)
    assert not problems, _report({name: problems})
