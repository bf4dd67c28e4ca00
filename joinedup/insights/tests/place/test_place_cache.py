"""The place pages' figures are cached (ADR 37): a warm page reads them from the cache, and no
figure, nor the page rendered from it, is older than INSIGHTS_CACHE_SECONDS."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.insights import areas, place_cache, unmet

from .conftest import params


def body(response) -> str:
    html: str = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def declined(make_referrals, council_service):
    make_referrals(6, council_service, declined="no_capacity")


def test_a_warm_unmet_need_page_reads_nothing_again(
    client, partnership, pam, today, declined, monkeypatch
):
    client.force_login(pam)
    url = reverse("insights:unmet-need", args=[partnership.pk])
    first = body(client.get(url, params()))
    assert "Housing advice" in first

    def refuse(*args, **kwargs):
        raise AssertionError("read again")

    for name in ("declines_in", "waiting_lists_in", "searches_by", "decline_table"):
        monkeypatch.setattr(unmet, name, refuse)
    assert body(client.get(url, params())) == first


def test_the_figures_are_read_again_once_too_old(
    client, partnership, pam, today, declined, make_referrals, council_service, monkeypatch
):
    client.force_login(pam)
    url = reverse("insights:unmet-need", args=[partnership.pk])
    assert ">6<" in body(client.get(url, params()))
    make_referrals(2, council_service, declined="no_capacity")
    assert ">6<" in body(client.get(url, params()))  # up to 5 minutes old
    now = place_cache.time.time()
    monkeypatch.setattr(place_cache.time, "time", lambda: now + 301)
    assert ">8<" in body(client.get(url, params()))


def test_the_area_page_reads_its_counts_from_the_cache(
    client, partnership, pam, today, declined, monkeypatch
):
    client.force_login(pam)
    url = reverse("insights:areas", args=[partnership.pk])
    first = body(client.get(url, params()))
    monkeypatch.setattr(areas, "referrals_by_district", lambda *a, **k: {})
    assert body(client.get(url, params())) == first


def test_a_warm_area_page_draws_its_districts_once(
    client, partnership, pam, today, declined, monkeypatch
):
    # A region's districts, map and table are drawn once from the figures and kept with them.
    client.force_login(pam)
    url = reverse("insights:areas", args=[partnership.pk])
    first = body(client.get(url, params()))

    def refuse(*args, **kwargs):
        raise AssertionError("drawn again")

    for name in ("area_table", "equity_table"):
        monkeypatch.setattr(areas, name, refuse)
    assert body(client.get(url, params())) == first
    # Figures computed again (older than 5 minutes) are drawn again.
    now = place_cache.time.time()
    monkeypatch.setattr(place_cache.time, "time", lambda: now + 301)
    with pytest.raises(AssertionError, match="drawn again"):
        client.get(url, params())


def test_the_refresh_reads_them_again(partnership, today, declined, make_referrals, monkeypatch):
    from joinedup.insights.place_periods import period_from

    period = period_from({})
    assert place_cache.declines_in(partnership, period) == [("Housing advice", "no_capacity", 6)]
    monkeypatch.setattr(unmet, "declines_in", lambda *a: [("Housing advice", "no_capacity", 9)])
    assert place_cache.declines_in(partnership, period)[0][2] == 6
    place_cache.refresh(partnership)
    assert place_cache.declines_in(partnership, period)[0][2] == 9
