"""Two people answering one referral at once: exactly one answer wins (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from joinedup.core.models import User
from joinedup.directory.models import Membership
from joinedup.referrals import services
from joinedup.referrals.models import Referral, Status
from joinedup.referrals.transitions import TransitionRefused

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers; no race to test"
    ),
]


def test_accept_and_reject_at_once_leave_one_answer(referral, food_bank):
    erin = User.objects.create_user(email="erin@foodbank.example", password="x")
    Membership.objects.create(user=erin, organization=food_bank)
    dora = User.objects.get(email="dora@foodbank.example")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(actor, target, **reason):
        try:
            barrier.wait()
            services.transition_referral(
                actor=actor,
                referral=Referral.objects.get(pk=referral.pk),
                to_status=target,
                **reason,
            )
            outcomes.append(target)
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=answer, args=(dora, Status.ACCEPTED)),
        threading.Thread(
            target=answer,
            args=(erin, Status.REJECTED),
            kwargs={"reason_code": "no_capacity", "reason_text": "Full this month"},
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("refused") == 1
    referral.refresh_from_db()
    assert referral.status in (Status.ACCEPTED, Status.REJECTED)
    assert referral.events.count() == 3
    assert referral.derived_status() == referral.status
