"""The replica router: marked reads go to "replica" when there is one; everything else,
and every write, goes to "default"."""

import threading
from collections.abc import Iterator

import pytest
from django.db import connections, transaction
from django.db.utils import load_backend
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from closeknit.accounts.models import User
from closeknit.activity.models import ActivityRecord
from closeknit.lib.dbrouter import HINT, REPLICA, ReplicaRouter, on_replica, replica_reads

ROUTERS = ["closeknit.lib.dbrouter.ReplicaRouter"]  # as settings.py lists it


def with_replica() -> ReplicaRouter:
    return ReplicaRouter(aliases=lambda: {"default", REPLICA})


def without_replica() -> ReplicaRouter:
    return ReplicaRouter(aliases=lambda: {"default"})


# --- The router on its own ----------------------------------------------------------


def test_it_reads_from_default_unless_reads_are_marked():
    assert with_replica().db_for_read(User) == "default"


def test_it_sends_reads_inside_replica_reads_to_the_replica():
    router = with_replica()
    with replica_reads():
        assert router.db_for_read(User) == REPLICA
    assert router.db_for_read(User) == "default"


def test_it_sends_reads_of_a_hinted_queryset_to_the_replica():
    assert with_replica().db_for_read(User, **{HINT: True}) == REPLICA


def test_it_reads_from_default_when_no_replica_is_configured():
    router = without_replica()
    with replica_reads():
        assert router.db_for_read(User) == "default"
    assert router.db_for_read(User, **{HINT: True}) == "default"


def test_it_never_writes_to_the_replica():
    router = with_replica()
    read_from_replica = User(email="r@example.test")
    read_from_replica._state.db = REPLICA
    with replica_reads():
        assert router.db_for_write(User) == "default"
        assert router.db_for_write(User, instance=read_from_replica) == "default"
        assert router.db_for_write(User, **{HINT: True}) == "default"


def test_it_never_migrates_the_replica():
    router = with_replica()
    assert router.allow_migrate(REPLICA, "accounts") is False
    assert router.allow_migrate("default", "accounts") is None


def test_objects_from_the_replica_and_default_may_relate():
    router = with_replica()
    person, record = User(), ActivityRecord()
    person._state.db, record._state.db = REPLICA, "default"
    assert router.allow_relation(person, record) is True
    record._state.db = "elsewhere"
    assert router.allow_relation(person, record) is None


def test_the_marking_ends_with_the_block_even_after_an_error():
    router = with_replica()
    with pytest.raises(RuntimeError), replica_reads():
        raise RuntimeError("boom")
    assert router.db_for_read(User) == "default"


def test_the_marking_does_not_leak_into_other_threads():
    router = with_replica()
    seen: list[str] = []
    with replica_reads():
        worker = threading.Thread(target=lambda: seen.append(router.db_for_read(User)))
        worker.start()
        worker.join()
        assert router.db_for_read(User) == REPLICA
    assert seen == ["default"]


def test_on_replica_leaves_the_original_queryset_and_manager_unmarked():
    plain = User.objects.filter(is_active=True)
    marked = on_replica(plain)
    assert marked._hints.get(HINT) is True
    assert plain._hints.get(HINT) is None
    assert User.objects.all()._hints.get(HINT) is None
    assert marked.filter(is_staff=False)._hints.get(HINT) is True  # kept by later clones


# --- With a second alias configured ----------------------------------------------------


@pytest.fixture
def replica(transactional_db: None) -> Iterator[str]:
    """A second connection, "replica", to the same test database as "default", and the
    router told that a replica exists. Transactional, so the second connection sees
    only committed rows, like a real replica. The connection is registered directly
    rather than through settings.DATABASES, which the test database setup has read."""
    settings_dict = dict(connections["default"].settings_dict)
    backend = load_backend(settings_dict["ENGINE"])
    connections[REPLICA] = backend.DatabaseWrapper(settings_dict, REPLICA)
    try:
        with override_settings(DATABASE_ROUTERS=[with_replica()]):
            yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]


