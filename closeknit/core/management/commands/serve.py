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

INSECURE_MARKERS = ("django-insecure", "change", "secret", "example", "default")


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
        children: list[subprocess.Popen[bytes]] = [subprocess.Popen(web_cmd)]
        if not options["no_task_worker"]:
            worker_cmd = [sys.executable, "-m", "closeknit", "worker", "--no-reload"]
            children.append(subprocess.Popen(worker_cmd))
        self.stdout.write(self.style.SUCCESS(f"Closeknit is running at http://{bind}/"))
        self.stdout.write("Press Ctrl+C to stop.")

        def stop(signum: int, _frame: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # When either process ends, stop the other: half a Closeknit is worse than none.
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        stop(signal.SIGTERM, None)
        codes = [child.wait(timeout=30) for child in children]
        if any(code not in (0, -signal.SIGTERM) for code in codes):
            raise CommandError(f"Closeknit stopped with exit codes {codes}.")
