"""The time-out warning in Chromium (WCAG 2.2.1): before the session is signed out for being
idle, a dialog says so and "Stay signed in" keeps it; when the time is up, the page stays as it
was (nothing typed is lost) and says how to sign in again. Axe-checked at phone width."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.sessions.backends.base import SessionBase
from django.utils.module_loading import import_string

from joinedup.core.sessions import SEEN_AT
from tests.browser.conftest import assert_accessible, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}


def _session(page, settings) -> SessionBase:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    return store(session_key=key)


def _idle_for(page, settings, seconds: int) -> None:
    session = _session(page, settings)
    session[SEEN_AT] = int(time.time() - seconds)
    session.save()


@pytest.fixture
def short_sessions(settings):
    # A minute's idle limit, warned of in its last 50 seconds.
    settings.JOINEDUP_SESSION_IDLE_MINUTES = 1
    settings.JOINEDUP_SESSION_WARN_SECONDS = 50
    return settings


def test_the_warning_comes_before_the_time_out_and_staying_keeps_the_session(
    page, alice, password, short_sessions
):
    sign_in(page, alice, password)
    page.set_viewport_size(PHONE)
    _idle_for(page, short_sessions, 20)  # 40 seconds left: within the warning's 50
    page.goto("/account/")
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You will be signed out in")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    # By keyboard: the dialog has the focus, Enter on its button stays signed in.
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    left = 60 - (time.time() - _session(page, short_sessions)[SEEN_AT])
    assert left > 55, "the idle clock started again"
    # Still signed in, on the same page.
    assert page.url.endswith("/account/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_when_the_time_is_up_the_page_and_what_was_typed_stay(
    page, alice, password, short_sessions
):
    sign_in(page, alice, password)
    page.clock.install()
    page.goto("/")  # a minute left: the warning is due in 10 seconds
    page.locator("#id_q").fill("typed but not sent")
    # Time passes on the server and in the page.
    _idle_for(page, short_sessions, 20)
    page.clock.fast_forward(11_000)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="You will be signed out soon")).to_be_visible()
    # The session ends on the server (idle too long) before the person answers.
    _idle_for(page, short_sessions, 120)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog.get_by_role("heading", name="You have been signed out")).to_be_focused()
    sign_in_again = dialog.get_by_role("link", name="Sign in again")
    assert "signed_out=idle" in (sign_in_again.get_attribute("href") or "")
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay on this page").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#id_q")).to_have_value("typed but not sent")
    # The search is public: sending it still searches, now signed out.
    page.locator("#id_q").press("Enter")
    expect(page).to_have_url(re.compile(r"q=typed\+but\+not\+sent"))
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_have_count(0)
