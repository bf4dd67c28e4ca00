"""Erasure and retention reach the outbox: a support plan waiting to be sent, failed or sent
carries the person's details, so erasing the person (at their request, or when retention
erases them) deletes it; messages about anyone else, and about the work, stay."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from joinedup.core import outbox
from joinedup.core.models import AuditEvent, OutboxMessage, OutboxStatus
from joinedup.referrals import services
from joinedup.referrals.models import ConsentMethod, Person, Referral, Status
from joinedup.referrals.services.governance import apply_retention, erase_person
from joinedup.referrals.services.support_plan import send_support_plan

pytestmark = pytest.mark.django_db


def _send_plan(alice, referral: Referral, to: str) -> OutboxMessage:
    send_support_plan(
        actor=alice,
        prescription_id=referral.prescription,
        channel="email",
        to=to,
        person_agreed=True,
    )
    return OutboxMessage.objects.filter(kind="support_plan").latest("pk")


@pytest.fixture
def plans(alice, referral, food_service, dora):
    """Mary's plan three times (waiting, failed, sent), and another person's plan waiting."""
    waiting = _send_plan(alice, referral, "mary@example.org")
    failed = _send_plan(alice, referral, "mary@example.org")
    sent = _send_plan(alice, referral, "mary@example.org")
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED)
    OutboxMessage.objects.filter(pk=sent.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now()
    )
    other = services.create_person(
        actor=alice,
        organization=referral.referring_organization,
        name="Olly Other",
        contact_preference="phone",
        phone="07700 900999",
    )
    services.record_consent(
        actor=alice,
        person=other,
        recipient=food_service.organization,
        purpose="Referral",
        method=ConsentMethod.IN_PERSON,
    )
    theirs = services.send_referrals(
        actor=alice, person=other, services=[food_service], need="Food"
    ).referrals[0]
    kept = _send_plan(alice, theirs, "olly@example.org")
    work = outbox.enqueue(
        channel="email", to="dora@foodbank.example", subject="New", body="Sign in", kind="x.y"
    )
    return {"mary": [waiting, failed, sent], "kept": [kept, work]}


def _left(plans) -> set[int]:
    """Which of the fixture's messages are still in the outbox (notifications about the
    referrals themselves come and go around them)."""
    ours = [m.pk for group in plans.values() for m in group]
    return set(OutboxMessage.objects.filter(pk__in=ours).values_list("pk", flat=True))


def test_a_support_plan_names_the_person_it_carries(referral, plans):
    assert {m.subject_ref for m in plans["mary"]} == {f"person:{referral.person_id}"}
    assert plans["kept"][1].subject_ref == ""


def test_erasing_a_person_deletes_their_plans_from_the_outbox(referral, dora, plans):
    erase_person(person=referral.person, force=True)
    assert _left(plans) == {m.pk for m in plans["kept"]}
    assert not OutboxMessage.objects.filter(body__contains="Mary").exists()
    event = AuditEvent.objects.get(action="person.erased")
    assert event.details["outbox_messages"] == 3


def test_retention_deletes_their_plans_when_it_erases_them(referral, dora, plans):
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    services.transition_referral(actor=dora, referral=referral, to_status=Status.COMPLETED)
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=31 * 25)
    )
    result = apply_retention()
    assert result.people == [str(referral.person_id)]
    assert Person.objects.get(pk=referral.person_id).name == "Erased person"
    assert _left(plans) == {m.pk for m in plans["kept"]}


def test_forget_needs_a_subject():
    with pytest.raises(ValueError):
        outbox.forget("")


def test_enqueue_without_a_subject_still_works():
    message = outbox.enqueue(channel="sms", to="07700900123", subject="", body="Hi", kind="a.b")
    assert message.subject_ref == "" and OutboxMessage.objects.filter(pk=message.pk).exists()
    assert outbox.forget("person:nobody") == 0
