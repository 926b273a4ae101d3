"""CPU time per request, in process, against a seeded database: the load benchmark's
pages and API calls, measured in a way a busy machine barely disturbs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_big CLOSEKNIT_DATA_DIR=/tmp/ck-bench \\
        .venv/bin/python bench/cpu.py --requests 300 --out cpu-postgres

wrk's requests per second depend on everything else the machine runs (on a shared
two-core machine the same code measured 108 and 215 home pages a second twenty minutes
apart). This benchmark counts what a request costs instead: each request goes through
Django's WSGI handler (every middleware, the real session cookie or API token), and the
CPU seconds of this process (`time.process_time`) plus, on PostgreSQL, those of its
server backend (`/proc/<pid>/stat`) are divided by the number of requests. On a
CPU-bound server that cost is what bounds throughput, so the ratio baseline CPU ÷
endpoint CPU predicts the load benchmark's throughput ratio without its noise.
Endpoints are measured in interleaved rounds; each figure is the median round.
"""

import argparse
import dataclasses
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common


def _backend_cpu_seconds() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (0 elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the server is on another machine: its CPU can't be read from here
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wsgi_caller() -> Callable[[str, str, dict[str, str], str], tuple[int, bytes]]:
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()

    def call(method: str, path: str, headers: dict[str, str], body: str) -> tuple[int, bytes]:
        data = body.encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "HTTP_HOST": "localhost",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        for name, value in headers.items():
            key = name.upper().replace("-", "_")
            environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
        status: list[str] = []
        response = handler(environ, lambda s, _h, *_a: status.append(s))
        content = b"".join(response)
        response.close()  # type: ignore[attr-defined]
        return int(status[0].split()[0]), content

    return call


def give_everyone_waiting_items(pool: int, per_person: int) -> None:
    """Each reader's partner leaves them `per_person` open items (replies, notes and a
    turn), so home reads and shows "Waiting for you" as it would mid-conversation."""
    from closeknit.accounts.models import User
    from closeknit.couples.models import Membership
    from closeknit.nudges import waiting

    readers = list(
        User.objects.filter(email__startswith="bench-", email__endswith="@example.test")
        .filter(memberships__left_at__isnull=True)
        .order_by("pk")[:pool]
    )
    kinds = ["reply", "note", "round_turn"]
    for reader in readers:
        membership = Membership.objects.current().select_related("couple").get(user=reader)
        partner = membership.couple.memberships.current().exclude(user=reader).get().user
        for n in range(per_person):
            waiting.invite(
                actor=partner,
                couple=membership.couple,
                kind=kinds[n % len(kinds)],
                ref=f"bench:{n}",
                url=f"/bench/{n}/",
                partner=reader,
            )


def run(args: argparse.Namespace) -> str:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from bench import load

    common.seeded(couples=args.couples, days=args.days)
    # Answers come from other couples than the pages' readers: each answer makes both
    # partners' kept pages stale, which the load benchmark's mixed run measures.
    everyone = load.prepare_people(args.pool * 2)
    people, writers = everyone[: args.pool], everyone[args.pool :]
    if args.waiting:
        give_everyone_waiting_items(args.pool, args.waiting)
    call = wsgi_caller()
    # Also the bare view for a logged-in person: the session and the person are read by
    # the middleware before any view runs, the floor under every page of the app.
    signed_in = load.Endpoint(
        "baseline, logged in: session, person, 1 indexed query",
        "GET",
        load.BASELINE.path,
        "session",
        expect=load.BASELINE.expect,
    )
    # The same pages with the page cache off: what a first visit, or one after a change,
    # costs (closeknit.core.pagecache).
    rendered = [
        dataclasses.replace(e, name=f"{e.name}, rendered (page cache off)") for e in load.PAGES
    ]
    endpoints = [load.BASELINE, signed_in, *load.ENDPOINTS, *rendered]
    cache_off = {e.name for e in rendered}
    requests = {
        e.name: load.requests_for(e, writers if e.method == "PUT" else people) for e in endpoints
    }
    for endpoint in endpoints:  # correct answers first, and warm caches
        for method, path, headers, body in requests[endpoint.name][:20]:
            with override_settings(CLOSEKNIT_PAGE_CACHE=endpoint.name not in cache_off):
                status, content = call(method, path, headers, body)
            if status >= 400 or endpoint.expect.encode() not in content:
                raise RuntimeError(f"{method} {path} answered {status}: {content[:300]!r}")
    per_round = max(1, args.requests // args.rounds)
    cpu: dict[str, list[float]] = {e.name: [] for e in endpoints}
    queries: dict[str, float] = {}
    for _ in range(args.rounds):
        for endpoint in endpoints:
            todo = requests[endpoint.name]
            with override_settings(CLOSEKNIT_PAGE_CACHE=endpoint.name not in cache_off):
                process, backend = time.process_time(), _backend_cpu_seconds()
                for n in range(per_round):
                    call(*todo[n % len(todo)])
                spent = time.process_time() - process + _backend_cpu_seconds() - backend
            cpu[endpoint.name].append(spent / per_round * 1000)
    for endpoint in endpoints:
        todo = requests[endpoint.name]
        counted = []
        for n in range(10):
            with (
                override_settings(CLOSEKNIT_PAGE_CACHE=endpoint.name not in cache_off),
                CaptureQueriesContext(connection) as captured,
            ):
                call(*todo[n % len(todo)])
            counted.append(len(captured.captured_queries))
        queries[endpoint.name] = statistics.median(counted)
    base = statistics.median(cpu[load.BASELINE.name])
    rows = []
    for endpoint in endpoints:
        spent = statistics.median(cpu[endpoint.name])
        rows.append(
            (
                endpoint.name,
                f"`{endpoint.method} {endpoint.path}`",
                f"{spent:.2f}",
                f"{min(cpu[endpoint.name]):.2f} to {max(cpu[endpoint.name]):.2f}",
                f"{queries[endpoint.name]:.0f}",
                f"**{base / spent:.2f}**",
            )
        )
    backend = (
        "this process and its PostgreSQL backend"
        if connection.vendor == "postgresql"
        else ("this process (SQLite runs inside it)")
    )
    return "\n".join(
        [
            f"### CPU per request: {common.backend_name()}",
            "",
            f"In process, through Django's WSGI handler and every middleware, as one of "
            f"{args.pool} logged-in people; {args.rounds} interleaved rounds of {per_round} "
            f"requests per endpoint, median round shown. CPU = CPU time of {backend}. "
            "Ratio = baseline CPU ÷ endpoint CPU: the throughput ratio a CPU-bound server "
            f"would reach. Settings: `{settings.SETTINGS_MODULE}`. The pages are served "
            "from each person's kept copy once warm (closeknit.core.pagecache); the "
            "rendered rows are the same pages with the page cache off, and the answers are "
            "made by other couples than the pages' readers.",
            "",
            common.md_table(
                ["endpoint", "request", "CPU ms", "range over rounds", "queries", "ratio"],
                rows,
            ),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="CPU time per request, in process.")
    parser.add_argument("--requests", type=int, default=300, help="per endpoint, in all")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--waiting", type=int, default=0, help="open waiting items per reader (the partner loop)"
    )
    parser.add_argument("--pool", type=int, default=200, help="logged-in people to spread over")
    parser.add_argument("--couples", type=int, default=500, help="seed this many if none yet")
    parser.add_argument("--days", type=int, default=30, help="days of history when seeding")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"  # the baseline view
    common.run_script(parser, "cpu", run, argv)


if __name__ == "__main__":
    main()
