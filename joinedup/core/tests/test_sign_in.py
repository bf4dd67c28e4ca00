from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.models import User

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"


def _sign_in(client, email: str, password: str):
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_sign_in_page_is_govuk_styled(client):
    response = client.get(SIGN_IN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB"' in html
    assert "<title>Sign in \u2013 Ashdown Together</title>" in html
    assert 'name="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "govuk-crown" not in html and "GOV.UK" not in html


def test_sign_in_with_the_right_password_works(client, alice, password):
    response = _sign_in(client, "alice@carers.example", password)
    assert response.status_code == 302
    # A member of an organisation lands on what needs their attention.
    assert response["Location"] == reverse("referrals:home")
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_sign_in_goes_on_to_the_page_asked_for(client, alice, password):
    response = client.post(
        f"{SIGN_IN}?next=/your-services/",
        {"username": alice.email, "password": password, "next": "/your-services/"},
    )
    assert response["Location"] == "/your-services/"


def test_wrong_password_shows_the_error_summary(client, alice):
    response = _sign_in(client, alice.email, "not my password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "govuk-error-summary" in html
    assert '<a href="#id_username">Enter a correct email address and password</a>' in html
    assert "<title>Error: Sign in" in html


def test_empty_form_says_what_to_enter(client, db):
    html = _sign_in(client, "", "").content.decode()
    assert '<a href="#id_username">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert 'aria-describedby="id_username-error"' in html


def test_sixth_attempt_after_five_failures_is_locked_out(client, alice, password):
    for _ in range(4):
        assert _sign_in(client, alice.email, "wrong").status_code == 200
    # The fifth failure reaches the limit; from then on even the right password is refused.
    assert _sign_in(client, alice.email, "wrong").status_code == 429
    response = _sign_in(client, alice.email, password)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "Sign in is locked for now" in html
    assert "Try again in 15 minutes" in html
    assert "govuk-heading-l" in html


def test_lockout_is_per_account(client, alice, bob, password):
    for _ in range(5):
        _sign_in(client, alice.email, "wrong")
    response = _sign_in(client, bob.email, password)
    assert response.status_code == 302


def test_passwords_are_stored_with_argon2(alice, password):
    stored = User.objects.get(pk=alice.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert alice.check_password(password)


def test_sign_out_needs_a_post(client, alice):
    client.force_login(alice)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signed_in_header_offers_sign_out_and_your_services(client, alice):
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert 'action="/sign-out/"' in html
    assert 'href="/your-services/"' in html
    assert 'href="/sign-in/"' not in html
