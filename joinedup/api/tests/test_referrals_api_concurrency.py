"""Several identical creates with one Idempotency-Key at the same moment make one referral:
the unique constraint on (organisation, key) decides the race (PostgreSQL, real transactions)."""

# ruff: noqa: F401, F811
from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from joinedup.api.tests.referral_cast import (
    ApiClient,
    create_body,
    food_bank,
    food_service,
    referrer,
)
from joinedup.referrals.models import IdempotencyRecord, Person, Referral

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers; no race to test"
    ),
]


def test_concurrent_creates_with_one_key_make_one_referral(referrer, food_service):
    body = create_body(food_service)
    barrier = threading.Barrier(6)
    answers: list[tuple[int, str]] = []

    def create() -> None:
        try:
            client = ApiClient(None)
            client.headers = referrer.headers
            barrier.wait()
            response = client.post("/api/referrals", body, headers={"Idempotency-Key": "race"})
            answers.append((response.status_code, response.json()["referrals"][0]["id"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 6
    assert {status for status, _ in answers} == {201}
    assert len({pk for _, pk in answers}) == 1
    assert Referral.objects.count() == 1
    assert Person.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
