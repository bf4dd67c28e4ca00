"""The category ids on each index row (for facet counts) and, on SQLite, a `tags` column in
the FTS5 table holding each entry's filters as words (see `joinedup.search.tags`).

Existing rows are filled in here, so an upgraded index works without a rebuild.
"""

from django.db import migrations, models

from joinedup.search import tags

FTS5 = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "name, body, organisation, terms, tags, tokenize = 'porter unicode61 remove_diacritics 2')"
)
FTS5_BEFORE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "name, body, organisation, terms, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def _term_ids(apps):
    Attribute = apps.get_model("directory", "Attribute")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    parents = dict(TaxonomyTerm.objects.values_list("id", "parent_id"))
    per_service = {}
    for service_id, term_id in Attribute.objects.filter(link_entity="service").values_list(
        "link_id", "taxonomy_term_id"
    ):
        chain = per_service.setdefault(service_id, [])
        current = term_id
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
    return per_service


def forwards(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    per_service = _term_ids(apps)
    changed = []
    for entry in SearchEntry.objects.defer("embedding", "vector").iterator(chunk_size=2000):
        ids = per_service.get(entry.service_id)
        if ids:
            entry.term_ids = f" {' '.join(str(t) for t in ids)} "
            changed.append(entry)
    SearchEntry.objects.bulk_update(changed, ["term_ids"], batch_size=2000)
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    schema_editor.execute(FTS5)
    rows = []
    for entry in SearchEntry.objects.defer("embedding", "vector").iterator(chunk_size=2000):
        rows.append(
            (entry.id, entry.name, entry.body, entry.organisation, entry.terms,
             tags.entry_tags(entry))
        )
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_fts (rowid, name, body, organisation, terms, tags) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    schema_editor.execute(FTS5_BEFORE)
    schema_editor.execute(
        "INSERT INTO search_fts (rowid, name, body, organisation, terms) "
        "SELECT id, name, body, organisation, terms FROM search_searchentry"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0001_initial"),
        ("search", "0003_semantic_place_accessibility"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="term_ids",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
