"""Reminders to the receiving team and expiry after the partnership's period, with the
referrer told so they can choose another service."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.partnerships.models import Partnership, PartnershipMember
from joinedup.referrals import services
from joinedup.referrals.models import Notification, Referral, Status
from joinedup.referrals.services.expiry import (
    expiry_days_for,
    overdue_after_days,
    remind_unanswered_referrals,
)

DAY = datetime.timedelta(days=1)


def sent_days_ago(referral, days):
    Referral.objects.filter(pk=referral.pk).update(requested_at=timezone.now() - days * DAY)


@pytest.fixture
def short_partnership(food_bank):
    partnership = Partnership.objects.create(name="Ashdown Together", referral_expiry_days=5)
    PartnershipMember.objects.create(partnership=partnership, organization=food_bank)
    return partnership


def test_reminders_on_day_three_and_seven_once_each(
    referral, dora, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    sent_days_ago(referral, 2)
    assert remind_unanswered_referrals() == []
    sent_days_ago(referral, 3)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_unanswered_referrals() == [referral]
        assert remind_unanswered_referrals() == []  # the same reminder is never sent twice
    sent_days_ago(referral, 8)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_unanswered_referrals() == [referral]
        assert remind_unanswered_referrals() == []
    referral.refresh_from_db()
    assert referral.reminders_sent == 2 and referral.last_reminded_at is not None
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to for m in reminders] == [["dora@foodbank.example"]] * 2
    assert "Mary" not in reminders[0].body and referral.reference in reminders[0].body
    assert AuditEvent.objects.filter(action="referral.reminded").count() == 2


def test_answered_referrals_get_no_reminder(referral, dora):
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    sent_days_ago(referral, 4)
    assert remind_unanswered_referrals() == []


def test_a_late_first_run_sends_one_reminder_not_two(referral, dora):
    sent_days_ago(referral, 10)
    assert remind_unanswered_referrals() == [referral]
    assert Notification.objects.filter(kind="referral.reminder").count() == 1
    assert remind_unanswered_referrals() == []


def test_send_reminders_command(referral, dora):
    sent_days_ago(referral, 4)
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "1 referral(s) reminded"


def test_the_partnership_sets_the_expiry_period(referral, food_bank, short_partnership):
    assert expiry_days_for(food_bank.pk) == 5
    sent_days_ago(referral, 4)
    assert services.expire_unanswered_referrals() == []
    sent_days_ago(referral, 6)
    assert services.expire_unanswered_referrals() == [referral]
    assert referral.events.last().reason_text == "No response within 5 days"


def test_the_shortest_period_wins_for_an_organisation_in_two_partnerships(
    food_bank, short_partnership
):
    other = Partnership.objects.create(name="County", referral_expiry_days=3)
    PartnershipMember.objects.create(partnership=other, organization=food_bank)
    assert expiry_days_for(food_bank.pk) == 3


def test_outside_any_partnership_the_period_is_fourteen_days(referral, food_bank):
    assert expiry_days_for(food_bank.pk) == 14
    sent_days_ago(referral, 13)
    assert services.expire_unanswered_referrals() == []


def test_expiry_tells_the_referrer_to_choose_another_service(
    referral, alice, dora, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    sent_days_ago(referral, 15)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_referrals", stdout=io.StringIO())
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED
    assert [m.to for m in mail.outbox] == [["alice@carers.example"]]
    assert "choose another service" in mail.outbox[0].body
    assert "expired" in mail.outbox[0].subject
    assert "Mary" not in mail.outbox[0].body
    assert Notification.objects.filter(recipient=alice, kind="referral.expired").exists()


def test_overdue_comes_on_the_first_reminder_or_two_days_before_expiry():
    assert overdue_after_days(14) == 3
    assert overdue_after_days(4) == 2
    assert overdue_after_days(1) == 0
