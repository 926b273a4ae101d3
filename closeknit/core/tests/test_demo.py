"""`closeknit demo` fills every practice through the apps' own services, so insights and
each toolkit have something to show; a second run fills nothing twice."""

import time

import pytest
from django.core.management import call_command
from django.test import Client

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.activity.models import ActivityRecord
from closeknit.checkins.models import Checkin, CheckinPeriod


@pytest.mark.django_db
def test_demo_fills_every_practice_once(capsys):
    started = time.monotonic()
    call_command("demo")
    took = time.monotonic() - started
    out = capsys.readouterr().out
    assert "Filled in:" in out and "fortnights of check-ins" in out
    alex = User.objects.get(email="alex@demo.closeknit.test")
    # Every practice has activity from real use (the filler "demo" records aside).
    lived = set(ActivityRecord.objects.exclude(kind="demo").values_list("practice", flat=True))
    assert lived >= set(practices.KEYS), set(practices.KEYS) - lived
    assert CheckinPeriod.objects.filter(revealed_at__isnull=False).count() >= 8
    assert Checkin.objects.count() >= 16
    # Insights have lines to draw and no "hasn't come up in four weeks" guesswork.
    client = Client()
    client.force_login(alex, backend="django.contrib.auth.backends.ModelBackend")
    trends = client.get("/insights/trends/").content.decode()
    assert trends.count("<polyline") >= 9 and "Lines start with your second" not in trends
    shows = {
        "/goals/": "A week by the sea next summer",
        "/quality-time/": "Picnic in the park",
        "/communication/": "Who does the dishes",
        "/intimacy/affection/": "Any time, really.",
    }
    for url, words in shows.items():
        page = client.get(url)
        assert page.status_code == 200 and words in page.content.decode(), url
    # Run again: nothing doubles, and it says so.
    counts = (Checkin.objects.count(), ActivityRecord.objects.count())
    call_command("demo")
    assert "already filled in" in capsys.readouterr().out
    assert (Checkin.objects.count(), ActivityRecord.objects.count()) == counts
    assert took < 60  # seconds, on a loaded two-core machine; it takes about two
