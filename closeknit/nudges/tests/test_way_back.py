"""A way back in (closeknit.nudges.wayback): offered only when the partner is quiet and the
person is not, at most one a week, private to the person who receives it, and never a
word anywhere about when anyone was last here."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.accounts.opened import local_today
from closeknit.lib.errors import Conflict, Gone, Invalid
from closeknit.nudges import wayback
from closeknit.nudges.models import EmailDelivery, Notification, WayBack
from closeknit.nudges.services import preferences_update
from closeknit.prompts.models import Depth, Prompt
from closeknit.trust.models import JournalEntry

pytestmark = pytest.mark.django_db

LONG_AGO = 30  # days: well past CLOSEKNIT_QUIET_DAYS


def _quiet(person: User, days: int = LONG_AGO) -> User:
    when = local_today(tz=person.timezone) - timedelta(days=days)
    User.objects.filter(pk=person.pk).update(last_opened_on=when)
    person.refresh_from_db()
    return person


def _link(partner: User) -> str:
    return Notification.objects.get(user=partner, event="way_back").url


def _plain(html: bytes) -> str:
    """The page without what differs on every render (CSRF tokens, CSP nonces, the
    person's own view version, which counts their own requests)."""
    text = html.decode()
    text = re.sub(r'data-v="[^"]+"', "", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


# --- The quiet rule ------------------------------------------------------------------


def test_it_is_offered_when_the_partner_is_quiet_and_the_person_is_not(owner, partner, couple):
    offer = wayback.offer_for(user=owner, partner=_quiet(partner))
    assert offer is not None and offer.partner == partner and not offer.sent


def test_it_is_not_offered_when_both_are_active(owner, partner, couple):
    assert wayback.offer_for(user=owner, partner=partner) is None


def test_it_is_not_offered_when_both_are_quiet(owner, partner, couple):
    assert wayback.offer_for(user=_quiet(owner), partner=_quiet(partner)) is None
    with pytest.raises(Conflict):
        wayback.way_back_send(user=owner)


def test_it_is_not_offered_alone(owner):
    assert wayback.offer_for(user=owner, partner=None) is None
    with pytest.raises(Conflict) as refused:
        wayback.way_back_send(user=owner)
    assert refused.value.code == "no_partner"


def test_a_day_short_of_the_quiet_while_is_not_quiet(owner, partner, couple, settings):
    settings.CLOSEKNIT_QUIET_DAYS = 7
    assert not wayback.is_quiet(person=_quiet(partner, days=6))
    assert wayback.is_quiet(person=_quiet(partner, days=7))
    settings.CLOSEKNIT_QUIET_DAYS = 10
    assert not wayback.is_quiet(person=partner)


def test_an_unknown_day_is_never_quiet(owner, partner, couple):
    User.objects.filter(pk=partner.pk).update(last_opened_on=None)
    partner.refresh_from_db()
    assert wayback.offer_for(user=owner, partner=partner) is None


def test_home_shows_the_card_only_for_a_quiet_partner(web, owner, partner, couple):
    client = web(owner)
    assert b"Send a way back in" not in client.get("/").content
    _quiet(partner)
    page = client.get("/").content
    assert b'id="way-back"' in page and b"Send a way back in" in page
    assert b"/trust/journal/" in page  # things that work alone


# --- One a week --------------------------------------------------------------------


def test_it_tells_the_partner_once_and_a_second_send_is_refused(owner, partner, couple):
    _quiet(partner)
    wayback.way_back_send(user=owner)
    note = Notification.objects.get(user=partner, event="way_back")
    assert note.url.startswith("/back/")
    with pytest.raises(Conflict) as refused:
        wayback.way_back_send(user=owner)
    assert refused.value.code == "already_sent"
    assert "already sent" in refused.value.message
    assert WayBack.objects.count() == 1
    assert Notification.objects.filter(user=partner, event="way_back").count() == 1


def test_a_second_week_allows_one_more(owner, partner, couple):
    _quiet(partner)
    wayback.way_back_send(user=owner)
    later = timezone.now() + timedelta(days=7, minutes=1)
    # Still here a week on, and the partner still quiet.
    User.objects.filter(pk=owner.pk).update(last_opened_on=local_today(tz="UTC", now=later))
    owner.refresh_from_db()
    wayback.way_back_send(user=owner, now=later)
    assert Notification.objects.filter(user=partner, event="way_back").count() == 2


def test_after_sending_the_card_says_so_and_the_button_is_gone(web, owner, partner, couple):
    _quiet(partner)
    client = web(owner)
    response = client.post("/notifications/way-back/", follow=True)
    assert b"Sent." in response.content
    page = client.get("/").content
    assert b'id="way-back"' in page
    assert b"Send a way back in" not in page
    again = client.post("/notifications/way-back/", follow=True)
    assert b"already sent a way back in" in again.content


def test_turned_off_nothing_reaches_the_partner_and_the_sender_cannot_tell(
    web, api, owner, partner, couple
):
    _quiet(partner)

    def send_and_look() -> tuple[str, str, Any]:
        client = web(owner)
        client.get("/")  # the CSRF cookie
        sent = _plain(client.post("/notifications/way-back/", follow=True).content)
        home = _plain(client.get("/").content)
        return sent, home, api(owner).get("/way-back").json()

    told = send_and_look()
    assert Notification.objects.filter(user=partner, event="way_back").count() == 1
    WayBack.objects.all().delete()
    Notification.objects.filter(user=partner).delete()

    preferences_update(
        user=partner, channels={"way_back": {"app": False, "email": False, "push": False}}
    )
    untold = send_and_look()
    assert not Notification.objects.filter(user=partner, event="way_back").exists()
    assert untold == told


def test_the_email_says_nothing_of_it_by_default(owner, partner, couple):
    from closeknit.nudges.delivery import render_email

    _quiet(partner)
    wayback.way_back_send(user=owner)
    delivery = EmailDelivery.objects.get(notification__user=partner)
    message = render_email(delivery.notification)
    assert "/back/" not in message.body
    assert "You have something new" in message.subject


# --- The link ------------------------------------------------------------------------


def test_the_link_works_signed_out_with_the_same_light_question(
    web, library, owner, partner, couple
):
    _quiet(partner)
    wayback.way_back_send(user=owner)
    anyone = web(None)
    first = anyone.get(_link(partner))
    assert first.status_code == 200
    shown = re.search(r'<p class="question-text">(.*?)</p>', first.content.decode(), re.S)
    assert shown is not None
    assert anyone.get(_link(partner)).content.decode().count(shown.group(1)) == 1
    prompt = Prompt.objects.get(text=shown.group(1).replace("&#x27;", "'"))
    assert prompt.depth == Depth.LIGHT and prompt.practice != "intimacy"
    # Nobody's name on a page anyone holding the link can open.
    assert owner.display_name not in first.content.decode()


def test_saving_signed_out_asks_to_sign_in_and_keeps_the_words(web, owner, partner, couple):
    _quiet(partner)
    wayback.way_back_send(user=owner)
    link = _link(partner)
    client = web(None)
    client.get(link)
    response = client.post(link, {"text": "Pancakes on Sunday"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=" in response["Location"]
    assert not JournalEntry.objects.exists()

    client.force_login(partner, backend="django.contrib.auth.backends.ModelBackend")
    again = client.get(link)
    assert b"Pancakes on Sunday" in again.content  # ready to save with one tap
    saved = client.post(link, {"text": "Pancakes on Sunday"})
    assert saved.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.user == partner and entry.shared_with is None
    assert "Pancakes on Sunday" in entry.text


def test_saving_signed_in_keeps_it_for_that_person_only(web, owner, partner, couple):
    _quiet(partner)
    wayback.way_back_send(user=owner)
    response = web(partner).post(_link(partner), {"text": "A walk by the river"})
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.user == partner
    assert response["Location"] == f"/trust/journal/{entry.pk}/"
    # Nothing reaches the sender: no notification, no item, no journal of theirs.
    assert not Notification.objects.filter(user=owner).exists()
    assert not JournalEntry.objects.filter(user=owner).exists()


def test_an_empty_answer_is_asked_for_kindly(web, owner, partner, couple):
    _quiet(partner)
    wayback.way_back_send(user=owner)
    response = web(partner).post(_link(partner), {"text": "   "})
    assert response.status_code == 400
    assert b"Write a few words first" in response.content
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("who", ["owner", "outsider"])
def test_someone_else_signed_in_finds_nothing(web, owner, partner, couple, outsider, who):
    _quiet(partner)
    wayback.way_back_send(user=owner)
    stranger = {"owner": owner, "outsider": outsider}[who]
    client = web(stranger)
    assert client.get(_link(partner)).status_code == 404
    response = client.post(_link(partner), {"text": "not mine"})
    assert response.status_code == 404
    assert b"not mine" not in response.content
    assert not JournalEntry.objects.exists()
    with pytest.raises(Exception, match="nothing here"):
        wayback.way_back_save(user=stranger, token=_link(partner).split("/")[2], text="x")


def test_a_bad_or_expired_link_is_a_calm_page(web, owner, partner, couple, monkeypatch):
    _quiet(partner)
    wayback.way_back_send(user=owner)
    link = _link(partner)
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    for client in (web(None), web(partner)):
        assert client.get("/back/not-a-link/").status_code == 400
        assert client.get(tampered).status_code == 400
        assert client.post(tampered, {"text": "words"}).status_code == 400
    monkeypatch.setattr(wayback, "TOKEN_MAX_AGE", -1)
    expired = web(partner).post(link, {"text": "words"})
    assert expired.status_code == 410
    assert b"had its time" in expired.content
    assert not JournalEntry.objects.exists()
    with pytest.raises(Gone):
        wayback.invitation_read(link.split("/")[2])
    with pytest.raises(Invalid):
        wayback.invitation_read("garbage")


# --- The API -------------------------------------------------------------------------


def test_the_api_offers_and_sends_once(api, owner, partner, couple):
    robin = api(owner)
    assert robin.get("/way-back").json() == {"offered": False, "sent": False}
    assert robin.post("/way-back").status_code == 409
    _quiet(partner)
    assert robin.get("/way-back").json() == {"offered": True, "sent": False}
    assert robin.post("/way-back").status_code == 200
    assert robin.get("/way-back").json() == {"offered": True, "sent": True}
    again = robin.post("/way-back")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_sent"


def test_an_outsider_can_send_nothing_to_someone_elses_partner(
    api, owner, partner, couple, outsider
):
    _quiet(partner)
    response = api(outsider).post("/way-back")
    assert response.status_code == 409  # their own partner is not quiet
    assert not Notification.objects.filter(user=partner, event="way_back").exists()
    assert api(None).post("/way-back").status_code == 401


# --- Nothing shows when anyone was last here -----------------------------------------


def test_no_page_or_answer_shows_when_the_partner_was_last_here(web, api, owner, partner, couple):
    _quiet(partner)
    day = partner.last_opened_on
    assert day is not None
    spellings = {day.isoformat(), day.strftime("%b. %-d"), day.strftime("%B %-d"), str(LONG_AGO)}
    client = web(owner)
    home = client.get("/").content.decode()
    assert 'id="way-back"' in home
    section = home.split('id="way-back"')[1].split("</section>")[0]
    for words in ("days", "last seen", "since", "ago", "missed"):
        assert words not in section.lower().replace("nothing about what they missed", "")
    robin = api(owner)
    for text in (
        home,
        robin.get("/way-back").content.decode(),
        robin.get("/couple").content.decode(),
        robin.get("/me").content.decode(),
        api(partner).get("/me").content.decode(),
    ):
        for spelled in spellings - {str(LONG_AGO)}:
            assert spelled not in text
        assert "last_opened" not in text
    assert f"{LONG_AGO} days" not in home


def test_the_persons_own_export_holds_their_day(owner):
    from closeknit.accounts.lifecycle import export_user_data

    assert export_user_data(user=owner)["last_opened_on"] == owner.last_opened_on.isoformat()


# --- The day someone opened Closeknit: at most one write a day ----------------------


def _writes_of_the_day(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(1 for q in queries if "last_opened_on" in q["sql"] and "UPDATE" in q["sql"])


def test_opening_closeknit_notes_the_day_once(web, owner, partner, couple):
    _quiet(owner)
    client = web(owner)
    assert _writes_of_the_day(client, "/settings/") == 1
    owner.refresh_from_db()
    assert owner.last_opened_on == local_today(tz=owner.timezone)
    assert _writes_of_the_day(client, "/settings/") == 0
    assert _writes_of_the_day(client, "/") == 0


def test_a_second_visit_of_the_day_costs_what_it_did(web, owner, partner, couple):
    _quiet(owner)
    client = web(owner)
    client.get("/settings/")
    with CaptureQueriesContext(connection) as second:
        client.get("/settings/")
    with CaptureQueriesContext(connection) as third:
        client.get("/settings/")
    assert len(second) == len(third)


def test_an_app_with_a_token_notes_the_day_too(api, owner):
    _quiet(owner)
    robin = api(owner)
    robin.get("/me")
    owner.refresh_from_db()
    assert owner.last_opened_on == local_today(tz=owner.timezone)


def test_sends_are_in_the_senders_export_and_end_with_the_space(owner, partner, couple):
    from closeknit.accounts.services import account_export
    from closeknit.couples.services import couple_leave
    from closeknit.nudges.models import WayBack

    WayBack.objects.create(couple=couple, sender=owner, recipient=partner)
    assert len(account_export(user=owner)["nudges"]["ways_back_sent"]) == 1
    assert account_export(user=partner)["nudges"]["ways_back_sent"] == []
    couple_leave(user=partner, entries_stay=True)
    assert not WayBack.objects.exists()
