from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from joinedup.core.models import AuditEvent
from joinedup.directory.models import Organization, Sector
from joinedup.partnerships import services
from joinedup.partnerships.models import MemberRole, Partnership, PartnershipMember


def test_manager_and_members_see_the_partnership_outsider_does_not(
    partnership, pam, alice, bob, charlie
):
    assert list(Partnership.objects.visible_to(pam)) == [partnership]
    assert list(Partnership.objects.visible_to(alice)) == [partnership]
    assert list(Partnership.objects.visible_to(bob)) == [partnership]
    assert list(Partnership.objects.visible_to(charlie)) == []
    assert list(Partnership.objects.visible_to(AnonymousUser())) == []


def test_another_manager_does_not_see_a_partnership_they_do_not_manage(partnership, db):
    from joinedup.core.models import User

    other = User.objects.create_user(email="otto@elsewhere.example", is_partnership_manager=True)
    assert not Partnership.objects.visible_to(other).exists()
    assert not partnership.is_managed_by(other)


def test_visible_to_has_no_duplicates_for_someone_in_two_member_organisations(
    partnership, alice, council
):
    from joinedup.directory.models import Membership

    Membership.objects.create(user=alice, organization=council)
    assert Partnership.objects.visible_to(alice).count() == 1
    assert set(partnership.organizations_of(alice).values_list("name", flat=True)) == {
        "Ashdown Carers Centre",
        "Ashdown Council",
    }


def test_referral_settings_have_defaults(partnership):
    assert partnership.referral_expiry_days == 14
    assert partnership.closed_referral_retention_months == 24


def test_manager_changes_settings_and_it_is_audited(partnership, pam):
    services.update_partnership_settings(
        actor=pam, partnership=partnership, referral_expiry_days=21
    )
    partnership.refresh_from_db()
    assert partnership.referral_expiry_days == 21
    event = AuditEvent.objects.for_target(partnership).get(action="partnership.settings_changed")
    assert event.details == {
        "before": {"referral_expiry_days": 14},
        "after": {"referral_expiry_days": 21},
    }


def test_expiry_must_be_at_least_a_day(partnership, pam):
    with pytest.raises(ValueError):
        services.update_partnership_settings(
            actor=pam, partnership=partnership, referral_expiry_days=0
        )


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_managers_change_settings_or_members(partnership, request, who, housing_org):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.update_partnership_settings(
            actor=actor, partnership=partnership, referral_expiry_days=7
        )
    with pytest.raises(PermissionDenied):
        services.add_member(actor=actor, partnership=partnership, organization=housing_org)


def test_only_partnership_managers_create_partnerships(alice):
    with pytest.raises(PermissionDenied):
        services.create_partnership(actor=alice, name="Alice's own")


def test_member_sector_comes_from_the_organisation_unless_overridden(partnership, pam, council):
    member = PartnershipMember.objects.get(partnership=partnership, organization=council)
    assert member.sector == Sector.COUNCIL
    services.change_member(
        actor=pam, member=member, sector_override=Sector.NHS, role=MemberRole.ASSOCIATE
    )
    member.refresh_from_db()
    assert (member.sector, member.role) == (Sector.NHS, MemberRole.ASSOCIATE)
    assert AuditEvent.objects.filter(action="partnership.member_changed").exists()


def test_add_member_is_audited_with_the_organisation(partnership, pam):
    gp = Organization.objects.create(name="Ashdown GP Federation", sector=Sector.NHS)
    member = services.add_member(
        actor=pam, partnership=partnership, organization=gp, role=MemberRole.OBSERVER
    )
    event = AuditEvent.objects.get(action="partnership.member_added", organization=gp)
    assert event.details["role"] == "observer" and event.target_id == str(member.pk)


def test_members_visible_only_inside_the_partnership(partnership, alice, charlie):
    assert PartnershipMember.objects.visible_to(alice).count() == 2
    assert PartnershipMember.objects.visible_to(charlie).count() == 0


def test_an_organisation_joins_a_partnership_once(partnership, pam, council):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already a member"):
        services.add_member(actor=pam, partnership=partnership, organization=council)
