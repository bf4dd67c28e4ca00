"""Every endpoint's answers validate against both the HSDS 3.0 and ORUK 3.0 schemas."""

from __future__ import annotations

import json

import pytest

from joinedup.api.validation import FeedValidator

pytestmark = pytest.mark.django_db


def _urls(d) -> list[tuple[str, str]]:
    return [
        ("/api/oruk/", "index"),
        ("/api/oruk/services", "services"),
        ("/api/oruk/services?full=true", "services"),
        ("/api/oruk/services?minimal=true", "services"),
        (f"/api/oruk/services/{d.wellbeing.id}", "service"),
        (f"/api/oruk/services/{d.debt.id}", "service"),
        ("/api/oruk/organizations", "organizations"),
        ("/api/oruk/organizations?full=true&full_service=true", "organizations"),
        (f"/api/oruk/organizations/{d.org.id}", "organization"),
        (f"/api/oruk/organizations/{d.org.id}?full_service=true", "organization"),
        ("/api/oruk/taxonomies", "taxonomies"),
        (f"/api/oruk/taxonomies/{d.taxonomy.id}", "taxonomy"),
        ("/api/oruk/taxonomy_terms", "taxonomy_terms"),
        (f"/api/oruk/taxonomy_terms/{d.mental_health.id}", "taxonomy_term"),
        ("/api/oruk/service_at_locations", "service_at_locations"),
        ("/api/oruk/service_at_locations?full=true", "service_at_locations"),
        ("/api/oruk/service_at_locations?postcode=BS5&proximity=5000", "service_at_locations"),
        (f"/api/oruk/service_at_locations/{d.hub_wellbeing.id}", "service_at_location"),
    ]


def test_every_endpoint_validates_against_hsds_and_oruk(directory, client, validator):
    for url, endpoint in _urls(directory):
        response = client.get(url)
        assert response.status_code == 200, url
        assert validator.errors(endpoint, response.json()) == [], url


def test_the_validator_catches_a_service_without_status(directory, client, validator):
    body = client.get(f"/api/oruk/services/{directory.wellbeing.id}").json()
    del body["status"]
    body["service_areas"][0]["id"] = "not-a-uuid"
    errors = validator.errors("service", body)
    assert any("HSDS 3.0" in e and "'status' is a required property" in e for e in errors)
    assert any("ORUK 3.0" in e and "status" in e for e in errors)
    assert any("service_areas/0/id" in e for e in errors)


def test_formats_are_asserted(validator: FeedValidator):
    service = {"id": "6f0b8f3e-8a55-5c1e-9a3b-1d2c3b4a5e6f", "name": "x", "status": "active"}
    assert validator.errors("service", service) == []
    assert validator.errors("service", {**service, "url": "www.example.org"})
    assert validator.errors("service", {**service, "last_modified": "yesterday"})
    assert validator.errors("service", {**service, "email": "nobody"})


def test_empty_optional_fields_are_omitted_not_null(directory, client):
    for url, _ in _urls(directory):
        text = client.get(url).content.decode()
        assert "null" not in text.replace('"null"', ""), url
        body = json.loads(text)
        _assert_no_empty_optionals(body, url)


REQUIRED_MAYBE_EMPTY = {"description", "state_province"}


def _assert_no_empty_optionals(value, url: str, key: str = "") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _assert_no_empty_optionals(v, url, k)
    elif isinstance(value, list):
        if key != "contents":
            assert value != [], f"{url}: empty list {key}"
        for item in value:
            _assert_no_empty_optionals(item, url, key)
    elif value == "":
        assert key in REQUIRED_MAYBE_EMPTY, f"{url}: empty string {key}"
