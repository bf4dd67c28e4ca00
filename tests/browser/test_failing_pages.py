"""The "Too many requests" and "Sorry, the service is unavailable" pages (issue 16), in Chromium
at phone width, with axe-core: a person who meets one is told what happened and what to do."""

from __future__ import annotations

import pytest

from joinedup.core.failing import _page
from tests.browser.conftest import assert_accessible, page_width

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}


def check(page) -> None:
    assert page_width(page) <= PHONE["width"], page.url
    assert_accessible(page)


def test_too_many_searches_shows_an_accessible_page(page, settings):
    # A day's window: the count starts again when it ends, at a moment set by the caller's
    # address, and a loaded run takes seconds between the two pages (hour: 1 in ~1,000 runs).
    settings.RATELIMIT_SEARCH = "1/d"
    settings.JOINEDUP_SEMANTIC_SEARCH = False
    page.set_viewport_size(PHONE)
    page.goto("/?q=food")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Too many requests")
    response = page.goto("/?q=food+bank")
    assert response is not None and response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many requests")
    check(page)


def test_the_outage_page_is_accessible(page, live_server):
    # The page as the app draws it while the database is down, served at a page of this server
    # (so that its styles load) without taking the test's database down.
    html = _page("core/errors/unavailable.html", 503).content.decode()
    page.route(
        f"{live_server.url}/outage-page",
        lambda route: route.fulfill(status=503, body=html, content_type="text/html"),
    )
    page.set_viewport_size(PHONE)
    page.goto("/outage-page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, the service is unavailable")
    check(page)
