"""`situations.fit_all` reads every candidate as `situations.fit` reads one (ADR 20, eighth
session): the needs' patterns run once over all the candidates' labels must find what they
find in each label alone, and the shares worked out once for shared categories must be each
candidate's own."""

from __future__ import annotations

import pytest

from joinedup.search import engine, needs, situations
from joinedup.search.models import SearchEntry
from joinedup.search.tests import situation_classes as classes

pytestmark = pytest.mark.django_db

# Named needs, a carer's, a child's, risks (a crisis need, a child at risk), a need read in
# another sense and ruled out, age ranges, and no need at all.
TEXTS = [
    "my mum has dementia and I can't cope",
    "feeling suicidal",
    "my husband hits me",
    "8 year old neighbour outside late looks hungry",
    "a child in my class comes to school hungry every day",
    "my teenage son is being bullied",
    "grass verge cutting",
    "cut down drinking",
    "debt advice",
    "somewhere to sleep tonight",
    "young carers group",
    "xylophone quartz",
    # The fifth round's (ADR 14, thirteenth session): a care leaver (no carer), an older
    # person and a widower (young people's services after), a relative's blue badge.
    "care leaver needs a flat",
    "lunch club for my grandad",
    "lost my wife of 50 years",
    "a blue badge for my mum",
    *(text for cases in classes.CLASSES.values() for text, _, _ in cases[::6]),
]


def _rows() -> list[dict]:
    """Every published entry of the demo place as the engine reads a candidate."""
    return engine._rows(SearchEntry.objects.filter(published=True).order_by("id"))


@pytest.mark.parametrize("text", TEXTS)
def test_fit_all_is_fit_of_each_row(demo_place, text):
    rows = _rows()
    assert len(rows) > 50
    understood = needs.understand(text)
    reading = situations.read(understood)
    families = situations.families(rows)
    expected = [situations.fit(row, reading, families) for row in rows]
    assert situations.fit_all(rows, reading, families) == expected


def test_the_rows_differ_in_what_they_are_read_to_meet(demo_place):
    # The comparison above means something only if the reading varies across the rows.
    rows = _rows()
    reading = situations.read(needs.understand("my mum has dementia and I can't cope"))
    fitted = situations.fit_all(rows, reading, situations.families(rows))
    assert len({adjust for adjust, _, _ in fitted}) >= 3
    assert any(met for _, met, _ in fitted) and any(not met for _, met, _ in fitted)
    assert any(young for _, _, young in fitted) and any(not young for _, _, young in fitted)


def test_a_match_never_spans_two_labels():
    # "carer" ending one label and "s" starting the next must not read as "carers".
    labels = ["young carer", "s club", "carers' breaks"]
    assert situations._joined_matches(needs.RANGE_HINT, labels) == set()
    pattern = needs._alternation(["carers"])
    assert situations._joined_matches(pattern, labels) == {2}
    assert situations._joined_matches(needs.RANGE_HINT, ["aged 8", "to 17 years"]) == set()
    assert situations._joined_matches(needs.RANGE_HINT, ["x", "aged 8 to 17 years"]) == {1}


def test_answers_kept_between_searches_are_the_patterns_own(monkeypatch):
    pattern = needs._alternation(["young carers"])
    monkeypatch.setattr(situations, "_answers", {})
    monkeypatch.setattr(situations, "_kept", [0])
    first = situations._Labels(["young carers group", "lunch club"])
    assert first.matching(pattern) == frozenset({0})
    assert situations._answers[pattern.pattern] == {
        "young carers group": True,
        "lunch club": False,
    }
    # Known labels answered from what was kept, new ones read, in the candidates' order.
    again = situations._Labels(["lunch club", "young carers' café", "young carers group"])
    assert again.matching(pattern) == frozenset({1, 2})
    assert situations._kept == [3]


def test_answers_past_the_limit_are_dropped(monkeypatch):
    pattern = needs._alternation(["carers"])
    monkeypatch.setattr(situations, "_answers", {})
    monkeypatch.setattr(situations, "_kept", [0])
    monkeypatch.setattr(situations, "LABELS_KEPT", 3)
    assert situations._Labels(["carers", "a", "b"]).matching(pattern) == frozenset({0})
    assert situations._Labels(["c", "carers d"]).matching(pattern) == frozenset({1})
    assert situations._answers == {pattern.pattern: {"c": False, "carers d": True}}
    assert situations._kept == [2]


def _row(name: str, terms: str = "", minimum_age: int | None = None, maximum_age=None) -> dict:
    return {
        "name": name,
        "terms": terms,
        "term_ids": "",
        "minimum_age": minimum_age,
        "maximum_age": maximum_age,
    }


def test_ages_in_names_and_limits_are_read_as_fit_reads_them():
    rows = [
        _row("Homework club (ages 8-17)"),
        _row("Drop-in for 11 to 15 year olds"),
        _row("Walking group 50 to 80 year olds"),
        _row("Youth club", "Children and young people"),
        _row("Carers' breaks", "Carers"),
        _row("Carers' breaks", "Carers", minimum_age=18),
        _row("Young carers", "Carers", maximum_age=17),
        _row("Young carers", "Carers", maximum_age=25),
    ]
    reading = situations.read(needs.understand("my mum has dementia and I can't cope"))
    expected = [situations.fit(row, reading, {}) for row in rows]
    assert situations.fit_all(rows, reading, {}) == expected
    assert [young for _, _, young in expected] == [
        True,
        True,
        False,
        True,
        False,
        False,
        True,
        False,
    ]
