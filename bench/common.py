"""What the benchmarks share: the environment, throwaway databases, the machine
description, timing statistics and markdown tables.

Every benchmark reads DATABASE_URL and CLOSEKNIT_DATA_DIR like Closeknit itself. With
`--db postgres` or `--db sqlite` a script makes its own empty database instead (a
PostgreSQL database named bench_*, or a SQLite file in the data directory) and drops it
when it ends, unless `--keep` is given.
"""

import argparse
import atexit
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_DATA_DIR = "/tmp/ck-bench"
# Where `--db postgres` creates its databases (a server where we may CREATE DATABASE).
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
SHORT_WAIT = 0.2


def prepare_environment() -> None:
    """Settings module, data directory and import path, before Django is imported."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "closeknit.settings")
    os.environ.setdefault("CLOSEKNIT_DATA_DIR", DEFAULT_DATA_DIR)
    Path(os.environ["CLOSEKNIT_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))


def django_setup() -> None:
    prepare_environment()
    import django

    django.setup()


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        choices=["env", "postgres", "sqlite"],
        default="env",
        help="env: use DATABASE_URL as given (default); postgres/sqlite: a fresh throwaway one",
    )
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")


def use_database(kind: str, name: str, *, keep: bool = False) -> str:
    """Point DATABASE_URL at the database this run uses; returns its URL (for reports)."""
    prepare_environment()
    if kind == "env":
        return os.environ.get("DATABASE_URL", "sqlite (data dir)")
    url = create_database(kind, f"{name}_{os.getpid()}")
    os.environ["DATABASE_URL"] = url
    if not keep:
        atexit.register(drop_database, url)
    return url


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def create_database(kind: str, name: str, *, template: str = "") -> str:
    """A database named bench_<name>, on PostgreSQL or as a SQLite file: empty, or a copy
    of `template` (the URL of another benchmark database nobody is connected to)."""
    name = "bench_" + re.sub(r"[^a-z0-9_]", "_", name.lower()).removeprefix("bench_")
    if kind == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        copy = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
        pg_admin(f'CREATE DATABASE "{name}"{copy}')
        return f"{PG_SERVER}/{name}"
    path = Path(os.environ.get("CLOSEKNIT_DATA_DIR", DEFAULT_DATA_DIR)) / f"{name}.sqlite3"
    _remove_sqlite(path)
    if template:
        source = Path(template.removeprefix("sqlite://"))
        for suffix in ("", "-wal"):
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{path}{suffix}")
    return f"sqlite:///{path}"


def drop_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        _remove_sqlite(Path(url.removeprefix("sqlite://")))
        return
    name = url.rsplit("/", 1)[-1]
    if not name.startswith("bench_"):
        raise ValueError(f"refusing to drop {name!r}: benchmarks only drop bench_* databases")
    from django.db import connections

    connections.close_all()
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def backend_name() -> str:
    from django.db import connection

    return "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"


# --- The machine ---------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _first_line(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return ((done.stdout or done.stderr).strip().splitlines() or ["?"])[0]


def postgres_version() -> str:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"
    except Exception as exc:  # a description, not a requirement
        return f"unavailable ({type(exc).__name__})"


def machine() -> list[tuple[str, str]]:
    import sqlite3

    import django

    cpu = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.M)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    load = _read("/proc/loadavg").split()[:3]
    return [
        ("CPUs (nproc)", str(os.cpu_count())),
        ("CPU model", cpu.group(1).strip() if cpu else platform.processor() or "?"),
        ("Memory", f"{int(memory.group(1)) / 1024 / 1024:.1f} GiB" if memory else "?"),
        ("Load average at start (1/5/15 min)", " / ".join(load) or "?"),
        ("Kernel", platform.release()),
        ("Python", platform.python_version()),
        ("Django", django.get_version()),
        ("PostgreSQL", postgres_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("wrk", _first_line(["wrk", "--version"])),
    ]


# --- Numbers and tables --------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as t: ...` then `t[0]` is the elapsed seconds."""
    elapsed: list[float] = [0.0]
    start = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed[0] = time.perf_counter() - start


def md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def write_result(name: str, markdown: str) -> Path:
    """Write bench/results/<name>.md and print it."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.md"
    path.write_text(markdown.rstrip() + "\n")
    print(markdown)
    print(f"\n(written to {path.relative_to(REPO)})")
    return path


def run_script(
    parser: argparse.ArgumentParser,
    name: str,
    run: Callable[[argparse.Namespace], str],
    argv: Sequence[str] | None = None,
) -> None:
    """What every benchmark's main() does after declaring its own options: add --db,
    --keep and --out, pick the database, set Django up, run, then write
    bench/results/<out>.md (which prints it too) or just print the table."""
    parser.add_argument("--out", default="", help="write bench/results/<out>.md")
    add_database_arguments(parser)
    args = parser.parse_args(list(argv) if argv is not None else None)
    use_database(args.db, name, keep=args.keep)
    django_setup()
    markdown = run(args)
    if args.out:
        write_result(args.out, markdown)
    else:
        print(markdown)


def seeded(*, couples: int, days: int) -> None:
    """Migrate, seed `couples` x `days` if the database has none yet, and collect the
    static files pages link to: the state the load and CPU benchmarks measure."""
    from django.core.management import call_command

    from bench import seed

    call_command("migrate", verbosity=0, interactive=False)
    if seed.existing_count() == 0:
        print(f"Seeding {couples:,} couples x {days} days first...", flush=True)
        seed.seed(couples=couples, days=days, quiet=True)
    call_command("collectstatic", interactive=False, verbosity=0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: object, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return
        time.sleep(SHORT_WAIT)
    raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
