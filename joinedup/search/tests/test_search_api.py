"""/api/search: results with explanations, facets, pagination, the interpreted query, and a
400 problem for every invalid parameter; every answer checked against its OpenAPI document."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from joinedup.directory.models import (
    CapacityStatus,
    IntakeMode,
    Schedule,
    Service,
    TaxonomyTerm,
    WaitBand,
)
from joinedup.search.models import UnmetNeed
from joinedup.search.services import rebuild_index

URL = "/api/search"


@pytest.fixture
def memory(db) -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(name="Memory")


@pytest.fixture
def directory(make_service, memory):
    clinic = make_service(
        "Memory clinic",
        "Support after a diagnosis of dementia.",
        postcode="BS5 6XX",
        terms=(memory,),
        capacity_status=CapacityStatus.WAITING_LIST,
        capacity_wait_band=WaitBand.WEEKS_2_TO_4,
        intake_mode=IntakeMode.JOINEDUP,
    )
    every_day = ",".join(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))
    Schedule.objects.create(
        service=clinic,
        freq="WEEKLY",
        byday=every_day,
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    make_service("Dementia café", "A dementia friendly café.", postcode="BS1 4DJ")
    make_service("Dementia helpline", "Talk to a dementia nurse.", phone=True)
    for n in range(4):
        make_service(f"Dementia group {n}", "A dementia support group.", postcode="BS16 2AB")
    make_service("Hidden dementia pilot", "Not published yet.", published=False)
    rebuild_index()


def schema_for(client, name: str) -> Draft202012Validator:
    document = client.get(f"{URL}/openapi.json").json()
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    )


def valid(client, body: dict[str, Any], name: str = "SearchResponse") -> dict[str, Any]:
    errors = [e.message for e in schema_for(client, name).iter_errors(body)]
    assert errors == []
    return body


def test_results_carry_everything_the_app_shows(client, directory, memory):
    response = client.get(URL, {"q": "dementia", "postcode": "BS5 6XX"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = valid(client, response.json())
    first = body["results"][0]
    assert first["name"] == "Memory clinic"  # nearest, and its category matches the need
    assert first["organisation"]["name"] == "Ashdown Community Trust"
    assert first["distance_m"] is not None and first["distance_m"] < 2000
    assert first["opening_today"] == {"open": True, "hours": "9am to 5pm"}
    assert first["capacity"] == {
        "status": "waiting_list",
        "label": "Waiting list",
        "wait_band": "2_to_4_weeks",
    }
    assert "Open today" in first["explanation"]["reasons"]
    assert any("from BS5 6XX" in reason for reason in first["explanation"]["reasons"])
    assert first["explanation"]["matched_words"] == ["dementia"]
    service = Service.objects.get(name="Memory clinic")
    assert first["link"] == f"http://testserver/services/{service.pk}/"
    helpline = next(r for r in body["results"] if r["name"] == "Dementia helpline")
    assert helpline["distance_m"] is None
    names = {r["name"] for r in body["results"]}
    assert "Hidden dementia pilot" not in names


def test_facets_count_with_labels(client, directory, memory):
    body = valid(client, client.get(URL, {"q": "dementia"}).json())
    delivery = {f["value"]: f["count"] for f in body["facets"]["delivery"]}
    assert delivery == {"in_person": 6, "online": 0, "phone": 1}
    [term] = body["facets"]["taxonomy_term"]
    assert term == {"value": str(memory.pk), "label": "Memory", "count": 1, "parent": None}
    labels = {f["value"]: f["label"] for f in body["facets"]["intake_mode"]}
    assert labels["joinedup"] == "Referral through joinedup"


def test_filters_apply_and_are_echoed(client, directory, memory):
    body = valid(
        client,
        client.get(URL, {"q": "dementia", "taxonomy_term": str(memory.pk), "free": "true"}).json(),
    )
    assert [r["name"] for r in body["results"]] == ["Memory clinic"]
    assert body["query"]["filters"] == {"taxonomy_term": str(memory.pk), "free_only": True}
    assert "Filed under “category filter”" in body["results"][0]["explanation"]["reasons"]


def test_pagination_links(client, directory):
    first = valid(client, client.get(URL, {"q": "dementia", "page_size": 3}).json())
    assert first["pagination"]["total_items"] == 7
    assert first["pagination"]["total_pages"] == 3
    assert first["pagination"]["previous"] is None
    assert "page=2" in first["pagination"]["next"]
    second = valid(client, client.get(first["pagination"]["next"]).json())
    assert second["pagination"]["page"] == 2
    assert "page=1" in second["pagination"]["previous"]
    seen = [r["name"] for r in first["results"]] + [r["name"] for r in second["results"]]
    assert len(set(seen)) == 6  # no result on two pages
    last = valid(client, client.get(URL, {"q": "dementia", "page_size": 3, "page": 3}).json())
    assert last["pagination"]["next"] is None and len(last["results"]) == 1


def test_query_as_understood_postcode_in_text_and_spelling(client, directory):
    body = valid(client, client.get(URL, {"q": "dementai support near BS5 6XX"}).json())
    assert body["query"]["postcode"] == "BS5 6XX"
    assert body["query"]["postcode_from_text"] is True
    assert body["query"]["corrections"] == {"dementai": "dementia"}
    assert body["results"][0]["name"] == "Memory clinic"
    assert any("read as “dementia”" in r for r in body["results"][0]["explanation"]["reasons"])
    assert body["query"]["searched_text"] == "dementia support near BS5 6XX"
    assert body["query"]["exact_spelling"] is False


def test_spelling_exact_searches_what_was_typed(client, directory):
    body = valid(client, client.get(URL, {"q": "dementai support", "spelling": "exact"}).json())
    assert body["query"]["corrections"] == {}
    assert body["query"]["searched_text"] == "dementai support"
    assert body["query"]["exact_spelling"] is True
    assert client.get(URL, {"q": "dementia", "spelling": "loose"}).status_code == 400


def test_postcode_box_is_not_from_text(client, directory):
    body = valid(client, client.get(URL, {"q": "dementia", "postcode": "bs56xx"}).json())
    assert body["query"]["postcode"] == "BS5 6XX"
    assert body["query"]["postcode_from_text"] is False


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"age": "old"}, "age"),
        ({"age": "200"}, "age"),
        ({"age": "-1"}, "age"),
        ({"distance_km": "far"}, "distance_km"),
        ({"distance_km": "0"}, "distance_km"),
        ({"distance_km": "5000"}, "distance_km"),
        ({"taxonomy_term": "not-a-uuid"}, "taxonomy_term"),
        ({"taxonomy_term": str(uuid.UUID(int=7))}, "taxonomy_term"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"postcode": "ZZ99 9ZZ"}, "postcode"),
        ({"delivery": "carrier pigeon"}, "delivery"),
        ({"open_on": "Funday"}, "open_on"),
        ({"intake_mode": "fax"}, "intake_mode"),
        ({"accessibility": "jetpack"}, "accessibility"),
        ({"free": "banana"}, "free"),
        ({"accepting_referrals": "maybe"}, "accepting_referrals"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_each_invalid_parameter_is_a_400_problem(client, directory, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = valid(client, response.json(), "Problem")
    assert body["status"] == 400
    assert [p["name"] for p in body["invalid_params"]] == [field]
    assert field in body["detail"]


def test_every_invalid_parameter_is_named_at_once(client, directory):
    body = client.get(URL, {"age": "x", "delivery": "y"}).json()
    assert {p["name"] for p in body["invalid_params"]} == {"age", "delivery"}


def test_writes_are_refused_with_a_problem(client, directory):
    response = client.post(URL, {"q": "dementia"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["status"] == 405


def test_openapi_document_describes_the_endpoint(client, db):
    response = client.get(f"{URL}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    names = {p["name"] for p in document["paths"]["/search"]["get"]["parameters"]}
    assert names == {
        "q",
        "postcode",
        "distance_km",
        "taxonomy_term",
        "age",
        "free",
        "language",
        "delivery",
        "open_on",
        "accepting_referrals",
        "intake_mode",
        "accessibility",
        "spelling",
        "page",
        "page_size",
    }
    Draft202012Validator.check_schema(document["components"]["schemas"]["SearchResponse"])


def test_a_search_with_few_results_counts_as_unmet_need(client, directory):
    client.get(URL, {"q": "bereavement", "postcode": "BS5 6XX"})
    row = UnmetNeed.objects.get()
    assert (row.theme, row.area, row.band, row.count) == ("bereavement", "BS5", "none", 1)
    client.get(URL, {"q": "dementia"})  # seven results: enough, counted apart
    assert UnmetNeed.objects.exclude(band="enough").get().count == 1
    assert UnmetNeed.objects.get(band="enough").count == 1
