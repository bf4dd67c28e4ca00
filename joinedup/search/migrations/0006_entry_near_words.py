"""PostgreSQL: a GiST index over each entry's place box (a geometric `box`, built in) and its
words without positions, so a search near a person finds the entries in its box that have its
words in one index scan (ADR 12). SQLite keeps its (id, box) index: there the words come first.
"""

from django.db import migrations

BOX = "box(point(min_longitude, min_latitude), point(max_longitude, max_latitude))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_entry_near_words ON search_searchentry "
            f"USING gist (({BOX}), strip(vector))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_near_words")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_entry_id_box")]
    operations = [migrations.RunPython(create, drop)]
