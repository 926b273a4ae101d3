"""Two partners checking in at the same instant: exactly one reveal, never a leak."""

import threading

import pytest
from django.db import close_old_connections

from closeknit.checkins import selectors
from closeknit.checkins.models import Checkin, CheckinPeriod
from closeknit.checkins.tests.helpers import check_in
from conftest import pair_up

PAIRS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_check_ins_reveal_exactly_once(make_person):
    couples = []
    for n in range(PAIRS):
        a, b = make_person(f"A{n}"), make_person(f"B{n}")
        couples.append((a, b, pair_up(a, b)))
    barrier = threading.Barrier(PAIRS * 2)
    results: dict[int, bool] = {}
    errors: list[BaseException] = []

    def run(person) -> None:
        try:
            barrier.wait(timeout=30)
            results[person.pk] = check_in(person, 3 + person.pk % 3).revealed_now
        except BaseException as exc:  # surfaced below with the test's own assertion
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(p,)) for a, b, _c in couples for p in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    for a, b, couple in couples:
        assert sorted([results[a.pk], results[b.pk]]) == [False, True]
        period = CheckinPeriod.objects.get(couple=couple)
        assert period.revealed_at is not None
        assert Checkin.objects.filter(period=period).count() == 2
        mine = Checkin.objects.get(user=a)
        assert selectors.checkin_view(user=a, checkin_id=mine.pk).theirs.user_id == b.pk
