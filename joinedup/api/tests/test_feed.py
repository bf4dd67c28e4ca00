"""The feed's behaviour: what it publishes, its parameters, and its answers to bad input."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from joinedup.directory.models import Attribute, Service
from joinedup.search import semantic

pytestmark = pytest.mark.django_db


def _ids(response) -> list[str]:
    return [item["id"] for item in response.json()["contents"]]


def test_index_declares_the_uk_profile_with_absolute_urls(client):
    body = client.get("/api/oruk/").json()
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"] == "http://testserver/api/oruk/openapi.json"
    assert body["profile"].startswith("https://")


def test_index_uses_the_configured_base_url(client, settings):
    settings.JOINEDUP_BASE_URL = "https://directory.example.org/"
    body = client.get("/api/oruk/").json()
    assert body["openapi_url"] == "https://directory.example.org/api/oruk/openapi.json"


def test_openapi_document_points_at_this_server_and_keeps_the_notice(client):
    document = client.get("/api/oruk/openapi.json").json()
    assert document["servers"] == [{"url": "http://testserver/api/oruk"}]
    assert "/services/{id}" in document["paths"]
    assert "Open Referral UK project and contributors" in document["info"]["description"]


def test_every_response_allows_any_origin_including_errors(directory, client):
    for url in ("/api/oruk/", "/api/oruk/services?page=abc", "/api/oruk/nothing-here"):
        assert client.get(url)["Access-Control-Allow-Origin"] == "*", url


def test_only_published_services_and_organisations_appear(directory, client):
    ids = _ids(client.get("/api/oruk/services"))
    assert sorted(ids) == sorted([str(directory.wellbeing.id), str(directory.debt.id)])
    assert _ids(client.get("/api/oruk/organizations")) == [str(directory.org.id)]
    sal_ids = _ids(client.get("/api/oruk/service_at_locations"))
    assert sorted(sal_ids) == sorted(
        [str(directory.hub_wellbeing.id), str(directory.office_debt.id)]
    )
    org = client.get(f"/api/oruk/organizations/{directory.org.id}").json()
    assert str(directory.hidden.id) not in {s["id"] for s in org["services"]}
    for url in (
        f"/api/oruk/services/{directory.hidden.id}",
        f"/api/oruk/services/{directory.closed_service.id}",
        f"/api/oruk/organizations/{directory.closed_org.id}",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=0",
        "page=abc",
        "per_page=100000",
        "per_page=0",
        "per_page=1.5",
        "modified_after=last%20tuesday",
        "taxonomy_term_id=not-a-uuid",
        "organization_id=123",
        "full=perhaps",
        "format=xml",
    ],
)
def test_bad_parameters_answer_a_json_problem(directory, client, query):
    response = client.get(f"/api/oruk/services?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] and body["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/oruk/services/6f0b8f3e-8a55-5c1e-9a3b-1d2c3b4a5e6f",
        "/api/oruk/services/not-a-uuid",
        "/api/oruk/organizations/1234",
        "/api/oruk/taxonomies/6f0b8f3e-8a55-5c1e-9a3b-1d2c3b4a5e6f",
        "/api/oruk/taxonomy_terms/%27%3B--",
        "/api/oruk/service_at_locations/6f0b8f3e-8a55-5c1e-9a3b-1d2c3b4a5e6f",
        "/api/oruk/locations",
        "/api/elsewhere",
    ],
)
def test_unknown_ids_and_paths_answer_404_json(directory, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_the_feed_is_read_only(client):
    response = client.post("/api/oruk/services", {"name": "x"})
    assert response.status_code == 405
    assert response.json()["status"] == 405


def test_page_envelope_pages_through_the_list(directory, client):
    first = client.get("/api/oruk/services?per_page=1").json()
    second = client.get("/api/oruk/services?per_page=1&page=2").json()
    beyond = client.get("/api/oruk/services?per_page=1&page=3").json()
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 2,
        "total_pages": 2,
        "page_number": 1,
        "size": 1,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    assert second["last_page"] and not second["first_page"] and second["size"] == 1
    assert first["contents"][0]["id"] != second["contents"][0]["id"]
    assert beyond["contents"] == [] and beyond["empty"] and beyond["last_page"]


def test_list_items_are_one_to_one_and_full_nests_children(directory, client):
    plain = client.get("/api/oruk/services").json()["contents"]
    assert all("service_at_locations" not in s and "organization_id" in s for s in plain)
    full = client.get("/api/oruk/services?full=true").json()["contents"]
    wellbeing = next(s for s in full if s["id"] == str(directory.wellbeing.id))
    assert wellbeing["service_at_locations"][0]["location"]["addresses"]
    assert wellbeing["attributes"][0]["taxonomy_term"]["name"] == "Mental health"


def test_minimal_lists_ids_and_modified_dates(directory, client):
    item = client.get("/api/oruk/services?minimal=true").json()["contents"][0]
    assert set(item) == {"id", "name", "status", "last_modified"}


def test_a_broader_term_finds_services_tagged_with_narrower_ones(directory, client):
    ids = _ids(client.get(f"/api/oruk/services?taxonomy_term_id={directory.health.id}"))
    assert ids == [str(directory.wellbeing.id)]
    ids = _ids(client.get(f"/api/oruk/services?taxonomy_term_id={directory.money.id}"))
    assert ids == [str(directory.debt.id)]


@pytest.fixture
def words_only(settings):
    """The AND of filters is what is tested: words alone decide what "cafe" matches, whether or not
    another test in this process has loaded the meaning model (which may add near meanings)."""
    settings.JOINEDUP_SEMANTIC_SEARCH = False
    semantic.reset()
    yield
    semantic.reset()


def test_filters_combine_with_and(directory, client, words_only):
    tagged = f"taxonomy_id={directory.taxonomy.id}"
    assert _ids(client.get(f"/api/oruk/services?{tagged}")) == [str(directory.wellbeing.id)]
    assert _ids(client.get(f"/api/oruk/services?{tagged}&search=debt")) == []
    assert _ids(client.get("/api/oruk/services?search=debt")) == [str(directory.debt.id)]
    org = f"organization_id={directory.org.id}"
    assert len(_ids(client.get(f"/api/oruk/services?{org}"))) == 2
    assert _ids(client.get(f"/api/oruk/services?{org}&search=cafe")) == [
        str(directory.wellbeing.id)
    ]
    assert _ids(client.get(f"/api/oruk/service_at_locations?{tagged}")) == [
        str(directory.hub_wellbeing.id)
    ]


def test_modified_after_keeps_records_changed_on_or_after(directory, client):
    Service.objects.filter(pk=directory.debt.pk).update(
        last_modified=timezone.now() - datetime.timedelta(days=30)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    assert _ids(client.get(f"/api/oruk/services?modified_after={since}")) == [
        str(directory.wellbeing.id)
    ]
    moment = (timezone.now() - datetime.timedelta(days=31)).isoformat()
    response = client.get("/api/oruk/services", {"modified_after": moment})
    assert len(_ids(response)) == 2


def test_taxonomy_terms_filter_by_taxonomy_top_and_parent(directory, client):
    url = "/api/oruk/taxonomy_terms"
    assert len(_ids(client.get(url))) == 3
    in_taxonomy = _ids(client.get(f"{url}?taxonomy_id={directory.taxonomy.id}"))
    expected = [str(directory.health.id), str(directory.mental_health.id)]
    assert sorted(in_taxonomy) == sorted(expected)
    top = _ids(client.get(f"{url}?top_only=true&taxonomy_id={directory.taxonomy.id}"))
    assert top == [str(directory.health.id)]
    assert _ids(client.get(f"{url}?parent_id={directory.health.id}")) == [
        str(directory.mental_health.id)
    ]
    term = client.get(f"{url}/{directory.mental_health.id}").json()
    assert term["term"] == "Mental health" and term["parent_id"] == str(directory.health.id)
    taxonomy = client.get(f"/api/oruk/taxonomies/{directory.taxonomy.id}").json()
    assert len(taxonomy["taxonomy_terms"]) == 2


def test_ndjson_streams_every_record_unpaginated(directory, client):
    response = client.get("/api/oruk/services?format=ndjson&full=true&per_page=1")
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Access-Control-Allow-Origin"] == "*"
    lines = b"".join(response.streaming_content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert sorted(r["id"] for r in records) == sorted(
        [str(directory.wellbeing.id), str(directory.debt.id)]
    )
    assert all("service_at_locations" in r for r in records)
    for endpoint in ("organizations", "taxonomies", "taxonomy_terms", "service_at_locations"):
        response = client.get(f"/api/oruk/{endpoint}?format=ndjson")
        assert len(b"".join(response.streaming_content).splitlines()) >= 1, endpoint


def test_capacity_and_intake_are_published(directory, client):
    body = client.get(f"/api/oruk/services/{directory.wellbeing.id}").json()
    assert body["joinedup_intake_mode"] == "email"
    assert body["joinedup_capacity_status"] == "waiting_list"
    capacity = body["capacities"][0]
    assert capacity["available"] == 0 and "2 to 4 weeks" in capacity["description"]
    debt = client.get(f"/api/oruk/services/{directory.debt.id}").json()
    assert "capacities" not in debt  # never set, so not claimed


def test_a_page_of_fifty_full_services_takes_a_bounded_number_of_queries(
    directory, client, django_assert_max_num_queries
):
    for n in range(60):
        service = Service.objects.create(organization=directory.org, name=f"Extra {n}")
        service.service_at_locations.create(location=directory.hub)
        service.phones.create(number="0117 496 0999")
        Attribute.objects.create(
            taxonomy_term=directory.money, link_entity="service", link_id=service.id
        )
    with django_assert_max_num_queries(40):
        body = client.get("/api/oruk/services?full=true&per_page=50").json()
    assert body["size"] == 50
    with django_assert_max_num_queries(45):  # the organisation's own children too
        client.get(f"/api/oruk/organizations/{directory.org.id}?full_service=true")
    with django_assert_max_num_queries(5):
        client.get("/api/oruk/services?per_page=50")
