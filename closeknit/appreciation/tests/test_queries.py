"""Pages cost the same for a couple with a few entries as for one with years of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from closeknit.appreciation import services

URLS = [
    "/appreciation/",
    "/appreciation/notes/",
    "/appreciation/notes/?box=kept",
    "/appreciation/notes/?box=sent",
    "/appreciation/noticed/",
    "/appreciation/ideas/",
    "/appreciation/cared-for/",
]
# Session, person, couple and members, the page's own rows, and the base template's
# share; a ceiling so that a new per-row query cannot hide behind "constant".
CEILING = 10


def _add_history(owner, partner, n: int) -> None:
    for i in range(n):
        note = services.note_send(user=partner, text=f"note {i}", quality="warm")
        services.note_keep(user=owner, note_id=note.pk, kept=True)
        services.note_send(user=owner, text=f"back {i}")
        services.noticed_add(user=owner, text=f"noticed {i}")


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", URLS)
def test_query_counts_do_not_grow_with_history(web, kindness, owner, partner, couple, url):
    client = web(owner)
    _add_history(owner, partner, 1)
    few = _queries(client, url)
    _add_history(owner, partner, 30)
    assert _queries(client, url) == few <= CEILING


def test_the_index_page_query_count(
    web, kindness, owner, partner, couple, django_assert_max_num_queries
):
    _add_history(owner, partner, 5)
    client = web(owner)
    client.get("/appreciation/")
    with django_assert_max_num_queries(CEILING):
        assert client.get("/appreciation/").status_code == 200
