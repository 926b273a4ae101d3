"""Seed a Closeknit database with N couples and D days of realistic history, in bulk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_big CLOSEKNIT_DATA_DIR=/tmp/ck-bench \\
        .venv/bin/python bench/seed.py --couples 10000 --days 365 --jobs 2

Everyone can log in: bench-<n>-a@example.test and bench-<n>-b@example.test with the
password in PASSWORD. Each couple gets, for every day: its daily question (today's one
prepared but unanswered, as the rollover leaves it), both partners' answers on most days,
the reveal, an activity record per answer plus a few from other practices, and the
notifications each person would have received. Check-ins, planned dates and appreciation
notes are added when those apps and models exist (other teams are building them).

Only bulk operations: rows are built in Python as model instances and inserted with
bulk_create in large batches, one transaction per chunk of couples. Primary keys are
allocated here (a fixed block per couple), so nothing is read back and `--jobs` worker
processes can seed disjoint couples side by side. The password hash is computed once
and shared by everyone.

Encrypted text is the expensive part of writing answers (EncryptedTextField encrypts in
get_prep_value, ~30-70 µs a value): each distinct text is encrypted once, and while the
seed inserts, the encrypted fields accept those ready-made ciphertexts as they are
(`preencrypted_fields`; anything else is refused). A `Value()` literal per row would do
the same through public API, but expressions turn off Django's single-statement UNNEST
insert on PostgreSQL and made inserting twice as slow. Rows share ciphertexts; reading
still decrypts each row, as in production. The report says what per-row encryption
would have cost.
"""

import argparse
import multiprocessing
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from bench.seed_rows import (
    ANSWER_TEXTS,
    PASSWORD,
    Plan,
    Seeder,
    available_labels,
)

ROWS_PER_CHUNK = 100_000  # couples per transaction: about this many rows


@dataclass
class Report:
    couples: int = 0
    days: int = 0
    jobs: int = 1
    rows: Counter[str] = field(default_factory=Counter)
    encrypted_texts: int = 0
    encrypt_seconds: float = 0.0
    encrypted_rows: int = 0  # values that per-row encryption would each have encrypted
    hash_seconds: float = 0.0
    setup_seconds: float = 0.0  # migrate and content load
    build_seconds: float = 0.0  # summed over workers
    insert_seconds: float = 0.0  # summed over workers
    seeding_seconds: float = 0.0  # wall clock of building and inserting
    analyze_seconds: float = 0.0
    total_seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def add(self, other: "Report") -> None:
        self.rows.update(other.rows)
        self.encrypted_rows += other.encrypted_rows
        self.build_seconds += other.build_seconds
        self.insert_seconds += other.insert_seconds

    def markdown(self, backend: str) -> str:
        per_encrypt = self.encrypt_seconds / max(self.encrypted_texts, 1)
        seeding = max(self.seeding_seconds, 1e-9)
        return "\n".join(
            [
                f"### Seeding: {self.couples:,} couples x {self.days:,} days of history "
                f"({backend}, {self.jobs} job{'s' if self.jobs > 1 else ''})",
                "",
                common.md_table(
                    ["table", "rows"],
                    [(name, f"{n:,}") for name, n in sorted(self.rows.items())]
                    + [("**total**", f"**{self.total_rows:,}**")],
                ),
                "",
                common.md_table(
                    ["measure", "value"],
                    [
                        (
                            "**rows per second** (building + inserting)",
                            f"**{self.total_rows / seeding:,.0f}**",
                        ),
                        ("building + inserting (wall clock)", f"{self.seeding_seconds:.1f} s"),
                        ("  building rows in Python (all jobs)", f"{self.build_seconds:.1f} s"),
                        ("  bulk_create (all jobs)", f"{self.insert_seconds:.1f} s"),
                        ("migrate + content load", f"{self.setup_seconds:.1f} s"),
                        ("ANALYZE afterwards", f"{self.analyze_seconds:.1f} s"),
                        ("total", f"{self.total_seconds:.1f} s"),
                        (
                            "password hash (Argon2, computed once)",
                            f"{self.hash_seconds * 1000:.0f} ms",
                        ),
                        (
                            "distinct texts encrypted",
                            f"{self.encrypted_texts:,} in {self.encrypt_seconds * 1000:.0f} ms "
                            f"({per_encrypt * 1e6:.0f} µs each)",
                        ),
                        (
                            "per-row encryption would have added",
                            f"{self.encrypted_rows * per_encrypt:.1f} s of CPU "
                            f"({self.encrypted_rows:,} encrypted values)",
                        ),
                    ],
                ),
            ]
        )


def _init_worker() -> None:
    common.django_setup()


def seed_range(plan: Plan, start: int, stop: int) -> Report:
    """Seed couples number start..stop-1 in one transaction (in this or a worker process)."""
    seeder = Seeder(plan)
    report = Report()
    rows: dict[str, list[Any]] = defaultdict(list)
    with common.stopwatch() as building:
        for n in range(start, stop):
            seeder.couple(n, rows)
    with common.stopwatch() as inserting:
        seeder.insert(rows, report.rows)
    report.build_seconds, report.insert_seconds = building[0], inserting[0]
    report.encrypted_rows = seeder.encrypted_rows
    return report


