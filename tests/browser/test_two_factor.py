"""Two-factor sign-in in Chromium (issue 16, item 1): an organisation admin signs in, is sent to
set up an authenticator app on a phone-sized screen (typing the key, as a screen reader user
would), saves the recovery codes, signs out, signs in with a code from the app, then with a
recovery code. axe-core runs on every page; the same journey works without JavaScript."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import assert_accessible, page_width

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.two_factor

PHONE = {"width": 375, "height": 740}


def _code_for(key: str, steps_ahead: int = 0, drift: int = 0) -> str:
    totp = TOTP(base64.b32decode(key.replace(" ", "")), 30, 0, 6, drift)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def _fits_a_phone(page: Any) -> None:
    assert page_width(page) <= 375, page.url


def _sign_in_with_password(page: Any, user: Any, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def _sign_out(page: Any) -> None:
    # At desktop width, where the menu is open without the "Menu" button.
    page.set_viewport_size({"width": 1024, "height": 768})
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").first.click()


def _journey(page: Any, alice: Any, password: str) -> None:
    # At desktop width first, then a phone.
    _sign_in_with_password(page, alice, password)
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(
        page.get_by_role("img", name="QR code to set up your authenticator app")
    ).to_be_attached()
    assert_accessible(page)
    _fits_a_phone(page)

    # Someone who cannot scan types the key instead.
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator("#two-factor-key").inner_text()
    page.get_by_label("Code from your app").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)
    time.sleep(1.1)  # django-otp waits a second after a wrong code
    page.get_by_label("Code from your app").fill(_code_for(key))
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    _fits_a_phone(page)
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved my recovery codes").click()
    _sign_out(page)

    # With a code from the app.
    _sign_in_with_password(page, alice, password)
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)
    _fits_a_phone(page)
    # The next step's code, with the drift the service saved: the set-up code, if checked just
    # after the 30 s step turned, left it a step behind (see two_factor_helpers.app_code).
    drift = TOTPDevice.objects.get(user=alice, confirmed=True).drift
    page.get_by_label("Code").fill(_code_for(key, steps_ahead=1, drift=drift))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(
        "Enter the code from your authenticator app"
    )
    page.goto("/account/")
    expect(page.locator("#two-factor-status")).to_contain_text("On")
    expect(page.locator("#recovery-codes-left")).to_have_text("10 left")
    assert_accessible(page)
    _fits_a_phone(page)
    _sign_out(page)

    # With a recovery code: the phone is lost.
    _sign_in_with_password(page, alice, password)
    page.set_viewport_size(PHONE)
    page.get_by_text("I do not have my phone").click()
    page.get_by_label("Code").fill(codes[3])
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.goto("/account/")
    expect(page.locator("#recovery-codes-left")).to_have_text("9 left")


def test_set_up_then_sign_in_with_a_code_and_a_recovery_code(page, alice, password):
    _journey(page, alice, password)


def test_the_same_without_javascript(page_without_js, alice, password):
    _journey(page_without_js, alice, password)
