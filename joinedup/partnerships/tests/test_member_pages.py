"""Members and settings: everyone in the partnership reads them; managers add members and
managers, change a member's role or sector and the referral periods; each change audited;
outsiders get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEvent, User
from joinedup.directory.models import Organization, Sector
from joinedup.partnerships.models import MemberRole, PartnershipMember


def list_url(partnership) -> str:
    return reverse("partnerships:members", args=[partnership.pk])


def member_url(member) -> str:
    return reverse("partnerships:member", args=[member.partnership_id, member.pk])


@pytest.mark.parametrize("who", ["pam", "alice"])
def test_manager_and_members_read_members_and_settings(
    client, request, partnership, who, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(who))
    with django_assert_max_num_queries(12):
        page = client.get(list_url(partnership))
    assert page.status_code == 200
    assert "Ashdown Carers Centre" in page.text and "Ashdown Council" in page.text
    assert "pam@partnership.example" in page.text
    assert ("Add a member organisation" in page.text) == (who == "pam")


def test_outsider_gets_404_on_every_members_page(client, partnership, charlie):
    member = partnership.members.first()
    client.force_login(charlie)
    assert client.get(list_url(partnership)).status_code == 404
    assert client.get(member_url(member)).status_code == 404
    page = client.post(
        list_url(partnership), {"form": "settings", "settings-referral_expiry_days": 1}
    )
    assert page.status_code == 404
    assert client.post(member_url(member), {"role": "observer"}).status_code == 404


def test_members_cannot_change_anything(client, partnership, alice):
    member = partnership.members.first()
    client.force_login(alice)
    data = {
        "form": "settings",
        "settings-referral_expiry_days": 3,
        "settings-closed_referral_retention_months": 6,
    }
    assert client.post(list_url(partnership), data).status_code == 404
    assert client.get(member_url(member)).status_code == 404
    partnership.refresh_from_db()
    assert partnership.referral_expiry_days == 14


def test_manager_changes_the_referral_settings(client, partnership, pam):
    client.force_login(pam)
    data = {
        "form": "settings",
        "settings-referral_expiry_days": 10,
        "settings-closed_referral_retention_months": 36,
    }
    page = client.post(list_url(partnership), data, follow=True)
    assert "Referral settings saved" in page.text
    partnership.refresh_from_db()
    assert (partnership.referral_expiry_days, partnership.closed_referral_retention_months) == (
        10,
        36,
    )
    event = AuditEvent.objects.get(action="partnership.settings_changed")
    assert event.actor == pam and event.details["after"]["referral_expiry_days"] == 10


def test_bad_settings_rerender_with_an_error_summary_and_change_nothing(client, partnership, pam):
    client.force_login(pam)
    data = {
        "form": "settings",
        "settings-referral_expiry_days": 0,
        "settings-closed_referral_retention_months": "two",
    }
    page = client.post(list_url(partnership), data)
    assert page.status_code == 200
    assert "<title>Error: " in page.text
    assert "A referral must wait at least 1 day" in page.text
    assert "Enter the months as a whole number, like 24" in page.text
    partnership.refresh_from_db()
    assert partnership.referral_expiry_days == 14
    assert not AuditEvent.objects.filter(action="partnership.settings_changed").exists()


def test_manager_adds_a_member_organisation_with_its_role_and_sector(client, partnership, pam):
    gp = Organization.objects.create(name="Ashdown GP Federation", sector=Sector.BUSINESS)
    client.force_login(pam)
    form = client.get(list_url(partnership)).text
    assert "Ashdown GP Federation" in form
    data = {
        "form": "member",
        "member-organization": str(gp.pk),
        "member-role": MemberRole.ASSOCIATE,
        "member-sector_override": Sector.NHS,
    }
    page = client.post(list_url(partnership), data, follow=True)
    assert "Ashdown GP Federation added as a member" in page.text
    member = PartnershipMember.objects.get(partnership=partnership, organization=gp)
    assert (member.role, member.sector) == (MemberRole.ASSOCIATE, Sector.NHS)
    assert AuditEvent.objects.filter(action="partnership.member_added", organization=gp).exists()


def test_an_existing_member_is_not_offered_again(client, partnership, pam, council):
    client.force_login(pam)
    data = {"form": "member", "member-organization": str(council.pk), "member-role": "core"}
    page = client.post(list_url(partnership), data)
    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    assert PartnershipMember.objects.filter(partnership=partnership).count() == 2


def test_manager_adds_another_manager_who_needs_an_account(client, partnership, pam, bob):
    client.force_login(pam)
    page = client.post(list_url(partnership), {"form": "manager", "manager-email": "nobody@x.org"})
    assert "There is no joinedup account with that email address" in page.text
    page = client.post(
        list_url(partnership), {"form": "manager", "manager-email": "BOB@carers.example"}
    )
    assert page.status_code == 302
    assert partnership.is_managed_by(User.objects.get(pk=bob.pk))
    assert AuditEvent.objects.filter(action="partnership.manager_added").exists()


def test_manager_changes_a_members_role_and_sector(client, partnership, pam, council):
    member = PartnershipMember.objects.get(partnership=partnership, organization=council)
    client.force_login(pam)
    assert client.get(member_url(member)).status_code == 200
    page = client.post(member_url(member), {"role": "observer", "sector_override": "nhs"})
    assert page.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.sector) == ("observer", "nhs")
    event = AuditEvent.objects.get(action="partnership.member_changed")
    assert event.details["after"] == {"role": "observer", "sector_override": "nhs"}
    page = client.post(member_url(member), {"role": ""})
    assert "Select the organisation" in page.text


def test_manager_sets_the_smallest_number_shown(client, partnership, pam):
    client.force_login(pam)
    data = {
        "form": "settings",
        "settings-referral_expiry_days": 14,
        "settings-closed_referral_retention_months": 24,
        "settings-suppression_threshold": 10,
    }
    client.post(list_url(partnership), data, follow=True)
    partnership.refresh_from_db()
    assert partnership.suppression_threshold == 10
    data["settings-suppression_threshold"] = 1
    page = client.post(list_url(partnership), data)
    assert "The smallest number shown must be 2 or more" in page.text
    partnership.refresh_from_db()
    assert partnership.suppression_threshold == 10
