"""The demo's year of activity: thousands of referrals that tell a story (seasons, fast and
silent responders, declines, outcomes, expiries, wellbeing, searches with unmet need, capacity
changes), made the same way every time, leaving the demo logins' inboxes as the story tells."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.demo import activity, year
from joinedup.demo.spec import demo_id
from joinedup.insights.wellbeing import answer_pairs, by_service
from joinedup.referrals.models import (
    OPEN_STATUSES,
    Referral,
    ReferralEvent,
    ServiceIntake,
    Status,
)
from joinedup.referrals.models.referrals import ReferralQuerySet
from joinedup.search.models import UnmetNeed


def _year() -> ReferralQuerySet:
    people = [activity.person_id(year.NAMESPACE, n) for n in range(year.REFERRALS)]
    return Referral.objects.filter(person__in=people)


def test_the_year_has_thousands_of_referrals_whose_log_agrees(demo_place):
    referrals = _year()
    assert referrals.count() > 2500
    last = ReferralEvent.objects.filter(referral=OuterRef("pk")).order_by("-sequence")
    logged = referrals.annotate(logged=Subquery(last.values("to_status")[:1]))
    assert not logged.exclude(logged=F("status")).exists()
    assert set(referrals.values_list("status", flat=True)) >= {
        Status.REQUESTED,
        Status.ACCEPTED,
        Status.IN_PROGRESS,
        Status.REJECTED,
        Status.CANCELLED,
        Status.FAILED,
        Status.COMPLETED,
    }


def test_winter_is_busier_than_summer(demo_place):
    by_month = dict(
        _year()
        .values_list("requested_at__month")
        .annotate(n=Count("pk"))
        .values_list("requested_at__month", "n")
    )
    assert by_month[1] > 1.3 * by_month[7]


def test_silent_organisations_leave_referrals_unanswered_and_fast_ones_do_not(demo_place):
    def expired_share(key: str) -> float:
        received = _year().filter(
            receiving_organization_id=demo_id("organization", key), intake_mode="joinedup"
        )
        return float(received.expired().count() / max(1, received.count()))

    assert expired_share("harbourside-housing") > 0.4
    assert expired_share("food-bank") < 0.1


def test_declines_have_reasons_and_completions_outcomes(demo_place):
    declined = ReferralEvent.objects.filter(
        referral__in=_year(), to_status=Status.REJECTED
    ).values_list("reason_code", flat=True)
    assert declined and all(declined)
    assert "no_capacity" in set(declined)
    completed = _year().filter(status=Status.COMPLETED)
    assert not completed.filter(outcome="").exists()


def test_the_story_inboxes_have_no_open_referral_from_the_year(demo_place):
    story = [demo_id("organization", key) for key in year.STORY_USERS]
    touching = _year().filter(
        Q(receiving_organization__in=story) | Q(referring_organization__in=story)
    )
    assert touching.exists()
    assert not touching.filter(status__in=OPEN_STATUSES).exists()
    recent = timezone.now() - datetime.timedelta(days=20)
    assert not touching.filter(status_changed_at__gte=recent).exists()


def test_wellbeing_moves_for_services_that_ask(demo_place):
    assert ServiceIntake.objects.filter(asks_wellbeing=True).count() == len(year.WELLBEING)
    pairs, names = answer_pairs()
    rows = by_service(pairs, names)
    shown = [r for r in rows if not r.changes[0].suppressed]
    assert len(shown) >= 4
    # The dementia adviser has too few to show: small numbers are part of the story.
    assert any(r.changes[0].suppressed for r in rows)
    anxiety = [r.changes[3].mean_change for r in shown]
    assert all(change is not None and change < 0 for change in anxiety)


def test_searches_are_counted_with_unmet_need_where_the_gaps_are(demo_place):
    total = UnmetNeed.objects.aggregate(n=Sum("count"))["n"]
    assert total > 30000
    assert set(UnmetNeed.objects.values_list("band", flat=True)) == {"none", "few", "enough"}

    def none_share(**where: str) -> float:
        rows = UnmetNeed.objects.filter(**where)
        found = rows.aggregate(all=Sum("count"), none=Sum("count", filter=Q(band="none")))
        return float(found["none"] / found["all"])

    assert none_share(theme="Debt advice", area="BS13") > 2 * none_share(theme="Debt advice")


def test_capacity_changes_are_in_the_audit_log(demo_place):
    changes = AuditEvent.objects.filter(action="service.capacity_changed")
    assert changes.count() > 50
    assert changes.filter(details__after__status="waiting_list").exists()


def test_loading_twice_creates_nothing(demo_place):
    assert year.load_demo_year().created is False


def test_the_same_plan_gives_the_same_year():
    now = datetime.datetime(2026, 12, 6, tzinfo=datetime.UTC)
    receiver = activity.Receiver(
        service_id=demo_id("service", "a"),
        organization_id=demo_id("organization", "b"),
        intake_mode="joinedup",
        responder_id=None,
        wellbeing_effect=(1, 1, 1, -1),
    )
    referrer = activity.Referrer(organization_id=demo_id("organization", "c"), user_id=None)
    plan = activity.Plan(
        seed=7,
        now=now,
        referrals=300,
        receivers=[receiver],
        referrers=[referrer],
        districts=[("BS5", 1.0)],
    )

    def rows() -> list[tuple[object, ...]]:
        return [
            (r.pk, r.reference, r.status, r.requested_at, r.outcome)
            for batch in activity.plan_batches(plan)
            for r in batch.referrals
        ]

    assert rows() == rows()
    assert len(rows()) == 300


@pytest.mark.parametrize("day", [datetime.date(2026, 1, 15), datetime.date(2026, 7, 15)])
def test_winter_pressure_peaks_in_january(day):
    assert (activity.winter_pressure(day) > 1.7) == (day.month == 1)
