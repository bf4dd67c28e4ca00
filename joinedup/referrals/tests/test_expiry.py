from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import Referral, Status

DAY = datetime.timedelta(days=1)


def sent_days_ago(referral, days):
    Referral.objects.filter(pk=referral.pk).update(requested_at=timezone.now() - days * DAY)


def test_unanswered_referrals_expire_as_cancelled_for_no_response(referral):
    sent_days_ago(referral, 15)
    expired = services.expire_unanswered_referrals(now=timezone.now())
    assert expired == [referral]
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED == referral.derived_status()
    event = referral.events.last()
    assert (event.actor, event.actor_organization, event.reason_code) == (None, None, "no_response")
    assert event.reason_text == "No response within 14 days"
    audit = AuditEvent.objects.for_target(referral).filter(action="referral.cancelled").get()
    assert audit.actor is None and audit.details["reason_code"] == "no_response"
    # The referrer's organisation is told (its log holds it) so it can choose another service.
    assert audit.organization == referral.referring_organization


def test_referrals_within_the_period_stay(referral):
    sent_days_ago(referral, 13)
    assert services.expire_unanswered_referrals(now=timezone.now()) == []
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_the_period_is_a_parameter(referral):
    sent_days_ago(referral, 8)
    assert services.expire_unanswered_referrals(now=timezone.now(), expiry_days=7) == [referral]


def test_answered_referrals_and_drafts_never_expire(referral, draft, dora):
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    sent_days_ago(referral, 60)
    Referral.objects.filter(pk=draft.pk).update(status_changed_at=timezone.now() - 60 * DAY)
    assert services.expire_unanswered_referrals(now=timezone.now()) == []


def test_expiry_runs_twice_safely(referral):
    sent_days_ago(referral, 30)
    services.expire_unanswered_referrals(now=timezone.now())
    assert services.expire_unanswered_referrals(now=timezone.now()) == []
    assert referral.events.count() == 3


def test_the_command_expires_with_its_period(referral):
    sent_days_ago(referral, 5)
    out = io.StringIO()
    call_command("expire_referrals", "--days", "7", stdout=out)
    assert out.getvalue().strip() == "0 referral(s) expired"
    call_command("expire_referrals", "--days", "4", stdout=out)
    assert "1 referral(s) expired" in out.getvalue()
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED
