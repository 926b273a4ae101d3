"""How fast notification emails go out: N queued emails, sent to a local SMTP sink on
loopback (closeknit.lib.smtpsink) by `deliver_due`, as the task worker runs it.

    CLOSEKNIT_DATA_DIR=/tmp/ck-bench .venv/bin/python bench/email_delivery.py \
        --emails 2000 --db sqlite

Prints emails per minute and how many SMTP connections were opened. A real relay adds
its own latency per connection (TLS, authentication), which is what reusing one
connection per batch saves; on loopback the figure is mostly Closeknit's own cost.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from closeknit.lib.smtpsink import SmtpSink


def seed_emails(n: int) -> None:
    from django.utils import timezone

    from closeknit.accounts.models import User
    from closeknit.nudges.models import EmailDelivery, Notification

    now = timezone.now()
    User.objects.bulk_create(
        User(email=f"mail{i}@bench.test", display_name=f"M{i}") for i in range(n)
    )
    users = User.objects.filter(email__endswith="@bench.test")
    Notification.objects.bulk_create(
        Notification(user=u, event="checkin_due", url="/checkins/", dedupe_key="bench")
        for u in users
    )
    EmailDelivery.objects.bulk_create(
        EmailDelivery(notification=n_, send_after=now)
        for n_ in Notification.objects.filter(dedupe_key="bench")
    )


def run(args: argparse.Namespace) -> str:
    from django.core.management import call_command

    from closeknit.nudges import delivery
    from closeknit.nudges.models import EmailDelivery

    call_command("migrate", verbosity=0, interactive=False)
    seed_emails(args.emails)
    sink: SmtpSink = args.sink
    started = time.perf_counter()
    while EmailDelivery.objects.filter(sent_at__isnull=True, skipped="").exists():
        delivery.deliver_due()
    seconds = time.perf_counter() - started
    got = len(sink.received.messages)
    assert got == args.emails, f"the sink received {got} of {args.emails}"
    per_minute = args.emails / seconds * 60
    return "\n".join(
        [
            f"## Email delivery ({common.backend_name()}, SMTP sink on loopback)",
            "",
            "| emails | seconds | emails/minute | SMTP connections |",
            "|---:|---:|---:|---:|",
            f"| {args.emails:,} | {seconds:.1f} | {per_minute:,.0f} | "
            f"{sink.received.connections:,} |",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time notification email delivery.")
    parser.add_argument("--emails", type=int, default=2000)
    with SmtpSink() as sink:
        # Before Django reads its settings: the SMTP backend, pointed at the sink.
        os.environ.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(sink.port))
        os.environ.update(EMAIL_USE_TLS="false", EMAIL_USE_SSL="false")
        parser.set_defaults(sink=sink)
        common.run_script(parser, "email_delivery", run, argv)


if __name__ == "__main__":
    main()
