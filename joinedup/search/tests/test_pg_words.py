"""PostgreSQL's word ranking is bm25 as SQLite's FTS5 computes it, and the per-process copy
(`pg_words.PgWords.top`) answers exactly as the database path (`lexical.lexical_scores`: the
database matches, `pg_words.rank` scores the matches' vectors with the totals read by SQL).

Every comparison of the two paths is of whole dicts in order with `==` on the floats: the same
entries, the same scores, the same order (score, then id).
"""

from __future__ import annotations

import random
import sqlite3
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.db.models import F, Func

from joinedup.directory.models import Organization, Service
from joinedup.search import lexical, pg_words, versions
from joinedup.search.models import SearchEntry

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's word ranking"
)

CENTRE = (51.46, -2.56)
WORDS = [
    *("food", "bank", "debt", "advice", "money", "help", "feeling", "lonely", "isolated"),
    *("older", "people", "dementia", "mum", "carer", "support", "group", "housing", "rent"),
    *("arrears", "benefits", "meals", "wheels", "cope", "anxiety", "mental", "health"),
    *("young", "family", "children", "school", "advice", "advice", "food", "lunch", "club"),
    *("walk", "garden"),
]
# Stop words, and a word the english configuration splits into two of them.
STOP = ["the", "and", "of", "on", "a", "can't", "to", "with", "for", "my", "has", "i"]
PHRASES = (
    "meals on wheels",
    "can't cope",
    "food bank",
    "debt advice",
    "feeling lonely",
    "my mum has dementia",
    "help with the rent",
    "advice advice",
    "lunch club",
)


def _text(rng: random.Random, low: int, high: int) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(low, high)):
        pick = rng.random()
        if pick < 0.15:
            parts.append(rng.choice(PHRASES))
        elif pick < 0.3:
            parts.append(rng.choice(STOP))
        else:
            parts.append(rng.choice(WORDS))
    return " ".join(parts)


def _box(rng: random.Random) -> tuple[float, float, float, float] | None:
    """None (no place), a box near or far from the centre, or one just at the edge of the
    5 km box around it."""
    south, north, west, east = lexical.box(*CENTRE, 5.0)
    pick = rng.random()
    if pick < 0.2:
        return None
    if pick < 0.4:
        edge = rng.choice(
            [
                (south - 0.01, south, -2.56, -2.55),
                (north, north + 0.01, -2.56, -2.55),
                (51.46, 51.47, west - 0.01, west),
                (51.46, 51.47, east, east + 0.01),
                (south - 0.02, south - 1e-9, -2.56, -2.55),
                (51.46, 51.47, east + 1e-9, east + 0.01),
            ]
        )
        return edge
    lat = CENTRE[0] + rng.uniform(-0.2, 0.2)
    lng = CENTRE[1] + rng.uniform(-0.3, 0.3)
    return (lat, lat + rng.uniform(0, 0.05), lng, lng + rng.uniform(0, 0.05))


HANDMADE = [
    # (name, body, organisation, terms)
    ("Food bank", "food bank food bank food", "", ""),
    ("Meals on wheels", "We bring meals on wheels, meals and wheels.", "", ""),
    ("Can't cope?", "If you can't cope, call. I cannot cope.", "", ""),
    ("Debt advice", "", "Debt advice trust", "debt"),
    ("Advice", "advice " * 40, "", ""),
    ("Dementia", "my mum has dementia and I can't cope with my mum", "", "dementia"),
    ("Lonely", "feeling lonely? lonely feeling, feeling feeling lonely", "", ""),
    ("", "", "", ""),
    ("The and of", "the of and a", "", ""),
    ("Same words", "food bank debt advice", "", ""),
    ("Same words", "food bank debt advice", "", ""),
    ("Allotment", "allotment volunteers meet weekly; volunteers tend the allotment", "", ""),
]


