"""The index's version, moved on by the database whenever a SearchEntry row changes (ADR 20
addendum: a per-process copy of the index checks one row per search instead of counting the
index)."""

import secrets

from django.db import migrations, models

# SQLite: row triggers (it has no statement triggers); an upsert, so the row exists after any
# change, starting from a random number.
_SQLITE_BUMP = (
    "INSERT INTO search_indexversion (id, changes) "
    "VALUES (1, abs(random() % 1000000000000000)) "
    "ON CONFLICT (id) DO UPDATE SET changes = changes + 1;"
)
SQLITE = [
    f"CREATE TRIGGER search_entry_{event.lower()}_version AFTER {event} ON search_searchentry "
    f"BEGIN {_SQLITE_BUMP} END"
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS search_entry_{event.lower()}_version"
    for event in ("INSERT", "UPDATE", "DELETE")
]
# PostgreSQL: once a statement, truncation included (a test database's flush).
POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION search_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "INSERT INTO search_indexversion (id, changes) "
    "VALUES (1, floor(random() * 1e15)::bigint) "
    "ON CONFLICT (id) DO UPDATE SET changes = search_indexversion.changes + 1; "
    "RETURN NULL; "
    "END $$",
    "CREATE TRIGGER search_entry_changed AFTER INSERT OR UPDATE OR DELETE "
    "ON search_searchentry FOR EACH STATEMENT EXECUTE FUNCTION search_index_changed()",
    "CREATE TRIGGER search_entry_truncated AFTER TRUNCATE "
    "ON search_searchentry FOR EACH STATEMENT EXECUTE FUNCTION search_index_changed()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_changed ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_truncated ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_index_changed()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _first_version(apps, schema_editor):
    # An index that already has rows is usable before its next change.
    apps.get_model("search", "IndexVersion").objects.create(id=1, changes=secrets.randbelow(10**15))


class Migration(migrations.Migration):
    dependencies = [("search", "0008_need_phrases")]

    operations = [
        migrations.CreateModel(
            name="IndexVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changes", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(_first_version, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
