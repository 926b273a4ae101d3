"""Pages cost the same for a couple with a few entries as for one with years of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from closeknit.support import services

URLS = [
    "/support/",
    "/support/live/?part=incoming",
    "/support/live/?part=mine",
    "/support/mood/",
    "/support/good-news/",
    "/support/preferences/",
]
CEILING = 12


def _add_history(owner, partner, n: int) -> None:
    for _ in range(n):
        entry = services.mood_add(user=owner, mood=3, stress=3, note="note")
        services.mood_share(user=owner, mood_id=entry.pk, shared=True)
        services.mood_add(user=partner, mood=4, stress=2)
        for person, other in ((owner, partner), (partner, owner)):
            news = services.good_news_share(user=person, text="good")
            services.good_news_reply(user=other, good_news_id=news.pk, text="yay")
            signal = services.signal_send(user=person)
            services.signal_answer(user=other, signal_id=signal.pk, kind="thinking")


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", URLS)
def test_query_counts_do_not_grow_with_history(web, owner, partner, couple, url):
    services.preferences_save(user=owner, ways=["listening"])
    services.preferences_save(user=partner, ways=["space"])
    client = web(partner)
    _add_history(owner, partner, 1)
    few = _queries(client, url)
    _add_history(owner, partner, 25)
    assert _queries(client, url) == few <= CEILING
