"""Counting the queries a page makes, to show the count does not grow with history."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Pages of both toolkits stay under this; other apps' context processors may add a few.
CEILING = 16


def queries_for(client, url: str) -> int:
    client.get(url)  # warm caches (sessions, content types) first
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
