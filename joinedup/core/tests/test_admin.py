from __future__ import annotations

import pytest

from joinedup.core import audit
from joinedup.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root@example.org", "a long admin password")


def test_admin_pages_open_for_superusers(client, superuser, carers_service, alice):
    client.force_login(superuser)
    for url in (
        "/admin/",
        "/admin/core/user/",
        "/admin/core/user/add/",
        f"/admin/core/user/{alice.pk}/change/",
        "/admin/core/auditevent/",
        "/admin/directory/organization/",
        f"/admin/directory/service/{carers_service.pk}/change/",
        "/admin/directory/location/",
        "/admin/directory/membership/",
        "/admin/directory/taxonomyterm/",
    ):
        assert client.get(url).status_code == 200, url


def test_audit_events_are_read_only_in_admin(client, superuser, alice):
    event = audit.record("service.updated", actor=alice)
    client.force_login(superuser)
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert client.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    client.post(f"/admin/core/auditevent/{event.pk}/change/", {"action": "tampered"})
    assert AuditEvent.objects.get(pk=event.pk).action == "service.updated"


def test_admin_is_closed_to_organisation_admins(client, alice):
    client.force_login(alice)
    assert client.get("/admin/directory/service/").status_code == 302


def test_superuser_adds_a_person_by_email(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/core/user/add/",
        {
            "email": "new.person@example.org",
            "password1": "a long new password 42",
            "password2": "a long new password 42",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.org")
    assert person.username == "new.person@example.org"
    assert person.password.startswith("argon2")


def test_admin_configuration_passes_django_checks():
    from django.core.management import call_command

    call_command("check", fail_level="ERROR")
