"""The pages a UK public service must have (ADR 33), in Chromium with JavaScript off, on a
375 px screen, with axe-core on each: the privacy notice, the accessibility statement and the
cookies page, each reached from the footer; and the resident's "ask for help" form, which
links the privacy notice beside its button."""

from __future__ import annotations

import pytest

from joinedup.referrals.services.intake import set_service_intake
from tests.browser.conftest import assert_accessible, page_width

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 800}


def fits_a_phone(page) -> None:
    assert page_width(page) <= PHONE["width"]


@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ("Privacy", "Privacy notice"),
        ("Accessibility statement", "Accessibility statement for the Ashdown Together directory"),
        ("Cookies", "Cookies"),
    ],
)
def test_each_page_is_reached_from_the_footer_on_a_phone_without_javascript(
    page_without_js, settings, link, heading
):
    settings.JOINEDUP_PRIVACY_CONTROLLER = "Ashdown Borough Council"
    settings.JOINEDUP_PRIVACY_DPO_EMAIL = "dpo@ashdown.example.org"
    page = page_without_js
    page.set_viewport_size(PHONE)
    page.goto("/")
    with page.expect_navigation():
        page.locator("footer").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    fits_a_phone(page)
    assert_accessible(page)
    if link == "Privacy":
        expect(page.get_by_text("Ashdown Borough Council is the data controller")).to_be_visible()
        expect(page.get_by_role("link", name="dpo@ashdown.example.org")).to_be_visible()
        expect(page.locator("#retention-periods")).to_contain_text("24 months")


def test_the_ask_for_help_form_links_the_privacy_notice(page_without_js, alice, carers_service):
    set_service_intake(
        actor=alice,
        service=carers_service,
        person_fields=["postcode"],
        questions=[],
        accepts_self_referral=True,
        next_steps="We will call you.",
    )
    page = page_without_js
    page.set_viewport_size(PHONE)
    page.goto(f"/referrals/ask/{carers_service.pk}/")
    form = page.locator("main form")
    expect(form.get_by_text("How we use your information")).to_be_visible()
    fits_a_phone(page)
    assert_accessible(page)
    with page.expect_navigation():
        form.get_by_role("link", name="privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
