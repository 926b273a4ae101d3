"""Run the whole benchmark suite and write bench/RESULTS.md.

    .venv/bin/python bench/run.py            # small: about ten minutes
    make bench                              # the same

Small by default (500 couples x 30 days, 20 s per load test, 5,000 couples for the
rollover). The full size is in docs/benchmarks.md. Every benchmark runs in its own
throwaway database (PostgreSQL bench_* databases, or SQLite files in the data
directory), made from a migrated template so migrations run once per backend; they are
dropped at the end. Each benchmark also writes bench/results/<name>.md.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

RESULTS = common.REPO / "bench" / "RESULTS.md"


class Databases:
    """Throwaway databases cloned from one migrated template per backend."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.templates: dict[str, str] = {}
        self.made: list[str] = []

    def template(self, backend: str) -> str:
        if backend not in self.templates:
            url = common.create_database(backend, f"suite_template_{os.getpid()}")
            self.made.append(url)
            script(["-m", "closeknit", "migrate", "--noinput", "-v0"], self.env, url)
            self.templates[backend] = url
        return self.templates[backend]

    def fresh(self, backend: str, name: str) -> str:
        template = self.template(backend)
        url = common.create_database(backend, f"suite_{name}_{os.getpid()}", template=template)
        self.made.append(url)
        return url

    def drop_all(self) -> None:
        for url in reversed(self.made):
            common.drop_database(url)


def script(args: list[str], env: dict[str, str], url: str) -> None:
    command = [sys.executable, *args]
    print(f"\n$ DATABASE_URL={url} {' '.join(['python', *args])}", flush=True)
    subprocess.run(command, env={**env, "DATABASE_URL": url}, cwd=common.REPO, check=True)


def steps(
    args: argparse.Namespace, backend: str, *, load: bool
) -> list[tuple[str, list[str], str]]:
    """(result name, command, database): "seeded" is the database seed.py fills and
    load.py then measures; any other name is a fresh database for that step."""
    jobs = str(args.jobs if backend == "postgres" else 1)
    found = [
        (f"seed-{backend}", ["bench/seed.py", "--couples", str(args.couples), "--days",
                             str(args.days), "--jobs", jobs, "--quiet"], "seeded"),
        (f"load-{backend}", ["bench/load.py", "--duration", str(args.duration), "--pool",
                             str(args.pool)], "seeded"),
        (f"cpu-{backend}", ["bench/cpu.py", "--requests", str(args.cpu_requests), "--pool",
                            str(args.pool)], "seeded"),
        (f"history-{backend}", ["bench/history.py", "--rounds", str(args.rounds)], "history"),
        (f"rollover-{backend}", ["bench/rollover.py", "--couples",
                                 str(args.rollover_couples), "--jobs", jobs], "rollover"),
        (f"rollover-year-{backend}", ["bench/rollover.py", "--couples",
                                      str(args.rollover_year_couples), "--history-days", "365",
                                      "--jobs", jobs], "rollover_year"),
    ]  # fmt: skip
    if not load:
        found = [step for step in found if not step[0].startswith("load-")]
    if backend != "postgres" or not args.rollover_year_couples:
        found = [step for step in found if not step[0].startswith("rollover-year-")]
    return found


def section(name: str) -> str:
    path = common.RESULTS_DIR / f"{name}.md"
    return path.read_text().strip() if path.exists() else f"({name}: no result, see the log)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the benchmark suite (small by default).")
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--load-on", default="postgres", help="backends for the load test")
    parser.add_argument("--couples", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=1, help="seeding processes (PostgreSQL)")
    parser.add_argument("--duration", type=int, default=20, help="seconds per load test")
    parser.add_argument("--pool", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=30, help="requests per page, history")
    parser.add_argument("--cpu-requests", type=int, default=300, help="per endpoint, cpu.py")
    parser.add_argument("--rollover-couples", type=int, default=5000)
    parser.add_argument(
        "--rollover-year-couples",
        type=int,
        default=1000,
        help="also roll over this many couples with a year of history (PostgreSQL; 0: no)",
    )
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)

    common.prepare_environment()
    started = time.perf_counter()
    begun = datetime.now(UTC)
    machine = common.machine()
    env = {**os.environ, "PYTHONPATH": str(common.REPO)}
    env.pop("DATABASE_URL", None)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    load_on = {b.strip() for b in args.load_on.split(",")}
    has_wrk = shutil.which("wrk") is not None
    names: list[str] = []
    databases = Databases(env)
    try:
        for backend in backends:
            seeded = databases.fresh(backend, "load")  # seeded once, then load-tested
            for name, command, database in steps(args, backend, load=backend in load_on):
                if name.startswith("load-") and not has_wrk:
                    continue
                url = seeded if database == "seeded" else databases.fresh(backend, database)
                names.append(name)
                script([*command, "--out", name], env, url)
    finally:
        databases.drop_all()
    minutes = (time.perf_counter() - started) / 60
    command = " ".join(["python bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    load_after = " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    parts = [
        "# Benchmark results",
        "",
        f"Run on {begun:%Y-%m-%d %H:%M} UTC with `{command}`; it took {minutes:.1f} "
        "minutes. docs/benchmarks.md explains the benchmarks and the full-size run.",
        "",
        "Absolute figures depend on whatever else the machine runs (the load averages are in "
        "the table below; on this shared virtual machine the same code has measured 108 and "
        "215 home pages a second twenty minutes apart). Compare the ratios: each load test "
        "against the bare-view baseline measured in the same run, CPU per request against "
        "the baseline's (which a busy machine barely moves), history growth against the "
        "1-day couple measured alternately.",
        "",
        common.md_table(
            ["machine", ""], [*machine, ("Load average at the end (1/5/15 min)", load_after)]
        ),
    ]
    if not has_wrk:
        parts += ["", "Load tests skipped: wrk is not installed (`apt-get install -y wrk`)."]
    for name in names:
        parts += ["", section(name)]
    Path(args.output).write_text("\n".join(parts).rstrip() + "\n")
    print(f"\nWrote {args.output} in {minutes:.1f} minutes.")


if __name__ == "__main__":
    main()
