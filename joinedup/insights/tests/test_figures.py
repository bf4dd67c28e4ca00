"""Every figure on a small partnership, worked out by hand (see `scenario`)."""

from __future__ import annotations

import datetime

import pytest

from joinedup.insights import figures, periods
from joinedup.insights.tables import TOTAL
from joinedup.insights.tests.conftest import Q1, T0


@pytest.fixture
def raw(partnership, scenario) -> figures.Figures:
    return figures.compute(partnership, Q1)


def cell(figs, table, row, column):
    return figs.table(table).value(row, column)


def test_flows_organisation_to_organisation_and_sector_to_sector(
    raw, carers_centre, council, food_bank
):
    def org(a, b):
        return cell(raw, "flows-organisations", f"{a.pk}>{b.pk}", "referrals")

    assert org(carers_centre, food_bank) == 10
    assert org(carers_centre, council) == 8
    assert org(council, carers_centre) == 7
    assert cell(raw, "flows-organisations", TOTAL, "referrals") == 25
    assert cell(raw, "flows-sectors", "vcs>vcs", "referrals") == 10
    assert cell(raw, "flows-sectors", "vcs>council", "referrals") == 8
    assert cell(raw, "flows-sectors", "council>vcs", "referrals") == 7


def test_where_every_referral_stands_by_receiving_organisation(raw, council, food_bank):
    def loop(org, column):
        return cell(raw, "loop-organisations", str(org.pk), column)

    assert loop(food_bank, "sent") == 10
    assert loop(food_bank, "completed_got_help") == 7
    assert loop(food_bank, "working") == 3
    assert loop(council, "sent") == 8
    assert loop(council, "logged") == 2
    assert loop(council, "answerable") == 6
    assert loop(council, "declined") == 3
    assert loop(council, "expired") == 2
    assert loop(council, "waiting") == 1


def test_the_funnel_from_sent_to_got_help(raw):
    stages = {
        s: cell(raw, "loop-funnel", s, "referrals")
        for s in ("sent", "accepted", "started", "completed", "got_help")
    }
    # Logged referrals never enter the loop: 25 - 2.
    assert stages == {"sent": 23, "accepted": 17, "started": 7, "completed": 7, "got_help": 7}


def test_declines_by_reason(raw):
    assert cell(raw, "loop-declines", "not_eligible", "referrals") == 2
    assert cell(raw, "loop-declines", "no_capacity", "referrals") == 1


def test_median_and_90th_percentile_time_to_first_answer(raw, food_bank, council):
    # food bank: 1..10 hours. Median (5 + 6) / 2 = 5.5 h; nearest rank ceil(0.9 * 10) = 9th: 9 h.
    assert cell(raw, "response-organisations", str(food_bank.pk), "median") == pytest.approx(
        5.5 / 24
    )
    assert cell(raw, "response-organisations", str(food_bank.pk), "p90") == pytest.approx(9 / 24)
    # everyone: 1..10, seven 24s, three 48s (20 answers). Median (10 + 24) / 2 = 17 h; the
    # 18th of 20 is 48 h.
    assert cell(raw, "response-organisations", TOTAL, "median") == pytest.approx(17 / 24)
    assert cell(raw, "response-organisations", TOTAL, "p90") == pytest.approx(2.0)
    # the council answered 3 of its 6 answerable, all within the 14-day response period.
    assert cell(raw, "response-organisations", str(council.pk), "answerable") == 6
    assert cell(raw, "response-organisations", str(council.pk), "answered") == 3
    assert cell(raw, "response-organisations", str(council.pk), "within") == 3


def test_the_response_period_is_the_partnerships(partnership, scenario, food_bank):
    partnership.referral_expiry_days = 1  # 24 hours: the seven answered at 24 h just make it
    partnership.save()
    figs = figures.compute(partnership, Q1)
    assert cell(figs, "response-organisations", TOTAL, "within") == 10 + 7


def test_the_trend_goes_by_week_over_a_quarter(raw):
    rows = dict(raw.table("response-trend").rows)
    # T0 is Monday 5 January: the weeks of 5 and 12 January have the referrals sent then.
    assert "2026-01-05" in rows and "2026-01-12" in rows
    assert (
        cell(raw, "response-trend", "2026-01-05", "answerable") == 6 + 7 + 6
    )  # 13 at T0, days 1-6
    assert cell(raw, "response-trend", "2026-01-12", "answerable") == 4
    assert cell(raw, "response-trend", TOTAL, "answerable") == 23


def test_a_year_trends_by_month(partnership, scenario):
    figs = figures.compute(partnership, periods.year(2026))
    assert [r for r, _ in figs.table("response-trend").rows][:2] == ["2026-01-01", "2026-02-01"]
    assert cell(figs, "response-trend", "2026-01-01", "answerable") == 23


def test_outcomes_by_service_sector_and_need(raw, food_service, council_service):
    assert cell(raw, "outcomes-services", str(food_service.pk), "got_help") == 7
    assert cell(raw, "outcomes-services", str(council_service.pk), "not_eligible") == 2
    assert cell(raw, "outcomes-services", str(council_service.pk), "recorded") == 3
    assert cell(raw, "outcomes-sectors", "vcs", "got_help") == 7
    assert cell(raw, "outcomes-sectors", "council", "recorded") == 3
    assert cell(raw, "outcomes-needs", "Food", "got_help") == 7
    assert cell(raw, "outcomes-needs", "Not categorised", "recorded") == 3


def test_the_previous_period_is_the_same_length_before(
    partnership, scenario, refer, food_service, carers_centre
):
    refer(food_service, sender=carers_centre, sent=T0 - datetime.timedelta(days=30))
    figs = figures.compute(partnership, Q1)
    assert (figs.previous.start, figs.previous.end) == (datetime.date(2025, 10, 1), Q1.start)
    assert cell(figs, "summary-previous", "period", "sent") == 1
    assert cell(figs, "summary", "period", "sent") == 25


def test_filters_narrow_every_figure(
    partnership, scenario, council, food_bank, food_term, food_service
):
    by_sector = figures.compute(partnership, Q1, periods.Filters(sector="council"))
    assert cell(by_sector, "summary", "period", "sent") == 8
    by_org = figures.compute(partnership, Q1, periods.Filters(organization=food_bank.pk))
    assert cell(by_org, "summary", "period", "sent") == 10
    by_service = figures.compute(partnership, Q1, periods.Filters(service=food_service.pk))
    assert cell(by_service, "summary", "period", "sent") == 10
    by_need = figures.compute(partnership, Q1, periods.Filters(need=food_term.pk))
    assert cell(by_need, "summary", "period", "sent") == 10


def test_referrals_outside_the_partnership_are_not_counted(
    partnership, refer, housing_org, charlie
):
    from joinedup.directory.models import Service

    service = Service.objects.create(organization=housing_org, name="Tenancy")
    refer(service, sender=housing_org)
    figs = figures.compute(partnership, Q1)
    assert cell(figs, "summary", "period", "sent") == 0


def test_percentile_method():
    assert figures.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert figures.percentile([5], 90) == 5
    assert figures.percentile([3, 1, 2], 50) == 2
    assert figures.percentile([], 90) is None
    assert figures.median([1, 2, 3, 4]) == 2.5


def test_a_custom_periods_previous_is_the_same_number_of_days():
    period = periods.custom(datetime.date(2026, 3, 1), datetime.date(2026, 3, 10))
    assert (period.previous().start, period.previous().end) == (
        datetime.date(2026, 2, 19),
        datetime.date(2026, 3, 1),
    )
    assert periods.year(2026).previous() == periods.year(2025)
