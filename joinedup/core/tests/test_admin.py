from __future__ import annotations

import pytest

from joinedup.core import audit
from joinedup.core.models import AuditEvent, User
from tests.admin_forms import form_data as _form_data

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


def test_people_added_promoted_and_given_passwords_in_the_admin_are_audited(
    client, superuser, alice
):
    client.force_login(superuser)
    client.post(
        "/admin/core/user/add/",
        {
            "email": "new.person@example.org",
            "password1": "a long new password 42",
            "password2": "a long new password 42",
        },
    )
    added = AuditEvent.objects.get(action="user.added")
    assert added.actor == superuser
    assert added.target_id == str(User.objects.get(email="new.person@example.org").pk)
    # That a password was set is recorded; the password itself never is.
    assert "a long new password 42" not in str(added.details)

    url = f"/admin/core/user/{alice.pk}/change/"
    data = _form_data(client.get(url))
    data["is_superuser"] = "on"
    assert client.post(url, data).status_code == 302
    alice.refresh_from_db()
    assert alice.is_superuser
    promoted = AuditEvent.objects.get(action="user.changed", target_id=str(alice.pk))
    assert promoted.actor == superuser
    assert promoted.details["via"] == "admin"
    assert promoted.details["fields"]["is_superuser"] is True

    response = client.post(
        f"/admin/core/user/{alice.pk}/password/",
        {"password1": "another long password 7", "password2": "another long password 7"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.password_set")
    assert event.actor == superuser and event.target_id == str(alice.pk)
    assert "another long password" not in str(event.details)

    # A password the form refuses is not set and not recorded as set.
    client.post(f"/admin/core/user/{alice.pk}/password/", {"password1": "a", "password2": "b"})
    assert AuditEvent.objects.filter(action="user.password_set").count() == 1
