"""Category ids read back from either database are the text of the UUID (ADR 20)."""

from __future__ import annotations

import uuid

from joinedup.search import categories


def test_an_id_reads_as_the_uuid_s_text_however_the_database_holds_it():
    for _ in range(200):
        pk = uuid.uuid4()
        # SQLite's 32 digits, PostgreSQL's uuid, and text with dashes or in capitals.
        for held in (pk.hex, pk, str(pk), pk.hex.upper()):
            assert categories._text(held) == str(pk)
