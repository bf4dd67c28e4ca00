"""bm25's length of each index row on PostgreSQL, kept beside its vector (ADR 7, twelfth
session): the database's totals for the word ranking are then a sum, not a read of every
vector. Filled here for the rows already indexed; SQLite keeps 0 (FTS5 has its own)."""

from django.db import migrations, models


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
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
