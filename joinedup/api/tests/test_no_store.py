"""Responses with a person's details are never stored by a browser or a proxy (ADR 30): the
referral API and the referral page say `Cache-Control: no-store`; the public feed does not."""

# The shared fixtures are imported by name from referral_cast (pytest finds them in the module);
# ruff would read each use as a redefinition.
# ruff: noqa: F401, F811
from __future__ import annotations

import pytest
from django.test import Client

from joinedup.api.tests.referral_cast import (
    FOOD_BANK_MEMBER,
    ApiClient,
    create_body,
    food_bank,
    food_service,
    outsider,
    receiver,
    referrer,
    sent,
)
from joinedup.core.models import User

pytestmark = pytest.mark.django_db


def assert_no_store(response) -> None:
    assert "no-store" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_referral_api_answers_are_no_store(receiver, sent):
    detail = receiver.get(f"/api/referrals/{sent['id']}")
    assert detail.status_code == 200
    assert detail.json()["person"]["name"] == "Mary Testcarer"
    assert_no_store(detail)
    assert_no_store(receiver.get("/api/referrals", role="received"))
    assert_no_store(receiver.get(f"/api/fhir/Task/{sent['id']}"))


def test_referral_api_refusal_to_an_outsider_is_no_store_too(outsider, sent):
    response = outsider.get(f"/api/referrals/{sent['id']}")
    assert response.status_code == 404
    assert_no_store(response)


def test_referral_creation_answer_is_no_store(referrer, food_service):
    created = referrer.post("/api/referrals", create_body(food_service))
    assert created.status_code == 201
    assert_no_store(created)


def test_referral_page_is_no_store(sent, client):
    client.force_login(User.objects.get(email=FOOD_BANK_MEMBER))
    for path in (f"/referrals/{sent['id']}/", "/referrals/inbox/", "/referrals/sent/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_store(response)
    assert "Mary Testcarer" in client.get(f"/referrals/{sent['id']}/").content.decode()


def test_public_feed_and_search_api_keep_their_caching(sent):
    anonymous = Client()
    for path in ("/api/oruk/services", "/api/search?q=food"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert "no-store" not in response.get("Cache-Control", ""), path
        assert "Pragma" not in response, path
