"""How a search gathers its candidates cheaply on a big directory: the filter tags the full-text
engine intersects, all the words before any of them, near the person before further afield,
and the meaning matrix scored one slice near the person."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection

from joinedup.core import postcodes
from joinedup.directory.models import Accessibility, TaxonomyTerm
from joinedup.search import candidates, engine, lexical, semantic, tags, text
from joinedup.search.engine import search
from joinedup.search.models import SearchEntry
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index


def names(results) -> set[str]:
    return {hit.name for hit in results.hits}


def entry(name: str) -> SearchEntry:
    return SearchEntry.objects.get(name=name)


@pytest.fixture
def advice(words_only, make_service):
    make_service("Debt advice centre", "Advice on debt and arrears.", postcode="BS5 6XX")
    make_service("Housing advice", "Advice on tenancies.", postcode="BS5 6XX")
    make_service("Debt buddies", "Someone to open the letters with.", postcode="BS5 6XX")
    make_service("Leeds debt advice", "Advice on debt.", postcode="LS6 1AA")
    rebuild_index()


def test_entry_tags_hold_filters_categories_and_place_cells(make_service, db):
    parent = TaxonomyTerm.objects.create(name="Health")
    child = TaxonomyTerm.objects.create(name="Memory", parent=parent)
    service = make_service(
        "Memory clinic", postcode="BS5 6XX", terms=(child,), languages=("pl",), days="MO"
    )
    online = make_service("Online chat", online=True)
    rebuild_index()
    clinic = SearchEntry.objects.get(service=service)
    assert set(clinic.term_ids.split()) == {str(child.id), str(parent.id)}
    found = tags.entry_tags(clinic).split()
    assert {"tpub1", "tfree1", "tdin1", "tdmo1", "tlpl1", "tarall1"} <= set(found)
    assert f"tt{parent.id.hex}1" in found and f"tt{child.id.hex}1" in found
    lat, lng = postcodes.locate("BS5 6XX")
    cells = tags.box_tags(lexical.box(lat, lng, 5))
    assert cells is not None and set(found) & set(cells)
    assert tags.NO_PLACE not in found
    assert tags.NO_PLACE in tags.entry_tags(SearchEntry.objects.get(service=online)).split()


def test_a_box_too_big_to_list_its_cells_requires_none():
    assert tags.box_tags((40.0, 60.0, -10.0, 5.0)) is None
    assert tags.query_tags(box=(40.0, 60.0, -10.0, 5.0)) == []


def test_query_tags_leave_filters_most_services_pass_to_sql():
    assert tags.query_tags() == []
    assert tags.query_tags(language="Polish", accessibility="hearing_loop") == [
        ["tlpolish1"],
        ["taxhearingloop1"],
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the tags column is FTS5's")
def test_the_full_text_table_holds_the_tags(advice):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tags FROM search_fts WHERE rowid = %s", [entry("Debt buddies").id])
        (held,) = cursor.fetchone()
    assert held == tags.entry_tags(entry("Debt buddies"))


def test_required_tags_narrow_the_word_matches(words_only, make_service):
    loop = make_service("Advice shop", "Advice.", postcode="BS5 6XX")
    make_service("Advice cafe", "Advice.", postcode="BS5 6XX")
    place = loop.service_at_locations.get().location
    Accessibility.objects.create(location=place, description="Hearing loop at the desk")
    rebuild_index()
    groups = [["advice"]]
    entries = SearchEntry.objects.filter(accessibility__contains=" hearing_loop ")
    required = tags.query_tags(accessibility="hearing_loop")
    found = lexical.lexical_scores(groups, entries=entries, required=required)
    assert set(found) == {entry("Advice shop").id}
    assert len(lexical.lexical_scores(groups)) == 2


def test_a_person_typing_a_tag_word_does_not_match_the_tags(advice):
    assert lexical.lexical_scores([["tpub1"]]) == {}
    assert search(SearchQuery(text="tpub1 tfree1")).total == 0
    held = tags.entry_tags(entry("Debt buddies")).split()
    cell = next(t for t in held if t.startswith("g"))
    for typed in [cell, "tpüb1", *held]:
        assert lexical.lexical_scores([[typed]]) == {}, typed
    # The words need no column filter, so a tag-shaped word is left out of the query: the
    # rest of what was typed still counts.
    assert lexical.lexical_scores([["buddies", "tpub1"]]).keys() == {entry("Debt buddies").id}


def test_every_tag_has_a_shape_the_word_query_leaves_out(advice, make_service):
    term = TaxonomyTerm.objects.create(name="Memory", parent=TaxonomyTerm.objects.create(name="H"))
    klub = make_service(
        "Polski klub",
        "Spotkania.",
        postcode="BS5 6XX",
        languages=("pl", "zh"),
        terms=(term,),
        days="MO,SA",
        areas="BS5 BS6",
        capacity_status="accepting",
    )
    make_service("Chat", online=True, phone=True, cost=5.0)
    place = klub.service_at_locations.get().location
    Accessibility.objects.create(location=place, description="Hearing loop at the desk")
    rebuild_index()
    for row in SearchEntry.objects.all():
        assert all(tags.looks_like_a_tag(tag) for tag in tags.entry_tags(row).split())
    for word in ["t1", "tea", "g7", "gp", "debt", "111", "1st", "gnome"]:
        assert not tags.looks_like_a_tag(word), word


def test_word_groups_keep_each_word_with_its_synonyms(db):
    parsed = text.parse("food bank")
    groups = candidates.word_groups(parsed)
    assert len(groups) == 2
    assert groups[0][0] == "food" and groups[1][0] == "bank"
    # "foodbank" is a synonym of the phrase: either word's group accepts it.
    assert "foodbank" in groups[0] and "foodbank" in groups[1]


def test_all_the_words_are_required_when_enough_services_have_them(advice, monkeypatch):
    query = SearchQuery(text="debt advice")
    parsed = text.parse("debt advice")
    entries = engine._filtered(query, "")
    monkeypatch.setattr(candidates, "CONJUNCTIVE_ENOUGH", 2)
    both = candidates.word_candidates(parsed, query, entries, None)
    assert {e.name for e in SearchEntry.objects.filter(id__in=both)} == {
        "Debt advice centre",
        "Leeds debt advice",
    }
    # Fewer than enough have every word: any of them will do.
    monkeypatch.setattr(candidates, "CONJUNCTIVE_ENOUGH", 3)
    any_word = candidates.word_candidates(parsed, query, entries, None)
    assert len(any_word) == 4
    if connection.vendor == "sqlite":
        # bm25 sums over the phrases: a service scores the same under AND as under OR.
        assert both[entry("Debt advice centre").id] == pytest.approx(
            any_word[entry("Debt advice centre").id]
        )


def test_candidates_near_the_person_come_first(advice, monkeypatch):
    monkeypatch.setattr(candidates, "NEAR_ENOUGH", 1)
    found = search(SearchQuery(text="debt advice", postcode="BS5 6XX"))
    assert "Leeds debt advice" not in names(found)
    assert "Debt advice centre" in names(found)
    # Too few near the person: the search looks further afield.
    monkeypatch.setattr(candidates, "NEAR_ENOUGH", 10)
    assert "Leeds debt advice" in names(search(SearchQuery(text="debt advice", postcode="BS5")))


def test_a_distance_filter_never_looks_further_afield(advice, monkeypatch):
    monkeypatch.setattr(candidates, "NEAR_ENOUGH", 10)
    found = search(SearchQuery(text="debt advice", postcode="BS5", distance_km=50))
    assert "Leeds debt advice" not in names(found)
    assert "Debt advice centre" in names(found)


def test_the_meaning_matrix_scores_the_slice_near_a_point_like_every_row(db, make_service):
    rng = np.random.default_rng(7)
    places = ["BS5 6XX", "BS1 4DJ", "LS6 1AA", "NR3 1AA", "PL4 8AA", "LE2 1AA", "BS15 1AA"]
    for n in range(60):
        make_service(f"Service {n}", postcode=places[n % len(places)])
    make_service("Online only", online=True)
    wide = make_service("Two cities", postcode="BS5 6XX")
    far = make_service("Two cities second site", postcode="LS6 1AA")
    far.service_at_locations.update(service=wide)
    # Two sites under half a degree apart: a narrow row whose southern edge is well south of a
    # box around Bristol that its northern site is in.
    tall = make_service("Bristol and Taunton", postcode="BS5 6XX")
    make_service("Taunton site", postcode="TA1 1AA").service_at_locations.update(service=tall)
    rebuild_index()
    for row in SearchEntry.objects.all():
        row.embedding = semantic.to_bytes(rng.normal(size=semantic.DIMENSIONS))
        row.embedding_model = semantic.MODEL_NAME
        row.save(update_fields=["embedding", "embedding_model"])
    semantic.matrix.forget()
    held = semantic.matrix.get()
    assert held.wide >= 2  # the online service and the one spread over two cities
    assert 0.3 < held.reach < held.WIDE_DEG  # Bristol and Taunton
    vector = rng.normal(size=semantic.DIMENSIONS).astype(np.float32)
    for postcode in ("BS5 6XX", "LS6 1AA", "PL4 8AA"):
        box = lexical.box(*postcodes.locate(postcode), 30)
        rows, sims = held.near(vector, box)
        every = held.vectors @ vector
        expected = np.flatnonzero(lexical.in_box(held.boxes, box))
        assert sorted(rows.tolist()) == expected.tolist()
        assert np.allclose(sims, every[rows], atol=1e-5)
    assert set(held.ids[held.rows_of([entry("Online only").id, 10**9])].tolist()) == {
        entry("Online only").id
    }
