"""The words statement answered from the process's copy of the FTS5 index gives exactly FTS5's
answer: the same rows, the same bm25 scores (==, not approximately), in the same order, for the
best `limit`; and a copy older than the index is never used (ADR 20 addendum)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from joinedup.directory.models import IntakeMode, Service
from joinedup.search import lexical, tags, versions, words
from joinedup.search.services import rebuild_index, reindex_service

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the copy is of SQLite's FTS5 index"),
    # Outside a test's transaction, as a web request is: the copy is used only there.
    pytest.mark.django_db(transaction=True),
]

WORDS = [
    "advice", "debt", "money", "food", "bank", "banks", "meals", "on", "wheels", "carer",
    "carers", "caring", "dementia", "memory", "café", "cafe", "lonely", "loneliness", "group",
    "support", "housing", "help", "can't", "cope", "the", "a", "of", "advice",
]  # fmt: skip
PHRASES = ["food bank", "meals on wheels", "memory café", "can't cope", "debt advice"]
TERMS = [*WORDS, *PHRASES, "carers support group", "xylophone", "bank food", "advice advice"]
POSTCODES = ["BS5 6XX", "BS1 4DJ", "BS15 1AA", "BA1 1AA", "LS6 1AA", "", ""]
POINTS = [(51.46, -2.56), (51.45, -2.59), (51.38, -2.36), (53.82, -1.58)]


def _sentence(chance: random.Random, low: int, high: int) -> str:
    picked = [chance.choice([*WORDS, *PHRASES]) for _ in range(chance.randint(low, high))]
    return " ".join(picked)


@pytest.fixture
def directory(words_only, make_service) -> Iterator[list[Service]]:
    """Services of few words in many combinations (so scores tie), names and bodies of varied
    length, two organisations, places near and far or none, indexed."""
    words.held.forget()
    chance = random.Random(7)
    made = []
    for n in range(120):
        made.append(
            make_service(
                _sentence(chance, 1, 4).capitalize() or "Service",
                _sentence(chance, 0, 25),
                postcode=chance.choice(POSTCODES),
                online=chance.random() < 0.2,
                intake_mode=chance.choice(list(IntakeMode.values)),
            )
        )
    # Exact copies: equal scores, so the order among them is the rowid's.
    for _ in range(6):
        made.append(make_service("Debt advice", "Debt advice and money help.", postcode="BS5 6XX"))
    rebuild_index()
    yield made
    words.held.forget()


def _database(groups: list[list[str]], **kwargs: Any) -> dict[int, float]:
    words.ENABLED = False
    try:
        return lexical.lexical_scores(groups, **kwargs)
    finally:
        words.ENABLED = True


def _copy(groups: list[list[str]], **kwargs: Any) -> dict[int, float]:
    """The copy's answer, asserted to be the copy's (not FTS5's, which `top` falls back to)."""
    required = kwargs.get("required", [])
    near = kwargs.get("near")
    found = words.top(
        [phrases for g in groups if (phrases := lexical._phrases(g))],
        [g for g in required if g],
        weights=lexical.BM25_WEIGHTS,
        limit=kwargs.get("limit", lexical.CANDIDATES),
        near=lexical.box(*near) if near is not None else None,
    )
    assert found is not None, "the copy did not answer"
    assert lexical.lexical_scores(groups, **kwargs) == found
    return found


def _queries(count: int, seed: int) -> Iterator[tuple[list[list[str]], dict[str, Any]]]:
    chance = random.Random(seed)
    for _ in range(count):
        groups = [
            chance.sample(TERMS, chance.randint(1, 4)) for _ in range(chance.choice([1, 1, 2, 3]))
        ]
        near = None
        required: list[list[str]] = []
        if chance.random() < 0.6:
            lat, lng = chance.choice(POINTS)
            near = (lat, lng, chance.choice([2.0, 5.0, 15.0, 30.0]))
            required.append(tags.box_tags(lexical.box(*near)) or [])
        if chance.random() < 0.3:
            required.append([tags._tag("tim", chance.choice(list(IntakeMode.values)))])
        limit = chance.choice([1, 3, 10, 40, 500])
        yield groups, {"near": near, "required": required, "limit": limit}


def test_the_copy_ranks_as_fts5(directory):
    answered = 0
    for groups, kwargs in _queries(400, seed=3):
        expected = _database(groups, **kwargs)
        found = _copy(groups, **kwargs)
        assert list(found.items()) == list(expected.items()), (groups, kwargs)
        answered += bool(found)
    assert answered > 250  # most queries match something: the comparison is not of empties


def test_ties_are_in_rowid_order_and_cut_there(directory):
    groups = [["debt"], ["advice"]]
    everything = _database(groups, limit=500)
    scores = list(everything.values())
    tied = [rowid for rowid, score in everything.items() if scores.count(score) >= 6]
    assert len(tied) >= 6 and tied == sorted(tied)
    # A limit inside the ties keeps the lowest rowids, on both sides.
    before = list(everything).index(tied[0])
    for limit in (before + 1, before + 3):
        assert list(_copy(groups, limit=limit)) == list(everything)[:limit]


def test_a_wrong_constant_would_be_seen(directory, monkeypatch):
    """The comparison is exact: a bm25 constant off by a little changes some scores."""
    monkeypatch.setattr(words, "K1", 1.25)
    differing = 0
    for groups, kwargs in _queries(60, seed=5):
        expected = _database(groups, **kwargs)
        copied = words.held.current()
        assert copied is not None
        found = words.top(
            [p for g in groups if (p := lexical._phrases(g))],
            [g for g in kwargs["required"] if g],
            weights=lexical.BM25_WEIGHTS,
            limit=kwargs["limit"],
            near=lexical.box(*kwargs["near"]) if kwargs["near"] else None,
        )
        differing += found != expected
    assert differing > 10


def test_an_edit_is_seen_by_the_next_statement(directory, make_service, monkeypatch):
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    groups = [["zumba"]]
    assert _copy(groups) == {}
    held = words.held.copy
    service = make_service("Zumba for carers", "Zumba", postcode="BS5 6XX")
    reindex_service(service_id=service.id)
    found = _copy(groups)
    assert len(found) == 1 and words.held.copy is not held
    Service.objects.filter(id=service.id).delete()
    assert _copy(groups) == {} == _database(groups)
    # Services deleted outright leave their words in FTS5 (they still count in bm25's totals)
    # but are no longer results: the copy counts them the same way.
    for gone in directory[:30]:
        gone.delete()
    for query_groups, kwargs in _queries(80, seed=11):
        expected = _database(query_groups, **kwargs)
        assert list(_copy(query_groups, **kwargs).items()) == list(expected.items())


def test_while_the_index_changes_the_database_answers(directory, make_service, monkeypatch):
    """A copy older than the index is not read again until the new version has stood
    SETTLE_SECONDS: meanwhile FTS5 answers, with the edit."""
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 3600.0)
    old = words.held.current()
    assert old is not None
    reindex_service(service_id=make_service("Zumba", "Zumba", postcode="BS5 6XX").id)
    assert words.held.current() is None
    assert len(lexical.lexical_scores([["zumba"]])) == 1
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    assert words.held.current() not in (None, old)


