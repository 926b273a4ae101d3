"""Load benchmark of the production server, against a seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_big CLOSEKNIT_DATA_DIR=/tmp/ck-bench \\
        .venv/bin/python bench/load.py --duration 20 --out load-postgres

Starts `closeknit serve --no-task-worker --workers 2` on 127.0.0.1 and a free port, with
DJANGO_SETTINGS_MODULE=bench.bench_settings: Closeknit's settings and URLs plus one bare
view (`bench/baseline_urls.py`). Logs in a pool of seeded people by writing their
sessions straight into the session table, gives them API tokens, then runs wrk (50
connections, a Lua script that picks a random person for every request) against each
endpoint for a fixed time. The bare view doing one indexed query is measured first and
last in the same run; the headline is each endpoint's throughput as a share of that
baseline, which stays comparable when the machine is busy with other work. Afterwards it
reads the resident memory of each web worker from /proc.

If the database has no seeded couples yet, it seeds --couples x --days first.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

ANSWER_BODY = json.dumps({"text": "Benchmarking, gently.", "choice": 0, "scale": 3})
HOME_MARKER = 'id="practice-'  # only on the logged-in home page


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # may contain {question_id}
    auth: str  # "none", "session" or "token"
    expect: str = ""  # text a correct answer contains (checked before measuring)
    body: str = ""


BASELINE = Endpoint(
    "baseline: bare view, 1 indexed query", "GET", "/bench/baseline/{couple_id}", "none", expect="("
)
ENDPOINTS = [
    Endpoint("home page", "GET", "/", "session", expect=HOME_MARKER),
    Endpoint("today's question", "GET", "/today/", "session", expect="<form"),
    Endpoint("insights", "GET", "/insights/", "session", expect="<main"),
    Endpoint("API: me", "GET", "/api/v1/me", "token", expect='"email"'),
    Endpoint("API: today's question", "GET", "/api/v1/questions/today", "token", expect='"prompt"'),
    Endpoint(
        "API: answer (edit until reveal)",
        "PUT",
        "/api/v1/questions/{question_id}/answer",
        "token",
        expect='"revealed_now"',
        body=ANSWER_BODY,
    ),
]


@dataclass
class Person:
    user_id: int
    couple_id: int
    question_id: int
    cookie: str
    token: str


# --- Preparing the database ----------------------------------------------------------


def prepare_people(pool: int) -> list[Person]:
    """Sessions and API tokens for the first `pool` seeded people (both partners of
    pool/2 couples), and today's question of each couple."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from closeknit.accounts.models import ApiToken, Session, User, hash_token
    from closeknit.accounts.sessions import SessionStore
    from closeknit.couples.models import Membership
    from closeknit.prompts import services
    from closeknit.prompts.spaces import space_for

    users = list(
        User.objects.filter(email__startswith="bench-", email__endswith="@example.test")
        .filter(memberships__left_at__isnull=True)
        .order_by("pk")[:pool]
    )
    couple_of = dict(
        Membership.objects.current().filter(user__in=users).values_list("user_id", "couple_id")
    )
    questions: dict[int, int] = {}
    for user in users:  # as opening the app would: today's question of each couple
        if couple_of[user.pk] not in questions:
            space = space_for(user)
            question = services.question_for_day(space=space, day=services.today(space=space))
            questions[couple_of[user.pk]] = question.pk
    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    sessions, tokens, people = [], [], []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(
                session_key=key,
                session_data=store.encode(data),
                expire_date=expires,
                user_id=user.pk,
            )
        )
        raw = ApiToken.new_raw()
        tokens.append(ApiToken(user=user, name="bench", token_hash=hash_token(raw), hint=raw[-4:]))
        people.append(
            Person(
                user_id=user.pk,
                couple_id=couple_of[user.pk],
                question_id=questions[couple_of[user.pk]],
                # As a browser has after its first page: the session and a CSRF cookie.
                cookie=f"{settings.SESSION_COOKIE_NAME}={key}; "
                f"{settings.CSRF_COOKIE_NAME}={get_random_string(32)}",
                token=raw,
            )
        )
    Session.objects.bulk_create(sessions, batch_size=1000)
    ApiToken.objects.filter(name="bench").delete()
    ApiToken.objects.bulk_create(tokens, batch_size=1000)
    return people


def requests_for(endpoint: Endpoint, people: list[Person]) -> list[tuple[str, str, dict, str]]:
    """(method, path, headers, body) for every person who may call this endpoint.
    Only one partner of each couple answers, so answers stay editable (no reveal)."""
    chosen = people
    if endpoint.method == "PUT":
        seen: set[int] = set()
        chosen = [p for p in people if not (p.couple_id in seen or seen.add(p.couple_id))]
    result = []
    for person in chosen:
        headers: dict[str, str] = {}
        if endpoint.auth == "session":
            headers["Cookie"] = person.cookie
        elif endpoint.auth == "token":
            headers["Authorization"] = f"Bearer {person.token}"
        if endpoint.body:
            headers["Content-Type"] = "application/json"
        path = endpoint.path.format(question_id=person.question_id, couple_id=person.couple_id)
        result.append((endpoint.method, path, headers, endpoint.body))
    return result


