import datetime

from django.db import migrations, models


def start_the_clock(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Nobody is "quiet" on the day this arrives: everyone starts as if they opened
    # Closeknit today, so a partner who drifted before then is noticed a week later,
    # not never (an empty date means "unknown", which is never quiet).
    User = apps.get_model("accounts", "User")
    User.objects.filter(last_opened_on__isnull=True).update(
        last_opened_on=datetime.datetime.now(datetime.UTC).date()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_waiting"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="last_opened_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(start_the_clock, migrations.RunPython.noop, elidable=True),
    ]
