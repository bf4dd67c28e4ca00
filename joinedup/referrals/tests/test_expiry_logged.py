"""Logged referrals (to a phone line or a signposting-only service, which answer nothing
through joinedup) are never overdue, reminded of or expired: "did not answer in time" would be
untrue of a service that was never asked to answer here. Referrals by joinedup or by email
still are, through the same one meaning of overdue (`ReferralQuerySet.awaiting_answer`)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.directory.models import IntakeMode, Service
from joinedup.directory.tokens import issue_api_token
from joinedup.referrals import services
from joinedup.referrals.models import Referral, ServiceIntake, Status
from joinedup.referrals.services.expiry import remind_unanswered_referrals
from joinedup.referrals.services.prescription import ConsentGiven, refer_person

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
LOGGED = [IntakeMode.PHONE, IntakeMode.SIGNPOSTING]
ANSWERED_HERE = [IntakeMode.JOINEDUP, IntakeMode.EMAIL]


def _sent_days_ago(referral: Referral, days: int, mode: str) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(
        intake_mode=mode, requested_at=timezone.now() - days * DAY
    )
    referral.refresh_from_db()
    return referral


def _everything_at_once(referral: Referral) -> dict[str, object]:
    """Each place that reads "waiting too long": the one meaning, a row, reminders, expiry."""
    now = timezone.now()
    reminded = remind_unanswered_referrals(now=now)
    expired = services.expire_unanswered_referrals(now=now)
    row = Referral.objects.with_overdue(now).get(pk=referral.pk)
    fresh = Referral.objects.get(pk=referral.pk)
    return {
        "overdue": Referral.objects.overdue(now).filter(pk=referral.pk).exists(),
        "row overdue": row.is_overdue,
        "one overdue": fresh.is_overdue,
        "answer by": fresh.answer_by() is not None,
        "reminded": referral in reminded,
        "expired": referral in expired,
    }


@pytest.mark.parametrize("mode", LOGGED)
def test_a_logged_referral_is_never_overdue_reminded_or_expired(referral, mode):
    _sent_days_ago(referral, 30, mode)
    assert _everything_at_once(referral) == {
        "overdue": False,
        "row overdue": False,
        "one overdue": False,
        "answer by": False,
        "reminded": False,
        "expired": False,
    }
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED and referral.reminders_sent == 0
    assert not AuditEvent.objects.filter(action="referral.reminded").exists()


@pytest.mark.parametrize("mode", ANSWERED_HERE)
def test_a_referral_answered_here_still_is(referral, mode):
    """The control: the same referral, to a service that answers here, is overdue (read
    before expiry by the reminders) and then expires."""
    _sent_days_ago(referral, 30, mode)
    found = _everything_at_once(referral)
    assert found["reminded"] and found["expired"]
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED


@pytest.mark.parametrize("mode", ANSWERED_HERE + LOGGED)
def test_overdue_before_expiry_for_those_answered_here_only(referral, mode):
    _sent_days_ago(referral, 10, mode)
    fresh = Referral.objects.get(pk=referral.pk)
    assert fresh.is_overdue is (mode in ANSWERED_HERE)
    assert Referral.objects.overdue().filter(pk=referral.pk).exists() is (mode in ANSWERED_HERE)
    assert Referral.objects.not_overdue().filter(pk=referral.pk).exists() is (mode in LOGGED)


def test_a_persons_own_request_to_a_phone_line_does_not_expire(food_bank):
    """Self-referral to a phone line: logged for the service, never "no response"."""
    line = Service.objects.create(
        organization=food_bank, name="Food advice line", intake_mode=IntakeMode.PHONE
    )
    ServiceIntake.objects.create(service=line, accepts_self_referral=True)
    result = refer_person(
        actor=None,
        organization=food_bank,
        services=[line],
        need="We have run out of food",
        new_person={"name": "Sam Carer", "contact_preference": "phone", "phone": "07700 900456"},
        consents=[ConsentGiven(food_bank, "self_referral")],
    )
    (made,) = result.referrals
    assert made.intake_mode == IntakeMode.PHONE and made.status == Status.REQUESTED
    _sent_days_ago(made, 30, IntakeMode.PHONE)
    assert services.expire_unanswered_referrals(now=timezone.now()) == []
    assert remind_unanswered_referrals(now=timezone.now()) == []
    assert Referral.objects.get(pk=made.pk).status == Status.REQUESTED


@pytest.mark.parametrize("mode", LOGGED)
def test_the_api_does_not_call_a_logged_referral_overdue(referral, carers_centre, mode):
    _sent_days_ago(referral, 10, mode)
    secret = issue_api_token(organization=carers_centre, name="Case system")[1]
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    listed = client.get("/api/referrals", {"overdue": "true"}).json()
    assert [r["id"] for r in listed["items"]] == []
    listed = client.get("/api/referrals", {"overdue": "false"}).json()
    assert [(r["id"], r.get("overdue")) for r in listed["items"]] == [(str(referral.pk), False)]