# Pages kept in memory (closeknit.core.pagecache) are what the page endpoints above
# measure once warm. These show the rest: the same pages rendered every time (a server
# with the page cache off), and a mix of people using the app while one couple in ten
# answers, each answer making both partners' kept pages stale.
PAGES = [e for e in ENDPOINTS if e.auth == "session"]
ANSWER = next(e for e in ENDPOINTS if e.method == "PUT")
MIXED = Endpoint(
    "mixed: home, today, insights; 1 request in 10 an answer",
    "MIX",
    "/ · /today/ · /insights/ · PUT answer",
    "session",
)


def mixed_requests(people: list[Person]) -> list[tuple[str, str, dict, str]]:
    pages = [r for e in PAGES for r in requests_for(e, people)]
    answers = requests_for(ANSWER, people)
    wanted = max(1, len(pages) // 9)  # 9 page views to 1 answer
    return pages + [answers[n % len(answers)] for n in range(wanted)]


# --- wrk -----------------------------------------------------------------------------

LUA = r"""
local entries = {
%(entries)s
}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  math.randomseed(os.time() * 100 + (tid or 0))
end
function request()
  local e = entries[math.random(#entries)]
  return wrk.format(e[1], e[2], e[3], e[4])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50": %%d, "p95": %%d, "p99": %%d, ' ..
    '"mean": %%f, "max": %%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
"""


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_lua(requests: list[tuple[str, str, dict, str]], folder: Path, name: str) -> Path:
    lines = []
    for method, path, headers, body in requests:
        header_lua = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
        body_lua = _lua_string(body) if body else "nil"
        lines.append(
            f"  {{{_lua_string(method)}, {_lua_string(path)}, {{{header_lua}}}, {body_lua}}},"
        )
    script = folder / f"{name}.lua"
    script.write_text(LUA % {"entries": "\n".join(lines)})
    return script


@dataclass
class Result:
    name: str
    method: str
    path: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(url: str, script: Path, *, seconds: int, connections: int, threads: int) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = re.search(r"^WRKJSON (.+)$", done.stdout, re.M)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    return json.loads(found.group(1))


def measure(endpoint: Endpoint, script: Path, url: str, args: argparse.Namespace) -> Result:
    if args.warmup:
        run_wrk(
            url, script, seconds=args.warmup, connections=args.connections, threads=args.threads
        )
    stats = run_wrk(
        url, script, seconds=args.duration, connections=args.connections, threads=args.threads
    )
    errors = sum(stats[k] for k in ("connect", "read", "write", "status", "timeout"))
    result = Result(
        name=endpoint.name,
        method=endpoint.method,
        path=endpoint.path,
        requests=stats["requests"],
        seconds=stats["duration_us"] / 1e6,
        errors=errors,
        p50_ms=stats["p50"] / 1000,
        p95_ms=stats["p95"] / 1000,
        p99_ms=stats["p99"] / 1000,
    )
    print(
        f"  {endpoint.name}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
        f"p95 {result.p95_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, {errors} errors",
        flush=True,
    )
    return result


# --- The server ----------------------------------------------------------------------


class Server:
    """`closeknit serve --no-task-worker`, in its own process group so it can be
    stopped completely, whatever happens."""

    def __init__(self, *, workers: int, log: Path, page_cache: bool = True) -> None:
        self.port = common.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(common.REPO), os.environ.get("PYTHONPATH")])
            ),
            "CLOSEKNIT_LOG_LEVEL": "WARNING",
            "DEBUG": "false",
            "CLOSEKNIT_PAGE_CACHE": "true" if page_cache else "false",
        }
        command = [
            sys.executable,
            "-m",
            "closeknit",
            "serve",
            "--no-task-worker",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
        ]
        self.log = log.open("w")
        self.process = subprocess.Popen(
            command,
            env=env,
            cwd=common.REPO,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {self.process.returncode}; see {self.log.name}"
            )
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def workers(self) -> list[int]:
        """The gunicorn worker processes: grandchildren of `closeknit serve`."""
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        masters = [pid for pid, ppid in parents.items() if ppid == self.process.pid]
        return sorted(pid for pid, ppid in parents.items() if ppid in masters)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def memory_of(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
    return int(values["VmRSS"]) / 1024, int(values["VmHWM"]) / 1024


def check(url: str, requests: list[tuple[str, str, dict, str]], endpoint: Endpoint) -> None:
    """A correct answer to a few of the requests, before measuring anything."""
    for method, path, headers, body in requests[:3]:
        request = urllib.request.Request(  # noqa: S310 - our own http:// server
            url + path, method=method, headers=headers, data=body.encode() if body else None
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        if status != 200 or endpoint.expect not in text:
            raise RuntimeError(
                f"{method} {path} answered {status}, not the expected page:\n{text[:500]}"
            )


# --- The whole run -------------------------------------------------------------------


def run(args: argparse.Namespace) -> str:
    from django.db import connections
    from django.urls import Resolver404, resolve

    from bench import seed

    common.seeded(couples=args.couples, days=args.days)
    people = prepare_people(args.pool)
    couples = seed.existing_count()
    connections.close_all()
    endpoints = []
    for endpoint in ENDPOINTS:
        try:
            resolve(endpoint.path.format(question_id=1))
        except Resolver404:
            print(f"  (skipping {endpoint.name}: {endpoint.path} does not exist yet)")
            continue
        endpoints.append(endpoint)
    folder = Path(tempfile.mkdtemp(prefix="ck-load-"))
    scripts = {
        e: write_lua(requests_for(e, people), folder, f"e{i}")
        for i, e in enumerate([BASELINE, *endpoints])
    }
    mixed = write_lua(mixed_requests(people), folder, "mixed")
    server = Server(workers=args.workers, log=folder / "server.log")
    try:
        common.wait_for(server.healthy, timeout=60, what="the server to answer /healthz")
        for endpoint in scripts:
            check(server.url, requests_for(endpoint, people), endpoint)
        print(
            f"Server {server.url}, workers {server.workers()}; {args.duration} s per endpoint, "
            f"{args.connections} connections",
            flush=True,
        )
        first = measure(BASELINE, scripts[BASELINE], server.url, args)
        results = [measure(e, scripts[e], server.url, args) for e in endpoints]
        results.append(measure(MIXED, mixed, server.url, args))
        last = measure(BASELINE, scripts[BASELINE], server.url, args)
        memory = [(pid, *memory_of(pid)) for pid in server.workers()]
        server.stop()
        print("  Again with the page cache off:", flush=True)
        server = Server(workers=args.workers, log=folder / "server.log", page_cache=False)
        common.wait_for(server.healthy, timeout=60, what="the server to answer /healthz")
        for endpoint in PAGES:
            rendered = measure(endpoint, scripts[endpoint], server.url, args)
            rendered.name += ", rendered every time (page cache off)"
            results.append(rendered)
    except BaseException:
        print(f"The server's log is kept in {folder / 'server.log'}", file=sys.stderr)
        raise
    else:
        server.stop()
        shutil.rmtree(folder)
    finally:
        server.stop()
    return report(args, first, last, results, memory, couples=couples)


def report(
    args: argparse.Namespace,
    first: Result,
    last: Result,
    results: list[Result],
    memory: list[tuple[int, float, float]],
    *,
    couples: int,
) -> str:
    base_rps = (first.rps + last.rps) / 2
    base_p50 = (first.p50_ms + last.p50_ms) / 2
    rows = []
    for label, result in (
        ("baseline (before)", first),
        *((r.name, r) for r in results),
        ("baseline (after)", last),
    ):
        rows.append(
            (
                label,
                f"`{result.method} {result.path}`",
                f"{result.rps:,.0f}",
                f"**{result.rps / base_rps:.2f}**",
                f"{result.p50_ms:.1f}",
                f"{result.p95_ms:.1f}",
                f"{result.p99_ms:.1f}",
                f"{result.p50_ms / base_p50:.1f}x",
                f"{result.errors:,}",
                f"{result.requests:,}",
            )
        )
    lines = [
        f"### Load: {common.backend_name()}, {couples:,} seeded couples",
        "",
        f"`closeknit serve --no-task-worker --workers {args.workers}` (gunicorn gthread, 4 "
        f"threads each); wrk with {args.connections} connections and {args.threads} threads, "
        f"{args.duration} s per endpoint after a {args.warmup} s warm-up; a random one of "
        f"{args.pool} logged-in people per request. Throughput ratio = endpoint req/s ÷ "
        f"baseline req/s (mean of the baseline before and after: {base_rps:,.0f} req/s). "
        "Errors = socket errors, timeouts and HTTP 4xx/5xx. The pages are served from "
        "each person's kept copy once warm (closeknit.core.pagecache); the mixed run "
        "keeps making copies stale, and the last rows come from a server with the page "
        "cache off, measured against the same baseline.",
        "",
        common.md_table(
            [
                "endpoint",
                "request",
                "req/s",
                "ratio to baseline",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "p50 vs baseline",
                "errors",
                "requests",
            ],
            rows,
        ),
        "",
        "Resident memory of each web worker after the run:",
        "",
        common.md_table(
            ["worker pid", "RSS MiB (now)", "peak RSS MiB (VmHWM)"],
            [(pid, f"{rss:.0f}", f"{hwm:.0f}") for pid, rss, hwm in memory],
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Load benchmark of `closeknit serve`.")
    parser.add_argument("--duration", type=int, default=20, help="seconds per endpoint")
    # Long enough for both workers to keep a copy of every person's page (200 people x 3
    # pages x 2 workers, each rendered once at 10-20 ms) before the steady state is timed.
    # 20 s: after 10 s a few people's pages were still unkept in one of the workers, and
    # their renders made the p99 of today's page (300 ms against 75 ms once warm).
    parser.add_argument("--warmup", type=int, default=20, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--pool", type=int, default=200, help="logged-in people to spread over")
    parser.add_argument("--couples", type=int, default=500, help="seed this many if none yet")
    parser.add_argument("--days", type=int, default=30, help="days of history when seeding")
    common.run_script(parser, "load", run, argv)


if __name__ == "__main__":
    main()
