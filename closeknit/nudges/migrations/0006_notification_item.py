from django.db import migrations, models

from closeknit.lib.migration_ops import AddIndexWithoutLocking


class Migration(migrations.Migration):
    # Built CONCURRENTLY on PostgreSQL (a scan of one of the biggest tables), which
    # cannot run inside a transaction.
    atomic = False

    dependencies = [("nudges", "0005_waiting")]

    operations = [
        AddIndexWithoutLocking(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("item__isnull", False)), fields=["item"], name="notification_item"
            ),
        ),
    ]
