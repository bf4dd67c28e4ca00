"""Services for one community come after the services for everyone when the query names none
(ADR 40), and keep their place when it names theirs."""

from __future__ import annotations

import pytest

from joinedup.directory.models import TaxonomyTerm
from joinedup.search import audiences
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index


@pytest.mark.parametrize(
    ("name", "served"),
    [
        ("Jewish Women's Aid", {"jewish"}),
        ("Bristol Somali Resource Centre", {"somali"}),
        ("MindLine Trans+", {"trans"}),
        ("Centre for Deaf and Hard of Hearing People", {"deaf"}),
        ("Deafblind UK", {"deaf", "blind"}),
        ("LGBTQ+ Youth Group", {"lgbtq"}),
        ("Veterans' breakfast club", {"veterans"}),
        # For everyone, whatever a word looks like.
        ("Community Transport dial-a-ride", set()),
        ("Christians Against Poverty debt help", set()),
        ("St Mary's church food bank", set()),
        ("Transitions mentoring for care leavers", set()),
        ("Women's Aid refuge", set()),
    ],
)
def test_the_communities_a_services_name_says_it_is_for(name, served):
    assert audiences.communities_served(name) == served


@pytest.mark.parametrize(
    ("text", "name", "later"),
    [
        ("my boyfriend took my phone and keys", "Jewish Women's Aid", True),
        ("cant get up and dressed in the morning", "Bristol Crossroads Transgender Group", True),
        ("feeling low all the time", "Womankind Deaf Counselling Service", True),
        ("jewish women's refuge", "Jewish Women's Aid", False),
        ("counselling in sign language", "Womankind Deaf Counselling Service", False),
        ("my son has just come out as gay", "LGBTQ+ Youth Group", False),
        ("support for someone questioning their gender identity", "MindLine Trans+", False),
        ("ex army and struggling since i left", "Veterans' breakfast club", False),
        ("losing my sight and scared", "Deafblind UK", False),
    ],
)
def test_a_service_for_a_community_the_query_does_not_name_goes_later(text, name, later):
    assert audiences.for_someone_else(name, audiences.communities_named(text)) is later


@pytest.mark.django_db
def test_search_puts_a_service_for_everyone_before_one_for_a_community_not_named(make_service):
    abuse = TaxonomyTerm.objects.create(name="Domestic abuse")
    description = "Support, advice and safe housing for women experiencing domestic abuse."
    make_service("Jewish Women's Aid", description, terms=(abuse,))
    make_service("Safe Haven domestic abuse service", description, terms=(abuse,))
    make_service("Debt advice line", "Free help with debts and bills.")
    rebuild_index()

    def names(text: str) -> list[str]:
        return [h.name for h in search(SearchQuery(text=text)).hits]

    assert names("domestic abuse support for women")[:2] == [
        "Safe Haven domestic abuse service",
        "Jewish Women's Aid",
    ]
    # Named, the community's own service keeps the place its words earn.
    assert names("jewish womens domestic abuse support")[0] == "Jewish Women's Aid"
