"""History growth: does a page cost more for a couple with years of history?

    CLOSEKNIT_DATA_DIR=/tmp/ck-bench .venv/bin/python bench/history.py --db postgres

Seeds three couples in the same time zone, with 1 day, 1 year and 3 years of history
(among --background other couples, so the tables are not tiny), then requests the same
pages as partner A of each couple through Django's test client, the full middleware
stack included: the median time of many requests (alternating between the couples, so
a busy machine slows them alike) and the number of queries. Targets: under 20% more
time and no more queries for the long history. For pages that miss the time target it
names the query that grew most.

With one day of history the history, notification and trend pages are nearly empty, and
after a year they are full, so for them "3 years vs 1 day" compares a full page with an
empty one; "3 years vs 1 year" (both full) shows what still grows with the history.

Pages are rendered every time (CLOSEKNIT_PAGE_CACHE=false): a page kept in memory costs
the same whatever the history, and this measures what rendering it costs.
"""

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

ZONE = ("Europe/Berlin", 4)
TIME_TARGET = 0.20
PAGES = [  # (label, path, auth): auth "session" (web) or "token" (API)
    ("home", "/", "session"),
    ("today's question", "/today/", "session"),
    ("history, page 1", "/questions/", "session"),
    ("insights", "/insights/", "session"),
    ("insights: trends", "/insights/trends/", "session"),
    ("insights: this week", "/insights/week/", "session"),
    ("notifications", "/notifications/", "session"),
    ("API: me", "/api/v1/me", "token"),
    ("API: today's question", "/api/v1/questions/today", "token"),
    ("API: history, page 1", "/api/v1/questions", "token"),
    ("API: question stats", "/api/v1/questions/stats", "token"),
    ("API: notifications", "/api/v1/notifications", "token"),
    ("API: insights activity", "/api/v1/insights/activity", "token"),
]


@dataclass
class Sample:
    queries: int = 0  # counted with CaptureQueriesContext
    status: int = 0
    times_ms: list[float] = field(default_factory=list)
    sql: list[str] = field(default_factory=list)
    query_ms: list[list[float]] = field(default_factory=list)  # per query position

    @property
    def median(self) -> float:
        return common.median(self.times_ms)

    @property
    def query_total(self) -> float:
        """Median time spent in the database per request (sum over query positions)."""
        return sum(common.median(times) for times in self.query_ms)

    def query_median(self, index: int) -> float:
        return common.median(self.query_ms[index]) if index < len(self.query_ms) else 0.0


class QueryTimer:
    """An execute wrapper timing each query precisely (CaptureQueriesContext rounds to ms)."""

    def __init__(self) -> None:
        self.found: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.found.append((sql, (time.perf_counter() - start) * 1000))


def paired_growth(base: Sample, other: Sample) -> float:
    """Median over rounds of other/base - 1. Requests of one round run back to back, so
    each ratio compares the couples at the same moment of a busy machine."""
    ratios = [b / a for a, b in zip(base.times_ms, other.times_ms, strict=True) if a > 0]
    return common.median(ratios) - 1 if ratios else 0.0


def short_sql(sql: str) -> str:
    """The SQL on one line, a long column list cut: the FROM and WHERE are what matter."""
    sql = " ".join(sql.split())
    found = re.match(r"SELECT (DISTINCT )?(.+?) FROM ", sql)
    if found and len(found.group(2)) > 60:
        shown = "SELECT " + (found.group(1) or "") + "… FROM "  # noqa: S608 - shown, not run
        sql = shown + sql[found.end() :]
    return sql


def clients(email: str) -> dict[str, object]:
    from django.test import Client

    from closeknit.accounts.models import User
    from closeknit.accounts.services import token_create

    user = User.objects.get(email=email)
    web = Client(HTTP_HOST="127.0.0.1")
    web.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _token, raw = token_create(user=user, name="history bench")
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {raw}")
    return {"session": web, "token": api}


