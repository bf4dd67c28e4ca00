"""Sessions end after a while idle and some hours after signing in (issue 16, item 1), with a
clear message, and a form sent after the end is kept to send again."""

from __future__ import annotations

import time

import pytest

from joinedup.core.models import AuditEvent
from joinedup.core.sessions import KEPT_FORM, SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

PAGE = "/account/"


def _age(client, *, idle_minutes: float = 0, signed_in_hours: float = 0) -> None:
    """Move the session's clocks back, as if time had passed."""
    session = client.session
    now = time.time()
    session[SEEN_AT] = int(now - idle_minutes * 60)
    session[SIGNED_IN_AT] = int(now - max(signed_in_hours * 3600, idle_minutes * 60))
    session.save()


def test_signing_in_starts_both_clocks(client, alice):
    # Between the clock read before and after: exact, however slow the machine.
    before = int(time.time())
    client.force_login(alice)
    after = time.time()
    session = client.session
    assert before <= session[SIGNED_IN_AT] <= after
    assert before <= session[SEEN_AT] <= after


def test_a_session_idle_for_30_minutes_is_signed_out(client, alice):
    client.force_login(alice)
    _age(client, idle_minutes=31)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?signed_out=idle&next=%2Faccount%2F"
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="user.session_expired")
    assert event.actor == alice and event.details == {"reason": "idle", "path": PAGE}
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without using the service" in page
    assert 'name="next" value="/account/"' in page


def test_a_session_used_within_30_minutes_carries_on_and_is_kept_alive(client, alice):
    client.force_login(alice)
    _age(client, idle_minutes=29, signed_in_hours=2)
    before = int(time.time())
    assert client.get(PAGE).status_code == 200
    assert before <= client.session[SEEN_AT] <= time.time()  # seen again: the clock restarts
    assert client.get(PAGE).status_code == 200


def test_a_session_ends_8_hours_after_signing_in_however_busy(client, alice):
    client.force_login(alice)
    _age(client, idle_minutes=1, signed_in_hours=8.1)
    response = client.get(PAGE)
    assert response["Location"].startswith("/sign-in/?signed_out=absolute")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "because you signed in more than 8 hours ago" in page


def test_the_limits_come_from_settings(client, alice, settings):
    settings.JOINEDUP_SESSION_IDLE_MINUTES = 5
    settings.JOINEDUP_SESSION_MAX_HOURS = 1
    client.force_login(alice)
    _age(client, idle_minutes=6)
    assert client.get(PAGE).status_code == 302
    client.force_login(alice)
    _age(client, idle_minutes=1, signed_in_hours=1.1)
    assert client.get(PAGE).status_code == 302
    settings.JOINEDUP_SESSION_IDLE_MINUTES = 0
    settings.JOINEDUP_SESSION_MAX_HOURS = 0
    client.force_login(alice)
    _age(client, idle_minutes=600, signed_in_hours=100)
    assert client.get(PAGE).status_code == 200


def test_a_form_sent_after_the_time_out_is_kept_for_the_same_person(client, alice, password):
    client.force_login(alice)
    _age(client, idle_minutes=45)
    response = client.post("/some/form/", {"note": "Needs a ramp", "choice": ["a", "b"]})
    assert response["Location"] == ("/sign-in/?signed_out=idle&next=%2Faccount%2Fsend-form%2F")
    signed_in = client.post(
        "/sign-in/",
        {"username": alice.email, "password": password, "next": "/account/send-form/"},
    )
    assert signed_in["Location"] == "/account/send-form/"
    page = client.get("/account/send-form/").content.decode()
    assert "Your form was not sent" in page
    assert 'action="/some/form/"' in page
    assert '<input type="hidden" name="note" value="Needs a ramp">' in page
    assert page.count('name="choice"') == 2
    # Once.
    assert client.get("/account/send-form/").status_code == 302


def test_a_kept_form_is_never_shown_to_someone_else(client, alice, bob, password):
    client.force_login(alice)
    _age(client, idle_minutes=45)
    client.post("/some/form/", {"note": "Alice's person"})
    assert KEPT_FORM in client.session
    client.post("/sign-in/", {"username": bob.email, "password": password})
    response = client.get("/account/send-form/")
    assert response.status_code == 302
    assert "Alice's person" not in client.get(response["Location"], follow=True).content.decode()


def test_passwords_are_never_kept(client, alice):
    client.force_login(alice)
    _age(client, idle_minutes=45)
    client.post("/account/password/change/", {"old_password": "x", "new_password1": "secret y"})
    kept = client.session[KEPT_FORM]
    assert kept["fields"] == []


def test_htmx_is_sent_to_the_whole_sign_in_page(client, alice):
    client.force_login(alice)
    _age(client, idle_minutes=31)
    response = client.get(PAGE, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/sign-in/?signed_out=idle")


def test_the_api_is_not_limited_by_sessions(client, alice):
    client.force_login(alice)
    _age(client, idle_minutes=31)
    client.get("/api/oruk/")
    assert client.session.get("_auth_user_id") == str(alice.pk)


def test_a_form_another_site_posts_is_not_kept(alice):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    _age(browser, idle_minutes=45)
    response = browser.post("/some/form/", {"note": "Written by another site"})
    assert response["Location"] == "/sign-in/?signed_out=idle"
    assert KEPT_FORM not in browser.session
