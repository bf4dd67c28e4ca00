"""Organisation API tokens: made by a command (secret shown once, only its hash kept), revoked
by a command or the Django admin, each audited."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from joinedup.core.models import ApiToken, AuditEvent, User

pytestmark = pytest.mark.django_db


def make_token(*args: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_command_prints_a_secret_that_works_and_stores_only_its_hash(carers_centre):
    secret = make_token("--organisation", "ashdown carers centre", "--name", "Case system")
    token = ApiToken.objects.get()
    assert token.organization == carers_centre
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert secret.startswith("ju_") and token.prefix == secret[3:11]
    assert bearer(secret).get("/api/referrals").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(action="api_token.created").count() == 1


def test_command_by_id_and_bad_organisations(carers_centre):
    assert make_token("--organisation", str(carers_centre.pk), "--name", "x").startswith("ju_")
    with pytest.raises(CommandError, match="No organisation"):
        make_token("--organisation", "Nowhere", "--name", "x")
    with pytest.raises(CommandError, match="name"):
        make_token("--organisation", str(carers_centre.pk), "--name", "  ")


def test_revoke_command_stops_the_token(carers_centre):
    secret = make_token("--organisation", str(carers_centre.pk), "--name", "Old")
    out = io.StringIO()
    call_command("revoke_api_token", secret[:11], stdout=out)
    assert "Revoked" in out.getvalue()
    assert bearer(secret).get("/api/referrals").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
    call_command("revoke_api_token", secret[:11], stdout=out)
    assert "already revoked" in out.getvalue()


def test_admin_revokes_selected_tokens(carers_centre, password):
    secret = make_token("--organisation", str(carers_centre.pk), "--name", "Old")
    admin = User.objects.create_superuser(email="root@example.org", password=password)
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/core/apitoken/")
    assert listing.status_code == 200
    assert b"token_hash" not in listing.content
    response = client.post(
        "/admin/core/apitoken/",
        {"action": "revoke", "_selected_action": [str(ApiToken.objects.get().pk)]},
    )
    assert response.status_code == 302
    assert bearer(secret).get("/api/referrals").status_code == 401
    assert AuditEvent.objects.get(action="api_token.revoked").actor == admin