def _seed_range_task(task: tuple[Plan, int, int]) -> Report:
    return seed_range(*task)


def existing_count() -> int:
    """How many seeded couples the database holds already."""
    from closeknit.accounts.models import User

    return User.objects.filter(
        email__startswith="bench-", email__endswith="-a@example.test"
    ).count()


def _plan(report: Report, **options: Any) -> Plan:
    """The plan for this run: options (days, now, seed, zone, today_question, lean) plus
    what is computed once: the library, the password hash, ciphertexts, id bases."""
    from django.apps import apps
    from django.contrib.auth.hashers import make_password
    from django.db.models import Max

    from closeknit.lib.crypto import encrypt
    from closeknit.prompts.models import Prompt

    library = list(
        Prompt.objects.filter(retired=False)
        .order_by("pk")
        .values_list("id", "practice", "kind", "choices", "text")
    )
    if not library:
        raise SystemExit("The prompt library is empty: is CLOSEKNIT_CONTENT_DIR right?")
    with common.stopwatch() as hashing:
        password = make_password(PASSWORD)
    with common.stopwatch() as encrypting:
        empty = encrypt("")
        answers = [encrypt(t) for t in ANSWER_TEXTS]
        prompt_texts = {row[0]: encrypt(row[4]) for row in library}
    report.hash_seconds, report.encrypt_seconds = hashing[0], encrypting[0]
    report.encrypted_texts = 1 + len(answers) + len(prompt_texts)
    labels = available_labels()
    bases = {
        name: (apps.get_model(label).objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        for name, label in labels.items()
    }
    return Plan(
        **options,
        first=existing_count() + 1,
        password=password,
        empty=empty,
        answers=answers,
        prompt_texts=prompt_texts,
        library=[row[:4] for row in library],
        bases=bases,
        labels=labels,
    )


def seed(
    *,
    couples: int,
    days: int,
    now: datetime | None = None,
    seed: int = 1,
    jobs: int = 1,
    zone: tuple[str, int] | None = None,
    today_question: bool = True,
    lean: bool = False,
    quiet: bool = False,
) -> Report:
    """Add `couples` couples with `days` days of history each; returns what it did.

    `zone` (time zone, day start hour) puts every couple in one zone instead of a mix;
    `today_question=False` leaves today's question to the rollover; `lean=True` seeds
    only couples and their past questions (for the rollover benchmark)."""
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, connections

    from closeknit.prompts.content import load_library

    started = time.perf_counter()
    report = Report(couples=couples, days=days, jobs=jobs)
    call_command("migrate", verbosity=0, interactive=False)
    load_library()
    report.setup_seconds = time.perf_counter() - started
    plan = _plan(
        report,
        days=days,
        now=now or datetime.now(UTC),
        seed=seed,
        zone=zone,
        today_question=today_question,
        lean=lean,
    )
    chunk = max(1, min(5000, ROWS_PER_CHUNK // ((days + 1) * (3 if lean else 10) + 10)))
    tasks = [
        (plan, start, min(plan.first + couples, start + chunk))
        for start in range(plan.first, plan.first + couples, chunk)
    ]
    seeding = time.perf_counter()

    def progress(part: Report) -> None:
        report.add(part)
        if not quiet:
            elapsed = time.perf_counter() - seeding
            print(
                f"  {report.rows['accounts_user'] // 2:,}/{couples:,} couples, "
                f"{report.total_rows:,} rows, {elapsed:.0f} s "
                f"({report.total_rows / max(elapsed, 1e-9):,.0f} rows/s)",
                flush=True,
            )

    if jobs <= 1:
        for task in tasks:
            progress(seed_range(*task))
    else:
        connections.close_all()  # the workers open their own
        context = multiprocessing.get_context("spawn")
        with context.Pool(jobs, initializer=_init_worker) as pool:
            for part in pool.imap_unordered(_seed_range_task, tasks):
                progress(part)
    report.seeding_seconds = time.perf_counter() - seeding
    models = list(Seeder(plan).M.values())
    with connection.cursor() as cursor:  # ids were given explicitly: move sequences past them
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    with common.stopwatch() as analyzing, connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.analyze_seconds = analyzing[0]
    report.total_seconds = time.perf_counter() - started
    return report


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Seed couples with history, in bulk.",
        epilog="Full size: --couples 10000 --days 365 --jobs $(nproc)",
    )
    parser.add_argument("--couples", type=int, default=500)
    parser.add_argument("--days", type=int, default=30, help="days of history per couple")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (PostgreSQL)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    parser.add_argument("--quiet", action="store_true")

    def run(args: argparse.Namespace) -> str:
        report = seed(
            couples=args.couples, days=args.days, seed=args.seed, jobs=args.jobs, quiet=args.quiet
        )
        return report.markdown(common.backend_name())

    common.run_script(parser, "seed", run, argv)


if __name__ == "__main__":
    main()
