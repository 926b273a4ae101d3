"""Two partners in two browsers: a listening turn taken apart (each page follows the
other's moves by itself: app.js asks /live/), and a date planned on the web and taken to a calendar
as an .ics file."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from playwright.sync_api import expect

from closeknit.conversations.models import ListeningSession, Mode, Step, Turn, TurnKind
from closeknit.dates.models import PlannedDate
from conftest import pair_up
from tests.browser.conftest import LIVE_WAIT, PHONE, quick_live

PASSWORD = "a-long-enough-pass-phrase"
POLL_WAIT = LIVE_WAIT  # ms: each page follows the other's moves by itself


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Hello", exact=False).wait_for()


def test_listening_turn_apart(live_server, chromium, shoot, make_person):
    robin, kai = make_person("Robin"), make_person("Kai")
    pair_up(robin, kai)
    base = live_server.url
    robin_ctx = quick_live(chromium.new_context(viewport=PHONE))
    kai_ctx = quick_live(chromium.new_context(viewport=PHONE))
    robin_page, kai_page = robin_ctx.new_page(), kai_ctx.new_page()
    log_in(robin_page, base, robin.email)
    log_in(kai_page, base, kai.email)

    robin_page.goto(base + "/communication/")
    robin_page.get_by_label("Apart, each on our own device").check()
    robin_page.get_by_role("group", name="Who speaks first?").get_by_label("Me").check()
    robin_page.get_by_role("button", name="Start listening turns").click()
    robin_page.get_by_text("Your turn to speak.").wait_for()
    session = ListeningSession.objects.get()
    assert session.mode == Mode.APART
    assert (session.speaker, session.listener) == (robin, kai)
    assert "/safety/check/" not in robin_page.url
    shoot(robin_page, "phone-30-listening-speaker")

    kai_page.goto(base + "/communication/")
    kai_page.get_by_role("link", name="Apart · round 1", exact=False).click()
    kai_page.get_by_text("Waiting for Robin to speak.").wait_for()
    expect(kai_page.get_by_role("button", name="Pass the turn to Robin")).to_have_count(0)
    shoot(kai_page, "phone-31-listening-waiting")

    robin_page.get_by_label("I feel…").fill("left out")
    robin_page.get_by_label("when…").fill("plans change without a word")
    robin_page.get_by_label("and I need…").fill("a quick heads-up")
    robin_page.get_by_role("button", name="Pass the turn to Kai").click()
    robin_page.get_by_text("Kai is putting what they heard into words.").wait_for()

    # Kai's page picks up Robin's words by polling, with no reload.
    sentence = "I feel left out when plans change without a word and I need a quick heads-up."
    kai_page.get_by_text(sentence).wait_for(timeout=POLL_WAIT)
    kai_page.get_by_text("Your turn to say back what you heard.").wait_for()
    shoot(kai_page, "phone-32-listening-reflect")
    reflection = "You felt left out when plans changed, and you'd like a heads-up next time."
    kai_page.get_by_label("What I'm hearing is…").fill(reflection)
    kai_page.get_by_role("button", name="Check it with Robin").click()
    kai_page.get_by_text("Robin is checking whether that captured it.").wait_for()

    robin_page.get_by_text(reflection).wait_for(timeout=POLL_WAIT)
    robin_page.get_by_text("Your turn: did that capture it?").wait_for()
    shoot(robin_page, "phone-33-listening-confirm")
    robin_page.get_by_role("button", name="Yes, that's it").click()
    # The roles swap: now Kai speaks and Robin listens.
    robin_page.get_by_text("Waiting for Kai to speak.").wait_for()
    expect(robin_page.locator(".turn-confirmed")).to_contain_text("Yes, that's it.")

    kai_page.get_by_text("Your turn to speak.").wait_for(timeout=POLL_WAIT)
    expect(kai_page.get_by_role("heading", name="Apart · Round 2")).to_be_visible()
    expect(kai_page.locator(".turn-confirmed")).to_contain_text("Yes, that's it.")
    expect(kai_page.get_by_role("button", name="Pass the turn to Robin")).to_be_visible()
    shoot(kai_page, "phone-34-listening-swapped")

    session.refresh_from_db()
    assert session.round == 2
    assert session.step == Step.SPEAK
    assert (session.speaker, session.listener) == (kai, robin)
    turns = list(Turn.objects.filter(session=session).order_by("pk"))
    assert [(t.kind, t.user_id) for t in turns] == [
        (TurnKind.STATEMENT, robin.pk),
        (TurnKind.REFLECTION, kai.pk),
        (TurnKind.CONFIRMED, robin.pk),
    ]
    assert turns[1].text == reflection
    robin_ctx.close()
    kai_ctx.close()


def test_plan_a_date_and_download_its_ics(live_server, chromium, shoot, make_person):
    robin = make_person("Robin", tz="Europe/Berlin")
    kai = make_person("Kai", tz="America/New_York")
    pair_up(robin, kai)
    base = live_server.url
    robin_ctx = chromium.new_context(viewport=PHONE, accept_downloads=True)
    kai_ctx = chromium.new_context(viewport=PHONE)
    robin_page, kai_page = robin_ctx.new_page(), kai_ctx.new_page()
    log_in(robin_page, base, robin.email)
    log_in(kai_page, base, kai.email)

    berlin = ZoneInfo("Europe/Berlin")
    day = datetime.now(berlin).date() + timedelta(days=10)
    starts_at = datetime.combine(day, time(19, 30), tzinfo=berlin)

    robin_page.goto(base + "/quality-time/dates/")
    robin_page.get_by_role("link", name="Plan a date").click()
    robin_page.get_by_role("heading", name="Plan a date").wait_for()
    robin_page.get_by_label("What are you doing?").fill("Picnic by the river")
    robin_page.get_by_label("Day").fill(day.isoformat())
    robin_page.get_by_label("Time").fill("19:30")
    robin_page.get_by_label("How long (minutes)").fill("90")
    robin_page.get_by_label("Where").fill("Riverside park")
    robin_page.get_by_label("Note").fill("Bring the blue blanket.")
    shoot(robin_page, "phone-40-date-form")
    robin_page.get_by_role("button", name="Put it on the calendar").click()
    robin_page.get_by_text("It's on the calendar for both of you.").wait_for()
    expect(robin_page.get_by_role("heading", name="Picnic by the river")).to_be_visible()
    expect(robin_page.locator(".date-when")).to_contain_text(_when(starts_at, "Europe/Berlin"))
    shoot(robin_page, "phone-41-date-planned")

    planned = PlannedDate.objects.get()
    assert planned.title == "Picnic by the river"
    assert planned.starts_at == starts_at
    assert planned.minutes == 90
    assert planned.couple is not None

    with robin_page.expect_download() as info:
        robin_page.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"date-{day.isoformat()}.ics"
    event = _only_event(download.path().read_bytes())
    assert str(event["summary"]) == "Picnic by the river"
    assert event.decoded("dtstart") == starts_at
    assert event.decoded("dtstart").tzinfo is not None
    assert event.decoded("dtend") == starts_at + timedelta(minutes=90)
    assert str(event["location"]) == "Riverside park"
    assert "Bring the blue blanket." in str(event["description"])

    # Kai sees it in his own time zone, and his download carries the same moment.
    kai_page.goto(base + "/quality-time/dates/")
    kai_page.get_by_role("link", name="Picnic by the river").click()
    expect(kai_page.locator(".date-when")).to_contain_text(_when(starts_at, "America/New_York"))
    shoot(kai_page, "phone-42-date-partner")
    href = kai_page.get_by_role("link", name="Add to my calendar (.ics)").get_attribute("href")
    response = kai_page.request.get(base + href)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    kai_event = _only_event(response.body())
    assert str(kai_event["summary"]) == "Picnic by the river"
    assert kai_event.decoded("dtstart").astimezone(UTC) == starts_at.astimezone(UTC)
    assert str(kai_event["uid"]) == str(event["uid"])
    robin_ctx.close()
    kai_ctx.close()


def _when(moment: datetime, tz: str) -> str:
    """How the date page writes a time for a browser asking for en-US (Chromium's
    default): 'Fri, Mar 7, 2031, 7:30 PM' in the reader's zone (closeknit.lib.when)."""
    local = moment.astimezone(ZoneInfo(tz))
    hour = local.hour % 12 or 12
    noon = "AM" if local.hour < 12 else "PM"
    return f"{local:%a}, {local:%b} {local.day}, {local.year}, {hour}:{local:%M}\u202f{noon}"


def _only_event(body: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(body)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    return events[0]