def test_a_copy_older_than_the_index_reads_nothing_more(directory, make_service):
    old = words.held.current()
    assert old is not None
    reindex_service(service_id=make_service("Zumba", "Zumba", postcode="BS5 6XX").id)
    with pytest.raises(words.Stale):
        old.phrase(("zumba",), lexical.BM25_WEIGHTS, None)


def test_inside_a_transaction_the_database_answers(directory):
    with transaction.atomic():
        assert words.held.current() is None
        assert lexical.lexical_scores([["debt"]]) == _database([["debt"]])


def _occurrences_by_tuples(copy: words.Copy, token: str) -> tuple[set[tuple[int, int, int]], int]:
    """A token's occurrences as (row, column number, offset), read a tuple an occurrence from
    fts5vocab, and how many FTS5 rows hold it: what the copy's one-statement reading must
    give."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_instances "
            "USING fts5vocab(main, search_fts, instance)"
        )
        cursor.execute(
            "SELECT doc, col, offset FROM temp.search_fts_instances WHERE term = %s", [token]
        )
        rows = cursor.fetchall()
    at = {rowid: n for n, rowid in enumerate(copy.ids.tolist())}
    number = {name: n for n, name in enumerate(copy.columns)}
    found = {(at[doc], number[col], offset) for doc, col, offset in rows if doc in at}
    return found, len({doc for doc, _, _ in rows})


def test_each_tokens_doclist_is_fts5s(directory):
    copy = words.held.current()
    assert copy is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_rows "
            "USING fts5vocab(main, search_fts, row)"
        )
        cursor.execute("SELECT term FROM temp.search_fts_rows")
        tokens = [row[0] for row in cursor.fetchall()]
    assert len(tokens) > 30
    read = copy.read_doclists([*tokens, "xylophone"])
    for token in tokens:
        doclist = read[token]
        expected, documents = _occurrences_by_tuples(copy, token)
        found = set(
            zip(
                doclist.rows.tolist(),
                doclist.columns.tolist(),
                doclist.offsets.tolist(),
                strict=True,
            )
        )
        assert (found, doclist.documents) == (expected, documents), token
        assert len(doclist.rows) == len(found)  # no occurrence twice
    assert read["xylophone"].documents == 0 and not len(read["xylophone"].rows)


def test_a_change_to_the_index_keeps_the_words_searches_asked_for(
    directory, make_service, monkeypatch
):
    """A new copy, read after an edit, has already read the doclists its predecessor had read
    (so the next searches do not wait for them), and they are the new index's."""
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    monkeypatch.setattr(versions, "BACKGROUND", False)
    for groups, kwargs in _queries(40, seed=13):
        _copy(groups, **kwargs)
    before = words.held.current()
    assert before is not None and len(before.doclists) > 10
    asked = set(before.doclists)
    service = make_service("Debt advice café", "Debt advice over a coffee.", postcode="BS5 6XX")
    reindex_service(service_id=service.id)
    after = words.held.current()
    assert after is not None and after is not before
    assert asked <= set(after.doclists)
    row = int(after.ids.tolist().index(service.search_entry.id))
    assert row in after.doclists["debt"].rows.tolist()
    for token in asked:
        expected, documents = _occurrences_by_tuples(after, token)
        doclist = after.doclists[token]
        found = set(zip(doclist.rows.tolist(), doclist.columns.tolist(), doclist.offsets.tolist()))
        assert (found, doclist.documents) == (expected, documents), token
    for groups, kwargs in _queries(40, seed=13):
        assert list(_copy(groups, **kwargs).items()) == list(_database(groups, **kwargs).items())


def test_with_no_room_to_read_ahead_a_new_copy_starts_empty(directory, make_service, monkeypatch):
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    monkeypatch.setattr(versions, "BACKGROUND", False)
    monkeypatch.setattr(words, "READ_AHEAD_BYTES", 0)
    _copy([["debt"], ["advice"]])
    reindex_service(service_id=make_service("Zumba", "Zumba", postcode="BS5 6XX").id)
    after = words.held.current()
    assert after is not None and not after.doclists
