"""Day rollover at scale: closeknit.prompts.rollover.prepare_days for many couples.

    CLOSEKNIT_DATA_DIR=/tmp/ck-bench .venv/bin/python bench/rollover.py --db postgres \\
        --couples 100000

Seeds the couples with a short history of past questions and no question for today
(as just before their day begins), then times one rollover that prepares today's
question and the "question ready" notifications for all of them, counting queries and
the time spent waiting for the database. A second call must find nothing to do. Then it
profiles the next day's rollover with cProfile and lists where the time goes. Target on
PostgreSQL: at least 5,000 couples a second.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

TARGET = 5000  # couples per second, on PostgreSQL


class DatabaseTimer:
    """Counts queries and the time spent in them (an execute wrapper)."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - start


def timed_rollover(now: datetime) -> tuple[int, float, DatabaseTimer]:
    from django.db import connection

    from closeknit.prompts.rollover import prepare_days

    timer = DatabaseTimer()
    with connection.execute_wrapper(timer):
        start = time.perf_counter()
        created = prepare_days(now=now)
        seconds = time.perf_counter() - start
    return created, seconds, timer


def profile_rollover(now: datetime, top: int) -> tuple[int, float, str]:
    """The next day's rollover under cProfile: (created, seconds, markdown tables)."""
    from closeknit.prompts.rollover import prepare_days

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    created = prepare_days(now=now)
    profiler.disable()
    seconds = time.perf_counter() - start
    stats = pstats.Stats(profiler, stream=io.StringIO())
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for _cc, _nc, tt, _ct, _callers in entries.values()) or 1.0

    def where(key: tuple[str, int, str]) -> str:
        filename, line, name = key
        short = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        return f"`{name}` ({short}:{line})" if line else f"`{name}`"

    own = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:top]
    ours = sorted(
        (item for item in entries.items() if "/closeknit/" in item[0][0]),
        key=lambda item: item[1][3],
        reverse=True,
    )[:top]
    markdown = "\n".join(
        [
            f"Where the time goes (cProfile of the next day's rollover: {created:,} couples "
            f"in {seconds:.1f} s with the profiler's overhead). Own time, top {top}:",
            "",
            common.md_table(
                ["function", "calls", "own s", "share"],
                [
                    (where(key), f"{nc:,}", f"{tt:.2f}", f"{tt / total:.0%}")
                    for key, (_cc, nc, tt, _ct, _callers) in own
                ],
            ),
            "",
            "Closeknit's functions by cumulative time (including what they call):",
            "",
            common.md_table(
                ["function", "calls", "cumulative s", "share"],
                [
                    (where(key), f"{nc:,}", f"{ct:.2f}", f"{ct / total:.0%}")
                    for key, (_cc, nc, _tt, ct, _callers) in ours
                ],
            ),
        ]
    )
    return created, seconds, markdown


def run(args: argparse.Namespace) -> str:
    from django.core.management import call_command
    from django.db import connection

    from bench import seed

    call_command("migrate", verbosity=0, interactive=False)
    if seed.existing_count():
        raise SystemExit("rollover.py needs an empty database: use --db postgres/sqlite")
    now = datetime.now(UTC)
    print(f"Seeding {args.couples:,} couples with {args.history_days} days of questions...")
    seeded = seed.seed(
        couples=args.couples,
        days=args.history_days,
        now=now,
        today_question=False,
        lean=True,
        jobs=args.jobs,
        quiet=True,
    )
    print(
        f"  {seeded.total_rows:,} rows in {seeded.seeding_seconds:.0f} s; rolling over...",
        flush=True,
    )
    created, seconds, timer = timed_rollover(now)
    again, again_seconds, again_timer = timed_rollover(now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    profiled, profiled_seconds, profile = profile_rollover(now + timedelta(days=1), args.top)
    rate = created / seconds if seconds else 0.0
    backend = common.backend_name()
    verdict = (
        ("yes" if rate >= TARGET else "**no**") if connection.vendor == "postgresql" else "n/a"
    )
    lines = [
        f"### Rollover: {args.couples:,} couples with {args.history_days} days of history "
        f"({backend})",
        "",
        f"`prepare_days()` for couples with {args.history_days} days of past questions and "
        "none yet for today, in time zones from Tokyo to Los Angeles; each couple gets its "
        "question and both partners a notification. Target on PostgreSQL: "
        f"≥ {TARGET:,} couples/s.",
        "",
        common.md_table(
            [
                "run",
                "couples prepared",
                "seconds",
                "**couples/s**",
                "target",
                "queries",
                "in the database",
                "in Python",
            ],
            [
                (
                    "today",
                    f"{created:,}",
                    f"{seconds:.2f}",
                    f"**{rate:,.0f}**",
                    verdict,
                    f"{timer.queries:,}",
                    f"{timer.seconds:.2f} s ({timer.seconds / seconds:.0%})",
                    f"{seconds - timer.seconds:.2f} s",
                ),
                (
                    "today again (nothing to do)",
                    f"{again:,}",
                    f"{again_seconds:.2f}",
                    "",
                    "",
                    f"{again_timer.queries:,}",
                    f"{again_timer.seconds:.2f} s",
                    f"{again_seconds - again_timer.seconds:.2f} s",
                ),
                (
                    "tomorrow, under cProfile",
                    f"{profiled:,}",
                    f"{profiled_seconds:.2f}",
                    f"{profiled / profiled_seconds:,.0f}" if profiled_seconds else "",
                    "",
                    "",
                    "",
                    "",
                ),
            ],
        ),
        "",
        profile,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time and profile the day rollover.")
    parser.add_argument("--couples", type=int, default=100_000)
    parser.add_argument("--history-days", type=int, default=7, help="past questions per couple")
    parser.add_argument("--jobs", type=int, default=1, help="seeding worker processes")
    parser.add_argument("--top", type=int, default=12, help="rows in each profile table")
    common.run_script(parser, "rollover", run, argv)


if __name__ == "__main__":
    main()
