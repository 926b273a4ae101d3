"""closeknit backup / restore: a round trip that loses nothing, on SQLite and PostgreSQL,
and a raw database dump that shows no private text."""

import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from closeknit.accounts.models import User
from closeknit.prompts import services as daily
from closeknit.prompts.models import Answer, DailyQuestion

SECRET = "the-words-only-we-know"


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(library, owner, partner, couple, tmp_path):
    question = daily.question_today(user=owner)
    daily.answer_save(user=owner, question_id=question.pk, text=SECRET, choice=0, scale=3)
    before = (User.objects.count(), DailyQuestion.objects.count(), Answer.objects.count())

    target = tmp_path / "backup.bin"
    call_command("backup", "--output", str(target))
    assert target.stat().st_size > 0

    Answer.objects.all().delete()
    User.objects.filter(pk=partner.pk).delete()
    call_command("restore", str(target), "--yes")

    after = (User.objects.count(), DailyQuestion.objects.count(), Answer.objects.count())
    assert after == before
    assert Answer.objects.get(user_id=owner.pk).text == SECRET


@pytest.mark.django_db(transaction=True)
def test_a_raw_dump_shows_no_private_text(library, owner, partner, couple, tmp_path):
    question = daily.question_today(user=owner)
    daily.answer_save(user=owner, question_id=question.pk, text=SECRET, choice=0, scale=3)
    target = tmp_path / "raw.bin"
    call_command("backup", "--output", str(target))
    if connection.vendor == "postgresql":
        dumped = subprocess.run(
            ["pg_restore", "--file=-", str(target)], capture_output=True, check=True
        ).stdout
    else:
        dumped = target.read_bytes()
    assert b"Robin" in dumped  # the dump is real and readable...
    assert SECRET.encode() not in dumped  # ...but the answer is not in it


def test_restore_refuses_a_missing_or_wrong_file(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nope"), "--yes")
    junk = tmp_path / "junk"
    junk.write_text("not a database")
    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--yes")
