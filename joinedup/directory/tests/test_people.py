"""An organisation's people: invitations, roles and removal (issue 14, item 2).

The cast: alice admins Ashdown Carers Centre, bob is a member there (not an admin), charlie
admins another organisation (the outsider), pam is a partnership manager."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from joinedup.core import outbox as core_outbox
from joinedup.core.models import AuditEvent, User
from joinedup.directory import people
from joinedup.directory.models import Membership, OrganizationInvitation


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    # Emailed links are built on SITE_URL (joinedup.core.links.link_builder).
    settings.SITE_URL = "http://testserver"


pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and unusual passphrase"


def _link(path: str) -> str:
    return f"http://testserver{path}"


def _invite(actor, organisation, email="dana@carers.example", role="member") -> str:
    """Invite someone; returns the path of the emailed link."""
    mail.outbox.clear()
    people.invite_person(actor=actor, organization=organisation, email=email, role=role, link=_link)
    (message,) = mail.outbox
    (url,) = re.findall(r"http://testserver(/invitations/\S+/)", str(message.body))
    return str(url)


@pytest.fixture(autouse=True)
def _emails_sent_at_once(monkeypatch):
    # The outbox sends once the use case commits, and a test's transaction never commits:
    # send at once.
    monkeypatch.setattr(core_outbox, "transaction", SimpleNamespace(on_commit=lambda f: f()))


def _people_urls(organisation, membership) -> list[str]:
    base = f"/organisations/{organisation.pk}/people"
    return [
        f"{base}/",
        f"{base}/invite/",
        f"{base}/{membership.pk}/role/",
        f"{base}/{membership.pk}/remove/",
    ]


# Who may manage people


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_members_and_outsiders_get_404_on_every_people_page(
    who, request, client, alice, carers_centre
):
    client.force_login(request.getfixturevalue(who))
    membership = Membership.objects.get(user=alice)
    for url in _people_urls(carers_centre, membership):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"email": "x@example.org", "role": "admin"}).status_code == 404, url
    assert Membership.objects.get(user=alice).role == "admin"
    assert not OrganizationInvitation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client, alice, carers_centre):
    membership = Membership.objects.get(user=alice)
    for url in _people_urls(carers_centre, membership):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_use_cases_refuse_members_and_outsiders(who, request, alice, carers_centre):
    actor = request.getfixturevalue(who)
    membership = Membership.objects.get(user=alice)
    with pytest.raises(PermissionDenied):
        people.invite_person(
            actor=actor, organization=carers_centre, email="x@example.org", role="admin", link=_link
        )
    with pytest.raises(PermissionDenied):
        people.change_role(actor=actor, membership=membership, role="member")
    with pytest.raises(PermissionDenied):
        people.remove_person(actor=actor, membership=membership)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["alice", "pam"])
def test_admins_and_partnership_managers_see_the_people(
    who, request, client, alice, bob, carers_centre, django_assert_max_num_queries
):
    _invite(alice, carers_centre)
    client.force_login(request.getfixturevalue(who))
    with django_assert_max_num_queries(10):
        response = client.get(f"/organisations/{carers_centre.pk}/people/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "alice@carers.example" in html and "bob@carers.example" in html
    assert "dana@carers.example" in html  # the invitation waiting
    assert "charlie@housing.example" not in html


# Inviting and accepting


def test_an_admin_invites_a_colleague_who_joins_with_a_password(client, alice, carers_centre):
    client.force_login(alice)
    response = client.post(
        f"/organisations/{carers_centre.pk}/people/invite/",
        {"email": "Dana@Carers.example", "role": "member"},
    )
    assert response.status_code == 302
    invitation = OrganizationInvitation.objects.get()
    assert invitation.email == "dana@carers.example" and invitation.invited_by == alice
    (message,) = mail.outbox
    (url,) = re.findall(r"http://testserver(/invitations/\S+/)", str(message.body))
    assert invitation.token_hash not in message.body  # only the hash is kept
    client.logout()
    page = client.get(url)
    assert "Join Ashdown Carers Centre" in page.content.decode()
    response = client.post(
        url,
        {"full_name": "Dana Scully", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    dana = User.objects.get(email="dana@carers.example")
    assert dana.check_password(NEW_PASSWORD) and dana.first_name == "Dana"
    assert Membership.objects.get(user=dana).role == "member"
    assert client.session["_auth_user_id"] == str(dana.pk)
    actions = list(AuditEvent.objects.order_by("created_at").values_list("action", flat=True))
    assert actions == [
        "invitation.created",
        "user.password_set",
        "invitation.accepted",
        "membership.created",
    ]


def test_a_used_link_gives_a_clear_page_and_changes_nothing(client, alice, carers_centre):
    url = _invite(alice, carers_centre)
    client.post(
        url, {"full_name": "Dana", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    client.logout()
    again = client.get(url)
    assert again.status_code == 410
    assert "This invitation has been used" in again.content.decode()
    posted = client.post(
        url, {"full_name": "Eve", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert posted.status_code == 410
    assert Membership.objects.filter(organization=carers_centre).count() == 2


def test_an_expired_link_gives_a_clear_page(client, alice, carers_centre):
    url = _invite(alice, carers_centre)
    OrganizationInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    response = client.post(
        url, {"full_name": "Dana", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="dana@carers.example").exists()
    invitation = OrganizationInvitation.objects.get()
    with pytest.raises(people.InvitationUnusable):
        people.accept_invitation(invitation=invitation, password=NEW_PASSWORD, full_name="Dana")


def test_an_unknown_link_is_not_found(client):
    response = client.get("/invitations/not-a-real-secret/")
    assert response.status_code == 404
    assert "Invitation not found" in response.content.decode()


def test_a_new_invitation_replaces_the_old_link(client, alice, carers_centre):
    old = _invite(alice, carers_centre)
    new = _invite(alice, carers_centre, role="admin")
    assert "This invitation was cancelled" in client.get(old).content.decode()
    assert client.get(new).status_code == 200


def test_an_admin_cancels_an_invitation(client, alice, carers_centre):
    url = _invite(alice, carers_centre)
    invitation = OrganizationInvitation.objects.get()
    client.force_login(alice)
    response = client.post(f"/organisations/{carers_centre.pk}/invitations/{invitation.pk}/cancel/")
    assert response.status_code == 302
    client.logout()
    assert client.get(url).status_code == 410
    assert AuditEvent.objects.filter(action="invitation.cancelled", actor=alice).exists()


def test_an_outsider_cannot_cancel_an_invitation(client, alice, charlie, carers_centre):
    _invite(alice, carers_centre)
    invitation = OrganizationInvitation.objects.get()
    client.force_login(charlie)
    url = f"/organisations/{carers_centre.pk}/invitations/{invitation.pk}/cancel/"
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_bad_input_on_accepting_gets_an_error_summary_and_no_account(client, alice, carers_centre):
    url = _invite(alice, carers_centre)
    for data, message in (
        (
            {"full_name": "", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            "Enter your full name",
        ),
        (
            {"full_name": "Dana", "new_password1": "short", "new_password2": "short"},
            "at least 12 characters",
        ),
        (
            {"full_name": "Dana", "new_password1": "password1234", "new_password2": "password1234"},
            "too common",
        ),
        (
            {
                "full_name": "Dana",
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD + "x",
            },
            "do not match",
        ),
    ):
        response = client.post(url, data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in html and message in html, message
    assert not User.objects.filter(email="dana@carers.example").exists()
    assert OrganizationInvitation.objects.get().state == "pending"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["invitation.created"]


def test_someone_with_an_account_signs_in_to_accept(client, alice, charlie, carers_centre):
    url = _invite(alice, carers_centre, email=charlie.email)
    page = client.get(url).content.decode()
    assert "Sign in to accept the invitation" in page
    client.post(
        url, {"full_name": "Charlie", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert not Membership.objects.filter(user=charlie, organization=carers_centre).exists()
    client.force_login(charlie)
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.get(user=charlie, organization=carers_centre).role == "member"
    assert charlie.memberships.count() == 2


def test_the_link_works_only_for_the_invited_address(client, alice, bob, carers_centre):
    url = _invite(alice, carers_centre, email="dana@carers.example")
    client.force_login(bob)
    page = client.get(url).content.decode()
    assert "This invitation is for dana@carers.example" in page
    client.post(url)
    assert OrganizationInvitation.objects.get().state == "pending"
    assert not User.objects.filter(email="dana@carers.example").exists()


def test_inviting_bad_input_gets_an_error_summary(client, alice, bob, carers_centre):
    client.force_login(alice)
    url = f"/organisations/{carers_centre.pk}/people/invite/"
    for data, message in (
        ({"email": "", "role": "member"}, "Enter the email address of the person to invite"),
        ({"email": "not-an-email", "role": "member"}, "Enter an email address in the right format"),
        ({"email": "x@example.org", "role": "owner"}, "Select a valid choice"),
        ({"email": bob.email, "role": "member"}, "is already in Ashdown Carers Centre"),
    ):
        html = client.post(url, data).content.decode()
        assert "govuk-error-summary" in html and message in html, message
    assert not OrganizationInvitation.objects.exists()
    assert not mail.outbox


def test_a_partnership_manager_invites_to_her_members_only(
    client, pam, carers_centre, housing_org, charlie
):
    client.force_login(pam)
    response = client.post(
        f"/organisations/{carers_centre.pk}/people/invite/",
        {"email": "new@carers.example", "role": "admin"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="invitation.created")
    assert event.actor == pam and event.organization == carers_centre
    # Brookfield Housing is in none of her partnerships (ADR 33).
    response = client.post(
        f"/organisations/{housing_org.pk}/people/invite/",
        {"email": "new@housing.example", "role": "admin"},
    )
    assert response.status_code == 404
    assert not OrganizationInvitation.objects.filter(organization=housing_org).exists()


# Roles and removal


def test_an_admin_changes_a_role_and_it_is_audited(client, alice, bob, carers_centre):
    client.force_login(alice)
    membership = Membership.objects.get(user=bob)
    response = client.post(
        f"/organisations/{carers_centre.pk}/people/{membership.pk}/role/", {"role": "admin"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "admin"
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.actor == alice
    assert event.details["before"] == {"role": "member"} and event.details["after"] == {
        "role": "admin"
    }


def test_the_last_admin_cannot_be_demoted_or_removed(client, alice, bob, carers_centre):
    client.force_login(alice)
    mine = Membership.objects.get(user=alice)
    base = f"/organisations/{carers_centre.pk}/people/{mine.pk}"
    response = client.post(f"{base}/role/", {"role": "member"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and "at least one admin" in html
    response = client.post(f"{base}/remove/")
    assert response.status_code == 409
    assert "at least one admin" in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == "admin"
    assert not AuditEvent.objects.exists()


def test_with_two_admins_one_can_step_down(alice, bob, carers_centre):
    bob_membership = Membership.objects.get(user=bob)
    people.change_role(actor=alice, membership=bob_membership, role="admin")
    people.change_role(actor=alice, membership=Membership.objects.get(user=alice), role="member")
    with pytest.raises(ValidationError):
        people.change_role(actor=bob, membership=bob_membership, role="member")


def test_an_admin_removes_someone(client, alice, bob, carers_centre):
    client.force_login(alice)
    membership = Membership.objects.get(user=bob)
    url = f"/organisations/{carers_centre.pk}/people/{membership.pk}/remove/"
    assert (
        "Remove bob@carers.example from Ashdown Carers Centre?" in client.get(url).content.decode()
    )
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(user=bob).exists()
    assert User.objects.filter(pk=bob.pk).exists()  # the account stays
    event = AuditEvent.objects.get(action="membership.removed")
    assert event.actor == alice and event.details == {"email": bob.email, "role": "member"}


def test_a_manager_cannot_reach_a_membership_through_another_organisation(
    client, pam, bob, housing_org
):
    client.force_login(pam)
    membership = Membership.objects.get(user=bob)
    url = f"/organisations/{housing_org.pk}/people/{membership.pk}/remove/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(user=bob).exists()


# The Django admin cannot bypass the use cases


def test_the_django_admin_shows_memberships_but_cannot_change_them(client, alice, bob):
    root = User.objects.create_superuser("root@example.org", "a long admin password")
    client.force_login(root)
    membership = Membership.objects.get(user=bob)
    assert client.get("/admin/directory/membership/").status_code == 200
    assert client.get("/admin/directory/membership/add/").status_code == 403
    assert client.get(f"/admin/directory/membership/{membership.pk}/delete/").status_code == 403
    client.post(f"/admin/directory/membership/{membership.pk}/change/", {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == "member"


def test_django_admin_actions_go_through_the_use_cases(client, alice, bob, carers_centre):
    root = User.objects.create_superuser("root@example.org", "a long admin password")
    client.force_login(root)
    mine = Membership.objects.get(user=alice)
    theirs = Membership.objects.get(user=bob)
    url = "/admin/directory/membership/"
    # The last admin is kept, whichever door the change comes through.
    client.post(url, {"action": "make_member", "_selected_action": [mine.pk]})
    mine.refresh_from_db()
    assert mine.role == "admin"
    client.post(url, {"action": "make_admin", "_selected_action": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.role == "admin"
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.actor == root and event.details["after"] == {"role": "admin"}
    client.post(url, {"action": "remove", "_selected_action": [mine.pk]})
    assert not Membership.objects.filter(pk=mine.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed", actor=root).count() == 1


def test_your_services_links_to_people_only_for_admins(client, alice, bob, carers_centre):
    people_url = f"/organisations/{carers_centre.pk}/people/"
    client.force_login(alice)
    assert people_url in client.get("/your-services/").content.decode()
    client.force_login(bob)
    assert people_url not in client.get("/your-services/").content.decode()
