"""bm25's length of each index row on PostgreSQL, kept beside its vector (ADR 7, twelfth
session): the database's totals for the word ranking are then a sum, not a read of every
vector. Filled here for the rows already indexed; SQLite keeps 0 (FTS5 has its own).

SQLite adds a NOT NULL column by building the table again, which drops its triggers: the
index's version triggers (migration 0009) are made again after it."""

import importlib

from django.db import migrations, models

_VERSION = importlib.import_module("joinedup.search.migrations.0009_index_version")


def version_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*_VERSION.SQLITE_DROP, *_VERSION.SQLITE]:
        schema_editor.execute(statement)


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("search", "SearchEntry")._meta.db_table
    schema_editor.execute(
        f"UPDATE {table} SET words_length = "  # noqa: S608 (constants)
        "(SELECT COALESCE(MAX(p), 0) FROM unnest(vector) AS u, unnest(u.positions) AS p)"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0009_index_version")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="words_length",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(version_triggers_again, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
