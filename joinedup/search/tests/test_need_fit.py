"""A service is lifted for a named need in proportion to how much of it is for that need (ADR 14).

A service filed under a need the query names *and* under needs it does not name must not
outrank one that is all about the named need on the strength of the one category they share.
"""

from __future__ import annotations

import pytest

from joinedup.directory.models import Organization, Service, TaxonomyTerm
from joinedup.search import needs, situations
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index


def term(name: str, parent: TaxonomyTerm | None = None) -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(name=name, parent=parent)


@pytest.fixture
def mixed_directory(make_service):
    mental = term("Mental health")
    housing = term("Housing")
    make_service(
        "Night line",
        "A phone line open all night: emergency beds, hostel places and housing advice.",
        terms=(term("Homelessness", housing), term("Crisis support", mental)),
    )
    make_service(
        "Talking therapies",
        "Therapy for worry and low mood, by phone or in person, for adults.",
        terms=(term("Talking therapies", mental),),
    )
    make_service("Tenancy help", "Help with your landlord and repairs.", terms=(housing,))
    make_service("Gardening club", "Grow vegetables with neighbours.")
    rebuild_index()


@pytest.mark.parametrize("text", ["feeling anxious and can't sleep", "anxious all the time"])
def test_a_service_partly_for_another_need_does_not_outrank_one_that_fits(mixed_directory, text):
    assert "mental-health" in needs.understand(text).codes
    found = [hit.name for hit in search(SearchQuery(text=text)).hits]
    assert found.index("Talking therapies") < found.index("Night line"), found


def _understood(*codes: str, derived: tuple[str, ...] = ()) -> needs.Understanding:
    vocabulary = needs.shipped().needs
    named = [vocabulary[c] for c in codes]
    found = tuple(needs.Found(n, 0, 1) for n in named)
    return needs.Understanding(needs=(*named, *(vocabulary[c] for c in derived)), found=found)


def test_the_lift_is_in_proportion_to_the_parts_that_meet_the_named_need():
    anxiety = _understood("mental-health")
    fits = ["talking therapies", "talking therapies | mental health"]
    assert situations.fit_share(fits, anxiety) == 1
    # One branch of three meets the need, the name and the other branch an unrelated one.
    partly = ["night homelessness line", "homelessness | housing", "crisis support | mental health"]
    assert situations.fit_share(partly, anxiety) == pytest.approx(-1 / 3)
    # Wholly for an unrelated need: pushed down as far as a full lift would raise it.
    assert situations.fit_share(["council tax reduction", "money"], anxiety) == -1
    # A part that meets no need of the vocabulary does not count either way.
    assert situations.fit_share(["the haven", "talking therapies | mental health"], anxiety) == 1


def test_a_related_need_or_the_carers_need_counts_half():
    suicide = _understood("suicide-self-harm")
    # Mental health is related to thoughts of suicide (the vocabularies share words).
    assert "mental-health" in situations.related("suicide-self-harm")
    assert situations.fit_share(["peer support | mental health"], suicide) == 0.5
    carer = _understood("dementia", derived=("carers",))
    assert situations.fit_share(["carers' centre", "support for carers | carers"], carer) == 0.5
    assert situations.fit_share(["memory café", "dementia support"], carer) == 1


def test_unrelated_needs_are_not_related():
    assert "homelessness" not in situations.related("mental-health")
    assert "housing" in situations.related("homelessness")


def test_the_situation_is_worked_out_once_a_search_not_once_a_candidate(
    mixed_directory, monkeypatch
):
    # Each candidate is read against the query's needs worked out once (ADR 20): reading them
    # again for every one of hundreds of candidates was a third of a search's time.
    calls = []
    firm = needs.Understanding.firm
    monkeypatch.setattr(
        needs.Understanding, "firm", property(lambda self: calls.append(1) or firm.fget(self))
    )
    results = search(SearchQuery(text="feeling anxious and can't sleep"))
    assert results.total >= 2
    calls.clear()
    search(SearchQuery(text="feeling anxious and can't sleep", page_size=1))
    per_search = len(calls)
    make_more = [f"Talking group {n}" for n in range(6)]
    organization = Organization.objects.create(name="Talking groups")
    for name in make_more:
        Service.objects.create(
            organization=organization, name=name, description="Therapy for worry and low mood."
        )
    rebuild_index()
    calls.clear()
    assert search(SearchQuery(text="feeling anxious and can't sleep")).total >= 8
    assert len(calls) == per_search  # more candidates, no more readings
