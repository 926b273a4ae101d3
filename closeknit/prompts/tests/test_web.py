from datetime import timedelta

import pytest
from django.utils.html import escape

from closeknit.prompts import services
from closeknit.prompts.models import DailyQuestion, Prompt
from closeknit.prompts.spaces import space_for


def form_for(prompt: Prompt, text: str) -> dict:
    if prompt.kind == "choice":
        return {"choice": "0", "text": text}
    if prompt.kind == "scale":
        return {"scale": "3", "text": text}
    return {"text": text}


def test_today_page_answer_wait_and_reveal_with_htmx(web, library, owner, partner, couple):
    robin, kai = web(owner), web(partner)
    page = robin.get("/today/")
    assert page.status_code == 200
    question = DailyQuestion.objects.get(couple=couple)
    assert escape(question.prompt.text) in page.content.decode()

    saved = robin.post(
        f"/questions/{question.pk}/answer/",
        form_for(question.prompt, "robin's words"),
        headers={"HX-Request": "true"},
    )
    body = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in body
    assert "Waiting for Kai" in body
    assert "data-live" in body  # the reveal arrives by itself (app.js asks /live/)

    kai_page = kai.get("/today/").content.decode()
    assert "Robin has answered. Answer to see both." in kai_page
    assert "robin&#x27;s words" not in kai_page and "robin's words" not in kai_page

    kai.post(f"/questions/{question.pk}/answer/", form_for(question.prompt, "kai's words"))
    poll = robin.get(f"/questions/{question.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "kai&#x27;s words" in poll
    assert f'data-reveal="{question.pk}"' in poll


def test_a_bad_answer_keeps_what_was_typed(web, library, owner):
    client = web(owner)
    client.get("/today/")
    question = DailyQuestion.objects.get(user=owner)
    data = {"text": "x" * 4001, "choice": "99", "scale": "9"}
    response = client.post(
        f"/questions/{question.pk}/answer/", data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert "x" * 4001 in response.content.decode()


def test_outsiders_get_404_on_every_question_page(web, library, owner, outsider):
    question = services.question_today(user=owner)
    services.answer_save(user=owner, question_id=question.pk, text="mine alone", choice=0, scale=2)
    client = web(outsider)
    assert client.get(f"/questions/{question.pk}/").status_code == 404
    for action, data in (
        ("answer", {"text": "hi", "choice": "0", "scale": "3"}),
        ("react", {"reaction": "heart"}),
        ("reply", {"text": "hi"}),
        ("share", {"shared": "1"}),
    ):
        response = client.post(f"/questions/{question.pk}/{action}/", data)
        assert response.status_code == 404, action
        assert "mine alone" not in response.content.decode()


def test_swap_button_changes_the_question(web, library, owner):
    client = web(owner)
    client.get("/today/")
    before = DailyQuestion.objects.get(user=owner).prompt_id
    assert client.post("/today/swap/").status_code == 302
    assert DailyQuestion.objects.get(user=owner).prompt_id != before
    client.post("/today/swap/")
    assert "already swapped" in client.get("/today/").content.decode()


def test_archive_and_catch_up_pages(web, library, owner, partner, couple):
    space = space_for(owner)
    today = services.today(space=space)
    old = services.question_for_day(space=space, day=today - timedelta(days=2))
    client = web(owner)
    assert escape(old.prompt.text) in client.get("/questions/catch-up/").content.decode()
    archive = client.get("/questions/?practice=nonsense&page=abc")
    assert archive.status_code == 200
    body = archive.content.decode()
    assert escape(old.prompt.text) in body
    assert 'name="text"' not in body  # the archive is a compact list; answering opens the day


# the session with its person, the couple with both partners (one query each), the
# question with its answers, reactions and replies (revealed: both answered), the
# monthly record, the catch-up list and the unread-notifications badge: the same for a
# day or for years.
QUERIES_TODAY = 9


@pytest.mark.parametrize("days", [1, 40])
def test_today_page_query_count_does_not_grow_with_history(
    web, library, owner, partner, couple, days, django_assert_num_queries
):
    space = space_for(owner)
    today = services.today(space=space)
    for n in range(days):
        q = services.question_for_day(space=space, day=today - timedelta(days=n))
        # The partner first: nothing of these days waits for the owner (the waiting
        # list's own query count is pinned in nudges/tests/test_waiting.py).
        for person in (partner, owner):
            services.answer_save(user=person, question_id=q.pk, **form_for_ints(q.prompt))
    client = web(owner)
    client.get("/today/")
    with django_assert_num_queries(QUERIES_TODAY):
        assert client.get("/today/").status_code == 200


def form_for_ints(prompt: Prompt) -> dict:
    return {"choice": 0, "scale": 3, "text": "words"}
