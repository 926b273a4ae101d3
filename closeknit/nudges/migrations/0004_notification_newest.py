from django.conf import settings
from django.db import migrations, models

from closeknit.lib.migration_ops import AddIndexWithoutLocking, RemoveIndexWithoutLocking


class Migration(migrations.Migration):
    # Notifications are one of the biggest tables: on PostgreSQL the index is built
    # CONCURRENTLY, which cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("nudges", "0003_drop_redundant_user_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="notification",
            index=models.Index(fields=["user", "-created_at", "-id"], name="notification_newest"),
        ),
        RemoveIndexWithoutLocking(
            model_name="notification",
            name="nudges_noti_user_id_f32fed_idx",
        ),
    ]
