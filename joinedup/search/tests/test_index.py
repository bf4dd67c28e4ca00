from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from joinedup.directory.models import Service
from joinedup.search.engine import search
from joinedup.search.models import SearchEntry
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index, reindex_service


def test_load_demo_indexes_every_demo_service(demo_place):
    # `make demo` runs no separate index step: the demo must be searchable as loaded.
    assert SearchEntry.objects.count() == Service.objects.count() == 165
    assert not SearchEntry.objects.filter(embedding=None).exists()


@pytest.mark.slow
def test_index_command_rebuilds_every_demo_service(demo_place):
    SearchEntry.objects.filter(name__startswith="D").delete()
    call_command("index", verbosity=0)
    assert SearchEntry.objects.count() == Service.objects.count() == 165


def test_demo_dementia_search_near_bs5(demo_place):
    results = search(SearchQuery(text="my mum has dementai BS5"))
    assert results.postcode == "BS5"
    assert results.corrections == {"dementai": "dementia"}
    top = results.hits[:3]
    assert all("dementia" in h.explanation.matched_words for h in top)
    assert any(h.name == "Dementia advisers" for h in results.hits[:5])


def test_demo_service_areas_leave_out_far_districts(demo_place):
    areas = {
        s.id: s.service_areas.get().extent.split()
        for s in Service.objects.prefetch_related("service_areas")
    }
    results = search(SearchQuery(postcode="BS5", page_size=100))
    for hit in results.hits:
        assert "BS5" in areas[hit.service_id]
    assert results.total < 165


def test_demo_phone_services_have_no_distance(demo_place):
    results = search(SearchQuery(postcode="BS1", delivery="phone", page_size=100))
    assert results.total > 0
    assert all(hit.distance_m is None for hit in results.hits)


def test_reindex_service_picks_up_an_edit(make_service):
    service = make_service("Lunch club", "A hot meal on Tuesdays.")
    rebuild_index()
    assert search(SearchQuery(text="allotment")).total == 0
    Service.objects.filter(id=service.id).update(description="<p>Shared <b>allotment</b>.</p>")
    reindex_service(service_id=service.id)
    results = search(SearchQuery(text="allotment"))
    assert [h.name for h in results.hits] == ["Lunch club"]
    assert SearchEntry.objects.get(service=service).body == "Shared allotment."
    # "Lunch" still means a meal, so the service may be found by meaning, but not by the word.
    assert all(
        "meal" not in h.explanation.matched_words for h in search(SearchQuery(text="meal")).hits
    )


def test_reindexed_words_are_correctable(make_service):
    rebuild_index()
    service = make_service("Allotment society", "")
    reindex_service(service_id=service.id)
    assert search(SearchQuery(text="alotment")).corrections == {"alotment": "allotment"}


def test_reindex_removes_a_deleted_service(make_service):
    service = make_service("Lunch club", "A hot meal.")
    rebuild_index()
    service_id = service.id
    service.delete()
    assert reindex_service(service_id=service_id) is None
    assert search(SearchQuery(text="lunch")).total == 0


def test_unpublished_services_are_not_found(make_service):
    make_service("Lunch club", "A hot meal.", published=False)
    rebuild_index()
    assert search(SearchQuery(text="lunch")).total == 0


def _fts_segments() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT segid) FROM search_fts_idx")
        return int(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 segments are SQLite's")
def test_a_rebuild_leaves_the_full_text_index_in_one_segment(make_service):
    services = [make_service(f"Lunch club {n}", "A hot meal on Tuesdays.") for n in range(6)]
    rebuild_index()
    for service in reversed(services):  # each edit after the first re-indexes a lower rowid
        reindex_service(service_id=service.id)
    assert _fts_segments() > 1, "edits one by one leave several segments"
    rebuild_index()
    assert _fts_segments() == 1
    hits = search(SearchQuery(text="lunch club tuesdays")).hits
    assert sorted(h.name for h in hits) == sorted(s.name for s in services)