def inspect(client: object, path: str, sample: Sample, times: int) -> None:
    """Count the queries once, then time each query position over a few requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)  # type: ignore[attr-defined]
    sample.queries, sample.status = len(captured.captured_queries), response.status_code
    for _ in range(times):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            client.get(path)  # type: ignore[attr-defined]
        sample.sql = [sql for sql, _ms in timer.found]
        sample.query_ms += [[] for _ in range(len(timer.found) - len(sample.query_ms))]
        for index, (_sql, ms) in enumerate(timer.found):
            sample.query_ms[index].append(ms)


def measure(pages: list[tuple[str, str, str]], people: dict[str, dict], rounds: int) -> dict:
    samples: dict[tuple[str, str], Sample] = {}
    for label, path, auth in pages:
        for who, its in people.items():
            for _ in range(3):  # warm: sessions, caches, connections
                its[auth].get(path)
            samples[(label, who)] = sample = Sample()
            inspect(its[auth], path, sample, times=5)
        for _ in range(rounds):  # alternate, so every couple feels the same machine
            for who, its in people.items():
                start = time.perf_counter()
                its[auth].get(path)
                samples[(label, who)].times_ms.append((time.perf_counter() - start) * 1000)
        print(
            f"  {label}: "
            + " vs ".join(f"{samples[(label, who)].median:.1f}" for who in people)
            + " ms",
            flush=True,
        )
    return samples


def run(args: argparse.Namespace) -> str:
    from django.core.management import call_command
    from django.db import connection
    from django.urls import Resolver404, resolve

    from bench import seed

    call_command("migrate", verbosity=0, interactive=False)
    if seed.existing_count():
        raise SystemExit("history.py needs an empty database: use --db postgres/sqlite")
    print(
        f"Seeding couples with 1, 365 and {args.long_days} days, "
        f"and {args.background} background couples"
    )
    for days in (1, 365, args.long_days):  # bench-1, bench-2, bench-3
        seed.seed(couples=1, days=days, zone=ZONE, quiet=True)
    if args.background:
        seed.seed(couples=args.background, days=args.background_days, quiet=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    people = {
        "short": clients("bench-1-a@example.test"),
        "year": clients("bench-2-a@example.test"),
        "long": clients("bench-3-a@example.test"),
    }
    pages = []
    for label, path, auth in PAGES:
        try:
            resolve(path)
        except Resolver404:
            print(f"  (skipping {label}: {path} does not exist yet)")
            continue
        pages.append((label, path, auth))
    samples = measure(pages, people, args.rounds)
    return report(args, pages, samples, backend=common.backend_name(), vendor=connection.vendor)


def report(
    args: argparse.Namespace, pages: list, samples: dict, *, backend: str, vendor: str
) -> str:
    rows, notes = [], []
    for label, path, _auth in pages:
        short, year, long = (samples[(label, who)] for who in ("short", "year", "long"))
        growth, after_year = paired_growth(short, long), paired_growth(year, long)
        extra = long.queries - short.queries
        statuses = {short.status, year.status, long.status}
        ok = growth < TIME_TARGET and extra == 0 and statuses == {200}
        # Once both pages are full (a year in), does the cost still grow with history?
        flat = after_year < TIME_TARGET and long.queries == year.queries and statuses == {200}
        rows.append(
            (
                label,
                f"`{path}`",
                short.queries,
                long.queries,
                f"{extra:+d}",
                f"{short.median:.1f}",
                f"{year.median:.1f}",
                f"{long.median:.1f}",
                f"**{growth:+.0%}**",
                f"{after_year:+.0%}",
                "yes" if ok else "**no**",
                "yes" if flat else "**no**",
            )
        )
        if statuses != {200}:
            notes.append(f"- {label}: answered {sorted(statuses)}, not only 200.")
        if growth >= TIME_TARGET and long.sql:
            index = max(
                range(len(long.sql)),
                key=lambda i: long.query_median(i) - short.query_median(i),
            )
            sql = short_sql(long.sql[index])
            notes.append(
                f"- **{label}**: time in queries {short.query_total:.1f} ms with 1 day, "
                f"{long.query_total:.1f} ms with {args.long_days} (the rest is Python: "
                f"{short.median - short.query_total:.1f} → {long.median - long.query_total:.1f} "
                f"ms). The query that grew most (query {index + 1} of "
                f"{len(long.sql)}: {short.query_median(index):.1f} ms with 1 day, "
                f"{year.query_median(index):.1f} ms with 365, {long.query_median(index):.1f} ms "
                f"with {args.long_days}): `{sql[:500]}{'…' if len(sql) > 500 else ''}`"
            )
    lines = [
        f"### History growth: 1 day vs {args.long_days} days ({backend})",
        "",
        f"Partner A of three couples in the same time zone (1, 365 and {args.long_days} days "
        f"of history), among {args.background} other couples with {args.background_days} "
        "days each; Django test client in-process (all middleware); median of "
        f"{args.rounds} requests per page, rotating between the couples; Δ is the median of "
        "the per-round ratios. Targets for "
        f"{args.long_days} days vs 1 day: time < +20%, queries +0. With one day, the "
        "history, notification and trend pages are nearly empty (one question, a couple "
        "of notifications, no check-in yet and so no chart); after a year they are full "
        "(a page of 20 questions; a page of 20 notifications on the web page and 100 in "
        "the API; nine charts and tables of a year of fortnightly check-ins). For those "
        "pages the "
        "Δ against one day is mostly the cost of drawing a full page instead of an empty "
        f"one; the last Δ column ({args.long_days} d vs 365 d, both full) shows what "
        'still grows with history, and should stay near zero: "flat after a year" is '
        "that Δ under +20% with the same queries.",
        "",
        common.md_table(
            [
                "page",
                "path",
                "queries, 1 day",
                f"queries, {args.long_days} d",
                "Δ queries",
                "ms, 1 day",
                "ms, 365 d",
                f"ms, {args.long_days} d",
                f"Δ time {args.long_days} d vs 1 d",
                f"Δ {args.long_days} d vs 365 d",
                "on target (vs 1 day)",
                "flat after a year",
            ],
            rows,
        ),
    ]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Page cost for 1 day vs 3 years of history.")
    parser.add_argument("--long-days", type=int, default=3 * 365)
    parser.add_argument("--rounds", type=int, default=40, help="timed requests per page/couple")
    parser.add_argument("--background", type=int, default=100, help="other couples")
    parser.add_argument("--background-days", type=int, default=30)
    os.environ["CLOSEKNIT_PAGE_CACHE"] = "false"  # what rendering costs (see above)
    common.run_script(parser, "history", run, argv)


if __name__ == "__main__":
    main()
