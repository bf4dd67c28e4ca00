"""The API under limits and bad input (issue 16): the token API limited per token, JSON nested
too deeply or too large refused as a 400 problem, and Django's own errors under /api/ answered
as problems, never HTML."""

# ruff: noqa: F401, F811
from __future__ import annotations

import json

import pytest
from django.test import Client

from joinedup.api.tests.referral_cast import (
    ApiClient,
    create_body,
    food_bank,
    food_service,
    outsider,
    receiver,
    referrer,
)
from joinedup.referrals.models import Referral

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def test_token_api_is_limited_per_token(settings, referrer, outsider, food_service):
    settings.RATELIMIT_TOKEN_API = "2/h"
    first = referrer.post("/api/referrals", create_body(food_service))
    assert first.status_code == 201
    assert referrer.get("/api/referrals").status_code == 200
    refused = referrer.post("/api/referrals", create_body(food_service))
    assert refused.status_code == 429
    assert refused["Content-Type"] == PROBLEM
    assert int(refused["Retry-After"]) > 0
    # The accepted creation stays; the refused one wrote nothing.
    assert Referral.objects.count() == 1
    # Another organisation's token is counted on its own.
    assert outsider.get("/api/referrals").status_code == 200


def test_fhir_is_limited_per_token_as_an_operation_outcome(settings, referrer):
    settings.RATELIMIT_TOKEN_API = "1/h"
    assert referrer.get("/api/fhir/Task").status_code == 200
    refused = referrer.get("/api/fhir/Task")
    assert refused.status_code == 429
    assert refused.json()["resourceType"] == "OperationOutcome"
    assert int(refused["Retry-After"]) > 0


def test_deeply_nested_json_is_a_400_problem(referrer, food_service):
    deep = "[" * 10_000 + "]" * 10_000
    response = referrer.post("/api/referrals", deep)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "levels deep" in response.json()["detail"]
    nested_in_a_field = json.dumps(create_body(food_service))[:-1] + ', "x": ' + deep + "}"
    assert referrer.post("/api/referrals", nested_in_a_field).status_code == 400
    assert not Referral.objects.exists()


def test_brackets_inside_text_are_not_nesting(referrer, food_service):
    body = create_body(food_service, need="[[[[" * 100 + " {{{{ help")
    assert referrer.post("/api/referrals", body).status_code == 201


def test_json_over_the_size_limit_is_a_400_problem(settings, referrer, food_service):
    settings.JSON_MAX_BYTES = 2_000
    body = create_body(food_service, need="x" * 3_000)
    response = referrer.post("/api/referrals", body)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert not Referral.objects.exists()


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(settings, referrer):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = referrer.post("/api/referrals", {"need": "x" * 5_000})
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM


def test_unknown_addresses_and_wrong_methods_are_problems():
    client = Client()
    for path in ("/api/nothing-here", "/api/oruk/nothing", "/api/search/nothing"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == PROBLEM, path
    for path in ("/api/oruk/services", "/api/search"):
        response = client.post(path, {})
        assert response.status_code == 405, path
        assert response["Content-Type"] == PROBLEM, path


def test_a_crash_under_api_is_a_500_problem(monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("joinedup.api.views.openapi_document", crash)
    response = Client(raise_request_exception=False).get("/api/oruk/openapi.json")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert "a bug" not in response.content.decode()


def test_feed_searches_count_with_the_other_searches_but_paging_does_not(settings):
    settings.RATELIMIT_SEARCH = "1/h"
    settings.JOINEDUP_SEMANTIC_SEARCH = False
    client = Client(REMOTE_ADDR="198.51.100.50")
    assert client.get("/api/oruk/services", {"search": "food"}).status_code == 200
    refused = client.get("/api/oruk/services", {"search": "food"})
    assert refused.status_code == 429
    assert refused["Content-Type"] == PROBLEM
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert [client.get("/api/oruk/services").status_code for _ in range(3)] == [200] * 3
