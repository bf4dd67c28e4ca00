"""The board walked in Chromium (issue 15): a partnership manager opens /insights/, changes the
period, reads each section, downloads a table as CSV; on a desktop and at 375 px, and without
JavaScript. axe-core checks every page."""

# ruff: noqa: F811 (the insights cast is imported as fixtures and used by name)
from __future__ import annotations

import re
from pathlib import Path

import pytest

from joinedup.insights.tests.conftest import (  # noqa: F401 (fixtures)
    _fresh_cache,
    carers_service,
    council,
    council_service,
    dora,
    food_bank,
    food_service,
    food_term,
    helpline,
    partnership,
    refer,
    scenario,
)
from tests.browser.conftest import assert_accessible, page_width, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

SECTIONS = ["Flows", "The loop", "Response times", "Outcomes"]


def open_section(page, name: str) -> None:
    """Follow a link of the board's section navigation and wait for the page it opens."""
    nav = page.get_by_role("navigation", name="Sections of the board")
    with page.expect_navigation():
        nav.get_by_role("link", name=name, exact=True).click()


def fits_a_phone(page) -> bool:
    return bool(page_width(page) <= 375)


def choose_quarter_1(page) -> None:
    """The scenario's quarter (January to March 2026), by custom dates: the list offers only
    recent quarters, and this test must not stop working when 2026 leaves it."""
    page.get_by_text("Change the period or filter the figures").click()
    page.get_by_label("Period", exact=True).select_option(label="Custom dates (below)")
    page.get_by_label("From (custom dates)").fill("2026-01-01")
    page.get_by_label("To (custom dates)").fill("2026-03-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("1 January 2026 to 31 March 2026.")).to_be_visible()


def test_a_manager_reads_the_board_on_a_desktop_and_a_phone(
    page, pam, password, partnership, scenario
):
    sign_in(page, pam, password)
    page.goto("/insights/")
    expect(page.get_by_role("heading", name="Summary", level=1)).to_be_visible()
    assert_accessible(page)
    choose_quarter_1(page)
    summary = page.get_by_role("table", name="This period beside the one before")
    expect(summary.get_by_role("row", name="Referrals sent")).to_contain_text("25")
    assert_accessible(page)
    for section in SECTIONS:
        open_section(page, section)
        expect(page.get_by_role("heading", name=section, level=1)).to_be_visible()
        expect(page.locator("svg[role=img]").first).to_be_visible()
        assert "period=custom&start=2026-01-01&end=2026-03-31" in page.url
        assert_accessible(page)
    # The loop: a CSV of the declines, suppressed as on the page.
    open_section(page, "The loop")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"CSV.*Declined, by reason")).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Reason,Referrals"
    assert "Not shown" in text
    # The same pages on a phone: nothing wider than the screen (wide tables scroll in a box).
    page.set_viewport_size({"width": 375, "height": 800})
    for section in ["Summary", *SECTIONS]:
        if section != "The loop":
            open_section(page, section)
        assert fits_a_phone(page), section
    assert_accessible(page)


def test_the_board_works_without_javascript(page_without_js, pam, password, partnership, scenario):
    page = page_without_js
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(pam.email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.goto("/insights/")
    choose_quarter_1(page)
    open_section(page, "Response times")
    expect(
        page.get_by_role("table", name="Time to first answer, by receiving organisation")
    ).to_be_visible()
    assert_accessible(page)
