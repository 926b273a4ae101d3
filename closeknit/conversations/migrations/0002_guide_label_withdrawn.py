from typing import Any

from django.db import migrations, models


def apply_earlier_leavings(apps: Any, schema_editor: Any) -> None:
    """Labels kept before leaving and deletion reached them (issue 22): a starter who
    left taking their entries takes the label now; a deleted starter's label is blanked."""
    Guide = apps.get_model("conversations", "Guide")
    Membership = apps.get_model("couples", "Membership")
    taken = Membership.objects.filter(left_at__isnull=False, entries_stay=False)
    for couple_id, user_id in taken.values_list("couple_id", "user_id"):
        Guide.objects.filter(couple_id=couple_id, started_by_id=user_id).update(
            label_withdrawn=True
        )
    Guide.objects.filter(started_by__isnull=True).update(label="")


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0001_initial"),
        ("couples", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="guide",
            name="label_withdrawn",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(apply_earlier_leavings, migrations.RunPython.noop, elidable=True),
    ]