def make_person(email: str = "reader@example.test") -> User:
    return User.objects.create(email=email)


def test_marked_reads_run_on_the_replica_connection(replica):
    make_person()
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections[replica]) as on_replica_connection,
    ):
        with replica_reads():
            emails = list(User.objects.values_list("email", flat=True))
        count = on_replica(User.objects.all()).count()
        unmarked = User.objects.count()
    assert emails == ["reader@example.test"]
    assert count == unmarked == 1
    assert len(on_replica_connection.captured_queries) == 2
    assert len(on_default.captured_queries) == 1


def test_writes_inside_replica_reads_go_to_default(replica):
    with (
        CaptureQueriesContext(connections[replica]) as on_replica_connection,
        replica_reads(),
    ):
        person = User.objects.create(email="writer@example.test")
        User.objects.filter(pk=person.pk).update(display_name="Writer")
    assert len(on_replica_connection.captured_queries) == 0
    assert User.objects.using("default").get(pk=person.pk).display_name == "Writer"


def test_an_update_through_an_on_replica_queryset_goes_to_default(replica):
    person = make_person()
    with CaptureQueriesContext(connections[replica]) as on_replica_connection:
        changed = on_replica(User.objects.filter(pk=person.pk)).update(display_name="Kai")
    assert changed == 1
    assert on_replica_connection.captured_queries == []


def test_an_object_read_from_the_replica_is_saved_to_default(replica):
    make_person()
    with replica_reads():
        person = User.objects.get(email="reader@example.test")
    assert person._state.db == REPLICA
    person.display_name = "Robin"
    with CaptureQueriesContext(connections[replica]) as on_replica_connection:
        person.save()
        ActivityRecord.objects.create(user=person, practice="trust", kind="test")
    assert on_replica_connection.captured_queries == []
    assert User.objects.get(pk=person.pk).display_name == "Robin"


def test_reads_inside_a_transaction_stay_on_default(replica):
    with transaction.atomic():
        make_person("uncommitted@example.test")
        with (
            CaptureQueriesContext(connections[replica]) as on_replica_connection,
            replica_reads(),
        ):
            assert User.objects.filter(email="uncommitted@example.test").exists()
    assert on_replica_connection.captured_queries == []


@pytest.mark.django_db
def test_without_a_replica_marked_reads_use_default():
    make_person()
    with override_settings(DATABASE_ROUTERS=ROUTERS), replica_reads():
        assert on_replica(User.objects.all()).count() == 1
        assert User.objects.all().db == "default"


# --- What is marked ----------------------------------------------------------------------


def test_the_insights_history_and_aggregates_are_read_from_the_replica(
    replica, owner, partner, couple, web
):
    """The couple map, trends, the activity balance and the weekly report read history
    that a moment's lag cannot hurt: all of their reads go to the replica. (What a page
    writes, like this week's plan, and the person's own check-in status stay on the
    primary, so a check-in just made always shows.)"""
    from closeknit.activity.services import activity_record
    from closeknit.insights import selectors

    activity_record(user=owner, couple=couple, practice="trust", kind="test")
    viewer = selectors.viewer_for(owner)
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections[replica]) as on_replica_connection,
    ):
        selectors.couple_map(viewer)
        trust = next(
            r for r in selectors.activity_balance(viewer).rows if r.practice.key == "trust"
        )
        selectors.trends(viewer)
        selectors.weekly_report(viewer, week=selectors.week_start(viewer.today))
    assert trust.week == 1  # the replica (here: the same database) answered
    assert on_default.captured_queries == []
    assert len(on_replica_connection.captured_queries) >= 4
    # and the pages that use them still work
    for path in ("/insights/", "/insights/trends/", "/insights/week/"):
        assert web(owner).get(path).status_code == 200
