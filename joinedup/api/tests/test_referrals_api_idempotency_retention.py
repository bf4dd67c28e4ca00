"""Idempotency-Key records do not outlive their purpose: retention deletes them after a day,
and erasing a person deletes the records of the creates that made or picked them."""

# The shared fixtures are imported by name from referral_cast (pytest finds them in the module);
# ruff would read each use as a redefinition.
# ruff: noqa: F401, F811
from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from joinedup.api.tests.referral_cast import (
    create_body,
    food_bank,
    food_service,
    outsider,
    receiver,
    referrer,
)
from joinedup.core.models import AuditEvent
from joinedup.referrals.models import IdempotencyRecord, Referral
from joinedup.referrals.services.governance import apply_retention

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def create(client: Any, food_service: Any, key: str, name: str) -> dict[str, Any]:
    body = create_body(food_service)
    body["person"]["name"] = name
    response = client.post("/api/referrals", body, headers={"Idempotency-Key": key})
    assert response.status_code == 201, response.content
    created: dict[str, Any] = response.json()
    return created


def age(key: str, hours: float) -> None:
    IdempotencyRecord.objects.filter(key=key).update(
        created_at=timezone.now() - datetime.timedelta(hours=hours)
    )


def keys() -> set[str]:
    return set(IdempotencyRecord.objects.values_list("key", flat=True))


def test_retention_deletes_records_older_than_a_day(referrer, outsider, food_service):
    create(referrer, food_service, "old", "Mary Testcarer")
    create(outsider, food_service, "old-too", "Ann Other")
    create(referrer, food_service, "recent", "Jo Bloggs")
    age("old", 25)
    age("old-too", 24.1)
    age("recent", 23)

    assert "2 Idempotency-Key record(s) would be deleted" in run("apply_retention", "--dry-run")
    assert keys() == {"old", "old-too", "recent"}
    assert "2 Idempotency-Key record(s) were deleted" in run("apply_retention")
    assert keys() == {"recent"}
    deleted = AuditEvent.objects.get(action="idempotency_records.deleted")
    assert deleted.details == {"records": 2, "reason": "retention"}
    # Nothing more to do the next time, and no empty audit line for it.
    assert apply_retention().idempotency_records == 0
    assert AuditEvent.objects.filter(action="idempotency_records.deleted").count() == 1


def test_erasing_a_person_deletes_their_records_only(referrer, food_service):
    mary = create(referrer, food_service, "mary-1", "Mary Testcarer")
    create(referrer, food_service, "jo-1", "Jo Bloggs")
    # A second create for Mary (picked by id) is hers too.
    body = create_body(food_service, person_id=mary["person_id"], consents=[], need="Nappies")
    del body["person"]
    referrer.post("/api/referrals", body, headers={"Idempotency-Key": "mary-2"})
    assert keys() == {"mary-1", "mary-2", "jo-1"}

    out = run("erase_person", mary["person_id"], "--force")
    assert "Erased person" in out
    assert keys() == {"jo-1"}
    erased = AuditEvent.objects.get(action="person.erased")
    assert erased.details["idempotency_records"] == 2


def test_retention_erasing_a_person_deletes_their_fresh_records(referrer, receiver, food_service):
    # A partnership may keep closed referrals for no time at all: the person is erased while
    # their create's record is still within its day.
    from joinedup.partnerships.models import Partnership, PartnershipMember

    mary = create(referrer, food_service, "mary", "Mary Testcarer")
    create(referrer, food_service, "jo", "Jo Bloggs")
    pk = mary["referrals"][0]["id"]
    for status in ("accepted", "completed"):
        receiver.post(f"/api/referrals/{pk}/transitions", {"status": status})
    partnership = Partnership.objects.create(name="Ashdown Together")
    partnership.closed_referral_retention_months = 0
    partnership.save()
    PartnershipMember.objects.create(
        partnership=partnership, organization=Referral.objects.get(pk=pk).receiving_organization
    )
    Referral.objects.filter(pk=pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    result = apply_retention()
    assert result.people == [mary["person_id"]]
    assert result.idempotency_records == 1
    assert keys() == {"jo"}
