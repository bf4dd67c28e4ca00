from __future__ import annotations

import datetime
import uuid

import pytest

from joinedup.directory.models import CapacityStatus, IntakeMode, TaxonomyTerm
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery, SearchValidationError
from joinedup.search.services import rebuild_index

MONDAY = datetime.date(2026, 11, 23)


def names(results) -> set[str]:
    return {hit.name for hit in results.hits}


@pytest.fixture
def health(db) -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(name="Health")


@pytest.fixture
def directory(make_service, health):
    memory = TaxonomyTerm.objects.create(name="Memory", parent=health)
    money = TaxonomyTerm.objects.create(name="Money")
    make_service(
        "Memory clinic",
        "A weekly group.",
        postcode="BS5 6XX",
        terms=(memory,),
        minimum_age=65,
        days="MO,TU",
        intake_mode=IntakeMode.JOINEDUP,
    )
    make_service(
        "Youth club",
        "A weekly group.",
        postcode="BS1 4DJ",
        minimum_age=11,
        maximum_age=18,
        cost=2,
        languages=("en", "so"),
        days="SA",
        capacity_status=CapacityStatus.WAITING_LIST,
    )
    make_service("Debt helpline", "A weekly group.", phone=True, terms=(money,), days="MO")
    make_service("Online chat", "A weekly group.", online=True, languages=("pl",))
    make_service("Kingswood meet-up", "A weekly group.", postcode="BS15 1AA", areas="BS15 BS16")
    rebuild_index()


def test_each_filter_narrows_the_results(directory, health):
    everything = {
        "Memory clinic",
        "Youth club",
        "Debt helpline",
        "Online chat",
        "Kingswood meet-up",
    }
    assert names(search(SearchQuery(text="group"))) == everything
    cases = {
        "age": (SearchQuery(text="group", age=70), everything - {"Youth club"}),
        "child": (SearchQuery(text="group", age=12), everything - {"Memory clinic"}),
        "free": (SearchQuery(text="group", free_only=True), everything - {"Youth club"}),
        "language code": (SearchQuery(text="group", language="so"), {"Youth club"}),
        "in person": (
            SearchQuery(text="group", delivery="in_person"),
            {"Memory clinic", "Youth club", "Kingswood meet-up"},
        ),
        "online": (SearchQuery(text="group", delivery="online"), {"Online chat"}),
        "phone": (SearchQuery(text="group", delivery="phone"), {"Debt helpline"}),
        "day": (SearchQuery(text="group", open_on="MO"), {"Memory clinic", "Debt helpline"}),
        "accepting": (
            SearchQuery(text="group", accepting_referrals=True),
            everything - {"Youth club"},
        ),
        "intake": (SearchQuery(text="group", intake_mode="joinedup"), {"Memory clinic"}),
        "parent term": (SearchQuery(text="group", taxonomy_term=health.id), {"Memory clinic"}),
    }
    for label, (query, expected) in cases.items():
        assert names(search(query)) == expected, label


def test_filters_combine_with_and(directory):
    query = SearchQuery(open_on="MO", delivery="phone", free_only=True)
    assert names(search(query)) == {"Debt helpline"}
    assert search(SearchQuery(open_on="SA", free_only=True)).total == 0


def test_facets_count_the_results(directory, health):
    facets = search(SearchQuery(text="group")).facets
    assert facets["delivery"] == {"in_person": 3, "online": 1, "phone": 1}
    assert facets["free"] == {"free": 4}
    assert facets["accepting_referrals"] == {"accepting": 4}
    assert facets["open_on"]["MO"] == 2
    assert facets["open_on"]["SA"] == 1
    assert facets["language"]["pl"] == 1
    assert facets["intake_mode"]["joinedup"] == 1
    # The parent counts the services filed under its children.
    assert facets["taxonomy_term"][str(health.id)] == 1


def test_facets_follow_the_filters(directory):
    facets = search(SearchQuery(delivery="in_person")).facets
    assert facets["delivery"] == {"in_person": 3, "online": 0, "phone": 0}


def test_a_service_area_leaves_out_people_outside_it(directory):
    assert "Kingswood meet-up" not in names(search(SearchQuery(text="group", postcode="BS5")))
    assert "Kingswood meet-up" in names(search(SearchQuery(text="group", postcode="BS16 2AB")))


def test_distance_filter_keeps_online_and_phone_services(directory):
    results = search(SearchQuery(text="group", postcode="BS5 6XX", distance_km=2))
    assert names(results) == {"Memory clinic", "Online chat", "Debt helpline"}
    by_name = {h.name: h for h in results.hits}
    assert by_name["Debt helpline"].distance_m is None


def test_online_services_are_not_pushed_below_distant_ones(words_only, directory, make_service):
    make_service("Portishead meet-up", "A weekly group.", postcode="BS20 7AA")
    rebuild_index()
    order = [h.name for h in search(SearchQuery(text="group", postcode="BS5 6XX")).hits]
    assert order[0] == "Memory clinic"
    assert order.index("Online chat") < order.index("Portishead meet-up")
    assert order.index("Debt helpline") < order.index("Portishead meet-up")


def test_text_ranks_before_distance(directory, make_service):
    make_service("Memory café", "A memory group.", postcode="BS20 7AA")
    rebuild_index()
    order = [h.name for h in search(SearchQuery(text="memory café", postcode="BS5 6XX")).hits]
    assert order[0] == "Memory café"


def test_explanation_says_open_today_and_accepting(directory):
    hit = search(SearchQuery(text="memory", today=MONDAY)).hits[0]
    assert hit.name == "Memory clinic"
    assert hit.explanation.open_today
    assert hit.explanation.accepting_referrals
    assert hit.explanation.matched_words == ("memory",)


def test_explanation_names_a_match_through_the_category(directory):
    hit = search(SearchQuery(text="health")).hits[0]
    assert hit.name == "Memory clinic"
    assert hit.explanation.taxonomy_terms == ("health",)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (SearchQuery(age=-1), "age"),
        (SearchQuery(age=200), "age"),
        (SearchQuery(delivery="carrier pigeon"), "delivery"),
        (SearchQuery(open_on="Funday"), "open_on"),
        (SearchQuery(intake_mode="fax"), "intake_mode"),
        (SearchQuery(distance_km=0), "distance_km"),
        (SearchQuery(postcode="not a postcode"), "postcode"),
        (SearchQuery(postcode="ZZ99 9ZZ"), "postcode"),
        (SearchQuery(taxonomy_term=uuid.uuid4()), "taxonomy_term"),
        (SearchQuery(page=0), "page"),
    ],
)
def test_invalid_values_raise_a_validation_error(db, query, field):
    with pytest.raises(SearchValidationError) as error:
        search(query)
    assert error.value.field == field
