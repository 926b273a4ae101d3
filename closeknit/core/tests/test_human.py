"""Things written the way a person reads them: devices, countries and dates, one way
everywhere, from the person's language and the region their browser asks for."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from closeknit.lib import countries, when
from closeknit.lib.devices import device_label
from closeknit.safety.models import SafetyCheck
from closeknit.safety.resources import countries as resource_countries

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("ua", "label"),
    [(FIREFOX_ANDROID, "Firefox on Android"), (SAFARI_IPHONE, "Safari on iPhone")],
)
def test_device_names_read_like_a_person_would_say_them(ua, label):
    assert device_label(ua) == label
    assert Template("{% load human %}{{ ua|device }}").render(Context({"ua": ua})) == label


def test_the_security_page_lists_devices_by_name_not_raw_strings(web, owner):
    from conftest import PASSWORD

    client = web(None)
    client.post(
        "/accounts/login/",
        {"login": owner.email, "password": PASSWORD},
        headers={"User-Agent": FIREFOX_ANDROID},
    )
    page = client.get("/settings/security/", headers={"User-Agent": FIREFOX_ANDROID})
    body = page.content.decode()
    assert "Firefox on Android" in body
    assert "Gecko/128.0" not in body


def test_the_safety_check_names_countries_and_keeps_codes_as_values(web, owner):
    codes = resource_countries()
    assert codes, "the shipped resources name some countries"
    page = web(owner).get("/safety/check/").content.decode()
    for code in codes:
        assert f'value="{code}"' in page
        assert f">{countries.name(code)}</option>" in page
        assert countries.name(code) != code
    web(owner).post(
        "/safety/check/",
        {"afraid": "no", "hurt": "no", "pressured": "no", "watched": "no", "careful": "no",
         "country": codes[0]},
    )  # fmt: skip
    assert SafetyCheck.objects.get(user=owner).country == codes[0]


def test_country_names_follow_the_language():
    from django.utils import translation

    with translation.override("de"):
        assert countries.name("DE") == "Deutschland"
    assert countries.name("DE") == "Germany"
    assert countries.name("") == ""


@pytest.mark.parametrize(
    ("accept", "day", "moment"),
    [
        ("en-GB,en;q=0.8", "5 Mar 2026", "Thu, 5 Mar 2026, 15:00"),
        ("en-US,en;q=0.8", "Mar 5, 2026", "Thu, Mar 5, 2026, 3:00\u202fPM"),
        ("en", "Mar 5, 2026", "Thu, Mar 5, 2026, 3:00\u202fPM"),
    ],
)
def test_dates_are_written_from_the_language_and_region(accept, day, moment):
    token = when._region.set(when.region_from(accept))
    try:
        timezone.activate(UTC)
        assert when.day(date(2026, 3, 5)) == day
        assert when.moment(datetime(2026, 3, 5, 15, 0, tzinfo=UTC)) == moment
    finally:
        timezone.deactivate()
        when._region.reset(token)


def test_pages_write_dates_the_browsers_way(web, owner):
    from closeknit.accounts.services import token_create

    token_create(user=owner, name="laptop")
    client = web(owner)
    gb = client.get("/settings/tokens/", headers={"Accept-Language": "en-GB"}).content.decode()
    us = client.get("/settings/tokens/", headers={"Accept-Language": "en-US"}).content.decode()
    today = datetime.now(UTC)
    assert when_gb(today) in gb and when_us(today) in us


def when_gb(value):
    return f"{value.day} {value:%b} {value.year}"


def when_us(value):
    return f"{value:%b} {value.day}, {value.year}"
