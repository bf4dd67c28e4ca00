# An audit event's time is set when it is recorded (default=timezone.now) rather than when the
# row is saved (auto_now_add), so events written together by `audit.batch` keep their order.
# The column is the same on both databases (Django sets the value, not the database): only
# Django's state changes. SQLite would otherwise copy the whole audit table to "alter" it.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="created_at",
                    field=models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
