"""Reset and change a password: Django's own views, GOV.UK pages, audited (issue 14, item 2)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from joinedup.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db

NEW = "a fresh and rather long passphrase"


def _reset_link() -> str:
    (message,) = mail.outbox
    (path,) = re.findall(r"http://testserver(/account/password/reset/\S+/)", str(message.body))
    return str(path)


def test_a_forgotten_password_is_reset_from_an_emailed_single_use_link(client, alice):
    response = client.post("/account/password/reset/", {"email": "ALICE@carers.example"})
    assert response.status_code == 302
    assert response["Location"] == "/account/password/reset/sent/"
    link = _reset_link()
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/account/password/done/"
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert client.session["_auth_user_id"] == str(alice.pk)
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.actor == alice and event.target_id == str(alice.pk)
    assert NEW not in str(event.details)
    client.logout()
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()
    assert "Ask for a new link" in again.content.decode()


def test_an_unknown_address_is_not_revealed(client):
    response = client.post("/account/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/account/password/reset/sent/"
    assert not mail.outbox


def test_someone_approved_but_without_a_password_can_ask_for_a_new_link(client):
    User.objects.create_user(email="new.admin@example.org", password=None)
    client.post("/account/password/reset/", {"email": "new.admin@example.org"})
    assert len(mail.outbox) == 1


def test_a_bad_email_gets_an_error_summary(client):
    html = client.post("/account/password/reset/", {"email": "nope"}).content.decode()
    assert "govuk-error-summary" in html
    assert "Enter an email address in the right format" in html


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("short pass", "short pass", "at least 12 characters"),
        ("password1234", "password1234", "too common"),
        (NEW, NEW + "!", "The passwords you typed do not match"),
        ("", "", "Enter a new password"),
    ],
)
def test_weak_or_mismatched_passwords_are_refused(client, alice, password, first, second, message):
    client.post("/account/password/reset/", {"email": alice.email})
    form = client.get(_reset_link(), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": first, "new_password2": second}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    alice.refresh_from_db()
    assert alice.check_password(password)
    assert not AuditEvent.objects.exists()


def test_a_signed_in_person_changes_their_password(client, alice, password):
    client.force_login(alice)
    page = client.get("/account/password/change/")
    assert 'autocomplete="current-password"' in page.content.decode()
    wrong = client.post(
        "/account/password/change/",
        {"old_password": "not it at all", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your current password is not right" in wrong.content.decode()
    response = client.post(
        "/account/password/change/",
        {"old_password": password, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == "/account/password/done/"
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert client.get("/account/password/done/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="user.password_changed", actor=alice).count() == 1


def test_changing_a_password_needs_signing_in(client):
    response = client.get("/account/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_sign_in_page_links_to_reset_and_to_join(client):
    html = client.get("/sign-in/").content.decode()
    assert 'href="/account/password/reset/"' in html
    assert 'href="/join/"' in html
