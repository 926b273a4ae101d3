"""`closeknit serve`: the production web server (gunicorn) and a task worker together."""

import json
import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from closeknit.core import health

INSECURE_MARKERS = ("django-insecure", "change", "secret", "example", "default")
RESTART_FIRST = 1.0  # seconds before a dead task worker is started again; doubles...
RESTART_LONGEST = 60.0  # ...up to this while it keeps dying
RESTART_HEALTHY = 120.0  # a worker that ran this long starts the next count afresh


def check_production_settings() -> None:
    """Refuse to serve with settings that are only fit for development."""
    if settings.DEBUG:
        raise CommandError(
            "DEBUG is on. `closeknit serve` is the production server; unset DEBUG "
            "(or set DEBUG=false) to use it."
        )
    key = settings.SECRET_KEY
    if len(key) < 32 or any(marker in key.lower() for marker in INSECURE_MARKERS):
        raise CommandError(
            "SECRET_KEY looks like a default or is too short (under 32 characters). Unset it "
            "to have one generated into the data directory, or set a long random value."
        )


def site_url_warning(*, host: str, site_url: str) -> str:
    """Emails and invitation links need the public address. Without CLOSEKNIT_SITE_URL
    they are built from each request, and emails sent by the task worker (which has no
    request) carry no link at all: fine on one's own laptop, not for a served site."""
    local = host in {"localhost", "::1", "[::1]"} or host.startswith("127.")
    if site_url or local:
        return ""
    return (
        f"Warning: CLOSEKNIT_SITE_URL is not set, and Closeknit is serving on {host}, not "
        "just this machine. Links in emails and invitations may point to the wrong address. "
        "Set it to the address people open, e.g. CLOSEKNIT_SITE_URL=https://closeknit.example.org"
    )


MANIFEST = "staticfiles.json"


def static_files_stale() -> str:
    """Why the collected static files can't be served as they are ("" when they can).

    The production storage serves hashed names from a manifest; without it every page
    fails to render (a bare 500). Stale means a source file is missing from the manifest
    or newer than it (after an upgrade or `npm ci`)."""
    manifest = Path(settings.STATIC_ROOT) / MANIFEST
    if not manifest.exists():
        return "missing"
    try:
        paths = json.loads(manifest.read_text(encoding="utf-8")).get("paths", {})
    except (OSError, ValueError):
        return "unreadable"
    collected_at = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            prefix = getattr(storage, "prefix", None)  # STATICFILES_DIRS' ("vendor/htmx", dir)
            if (f"{prefix}/{path}" if prefix else path) not in paths:
                return "out of date"
            if Path(storage.path(path)).stat().st_mtime > collected_at:
                return "out of date"
    return ""


def ensure_static_files(write: Any) -> None:
    """Collect the static files at start when they are missing or out of date, so that
    `closeknit serve` works without a separate `collectstatic` step."""
    if "Manifest" not in settings.STORAGES["staticfiles"]["BACKEND"]:
        return  # served straight from the apps (development and tests)
    why = static_files_stale()
    if not why:
        return
    write(f"Static files are {why}: collecting them into {settings.STATIC_ROOT} ...")
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except Exception as exc:  # any failure here means pages cannot render
        raise CommandError(
            f"Collecting static files failed ({exc}). Run `closeknit collectstatic --noinput` "
            "and fix what it reports, then start again."
        ) from exc


class Command(BaseCommand):
    help = "Serve Closeknit with gunicorn and run a task worker alongside it."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("CLOSEKNIT_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("CLOSEKNIT_PORT", "8000"))
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("CLOSEKNIT_WEB_WORKERS", "2")),
            help="Web worker processes (default: 2, or CLOSEKNIT_WEB_WORKERS).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("CLOSEKNIT_WEB_THREADS", "4")),
            help="Threads per web worker (default: 4, or CLOSEKNIT_WEB_THREADS).",
        )
        parser.add_argument(
            "--connections",
            type=int,
            default=int(os.environ.get("CLOSEKNIT_WEB_CONNECTIONS", "0")),
            help="Most connections one web worker holds (default: 8 per thread, or "
            "CLOSEKNIT_WEB_CONNECTIONS).",
        )
        parser.add_argument(
            "--no-task-worker",
            action="store_true",
            help="Serve only; run `closeknit worker` elsewhere (for several app servers).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_production_settings()
        self.check()
        problem = health.preflight()
        if problem:
            raise CommandError(problem)
        warning = site_url_warning(host=options["host"], site_url=settings.CLOSEKNIT_SITE_URL)
        if warning:
            self.stderr.write(self.style.WARNING(warning))
        ensure_static_files(self.stdout.write)
        bind = f"{options['host']}:{options['port']}"
        web_cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "closeknit.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            # Kept-alive connections stay with the worker that accepted them. Uncapped, one
            # worker can end up holding every connection of a proxy's keep-alive pool (or
            # of a load test) while the other idles: half the throughput, measured. A
            # worker at its cap stops accepting, and beyond cap - threads it closes
            # connections after their response, so clients reconnect to the other.
            "--worker-connections",
            str(options["connections"] or 8 * options["threads"]),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "20",
        ]
        web = subprocess.Popen(web_cmd)
        worker_cmd = [sys.executable, "-m", "closeknit", "worker", "--no-reload"]
        worker = None if options["no_task_worker"] else subprocess.Popen(worker_cmd)
        self.stdout.write(self.style.SUCCESS(f"Closeknit is running at http://{bind}/"))
        self.stdout.write("Press Ctrl+C to stop.")
        stopping = False

        def stop(signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True
            for child in (web, worker):
                if child is not None and child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # The web server is what people reach: when it ends, Closeknit ends. A task worker
        # that dies (killed, out of memory) is started again, after a growing pause if it
        # keeps dying; pages go on being served meanwhile.
        pause, restart_at, started = RESTART_FIRST, 0.0, time.monotonic()
        while web.poll() is None and not stopping:
            if worker is not None and worker.poll() is not None:
                now = time.monotonic()
                if restart_at == 0.0:
                    self.stderr.write(
                        f"The task worker stopped (exit code {worker.returncode}); "
                        f"starting it again in {pause:.0f} s."
                    )
                    restart_at = now + pause
                elif now >= restart_at:
                    worker = subprocess.Popen(worker_cmd)
                    started = now
                    restart_at = 0.0
                    pause = min(pause * 2, RESTART_LONGEST)
            elif worker is not None and time.monotonic() - started > RESTART_HEALTHY:
                pause = RESTART_FIRST
            time.sleep(0.5)
        stop(signal.SIGTERM, None)
        codes = [web.wait(timeout=30)]
        if worker is not None:
            codes.append(worker.wait(timeout=30))
        if codes[0] not in (0, -signal.SIGTERM):
            raise CommandError(f"Closeknit stopped with exit codes {codes}.")
