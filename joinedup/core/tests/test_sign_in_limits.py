"""One password tried across many accounts from one address is locked too; every sign-in,
failure, lock-out and sign-out is audited; weak passwords are refused (issue 16, item 1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from joinedup.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db

SPRAYED = "Summer2026!"


def _sign_in(client, email: str, password: str, address: str = "203.0.113.7"):
    return client.post("/sign-in/", {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def thirty_people(db, password) -> list[User]:
    return [
        User.objects.create_user(email=f"person{n}@example.org", password=password)
        for n in range(30)
    ]


def test_one_password_tried_on_many_accounts_locks_the_address(client, thirty_people, password):
    # 20 failures (the default), one per account: no account reaches its own limit of 5.
    for person in thirty_people[:20]:
        assert _sign_in(client, person.email, SPRAYED).status_code in (200, 429)
    # Even the right password for a further account is refused from that address...
    refused = _sign_in(client, thirty_people[25].email, password)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    html = refused.content.decode()
    assert "from this network" in html and "Try again in 15 minutes" in html
    assert "reset it" in html
    # ...but not from another.
    assert _sign_in(client, thirty_people[25].email, password, "198.51.100.9").status_code == 302
    locked = AuditEvent.objects.filter(action="user.sign_in_locked_out")
    assert locked.exists() and all(e.details["address_locked"] for e in locked)
    assert locked.first().details["address"] == "203.0.113.7"


def test_below_the_address_limit_others_still_sign_in(client, thirty_people, password, settings):
    settings.JOINEDUP_ADDRESS_FAILURE_LIMIT = 10
    for person in thirty_people[:9]:
        assert _sign_in(client, person.email, SPRAYED).status_code == 200
    assert _sign_in(client, thirty_people[20].email, password).status_code == 302


def test_the_address_limit_is_a_setting(client, thirty_people, settings):
    settings.JOINEDUP_ADDRESS_FAILURE_LIMIT = 3
    for person in thirty_people[:2]:
        assert _sign_in(client, person.email, SPRAYED).status_code == 200
    assert _sign_in(client, thirty_people[2].email, SPRAYED).status_code == 429


def test_sign_in_failure_and_sign_out_are_audited(client, alice, password):
    _sign_in(client, alice.email, "not it")
    _sign_in(client, "nobody@example.org", "not it either")
    failures = AuditEvent.objects.filter(action="user.sign_in_failed").order_by("created_at")
    first, second = failures
    assert first.target_id == str(alice.pk) and first.details["account_exists"] is True
    assert second.target_id == "" and second.details["account_exists"] is False
    # What was typed is never kept (it may be a password typed in the wrong box).
    assert "nobody@example.org" not in str(second.details) and "not it" not in str(second.details)
    _sign_in(client, alice.email, password)
    signed_in = AuditEvent.objects.get(action="user.signed_in")
    assert signed_in.actor == alice and signed_in.details["address"] == "203.0.113.7"
    client.post("/sign-out/")
    assert AuditEvent.objects.get(action="user.signed_out").actor == alice


def test_a_lockout_is_audited(client, alice):
    for _ in range(5):
        _sign_in(client, alice.email, "wrong")
    event = AuditEvent.objects.get(action="user.sign_in_locked_out")
    assert event.target_id == str(alice.pk) and event.details["address_locked"] is False


@pytest.mark.parametrize("weak", ["Summer2026", "Summer2026!", "password1234", "Password123456"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_long_passphrase_is_accepted():
    validate_password("kettle orbit lantern mossy")


def test_the_admin_sign_in_is_the_one_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/admin/"


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, thirty_people, settings):
    settings.JOINEDUP_TRUSTED_PROXIES = 1
    settings.JOINEDUP_ADDRESS_FAILURE_LIMIT = 3
    for n, person in enumerate(thirty_people[:3]):
        # The attacker makes up a new leftmost address each time; the proxy appends the real one.
        client.post(
            "/sign-in/",
            {"username": person.email, "password": SPRAYED},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
        )
    refused = client.post(
        "/sign-in/",
        {"username": thirty_people[5].email, "password": SPRAYED},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
    )
    assert refused.status_code == 429
    # Someone else behind the same proxy is not locked out.
    other = client.post(
        "/sign-in/",
        {"username": thirty_people[6].email, "password": SPRAYED},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 200
