"""Unmet need: few or no results are counted by day, theme and area, and nothing that could
identify the person searching is stored."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from joinedup.core.models import AuditEvent
from joinedup.directory.models import TaxonomyTerm
from joinedup.search.models import UnmetNeed
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index, search_and_record
from joinedup.search.unmet import (
    FEW_RESULTS,
    record_search,
    theme_of,
    unmet_needs,
)

DAY = datetime.date(2026, 11, 23)


@pytest.fixture
def directory(make_service):
    make_service("Carers' café", "Meet other carers.", postcode="BS5 6XX")
    for n in range(FEW_RESULTS):
        make_service(f"Food bank {n}", "Free food parcels.", postcode="BS1 4DJ")
    rebuild_index()


def counted(**bucket) -> int:
    return sum(row.count for row in UnmetNeed.objects.filter(**bucket))


def test_no_results_are_counted_by_theme_and_area(directory):
    search_and_record(query=SearchQuery(text="nowhere to sleep tonight", postcode="BS5 6XX"))
    [row] = UnmetNeed.objects.all()
    assert (row.theme, row.area, row.band, row.count) == ("homeless", "BS5", "none", 1)


def test_few_results_are_counted_as_few(directory):
    search_and_record(query=SearchQuery(text="carers", postcode="BS5"))
    assert counted(band="few", theme="carer", area="BS5") == 1


def test_enough_results_are_counted_as_enough_so_unmet_need_is_a_rate(directory):
    search_and_record(query=SearchQuery(text="food bank", postcode="BS1 4DJ"))
    search_and_record(query=SearchQuery(text="bereavement", postcode="BS1 4DJ"))
    assert counted(band="enough", area="BS1") == 1
    assert unmet_needs().unmet().count() == 1
    assert unmet_needs().unmet().get().band == "none"


def test_the_same_bucket_adds_up(directory):
    for _ in range(3):
        search_and_record(query=SearchQuery(text="bereavement", postcode="BS5 6XX"))
    search_and_record(query=SearchQuery(text="grief counselling", postcode="BS5 7AA"))
    assert counted(theme="bereavement", area="BS5", band="none") == 4


def test_later_pages_of_one_search_are_not_counted_again(directory):
    search_and_record(query=SearchQuery(text="bereavement", page=2))
    assert UnmetNeed.objects.count() == 0


def test_the_category_filter_names_the_theme(directory):
    term = TaxonomyTerm.objects.create(name="Housing")
    assert theme_of(SearchQuery(text="my landlord", taxonomy_term=term.pk)) == "Housing"


def test_a_category_name_in_the_words_is_a_theme(directory):
    TaxonomyTerm.objects.create(name="Allotments")
    assert theme_of(SearchQuery(text="allotments")) == "Allotments"


def test_words_in_no_vocabulary_are_other(directory):
    assert theme_of(SearchQuery(text="Mrs Jane Smith 12 Acacia Avenue")) == "other"


def test_nothing_identifying_is_stored(directory, alice, client):
    """Name, address, full postcode, words, user, IP and time of day: none of them anywhere in
    the table (every column of every row is checked, so a new column cannot slip through)."""
    client.force_login(alice)
    secret = "Jane Smith at 12 Acacia Avenue BS5 6XX has nowhere to sleep"
    response = client.get("/api/search", {"q": secret}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert UnmetNeed.objects.count() == 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {UnmetNeed._meta.db_table}")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row).lower()
    for identifying in ("jane", "smith", "acacia", "6xx", "203.0.113", "alice"):
        assert identifying not in stored
    assert {f.name for f in UnmetNeed._meta.concrete_fields} == {
        "id",
        "day",
        "theme",
        "area",
        "band",
        "count",
    }
    # Nor is the search written to the audit log, which names its actor.
    assert not AuditEvent.objects.filter(action__startswith="search").exists()


def test_insights_read_counts_by_theme_and_area(db):
    for theme, area, count, day in (
        ("homeless", "BS5", 3, DAY),
        ("homeless", "BS1", 2, DAY),
        ("debt", "BS5", 4, DAY),
        ("debt", "BS5", 9, DAY - datetime.timedelta(days=40)),
    ):
        UnmetNeed.objects.create(day=day, theme=theme, area=area, band="none", count=count)
    recent = unmet_needs().between(DAY - datetime.timedelta(days=7), DAY)
    assert list(recent.by_theme()) == [
        {"theme": "homeless", "searches": 5},
        {"theme": "debt", "searches": 4},
    ]
    assert list(recent.by_area()) == [
        {"area": "BS5", "searches": 7},
        {"area": "BS1", "searches": 2},
    ]
    assert recent.with_no_results().count() == 3


def test_record_search_uses_the_day_given(directory):
    from joinedup.search.engine import search

    query = SearchQuery(text="bereavement")
    row = record_search(query=query, results=search(query), day=DAY)
    assert row is not None and row.day == DAY and row.area == ""


def test_two_searches_in_one_bucket_add_up_in_one_row(directory):
    from joinedup.search.engine import search

    query = SearchQuery(text="food bank", postcode="BS1 4DJ")
    first = record_search(query=query, results=search(query), day=DAY)
    second = record_search(query=query, results=search(query), day=DAY)
    assert first is not None and second is not None
    assert (first.pk, first.count, second.count) == (second.pk, 1, 2)
    assert UnmetNeed.objects.get().band == "enough"
