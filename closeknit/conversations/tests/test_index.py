"""The communication index: why it helps, the tools, the pause, open sessions and recent
guides, at a cost that does not grow with a couple's history."""

import pytest

from closeknit.conversations import services
from closeknit.conversations.models import ListeningSession


def test_the_index_shows_the_practice_and_every_tool(web, checked, owner, partner, couple, phrases):
    checked(owner, partner)
    session = services.session_start(user=owner, mode="apart")
    guide = services.guide_start(user=owner, label="The keys")
    services.pause_set(user=partner, choice="1h")
    page = web(owner).get("/communication/")
    assert page.status_code == 200
    body = page.content.decode()
    for text in (
        "Why this helps",
        "Listening turns",
        "Pause and come back",
        "After a disagreement",
        "Gentle words",
        "Paused until",
        "Kai set this pause.",
        "The keys",
    ):
        assert text in body, text
    assert f'href="/communication/listening/{session.pk}/"' in body
    assert f'href="/communication/after/{guide.pk}/"' in body
    assert 'name="mode" value="apart"' in body


def test_someone_alone_sees_the_tools_wait_for_a_partner(web, owner):
    body = web(owner).get("/communication/").content.decode()
    assert "Listening turns open once your partner has joined your space." in body
    assert 'name="mode"' not in body and 'name="choice"' not in body


def test_starting_without_a_partner_on_the_web_explains_why(web, owner):
    response = web(owner).post("/communication/listening/start/", {"mode": "apart"}, follow=True)
    assert "once your partner has joined" in response.content.decode()
    assert not ListeningSession.objects.exists()


# the session with its person (1), couple and members (2), the safety state (couple and members
# again, then the latest check of each person and of the viewer: 5), the pause, open
# sessions, recent guides and their sides (2), the phrases, and the header's unread count.
QUERIES_INDEX = 14


@pytest.mark.parametrize("history", [1, 25])
def test_index_query_count_does_not_grow_with_history(
    web, checked, owner, partner, couple, phrases, history, django_assert_num_queries
):
    checked(owner, partner)
    for n in range(history):
        session = services.session_start(user=owner, mode="apart")
        services.statement_add(user=owner, session_id=session.pk, feeling=f"f{n}")
        guide = services.guide_start(user=owner)
        services.side_save(user=owner, guide_id=guide.pk, felt="x", saw="y", done=True)
    services.pause_set(user=owner, choice="1h")
    client = web(owner)
    client.get("/communication/")
    with django_assert_num_queries(QUERIES_INDEX):
        assert client.get("/communication/").status_code == 200


# the session with its person, and the listening session with both people: no turns,
# nothing decrypted.
QUERIES_POLL = 2


def test_the_partners_poll_is_cheap_and_does_not_grow(
    web, owner, partner, couple, django_assert_num_queries
):
    session = services.session_start(user=owner, mode="apart")
    for n in range(10):
        services.statement_add(user=owner, session_id=session.pk, feeling=f"f{n}")
        services.reflection_add(user=partner, session_id=session.pk, text="r")
        services.confirmation_add(user=owner, session_id=session.pk, heard=True)
        services.statement_add(user=partner, session_id=session.pk, feeling="g")
        services.reflection_add(user=owner, session_id=session.pk, text="r")
        services.confirmation_add(user=partner, session_id=session.pk, heard=True)
    version = ListeningSession.objects.get().version
    client = web(partner)
    url = f"/communication/listening/{session.pk}/turn/?v={version}"
    client.get(url)
    with django_assert_num_queries(QUERIES_POLL):
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 204
