"""The words near a person: the box a search looks in is exact at its edges and a phrase stays
a phrase on both databases, and PostgreSQL finds them through its GiST index of place boxes
and words (migration search.0006, ADR 12)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.search import lexical
from joinedup.search.models import SearchEntry
from joinedup.search.services import rebuild_index

LAT, LNG, KM = 51.46, -2.56, 5.0
SOUTH, NORTH, WEST, EAST = lexical.box(LAT, LNG, KM)
# A ten-millionth of a degree is about a centimetre: inside PostgreSQL's geometric tolerance.
HAIR = 1e-7
PLACES = {
    "On the north edge": (NORTH, LNG),
    "Just past the north edge": (NORTH + HAIR, LNG),
    "Just past the west edge": (LAT, WEST - HAIR),
    "In the middle": (LAT, LNG),
    "Money and housing advice": (LAT, LNG),
}


@pytest.fixture
def edges(words_only, make_service):
    make_service("Online advice", "Money advice by phone.", online=True)
    for name in PLACES:
        make_service(name, "Money advice." if "Money" not in name else "Debt and rent help.")
    rebuild_index()
    for name, (lat, lng) in PLACES.items():
        SearchEntry.objects.filter(name=name).update(
            min_latitude=lat, max_latitude=lat, min_longitude=lng, max_longitude=lng
        )


def names(scores: dict[int, float]) -> set[str]:
    return set(SearchEntry.objects.filter(id__in=scores).values_list("name", flat=True))


def test_the_box_is_exact_at_its_edges(edges):
    found = names(lexical.lexical_scores([["advice"]], near=(LAT, LNG, KM)))
    assert found == {
        "Online advice",
        "On the north edge",
        "In the middle",
        "Money and housing advice",
    }


def test_a_phrase_near_a_person_is_still_a_phrase(edges):
    # "Money and housing advice" has both words, but not together.
    found = names(lexical.lexical_scores([["money advice"]], near=(LAT, LNG, KM)))
    assert found == {"Online advice", "On the north edge", "In the middle"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GiST index is PostgreSQL's")
def test_postgresql_finds_the_words_near_a_person_through_its_gist_index(edges):
    """The statement's conditions are the ones the GiST index serves. Which index the planner
    takes depends on the table's statistics: with those of a handful of rows it rightly takes
    another, so they are cleared in this test's transaction (rolled back after), as on a table
    never analysed. At 100,000 services with statistics it takes this one (2.9 ms for "debt
    advice" near BS5; ADR 38)."""
    with CaptureQueriesContext(connection) as captured:
        lexical.lexical_scores([["advice"]], near=(LAT, LNG, KM))
    # The statement that finds the matches and reads their words (`pg_words._matched`); the
    # others read the index's totals.
    (query,) = [q for q in captured.captured_queries if "LATERAL unnest" in q["sql"]]
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("clearing a table's statistics needs a superuser")
        cursor.execute("DELETE FROM pg_statistic WHERE starelid = %s::regclass", [table])
        cursor.execute("UPDATE pg_class SET reltuples = -1 WHERE oid = %s::regclass", [table])
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_near_words" in plan, plan
