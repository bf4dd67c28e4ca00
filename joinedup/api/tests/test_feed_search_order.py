"""The feed's `search` reads the engine's ranking alone (`engine.ranked_ids`): the same
services in the same order as paging through `search()`, on a directory of a few hundred."""

from __future__ import annotations

import importlib.util
import re
import uuid
from pathlib import Path

import pytest

from joinedup.api import queries
from joinedup.api.params import FeedParams
from joinedup.search import engine
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index

pytestmark = pytest.mark.django_db
GENERATOR = Path(__file__).resolve().parents[3] / "bench" / "generate_directory.py"
CASES = [
    ("debt advice", ""),
    ("advice", ""),
    ("debt advice", "BS5 6XX"),
    ("food bank", "LS6 1AA"),
    ("feeling lonely", ""),
    ("dementa suport", ""),  # typos: corrected
    ("my mum has dementia and I can't cope", "BS5 6XX"),
    ("xylophone quartz", ""),  # matches nothing
]


@pytest.fixture
def generated(db) -> None:
    spec = importlib.util.spec_from_file_location("generate_directory", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(300, seed=7)
    rebuild_index()


def _paged(text: str, postcode: str, page_size: int) -> list[uuid.UUID]:
    """Every service id, paging through the full search as the feed used to."""
    found: list[uuid.UUID] = []
    page = 1
    while True:
        results = engine.search(
            SearchQuery(text=text, postcode=postcode, page=page, page_size=page_size)
        )
        found.extend(hit.service_id for hit in results.hits)
        if not results.hits or len(found) >= results.total:
            return found
        page += 1


@pytest.mark.parametrize(("text", "postcode"), CASES)
def test_ranked_ids_are_the_order_of_paging_through_search(generated, text, postcode):
    paged = _paged(text, postcode, page_size=20)
    assert engine.ranked_ids(SearchQuery(text=text, postcode=postcode), 1000) == paged
    assert engine.ranked_ids(SearchQuery(text=text, postcode=postcode), 7) == paged[:7]
    near = queries.ranked_service_ids(FeedParams(search=text), near=postcode)
    assert near == paged


def test_the_cases_cover_long_short_and_empty_rankings(generated):
    totals = [len(_paged(text, postcode, page_size=100)) for text, postcode in CASES]
    assert max(totals) > 100  # more than one engine page
    assert 0 < min(t for t in totals if t) < 100
    assert totals[-1] == 0


@pytest.mark.parametrize(("text", "postcode"), CASES[:4])
def test_the_feed_lists_services_in_the_engine_order(generated, client, text, postcode):
    paged = [str(pk) for pk in _paged(text, postcode, page_size=100)]
    body = client.get("/api/oruk/services", {"search": text, "per_page": 50, "page": 2}).json()
    if not postcode:
        assert body["total_items"] == len(paged)
        assert [item["id"] for item in body["contents"]] == paged[50:100]
    sals = client.get(
        "/api/oruk/service_at_locations",
        {"search": text, "postcode": postcode or "BS5 6XX", "per_page": 50},
    ).json()
    ranked = [str(pk) for pk in _paged(text, postcode or "BS5 6XX", page_size=100)]
    services = [item["service"]["id"] for item in sals["contents"]]
    assert services == sorted(services, key=ranked.index)


@pytest.mark.parametrize(("text", "postcode"), [c for c in CASES if c[1]])
def test_the_feed_near_a_postcode_is_the_filters_on_the_ranked_services(
    generated, client, text, postcode
):
    """The feed's search near a postcode reads the ranked services' places alone (ADR 20),
    with the same answer as the list's filters over the whole directory, then the ranking."""
    ranked = queries.ranked_service_ids(FeedParams(search=text), near=postcode)
    everywhere = queries.service_at_location_list(FeedParams(postcode=postcode))
    expected = queries.nearest_ids(everywhere.filter(service_id__in=ranked), postcode, 10_000)
    params = {"search": text, "postcode": postcode, "proximity": 10_000, "per_page": 500}
    body = client.get("/api/oruk/service_at_locations", params).json()
    assert [item["id"] for item in body["contents"]] == [str(pk) for pk in expected]
    assert body["total_items"] == len(expected) > 0


# A UUID as SQLite (32 hex digits) or PostgreSQL (with dashes) writes it in a statement.
UUID_TEXT = r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}"


def test_the_feed_search_reads_places_through_the_ranked_ids(generated, client):
    """The places and services are looked up from the engine's ranked ids (one parameter),
    not by matching every service of the directory against a list of a thousand."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"search": "debt advice", "postcode": "BS5 6XX", "proximity": 10_000}
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/oruk/service_at_locations", params).status_code == 200
        assert client.get("/api/oruk/services", {"search": "debt advice"}).status_code == 200
    listing = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "directory_serviceatlocation"' in q["sql"]
        or 'FROM "directory_service"' in q["sql"]
    ]
    assert listing
    one_list = ("json_each", "unnest")
    assert any(any(word in sql for word in one_list) for sql in listing), listing
    # Only a page's own rows (at most per_page, 50 by default) are named one by one.
    for sql in listing:
        if not any(word in sql for word in one_list):
            named = re.findall(UUID_TEXT, sql)
            assert 0 < len(named) <= 50, sql
