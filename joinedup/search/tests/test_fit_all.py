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
    found = situations._Labels(["young carer", "s club", "carers' breaks"])
    assert found.matching(needs.RANGE_HINT) == frozenset()
    pattern = needs._alternation(["carers"])
    assert found.matching(pattern) == frozenset({2})
    spaced = situations._Labels(["aged 8", "to 17 years"])
    assert spaced.matching(needs.RANGE_HINT) == frozenset()


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
