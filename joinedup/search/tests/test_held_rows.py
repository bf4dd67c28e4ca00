"""A search with words reads its candidates' rows from the process's copy of the index
(`held_rows`) exactly as from the database: the same rows, values, types and order, so the
same answers; and never from a copy of another snapshot of the index (ADR 20)."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest

from joinedup.directory.models import Service
from joinedup.search import columns, engine, held_rows, versions
from joinedup.search.engine import search
from joinedup.search.models import SearchEntry
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index, reindex_service

# The column store's own test directory: sixty services with every filter varied.
from joinedup.search.tests.test_columns import (  # noqa: F401 (fixtures)
    _concrete,
    _queries,
    _same,
    directory,
    terms,
)

TEXTS = ["advice", "food bank", "carers group", "zumba advice line", "drop-in"]


def _database_rows(query: SearchQuery, found: set[int]) -> list[dict[str, Any]]:
    postcode = engine._place(query, [])[0]
    entries = engine._filtered(query, postcode).filter(id__in=engine._id_list(sorted(found)))
    return engine._rows(entries.order_by("id"))


def _held(monkeypatch, texts: held_rows.Texts | None) -> None:
    monkeypatch.setattr(held_rows.held, "current", lambda: texts)


def test_the_rows_are_the_database_s_for_every_filter(directory, terms, monkeypatch):  # noqa: F811
    texts = held_rows.Texts.of(columns.load())
    assert texts is not None
    _held(monkeypatch, texts)
    every = set(SearchEntry.objects.values_list("id", flat=True))
    some = set(sorted(every)[::3]) | {max(every) + 1}  # an id the index does not have
    compared = 0
    for query in [_concrete(q, terms) for q in _queries(200, seed=4)]:
        postcode = engine._place(query, [])[0]
        for found in (every, some, set()):
            exact = _database_rows(query, found)
            held = engine._held_rows(query, postcode, found)
            assert held == exact, query
            assert [[type(v) for v in row.values()] for row in held] == [
                [type(v) for v in row.values()] for row in exact
            ]
            compared += len(exact)
    assert compared > 1000


def test_searches_with_words_answer_as_from_the_database(directory, terms, monkeypatch):  # noqa: F811
    texts = held_rows.Texts.of(columns.load())
    read: list[int] = []
    rows = held_rows.rows

    def counted(*args: Any, **kwargs: Any) -> Any:
        found = rows(*args, **kwargs)
        read.append(found is not None)
        return found

    monkeypatch.setattr(held_rows, "rows", counted)
    queries = [_concrete(q, terms) for q in _queries(60, seed=6)]
    for query, text in zip(queries, itertools.cycle(TEXTS), strict=False):
        query = dataclasses.replace(query, text=text)
        _held(monkeypatch, texts)
        fast = search(query)
        _held(monkeypatch, None)
        _same(fast, search(query))
    assert sum(read) == len(queries)


def test_the_texts_are_the_store_s_snapshot(directory, make_service):  # noqa: F811
    """The texts are read by the column store with its columns, so a store's texts are of
    its own snapshot: an added service is in a store read after it, not in one read before."""
    before = columns.load()
    added = make_service("Zumba", postcode="BS5 6XX")
    reindex_service(service_id=added.id)
    after = columns.load()
    entry = SearchEntry.objects.get(service=added).id
    old, new = held_rows.Texts.of(before), held_rows.Texts.of(after)
    assert entry not in old.ids.tolist() and entry in new.ids.tolist()
    at = new.ids.tolist().index(entry)
    assert new.values["name"][at] == "Zumba"
    assert sorted(new.ids.tolist()) == new.ids.tolist() == sorted(after.ids.tolist())


def test_a_stale_copy_is_not_read_again_inside_a_transaction(directory, monkeypatch):  # noqa: F811
    held_rows.held.forget()
    columns.held.forget()
    # Inside a transaction (a test's) neither the store nor the texts are read: the database
    # answers.
    assert held_rows.held.current() is None
    results = search(SearchQuery(text="advice", page_size=100))
    assert results.total > 0
    assert held_rows.held.texts is None


@pytest.mark.django_db(transaction=True)
def test_a_search_with_words_sees_an_edit_at_once(words_only, make_service, monkeypatch):
    """Outside a transaction (as a web request is), the copy answers, and after an edit the
    next search reads it again (once the edit has settled) and answers with the edit, as the
    database does."""
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    real = held_rows.held.current
    held_rows.held.forget()
    columns.held.forget()
    try:
        for n, spot in enumerate(["BS5 6XX", "BS5 6XX", "BS1 4DJ", "BS15 1AA"]):
            make_service(f"Advice group {n}", postcode=spot)
        rebuild_index()
        query = SearchQuery(text="advice", postcode="BS5", page_size=50)

        def both() -> list[str]:
            fast = search(query)
            assert held_rows.held.texts is not None
            assert held_rows.held.texts.store is columns.held.copy
            monkeypatch.setattr(held_rows.held, "current", lambda: None)
            _same(fast, search(query))
            monkeypatch.setattr(held_rows.held, "current", real)
            return [hit.name for hit in fast.hits]

        assert both() == ["Advice group 0", "Advice group 1", "Advice group 2", "Advice group 3"]
        first = Service.objects.get(name="Advice group 0")
        first.published = False
        first.save(update_fields=["published"])
        reindex_service(service_id=first.id)
        assert both() == ["Advice group 1", "Advice group 2", "Advice group 3"]
        reindex_service(service_id=make_service("Advice drop-in", postcode="BS5 6XX").id)
        assert both()[0] in ("Advice drop-in", "Advice group 1")
        assert len(both()) == 4
        Service.objects.get(name="Advice group 2").delete()
        assert "Advice group 2" not in both()
    finally:
        held_rows.held.forget()
        columns.held.forget()


def test_the_services_of_a_ranking_are_the_database_s(directory, terms, monkeypatch):  # noqa: F811
    # The public feed maps up to a thousand ranked entries to their services: from the copy,
    # exactly as from the database; an entry the copy does not hold sends all to the database.
    texts = held_rows.Texts.of(columns.load())
    _held(monkeypatch, texts)
    every = sorted(SearchEntry.objects.filter(published=True).values_list("id", flat=True))
    exact = {i: found["service_id"] for i, found in engine._read(every, body=False).items()}
    assert held_rows.service_ids(every) == exact and len(exact) == len(every) > 50
    assert held_rows.service_ids(every[::-1][:7]) == {i: exact[i] for i in every[::-1][:7]}
    assert held_rows.service_ids([]) == {}
    assert held_rows.service_ids([*every[:3], max(every) + 1]) is None
    for query in [_concrete(q, terms) for q in _queries(40, seed=9)]:
        from_copy = engine.ranked_ids(query, 1000)
        _held(monkeypatch, None)
        assert engine.ranked_ids(query, 1000) == from_copy, query
        _held(monkeypatch, texts)


def test_built_rows_are_kept_for_the_next_search_and_dropped_past_the_limit(
    directory,  # noqa: F811
    monkeypatch,
):
    texts = held_rows.Texts.of(columns.load())
    _held(monkeypatch, texts)
    query = SearchQuery()
    every = sorted(SearchEntry.objects.filter(published=True).values_list("id", flat=True))
    first = engine._held_rows(query, "", set(every[:10]))
    again = engine._held_rows(query, "", set(every[5:15]))
    assert again == _database_rows(query, set(every[5:15]))
    # The five rows both read are the same objects: built once.
    assert [id(row) for row in first[5:]] == [id(row) for row in again[:5]]
    monkeypatch.setattr(held_rows, "ROWS_KEPT", 12)
    texts.built.clear()
    for start in range(0, len(every), 7):
        found = set(every[start : start + 7])
        assert engine._held_rows(query, "", found) == _database_rows(query, found)
        assert sum(map(len, texts.built.values())) <= 12
