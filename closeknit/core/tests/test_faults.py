"""Faults as an operator meets them, on a real database and real processes: a task worker
SIGKILLed at named points (closeknit.lib.faults), and a database that refuses
connections. Run on whichever database the suite runs on (SQLite, or PostgreSQL when
DATABASE_URL says so); the worker processes use the test database itself.
"""

import contextlib
import os
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from closeknit.lib.smtpsink import SmtpSink
from closeknit.nudges import delivery, services
from closeknit.nudges.models import EmailDelivery, Notification
from closeknit.prompts.models import DailyQuestion
from conftest import pair_up

REPO = Path(__file__).resolve().parents[3]
WAIT = 60.0  # generous: these must pass on a loaded two-core machine


def database_url() -> str:
    """The test database, as a URL the worker processes can use."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def run_closeknit(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    connection.close()  # SQLite: nothing of ours holds a lock while the child writes
    return subprocess.run(
        [sys.executable, "-m", "closeknit", *args],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": database_url(), **env},
        capture_output=True,
        text=True,
        timeout=WAIT * 2,
    )


def python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_closeknit("shell", "-c", code, **env)


def wait_for(condition: Callable[[], object], what: str, limit: float = WAIT) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {limit:.0f} s for {what}")
        time.sleep(0.2)


@pytest.fixture
def spaces(transactional_db, library, make_person):
    """Five couples, their day not prepared yet."""
    made = []
    for n in range(5):
        a, b = make_person(f"A{n}"), make_person(f"B{n}")
        made.append(pair_up(a, b))
    return made


# --- 2 and 4: a worker killed mid-rollover ------------------------------------------


def test_a_rollover_killed_between_batches_loses_no_notification(spaces):
    killed = python(
        "from closeknit.prompts.rollover import prepare_days; prepare_days(batch_size=2)",
        CLOSEKNIT_FAULT="rollover.questions_written@2",
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # The first batch is complete; the second left nothing half-written.
    assert DailyQuestion.objects.count() == 2
    again = python("from closeknit.prompts.rollover import prepare_days; prepare_days()")
    assert again.returncode == 0, again.stderr
    assert DailyQuestion.objects.count() == 5
    for space in spaces:
        told = Notification.objects.filter(event="question_ready", user__memberships__couple=space)
        assert told.count() == 2, f"both partners of couple {space.pk} hear about the question"


def test_a_task_left_running_by_a_killed_worker_is_run_again(spaces):
    from closeknit.nudges.tasks import prepare_days

    result = prepare_days.enqueue()
    connection.close()
    killed = run_closeknit(
        "worker", "--batch", "--no-reload", "--no-startup-delay",
        CLOSEKNIT_FAULT="rollover.questions_written",
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
    # A new worker takes it back once it has run past the timeout, and finishes it.
    time.sleep(1.1)  # past the one-second timeout below: a bound, not a wait on others
    done = run_closeknit(
        "worker", "--batch", "--no-reload", "--no-startup-delay", CLOSEKNIT_TASK_TIMEOUT="1"
    )
    assert done.returncode == 0, done.stderr
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and len(row.worker_ids) == 2
    assert Notification.objects.filter(event="question_ready").count() == 10


# --- 3: emails after a kill --------------------------------------------------------


@pytest.fixture
def queued_emails(transactional_db, make_person):
    people = [make_person(f"M{n}") for n in range(4)]
    for person in people:
        services.notify(user=person, event="checkin_due", url="/x/", dedupe_key="k")
    assert EmailDelivery.objects.count() == 4
    return people


SEND = "from closeknit.nudges.delivery import deliver_due; deliver_due()"
SEND_LATER = (
    "from datetime import timedelta; from django.utils import timezone; "
    "from closeknit.nudges import delivery; "
    "delivery.deliver_due(now=timezone.now() + delivery.SENDING_TIMEOUT + timedelta(seconds=5))"
)


def smtp_env(sink: SmtpSink) -> dict[str, str]:
    return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "EMAIL_USE_TLS": "false"}


def test_an_email_worker_killed_after_sending_resends_with_the_same_message_id(queued_emails):
    with SmtpSink() as sink:
        killed = python(SEND, CLOSEKNIT_FAULT="email.sent@2", **smtp_env(sink))
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert len(sink.received.messages) == 2
        # Right away nothing is sent again: the dead worker's rows could still be sending.
        assert python(SEND, **smtp_env(sink)).returncode == 0
        assert len(sink.received.messages) == 2
        assert python(SEND_LATER, **smtp_env(sink)).returncode == 0
        ids = sink.received.message_ids()
    # At least once: all four arrived; the one sent just before the kill came twice,
    # with one Message-ID, so it is recognisably the same email.
    assert len(ids) == 5 and len(set(ids)) == 4
    assert ids[1] == ids[2]
    expected = {delivery.message_id(n) for n in Notification.objects.all()}
    assert set(ids) == expected
    assert not EmailDelivery.objects.filter(sent_at__isnull=True).exists()


def test_an_email_worker_killed_before_sending_sends_each_email_once(queued_emails):
    with SmtpSink() as sink:
        killed = python(SEND, CLOSEKNIT_FAULT="email.claimed", **smtp_env(sink))
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert sink.received.messages == []
        assert python(SEND_LATER, **smtp_env(sink)).returncode == 0
        ids = sink.received.message_ids()
        assert sink.received.connections == 1  # one SMTP connection for the whole run
    assert len(ids) == 4 and len(set(ids)) == 4
    assert EmailDelivery.objects.filter(attempts=2, sent_at__isnull=False).count() == 4


# --- 1: a database that refuses connections ---------------------------------------


class TcpProxy:
    """Loopback TCP forwarding to PostgreSQL that can be stopped (connections refused,
    open ones cut) and started again on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._open += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    @staticmethod
    def _pump(a: socket.socket, b: socket.socket) -> None:
        with contextlib.suppress(OSError, ValueError):
            while True:
                ready, _w, _x = select.select([a, b], [], [], 1.0)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (b if sock is a else a).sendall(data)


