"""Two partners answering in the same instant: exactly one reveal, never a leak.
Runs on whichever database the suite uses (CI runs it on SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import close_old_connections

from closeknit.prompts import selectors, services
from closeknit.prompts.models import Answer, DailyQuestion
from conftest import pair_up

PAIRS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_answers_reveal_exactly_once(library, make_person):
    couples = []
    for n in range(PAIRS):
        a, b = make_person(f"A{n}"), make_person(f"B{n}")
        pair_up(a, b)
        question = services.question_today(user=a)
        couples.append((a, b, question))

    barrier = threading.Barrier(PAIRS * 2)
    results: dict[tuple[int, int], bool] = {}
    errors: list[BaseException] = []

    def answer(person, question) -> None:
        try:
            barrier.wait(timeout=30)
            result = services.answer_save(
                user=person, question_id=question.pk, text=f"from {person.pk}", choice=0, scale=3
            )
            results[(question.pk, person.pk)] = result.revealed_now
        except BaseException as exc:  # surfaced below with the test's own assertion
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=answer, args=(person, question))
        for a, b, question in couples
        for person in (a, b)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    for a, b, question in couples:
        reveals = [results[(question.pk, p.pk)] for p in (a, b)]
        assert sorted(reveals) == [False, True], "exactly one of the two answers reveals"
        assert DailyQuestion.objects.get(pk=question.pk).revealed_at is not None
        assert Answer.objects.filter(question=question).count() == 2
        assert (
            selectors.question_view(user=a, question_id=question.pk).theirs.text == f"from {b.pk}"
        )


@pytest.mark.django_db(transaction=True)
def test_a_lone_answer_never_leaks_under_concurrent_reads(library, make_person):
    a, b = make_person("A"), make_person("B")
    pair_up(a, b)
    question = services.question_today(user=a)
    seen: list[object] = []

    def read() -> None:
        try:
            for _ in range(20):
                seen.append(selectors.question_view(user=b, question_id=question.pk).theirs)
        finally:
            close_old_connections()

    reader = threading.Thread(target=read)
    reader.start()
    services.answer_save(user=a, question_id=question.pk, text="wait for it", choice=0, scale=3)
    reader.join(timeout=60)
    assert seen and all(theirs is None for theirs in seen)
