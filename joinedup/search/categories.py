"""The names and parents of categories, as a search reads them: for the candidates' branches
(`situations.families`) and the facets' labels (`cards.term_names`), each once a search.

One statement straight through the cursor, with the ids as one parameter: building the ORM's
query for a few dozen ids cost more than running it (ADR 20). Not kept between searches: no
column tells another app server that a category was renamed (ADR 12).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable

from django.db import connection

from joinedup.directory.models import TaxonomyTerm

_TABLE = TaxonomyTerm._meta.db_table
_ID = TaxonomyTerm._meta.get_field("id").column
_NAME = TaxonomyTerm._meta.get_field("name").column
_PARENT = TaxonomyTerm._meta.get_field("parent").column


_HEX = frozenset("0123456789abcdef")


def _text(value: object) -> str:
    # SQLite keeps a UUID as 32 hex digits, PostgreSQL as a uuid: both read as str(UUID). The
    # digits Django writes (lower case) are put in str(UUID)'s groups without building one.
    if isinstance(value, str) and len(value) == 32 and _HEX.issuperset(value):
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def names_and_parents(ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """Category id → (name, parent id or None), ids as text (`str(uuid)`), for those of these
    ids that name a category."""
    wanted = [uuid.UUID(i) for i in dict.fromkeys(ids)]
    if not wanted:
        return {}
    param: object
    if connection.vendor == "postgresql":
        among, param = "SELECT unnest(%s::uuid[])", [str(i) for i in wanted]
    else:
        among, param = "SELECT value FROM json_each(%s)", json.dumps([i.hex for i in wanted])
    sql = f"SELECT {_ID}, {_NAME}, {_PARENT} FROM {_TABLE} WHERE {_ID} IN ({among})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        rows = cursor.fetchall()
    return {
        _text(pk): (name, _text(parent) if parent is not None else None)
        for pk, name, parent in rows
    }
