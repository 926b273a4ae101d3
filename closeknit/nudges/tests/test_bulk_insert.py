"""closeknit.lib.bulk on a real table: every way a column can reach the database (one
value for all rows, a few distinct values sent once with a number per row, whole numbers
as one string, anything else as a list) must store exactly what was given, however
awkward the text."""

from datetime import UTC, datetime

from django.db import connection

from closeknit.accounts.models import User
from closeknit.lib.bulk import among, insert_ignoring_conflicts
from closeknit.nudges.models import Notification
from closeknit.nudges.services import NOTIFICATION_FIELDS

# What an array literal must quote or escape: separators, quotes, braces, backslashes,
# white space, the word NULL, the empty string, non-ASCII text.
AWKWARD = ["a,b", 'say "hi"', "{braces}", "back\\slash", " spaced ", "NULL", "", "ünï ✓"]


def _now() -> object:
    return Notification._meta.get_field("created_at").get_db_prep_save(
        datetime.now(UTC), connection
    )


def test_every_column_shape_round_trips(make_person):
    people = [make_person() for _ in range(5)]
    now = _now()
    rows = [
        (
            people[i % len(people)].pk,  # 5 distinct among 40: sent once, then numbered
            "weekly_plan",  # one value for every row
            f"/u/{AWKWARD[i % len(AWKWARD)]}/{i}",  # all different: a list
            AWKWARD[i % 3],  # 3 distinct: numbered
            f"key:{i}",  # all different
            now,
            i % 2 == 0,  # two distinct booleans
        )
        for i in range(40)
    ]
    assert insert_ignoring_conflicts(Notification, NOTIFICATION_FIELDS, rows) == 40
    stored = {
        n.dedupe_key: (n.user_id, n.event, n.url, n.detail, n.in_app)
        for n in Notification.objects.all()
    }
    assert stored == {key: (u, e, url, d, app) for u, e, url, d, key, _c, app in rows}


def test_distinct_whole_numbers_and_awkward_text_lists(make_person):
    people = [make_person() for _ in range(8)]
    now = _now()
    # Every user id different (whole numbers as one string), every text different.
    rows = [
        (p.pk, "checkin_due", f"/{i}", f"{AWKWARD[i]}{i}", AWKWARD[i] + str(i), now, True)
        for i, p in enumerate(people)
    ]
    assert insert_ignoring_conflicts(Notification, NOTIFICATION_FIELDS, rows) == 8
    got = set(Notification.objects.values_list("user_id", "detail", "dedupe_key"))
    assert got == {(u, d, k) for u, _e, _url, d, k, _c, _a in rows}


def test_one_row_and_identical_rows(make_person):
    person = make_person()
    row = (person.pk, "weekly_plan", "/", "NULL", "only", _now(), False)
    assert insert_ignoring_conflicts(Notification, NOTIFICATION_FIELDS, [row]) == 1
    # The same row twice: nothing varies and the unique constraint skips both.
    assert insert_ignoring_conflicts(Notification, NOTIFICATION_FIELDS, [row, row]) == 0
    stored = Notification.objects.get()
    assert (stored.detail, stored.in_app) == ("NULL", False)


def test_among_finds_exactly_the_given_ids(make_person):
    people = [make_person() for _ in range(4)]
    wanted = [people[0].pk, people[2].pk]
    assert set(User.objects.filter(among("id", wanted)).values_list("pk", flat=True)) == set(wanted)
    assert not User.objects.filter(among("id", [])).exists()