@pytest.fixture
def directory(db) -> list[int]:
    """A few hundred entries of varied text and places, and the hand-made ones; their ids."""
    rng = random.Random(20261206)
    org = Organization.objects.create(name="Test org")
    rows = list(HANDMADE)
    for _ in range(300):
        rows.append((_text(rng, 1, 5), _text(rng, 0, 60), _text(rng, 0, 4), _text(rng, 0, 3)))
    entries = []
    for n, (name, body, organisation, terms) in enumerate(rows):
        service = Service.objects.create(organization=org, name=f"Service {n}")
        box = _box(rng) if n >= len(HANDMADE) else (None if n % 2 else _box(rng))
        entries.append(
            SearchEntry.objects.create(
                service=service,
                published=n % 7 != 3,
                name=name,
                body=body,
                organisation=organisation,
                terms=terms,
                min_latitude=box[0] if box else None,
                max_latitude=box[1] if box else None,
                min_longitude=box[2] if box else None,
                max_longitude=box[3] if box else None,
            )
        )
    lexical.write(entries)
    return [e.id for e in entries]


def _groups(rng: random.Random) -> list[list[str]]:
    pool = [*WORDS, *PHRASES, "zebra", "the", "can't", "Dementia", "FOOD"]
    groups = [rng.sample(pool, rng.randint(1, 5)) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.1:
        groups.append([])  # an empty group is left out
    if rng.random() < 0.1 and len(groups) > 1:
        groups[1].append(groups[0][0])  # a term in two groups
    return groups


def _compare(
    words: pg_words.PgWords,
    groups: list[list[str]],
    *,
    limit: int,
    near: tuple[float, float, float] | None,
    allowed: np.ndarray | None,
) -> tuple[dict[int, float] | None, dict[int, float]]:
    entries = None if allowed is None else SearchEntry.objects.filter(id__in=allowed.tolist())
    expected = lexical.lexical_scores(groups, limit=limit, near=near, entries=entries)
    return words.top(groups, limit=limit, near=near, allowed=allowed), expected


def _cases(ids: list[int], count: int) -> list[dict[str, object]]:
    rng = random.Random(7)
    cases: list[dict[str, object]] = []
    for n in range(count):
        near = (*CENTRE, 5.0) if n % 3 == 0 else ((*CENTRE, 20.0) if n % 7 == 0 else None)
        allowed = None
        if n % 4 == 1:
            allowed = np.array(sorted(rng.sample(ids, len(ids) // 2)), dtype=np.int64)
        elif n % 8 == 3:  # in no order, with an id of no entry
            allowed = np.array([*rng.sample(ids, len(ids) // 3), 10**9], dtype=np.int64)
        elif n % 50 == 7:
            allowed = np.zeros(0, dtype=np.int64)
        elif n % 8 == 5:  # the published entries, as the engine's filters give them
            allowed = np.array(
                SearchEntry.objects.filter(published=True).order_by("id").values_list("id"),
                dtype=np.int64,
            ).reshape(-1)
        cases.append(
            {
                "groups": _groups(rng),
                "limit": (5, 20, 500)[n % 3 if n % 2 else (n // 2) % 3],
                "near": near,
                "allowed": allowed,
            }
        )
    return cases


def _as_list(scores: dict[int, float] | None) -> list[tuple[int, float]] | None:
    return None if scores is None else list(scores.items())


def test_top_is_the_databases_ranking(directory: list[int]) -> None:
    words = pg_words.load()
    differing = []
    answered = 0
    for case in _cases(directory, 400):
        got, expected = _compare(words, **case)  # type: ignore[arg-type]
        if got is None:
            continue
        answered += 1
        if _as_list(got) != _as_list(expected):
            differing.append((case["groups"], got, expected))
    assert differing == []
    assert answered == 400


# Phrases with stop words, a word in a phrase and alone, stop words only, no words, words
# in no entry, a term in two groups.
HANDMADE_SEARCHES: list[list[list[str]]] = [
    [["meals on wheels"]],
    [["volunteers allotment"]],  # the words, never in this order
    [["can't cope"]],
    [["my mum has dementia and I can't cope"]],
    [["food bank"], ["food"]],
    [["food", "food bank"], ["bank"]],
    [["advice"]],
    [["feeling lonely", "lonely"], ["feeling"]],
    [["the"]],
    [["the"], ["food"]],
    [[]],
    [],
    [["zebra"]],
    [["zebra", "food"]],
    [["food"], ["zebra"]],
    [["debt"], ["advice"], ["debt advice"]],
]


def test_handmade_searches(directory: list[int]) -> None:
    words = pg_words.load()
    for groups in HANDMADE_SEARCHES:
        for near in (None, (*CENTRE, 5.0)):
            got, expected = _compare(words, groups, limit=500, near=near, allowed=None)
            assert _as_list(got) == _as_list(expected), groups


def test_near_keeps_entries_without_a_place_and_boxes_touching_the_edge(
    directory: list[int],
) -> None:
    words = pg_words.load()
    near = (*CENTRE, 5.0)
    got, expected = _compare(words, [["food", "advice"]], limit=500, near=near, allowed=None)
    assert got == expected
    south, _, _, east = lexical.box(*near)
    kept = SearchEntry.objects.filter(id__in=list(expected))
    assert kept.filter(max_latitude=south).exists()
    assert kept.filter(min_longitude=east).exists()
    assert kept.filter(min_latitude__isnull=True).exists()
    assert not kept.filter(max_latitude__lt=south).exists()
    assert not kept.filter(min_longitude__gt=east).exists()


def test_the_comparison_notices_wrong_totals_or_tie_order(
    directory: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proof above would fail if the copy's totals were off by one entry, its document
    counts by one, or ties went the other way: each is tried here on the same searches."""
    words = pg_words.load()
    cases = _cases(directory, 60)
    ties = 0
    for case in cases:
        got, expected = _compare(words, **case)  # type: ignore[arg-type]
        values = list(expected.values())
        ties += len(values) - len(set(values))
    assert ties > 0
    reversed_ties = 0
    for case in cases:
        got, expected = _compare(words, **case)  # type: ignore[arg-type]
        assert got is not None
        flipped = sorted(got.items(), key=lambda kv: (-kv[1], -kv[0]))
        reversed_ties += flipped != list(expected.items())
    assert reversed_ties > 0
    real_totals = pg_words.PgWords.totals.fget  # type: ignore[attr-defined]

    def one_more(self: pg_words.PgWords) -> pg_words.Totals:
        found = real_totals(self)
        return pg_words.Totals(rows=found.rows + 1, length=found.length)

    monkeypatch.setattr(pg_words.PgWords, "totals", property(one_more))
    differing = 0
    for case in cases:
        got, expected = _compare(words, **case)  # type: ignore[arg-type]
        differing += _as_list(got) != _as_list(expected)
    assert differing > 0
    monkeypatch.undo()
    real_count = pg_words.PgWords.document_count
    monkeypatch.setattr(
        pg_words.PgWords, "document_count", lambda self, term: real_count(self, term) + 1
    )
    differing = 0
    for case in cases:
        got, expected = _compare(words, **case)  # type: ignore[arg-type]
        differing += _as_list(got) != _as_list(expected)
    assert differing > 0


# Words without stop words, hyphens or apostrophes, no two of one stem: FTS5's porter
# tokenizer and PostgreSQL's english configuration make the same tokens of them, one a word.
PLAIN = [
    *("food", "bank", "debt", "advice", "money", "lonely", "dementia", "carer", "group"),
    *("housing", "rent", "arrears", "benefits", "meals", "wheels", "anxiety", "mental"),
    *("health", "young", "family", "children", "school", "lunch", "club", "walk", "garden"),
]
# Words in the name, the description, the organisation and the categories.
PLAIN_SIZES = ((1, 3), (0, 25), (0, 3), (0, 2))
PLAIN_SEARCHES: list[list[list[str]]] = [
    [["food"]],
    [["food bank"]],
    [["food bank", "advice"]],
    [["debt", "money advice"], ["advice"]],
    [["meals wheels", "lunch club", "garden"]],
    [["mental health", "anxiety"], ["young", "children", "family"]],
    [["rent arrears"], ["housing"], ["advice", "money"]],
    [["walk"], ["garden"]],
    [["dementia carer", "carer"], ["group", "club"]],
]


def test_the_score_is_fts5_s_bm25(db: None) -> None:
    """On texts both databases tokenise alike, PostgreSQL's scores are those of SQLite's
    FTS5 bm25 with the same column weights (an FTS5 table in memory with the migration's
    definition): the same entries, the same order, the same floats."""
    rng = random.Random(12)
    org = Organization.objects.create(name="Plain org")
    memory = sqlite3.connect(":memory:")
    memory.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(name, body, organisation, terms, tags, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    entries = []
    for n in range(120):
        texts = [" ".join(rng.choices(PLAIN, k=rng.randint(a, b))) for a, b in PLAIN_SIZES]
        service = Service.objects.create(organization=org, name=f"Plain {n}")
        entry = SearchEntry.objects.create(
            service=service,
            name=texts[0],
            body=texts[1],
            organisation=texts[2],
            terms=texts[3],
        )
        entries.append(entry)
        memory.execute(
            "INSERT INTO search_fts (rowid, name, body, organisation, terms, tags) "
            "VALUES (?, ?, ?, ?, ?, '')",
            (entry.id, *texts),
        )
    lexical.write(entries)
    weights = ", ".join(str(w) for w in lexical.BM25_WEIGHTS)
    copy = pg_words.load()
    compared = 0
    for groups in PLAIN_SEARCHES:
        match = lexical._fts5_query(groups, ())
        fts5 = {
            rowid: -score
            for rowid, score in memory.execute(
                f"SELECT rowid, bm25(search_fts, {weights}) AS s FROM search_fts "
                "WHERE search_fts MATCH ? ORDER BY s, rowid",
                (match,),
            )
        }
        database = lexical.lexical_scores(groups, limit=500)
        assert list(database.items()) == list(fts5.items()), groups
        assert _as_list(copy.top(groups, limit=500)) == list(fts5.items()), groups
        compared += len(fts5)
    assert compared > 200


@pytest.fixture
def rare_and_common(db: None) -> dict[str, int]:
    """One service says "allotment" once; six say "advice" four times; the rest neither."""
    org = Organization.objects.create(name="Idf org")
    texts = {"rare": "allotment"}
    texts.update({f"common {n}": "advice advice advice advice" for n in range(6)})
    texts.update({f"other {n}": "garden walk" for n in range(13)})
    entries = {}
    for label, body in texts.items():
        service = Service.objects.create(organization=org, name=label)
        entries[label] = SearchEntry.objects.create(service=service, name="Service", body=body)
    lexical.write(entries.values())
    return {label: entry.id for label, entry in entries.items()}


def test_a_rare_word_outranks_a_common_word_said_more_often(
    rare_and_common: dict[str, int],
) -> None:
    """bm25's IDF: the one service with the rare word is first, above services that say the
    common word four times (by frequency alone they would be first), on both paths."""
    groups = [["advice", "allotment"]]
    database = lexical.lexical_scores(groups, limit=20)
    copied = pg_words.load().top(groups, limit=20)
    assert copied == database
    ranked = list(database)
    assert ranked[0] == rare_and_common["rare"]
    assert sorted(ranked[1:]) == sorted(rare_and_common[f"common {n}"] for n in range(6))


def _version() -> int | None:
    with connection.cursor() as cursor:
        return versions.read(cursor)


def test_the_version_is_the_index_s(directory: list[int]) -> None:
    words = pg_words.load()
    assert words.version == _version() is not None
    SearchEntry.objects.filter(id=directory[0]).delete()
    assert pg_words.load().version == _version() != words.version


def test_a_query_it_cannot_read_is_left_to_sql(directory: list[int]) -> None:
    words = pg_words.load()
    pg_words.terms.known["odd term"] = None
    try:
        assert words.top([["odd term"]], limit=20) is None
    finally:
        pg_words.terms.known.pop("odd term")


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("", ()),
        ("'food'", (("food", 0),)),
        ("'meal' <2> 'wheel'", (("meal", 2), ("wheel", 0))),
        ("'mum' <2> 'dementia' <5> 'cope'", (("mum", 7), ("dementia", 5), ("cope", 0))),
        ("'a' <-> ( 'b' <-> 'c' )", (("a", 2), ("b", 1), ("c", 0))),
        ("'o''brien' <-> 'x'", (("o'brien", 1), ("x", 0))),
    ],
)
def test_phrases_are_read_as_postgresql_reads_them(
    text: str, leaves: tuple[tuple[str, int], ...]
) -> None:
    assert pg_words._parse_phrase(text) == leaves


def test_a_search_with_known_terms_asks_the_database_nothing(
    directory: list[int], django_assert_num_queries: Any
) -> None:
    words = pg_words.load()
    groups = [["food bank", "meals on wheels"], ["advice"]]
    first = words.top(groups, limit=20)
    with django_assert_num_queries(0):
        assert words.top(groups, limit=20) == first


def test_words_without_order_are_left_to_sql(directory: list[int]) -> None:
    """A word past position 16383 (PostgreSQL puts every later word there) or a vector
    without positions: every search ranks in SQL, and the version is still the index's."""
    entry = SearchEntry.objects.get(id=directory[-1])
    entry.body = "advice " + "word " * 16_400 + "food"
    entry.save()
    lexical.write([entry])
    words = pg_words.load()
    assert not words.exact
    assert words.top([["food"]], limit=20) is None
    entry.body = "food"
    entry.save()
    lexical.write([entry])
    assert pg_words.load().exact
    SearchEntry.objects.filter(id=entry.id).update(vector=Func(F("vector"), function="strip"))
    words = pg_words.load()
    assert words.top([["food"]], limit=20) is None
    assert words.version == _version()


@pytest.mark.django_db(transaction=True)
def test_searches_answered_by_the_copy_are_the_database_s(
    make_service: Any, words_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole searches (words, filters, category, age, district, place) with the copy, whose
    allowed entries come from the column store, equal the same searches ranked in SQL; and
    the copy did answer."""
    from joinedup.directory.models import TaxonomyTerm
    from joinedup.search.engine import search
    from joinedup.search.query import SearchQuery
    from joinedup.search.services import rebuild_index

    pg_words.held.forget()
    rng = random.Random(4)
    advice = TaxonomyTerm.objects.create(name="Advice")
    for n in range(80):
        make_service(
            _text(rng, 1, 4).capitalize() or "Service",
            _text(rng, 0, 30),
            postcode=rng.choice(["BS5 6XX", "BS1 4DJ", "BS15 1AA", "BA1 1AA", ""]),
            online=rng.random() < 0.3,
            terms=(advice,) if rng.random() < 0.4 else (),
            cost=rng.choice([None, 5]),
            areas=rng.choice(["", "", "BS5 BS6"]),
            minimum_age=rng.choice([None, None, 18, 65]),
            published=n % 9 != 4,
        )
    rebuild_index()
    answered = []
    real_top = pg_words.PgWords.top

    def counted(self: pg_words.PgWords, *args: Any, **kwargs: Any) -> Any:
        found = real_top(self, *args, **kwargs)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(pg_words.PgWords, "top", counted)
    for n in range(40):
        query = SearchQuery(
            text=" ".join(rng.sample([*WORDS, *PHRASES], rng.randint(1, 3))),
            postcode=rng.choice(["", "BS5 6XX", "BS1", "BA1 1AA"]),
            free_only=rng.random() < 0.3,
            taxonomy_term=advice.id if rng.random() < 0.3 else None,
            age=rng.choice([None, 30, 70]),
            page_size=50,
        )
        fast = search(query)
        monkeypatch.setattr(pg_words, "ENABLED", False)
        slow = search(query)
        monkeypatch.setattr(pg_words, "ENABLED", True)
        assert fast == slow, (n, query)
    assert sum(answered) > 40
    pg_words.held.forget()


def test_each_row_s_length_is_kept_beside_its_vector(directory: list[int]) -> None:
    """`words_length` is the vector's highest position, as the copy reads it, after the first
    write and after a row is written again with other words (the database's totals sum it)."""

    def computed() -> dict[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, (SELECT COALESCE(MAX(p), 0) FROM unnest(vector) AS u, "
                "unnest(u.positions) AS p), words_length FROM search_searchentry"
            )
            rows = cursor.fetchall()
        assert all(kept == length for _, length, kept in rows), rows[:5]
        return {entry: length for entry, length, _ in rows}

    lengths = computed()
    assert len(set(lengths.values())) > 20  # varied, not all 0
    entry = SearchEntry.objects.get(id=directory[4])  # "advice " * 40
    entry.body = "advice"
    entry.save(update_fields=["body"])
    lexical.write([entry])
    assert computed()[entry.id] < lengths[entry.id]
    words = pg_words.load()
    assert words.totals == pg_words._database_totals([])[0]
