"""The time-out warning's server side (WCAG 2.2.1): a signed-in page knows how long it has,
asking is not activity, and "Stay signed in" starts the idle clock again."""

from __future__ import annotations

import time

import pytest

from joinedup.core.sessions import SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

STATUS = "/account/session/"
JSON = {"HTTP_ACCEPT": "application/json"}


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[SEEN_AT] = int(time.time() - seconds)
    session.save()


def test_a_signed_in_page_carries_the_warning_and_a_public_page_does_not(client, alice):
    assert "data-session-timeout" not in client.get("/").content.decode()
    client.force_login(alice)
    page = client.get("/account/").content.decode()
    assert "data-session-timeout" in page
    assert "You will be signed out soon" in page
    assert 'data-warn-seconds="120"' in page


def test_asking_how_long_is_left_does_not_keep_the_session_alive(client, alice, settings):
    settings.JOINEDUP_SESSION_IDLE_MINUTES = 30
    client.force_login(alice)
    _idle_for(client, 20 * 60)
    left = client.get(STATUS, **JSON).json()["seconds_left"]
    assert 9 * 60 <= left <= 10 * 60
    # Well past the minute after which any other request counts as activity: still 20 minutes.
    assert time.time() - client.session[SEEN_AT] >= 20 * 60 - 1


def test_staying_signed_in_starts_the_idle_clock_again(client, alice, settings):
    settings.JOINEDUP_SESSION_IDLE_MINUTES = 30
    client.force_login(alice)
    _idle_for(client, 29 * 60)
    left = client.post(STATUS, **JSON).json()["seconds_left"]
    assert left >= 29 * 60
    assert time.time() - client.session[SEEN_AT] < 5


def test_the_absolute_limit_is_not_moved_by_staying(client, alice, settings):
    settings.JOINEDUP_SESSION_IDLE_MINUTES = 30
    settings.JOINEDUP_SESSION_MAX_HOURS = 8
    client.force_login(alice)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time() - 8 * 3600 + 90)
    session.save()
    left = client.post(STATUS, **JSON).json()["seconds_left"]
    assert 0 < left <= 90


def test_without_javascript_stay_signed_in_goes_back_to_the_page(client, alice):
    client.force_login(alice)
    response = client.post(STATUS, {"next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    # Never to another site.
    response = client.post(STATUS, {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/account/"


def test_a_session_already_ended_cannot_be_kept_alive(client, alice, settings):
    settings.JOINEDUP_SESSION_IDLE_MINUTES = 30
    client.force_login(alice)
    _idle_for(client, 31 * 60)
    response = client.post(STATUS, **JSON)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert "_auth_user_id" not in client.session


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(STATUS, **JSON)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
