"""The partnership team's search pages walked in a browser: crisis contacts (add, change, move,
remove) and the words people use for their needs (add, remove), by keyboard and without
JavaScript, on a phone (375 px), with axe-core on every page (ADR 13, ADR 14)."""

from __future__ import annotations

import re

import pytest

from joinedup.search.models import CrisisContact, NeedPhrase
from tests.browser.conftest import assert_accessible, follow, page_width, signed_in

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}


def sign_in(page, user, password) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_be_visible()


def assert_fits_phone(page) -> None:
    """Nothing on the page makes a 375 px screen scroll sideways."""
    width = page_width(page)
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 375 px"


def test_manager_keeps_the_crisis_contacts_on_a_phone(page, pam, password):
    sign_in(page, pam, password)
    page.set_viewport_size(PHONE)
    page.goto("/crisis-contacts/")
    expect(page.get_by_role("heading", name="Crisis contacts", level=1)).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)

    page.get_by_role("button", name="Add a crisis contact").click()
    # An empty form is answered with a GOV.UK error summary, and nothing is written.
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)
    assert not CrisisContact.objects.exists()

    for name, phone in (("Bristol crisis line", "0800 012 3456"), ("Night safe haven", "0117 1")):
        page.goto("/crisis-contacts/add/")
        page.get_by_label("Name").fill(name)
        page.get_by_label("Phone number").fill(phone)
        page.get_by_label("When and what").fill("Someone to talk to, day and night.")
        page.get_by_role("button", name="Add contact").click()
        expect(page.get_by_role("heading", name="Crisis contacts", level=1)).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)
    assert list(CrisisContact.objects.order_by("order", "pk").values_list("name", flat=True)) == [
        "Bristol crisis line",
        "Night safe haven",
    ]

    with page.expect_navigation():
        page.get_by_role("button", name="Move up Night safe haven").click()
    assert list(CrisisContact.objects.order_by("order", "pk").values_list("name", flat=True)) == [
        "Night safe haven",
        "Bristol crisis line",
    ]

    follow(page, "Change Bristol crisis line")
    assert_accessible(page)
    page.get_by_label("Phone number").fill("0800 999 0000")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("0800 999 0000")).to_be_visible()

    follow(page, "Remove Night safe haven")
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.get_by_role("heading", name="Crisis contacts", level=1)).to_be_visible()
    assert list(CrisisContact.objects.values_list("name", flat=True)) == ["Bristol crisis line"]


def test_crisis_contact_is_added_by_keyboard_without_javascript(page_without_js, pam, password):
    page = page_without_js
    page.set_viewport_size(PHONE)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(pam.email)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    signed_in(page)
    page.goto("/crisis-contacts/add/")
    page.get_by_label("Name").fill("Crisis café")
    page.get_by_label("Phone number").fill("0117 000 2222")
    page.get_by_label("When and what").fill("Open every evening.")
    page.get_by_label("When and what").focus()
    # Tab onwards to the submit button and press it, as a keyboard user would.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Add contact":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/crisis-contacts/")
    assert CrisisContact.objects.filter(name="Crisis café", phone="0117 000 2222").exists()
    assert_accessible(page)


def test_manager_teaches_search_a_phrase_on_a_phone(page, pam, password):
    sign_in(page, pam, password)
    page.set_viewport_size(PHONE)
    page.goto("/search/needs/")
    expect(page.get_by_role("heading", name="Words people use for their needs")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)

    page.get_by_role("button", name="Add the phrase").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)
    assert not NeedPhrase.objects.exists()

    page.get_by_label("Words people use").fill("on my uppers")
    need = page.get_by_label("The need they mean")
    value = need.locator("option").nth(1).get_attribute("value")
    need.select_option(value)
    page.get_by_role("button", name="Add the phrase").click()
    expect(page.get_by_role("term").filter(has_text="on my uppers")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)
    assert NeedPhrase.objects.filter(phrase="on my uppers").exists()

    page.get_by_role("button", name="Remove “on my uppers”").click()
    expect(page.get_by_text("None yet.")).to_be_visible()
    assert not NeedPhrase.objects.exists()


def test_people_who_are_not_managers_do_not_see_the_pages(page, alice, password):
    sign_in(page, alice, password)
    for path in ("/crisis-contacts/", "/search/needs/"):
        response = page.goto(path)
        assert response is not None and response.status in (403, 404), path
