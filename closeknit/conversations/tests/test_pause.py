"""'Pause and come back': one return time for both, shown in each person's time zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from closeknit.activity.models import ActivityRecord
from closeknit.conversations import services
from closeknit.conversations.models import Pause
from closeknit.lib.errors import Invalid

BERLIN = ZoneInfo("Europe/Berlin")
# 14:00 in Berlin (owner's zone) on a summer day.
NOON_ISH = datetime(2030, 6, 3, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("20min", datetime(2030, 6, 3, 12, 20, tzinfo=UTC)),
        ("1h", datetime(2030, 6, 3, 13, 0, tzinfo=UTC)),
        ("evening", datetime(2030, 6, 3, 19, 0, tzinfo=BERLIN)),
        ("tomorrow", datetime(2030, 6, 4, 12, 0, tzinfo=UTC)),
    ],
)
def test_each_choice_sets_the_return_time_in_the_setters_zone(
    owner, partner, couple, choice, expected
):
    pause = services.pause_set(user=owner, choice=choice, now=NOON_ISH)
    assert pause.return_at == expected
    assert Pause.objects.get(couple=couple).return_at == expected


def test_custom_times_are_read_in_the_persons_zone_and_checked(owner, partner, couple):
    at = services.parse_local_time("2030-06-03T18:30", user=partner)  # New York
    pause = services.pause_set(user=partner, choice="custom", at=at, now=NOON_ISH)
    assert pause.return_at == datetime(2030, 6, 3, 22, 30, tzinfo=UTC)
    for raw, code in (
        ("2030-06-03T08:02", "time_too_soon"),  # two minutes from now in New York
        ("2030-06-20T10:00", "time_too_far"),
        ("next tuesday", "invalid_time"),
    ):
        with pytest.raises(Invalid) as err:
            parsed = services.parse_local_time(raw, user=partner)
            services.pause_set(user=partner, choice="custom", at=parsed, now=NOON_ISH)
        assert err.value.code == code
    with pytest.raises(Invalid) as err:
        services.pause_set(user=owner, choice="custom", at=None, now=NOON_ISH)
    assert err.value.code == "time_required"
    assert Pause.objects.get().return_at == datetime(2030, 6, 3, 22, 30, tzinfo=UTC)


def test_this_evening_is_refused_once_the_evening_has_come(owner, partner, couple):
    late = datetime(2030, 6, 3, 17, 0, tzinfo=UTC)  # 19:00 in Berlin
    with pytest.raises(Invalid) as err:
        services.pause_set(user=owner, choice="evening", now=late)
    assert err.value.code == "evening_passed"
    assert not Pause.objects.exists()


def test_both_see_the_pause_in_their_own_zone_and_either_clears_it(web, owner, partner, couple):
    services.pause_set(
        user=owner, choice="custom", at=timezone.now().astimezone(BERLIN) + timedelta(hours=2)
    )
    return_at = Pause.objects.get().return_at
    robin_page = web(owner).get("/communication/").content.decode()
    kai_page = web(partner).get("/communication/").content.decode()
    berlin = return_at.astimezone(BERLIN).strftime("%H:%M")
    new_york = return_at.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M")
    assert berlin in robin_page and "(Europe/Berlin)" in robin_page
    assert new_york in kai_page and "(America/New_York)" in kai_page
    assert "You set this pause." in robin_page and "Robin set this pause." in kai_page

    cleared = web(partner).post("/communication/pause/clear/", headers={"HX-Request": "true"})
    assert cleared.status_code == 200 and "<html" not in cleared.content.decode()
    assert 'value="20min"' in cleared.content.decode()  # the choices are back
    assert not Pause.objects.exists()


def test_setting_the_pause_on_the_web_with_htmx_and_bad_input(web, owner, partner, couple):
    client = web(owner)
    done = client.post("/communication/pause/", {"choice": "1h"}, headers={"HX-Request": "true"})
    assert done.status_code == 200 and "Paused until" in done.content.decode()
    assert ActivityRecord.objects.filter(kind="pause_set", practice="communication").count() == 1
    Pause.objects.all().delete()

    bad = client.post(
        "/communication/pause/",
        {"choice": "custom", "at": "2000-01-01T10:00"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 400
    assert 'role="alert"' in bad.content.decode()
    assert 'value="2000-01-01T10:00"' in bad.content.decode()
    plain = client.post("/communication/pause/", {"choice": "someday"})
    assert plain.status_code == 400 and "<html" in plain.content.decode()
    assert not Pause.objects.exists()
    assert client.post("/communication/pause/", {"choice": "20min"}).status_code == 302


def test_the_pause_over_the_api(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    assert robin.get("/communication/pause").json()["paused"] is False
    at = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    put = robin.call("PUT", "/communication/pause", {"choice": "custom", "at": at.isoformat()})
    assert put.status_code == 200 and put.json()["paused"] is True
    seen = kai.get("/communication/pause").json()
    assert seen["set_by_me"] is False and seen["time_zone"] == "America/New_York"
    local = at.astimezone(ZoneInfo("America/New_York")).isoformat(timespec="minutes")
    assert seen["return_at_local"] == local
    assert kai.get("/communication").json()["pause"]["paused"] is True

    for body in ({"choice": "never"}, {"choice": "custom"}, {"choice": "1h", "x": 1}, {}):
        response = robin.call("PUT", "/communication/pause", body)
        assert 400 <= response.status_code < 500, body
    assert Pause.objects.get().return_at == at
    assert kai.delete("/communication/pause").json()["paused"] is False
    assert not Pause.objects.exists()


def test_a_pause_needs_a_partner(api, owner):
    response = api(owner).call("PUT", "/communication/pause", {"choice": "20min"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_partner"
    assert not Pause.objects.exists()


def test_a_due_pause_invites_coming_back_then_fades(web, owner, partner, couple):
    pause = services.pause_set(user=owner, choice="20min")
    Pause.objects.filter(pk=pause.pk).update(return_at=timezone.now() - timedelta(minutes=5))
    assert "time to come back to it" in web(partner).get("/communication/").content.decode()
    Pause.objects.filter(pk=pause.pk).update(return_at=timezone.now() - timedelta(days=1))
    assert "time to come back to it" not in web(partner).get("/communication/").content.decode()
