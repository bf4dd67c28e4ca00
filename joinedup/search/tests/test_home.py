"""The home page, which is the search page: a search box, published services found, no match
said plainly, pages of results in few queries, browsing by category."""

from __future__ import annotations

import pytest

from joinedup.directory.models import Attribute, Service, TaxonomyTerm
from joinedup.search.services import rebuild_index

pytestmark = pytest.mark.django_db


def test_home_offers_a_search_box(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html
    assert "<h1" in html and html.count("<h1") == 1


def test_search_finds_published_services_only(client, carers_service, carers_centre):
    Service.objects.create(organization=carers_centre, name="Carers' secret pilot", published=False)
    rebuild_index()
    html = client.get("/", {"q": "carers"}).content.decode()
    assert "Carers&#x27; wellbeing check" in html
    assert "secret pilot" not in html
    assert "1 service" in html


def test_search_with_no_match_says_so(client, carers_service):
    rebuild_index()
    html = client.get("/", {"q": "zebra crossing"}).content.decode()
    assert "No services found" in html
    assert "0300 123 4567" in html  # the partnership's front door


def test_search_results_are_paginated(client, carers_centre):
    Service.objects.bulk_create(
        [Service(organization=carers_centre, name=f"Support group {n:02d}") for n in range(45)]
    )
    rebuild_index()
    first = client.get("/", {"q": "group"}).content.decode()
    assert "45 services" in first
    assert first.count('class="app-card"') == 20
    third = client.get("/", {"q": "group", "page": 3}).content.decode()
    assert third.count('class="app-card"') == 5
    assert 'href="?q=group&amp;page=2"' in third


def test_search_results_page_makes_few_queries(
    client, carers_centre, django_assert_max_num_queries
):
    Service.objects.bulk_create(
        [Service(organization=carers_centre, name=f"Support group {n:02d}") for n in range(30)]
    )
    rebuild_index()
    # Once: the process reads its copy of the index's vectors (a server's warm-up does).
    client.get("/", {"q": "club"})
    # The count does not grow with the results: the engine, a page of cards, the facets' names.
    with django_assert_max_num_queries(14):
        client.get("/", {"q": "group"})


def test_browse_by_category(client, carers_service):
    parent = TaxonomyTerm.objects.create(name="Caring for someone")
    child = TaxonomyTerm.objects.create(name="Carers' breaks", parent=parent)
    Attribute.objects.create(taxonomy_term=child, link_id=carers_service.pk, link_entity="service")
    rebuild_index()
    home = client.get("/").content.decode()
    assert "Browse by category" in home
    assert f"?taxonomy_term={parent.pk}" in home
    assert "Carers&#x27; breaks" not in home  # only top-level terms are listed
    results = client.get("/", {"taxonomy_term": str(parent.pk)}).content.decode()
    assert "Carers&#x27; wellbeing check" in results
    # Links from before the search engine still work.
    older = client.get("/", {"category": str(parent.pk)}).content.decode()
    assert "Carers&#x27; wellbeing check" in older


def test_malformed_category_is_an_error_on_the_page_not_a_500(client, db):
    response = client.get("/", {"category": "not-a-uuid"})
    assert response.status_code == 200
    assert "Select a category from the list" in response.content.decode()