@contextlib.contextmanager
def worker_process(url: str, **env: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "closeknit", "worker", "--no-reload", "--interval", "0.2"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url, "CLOSEKNIT_DB_CONN_MAX_AGE": "0", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=WAIT)
        if process.poll() is None:
            process.kill()


@pytest.mark.django_db(transaction=True)
def test_a_worker_rides_out_a_database_outage_and_carries_on(tmp_path):
    from closeknit.nudges.tasks import reclaim_tasks

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        proxy = TcpProxy((s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432)))
        url = f"postgres://{s['USER']}@127.0.0.1:{proxy.port}/{s['NAME']}"
        down, up = proxy.stop, proxy.start

        def status(task_id: str) -> str:
            return str(DBTaskResult.objects.get(pk=task_id).status)
    else:
        # SQLite has no server to refuse: the honest equivalent is a database file that
        # cannot be opened as one (a restore half-copied, a disk gone), then comes back.
        real = tmp_path / "db.sqlite3"
        url = f"sqlite:///{real}"
        connection.close()
        good = tmp_path / "copy.sqlite3"

        def down() -> None:
            real.write_bytes(b"this is not a database yet" * 100)

        def up() -> None:
            shutil.copyfile(good, real)

        def status(task_id: str) -> str:
            with contextlib.closing(sqlite3.connect(real, timeout=20)) as db:
                found = db.execute(
                    "select status from django_tasks_database_dbtaskresult where id = ?",
                    (task_id.replace("-", ""),),
                ).fetchone()
            return str(found[0]) if found else "missing"

    first = reclaim_tasks.enqueue()
    if connection.vendor == "sqlite":
        connection.close()
        with (
            contextlib.closing(sqlite3.connect(connection.settings_dict["NAME"])) as source,
            contextlib.closing(sqlite3.connect(good)) as target,
        ):
            source.backup(target)
    down()
    with worker_process(url) as worker:
        # Long enough for several failed tries (each one logged) while the database is down.
        wait_for(lambda: worker.poll() is not None or _logged(worker), "a logged failure")
        assert worker.poll() is None, "the worker gave up while the database was down"
        up()
        wait_for(lambda: status(first.id) == "SUCCESSFUL", "the queued task to run")
        if connection.vendor == "postgresql":
            # A second outage, with the worker already connected: it rides that out too.
            down()
            time.sleep(3)  # the outage itself: a fault's length, not a wait on the worker
            assert worker.poll() is None
            up()
            second = reclaim_tasks.enqueue()
            wait_for(lambda: status(second.id) == "SUCCESSFUL", "a task after the outage")
        assert worker.poll() is None


_output: dict[int, str] = {}


def _logged(worker: subprocess.Popen[str]) -> bool:
    """Whether the worker has said the database is not answering (reads its output)."""
    assert worker.stdout is not None
    ready, _w, _x = select.select([worker.stdout], [], [], 0.5)
    if ready:
        line = worker.stdout.readline()
        _output[worker.pid] = _output.get(worker.pid, "") + line
    return "database is not answering" in _output.get(worker.pid, "")
