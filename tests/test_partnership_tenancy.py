"""Tenancy at installation scale (ADR 33): one installation hosts two partnerships, Ashdown and
Brookfield, each with a manager and member organisations, plus an outsider organisation in
neither. A manager reaches everything of her own partnership's members and nothing of the other
partnership's, nor of the outsider: by page (404, as for anything one may not see), by use case
(PermissionDenied or ValidationError) and through the API.

It lives outside the apps because it walks them all (directory, partnerships, referrals, api).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import OutboxMessage, OutboxStatus, User
from joinedup.directory import joining, listing
from joinedup.directory.models import JoinRequest, Membership, Organization, Sector, Service
from joinedup.partnerships import services as partnership_services
from joinedup.partnerships.models import Partnership, PartnershipMember

PASSWORD = "correct horse battery staple"


@dataclass
class Side:
    """One partnership's world: its manager, a member organisation with an admin, a published
    listing and a draft, and a member nobody looks after yet (an imported listing)."""

    partnership: Partnership
    manager: User
    organisation: Organization
    admin: User
    service: Service
    draft: Service
    unattended: Organization


def _side(name: str, slug: str) -> Side:
    manager = User.objects.create_user(
        email=f"manager@{slug}.example", password=PASSWORD, is_partnership_manager=True
    )
    partnership = Partnership.objects.create(name=f"{name} Partnership")
    partnership.managers.add(manager)
    organisation = Organization.objects.create(
        name=f"{name} Carers", sector=Sector.VCS, email=f"team@{slug}.example"
    )
    unattended = Organization.objects.create(name=f"{name} Allotments", sector=Sector.COMMUNITY)
    for member in (organisation, unattended):
        PartnershipMember.objects.create(partnership=partnership, organization=member)
    admin = User.objects.create_user(email=f"admin@{slug}.example", password=PASSWORD)
    Membership.objects.create(user=admin, organization=organisation, role=Membership.Role.ADMIN)
    service = Service.objects.create(
        organization=organisation, name=f"{name} wellbeing check", description="x", published=True
    )
    draft = Service.objects.create(
        organization=organisation,
        name=f"{name} young carers club",
        url=f"https://{slug}.example/club",
        description="x",
        published=False,
    )
    return Side(partnership, manager, organisation, admin, service, draft, unattended)


@dataclass
class Installation:
    a: Side
    b: Side
    outsider: Organization
    outsider_service: Service


@pytest.fixture
def installation(db) -> Installation:
    outsider = Organization.objects.create(name="Elsewhere Housing", sector=Sector.HOUSING)
    oscar = User.objects.create_user(email="oscar@elsewhere.example", password=PASSWORD)
    Membership.objects.create(user=oscar, organization=outsider, role=Membership.Role.ADMIN)
    outsider_service = Service.objects.create(
        organization=outsider, name="Elsewhere tenancy help", description="x", published=False
    )
    return Installation(
        a=_side("Ashdown", "ashdown"),
        b=_side("Brookfield", "brookfield"),
        outsider=outsider,
        outsider_service=outsider_service,
    )


def _service_urls(service: Service) -> list[str]:
    listing_base = f"/services/{service.pk}/listing"
    return [
        f"/services/{service.pk}/edit/",
        f"/services/{service.pk}/capacity/",
        f"/services/{service.pk}/intake/",
        f"/services/{service.pk}/locations/add/",
        f"{listing_base}/",
        f"{listing_base}/preview/",
        f"{listing_base}/withdraw/",
        f"{listing_base}/about/",
        reverse("referrals:edit-intake", args=[service.pk]),
    ]


def _organisation_urls(organisation: Organization) -> list[str]:
    return [
        f"/organisations/{organisation.pk}/services/add/",
        reverse("directory:list-people", args=[organisation.pk]),
        reverse("directory:invite-person", args=[organisation.pk]),
    ]


def _partnership_urls(partnership: Partnership) -> list[str]:
    return [
        reverse("partnerships:overview", args=[partnership.pk]),
        reverse("partnerships:members", args=[partnership.pk]),
        reverse("partnerships:create-wave", args=[partnership.pk]),
        reverse("partnerships:network-create", args=[partnership.pk]),
    ]


def _everything_of(side: Side) -> list[str]:
    return [
        *_service_urls(side.service),
        *_service_urls(side.draft),
        *_organisation_urls(side.organisation),
        *_organisation_urls(side.unattended),
        *_partnership_urls(side.partnership),
    ]


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_can_open_everything_of_her_own_partnership(installation):
    for side in (installation.a, installation.b):
        client = _signed_in(side.manager)
        for url in _everything_of(side):
            assert client.get(url).status_code == 200, url


def test_a_manager_gets_404_for_the_other_partnership_and_the_outsider(installation):
    a, b = installation.a, installation.b
    theirs = [
        *_everything_of(b),
        *_service_urls(installation.outsider_service),
        *_organisation_urls(installation.outsider),
    ]
    client = _signed_in(a.manager)
    for url in theirs:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Taken", "description": "x"}).status_code == 404, url
    assert client.post(f"/services/{b.draft.pk}/listing/publish/").status_code == 404
    # An unpublished listing of theirs is not shown either, even read-only.
    assert client.get(f"/services/{b.draft.pk}/").status_code == 404
    b.service.refresh_from_db()
    b.draft.refresh_from_db()
    assert b.service.name == "Brookfield wellbeing check" and not b.draft.published


def test_a_managers_use_cases_refuse_the_other_partnership(installation):
    a, b = installation.a, installation.b
    for service in (b.draft, installation.outsider_service):
        with pytest.raises(PermissionDenied):
            listing.publish_service(actor=a.manager, service=service)
    # Within her own partnership she can.
    listing.publish_service(actor=a.manager, service=a.draft)
    a.draft.refresh_from_db()
    assert a.draft.published


def test_your_services_lists_only_her_partnerships_listings(installation):
    html = _signed_in(installation.a.manager).get("/your-services/").content.decode()
    assert "Ashdown wellbeing check" in html and "Ashdown young carers club" in html
    assert "Brookfield" not in html and "Elsewhere" not in html


def test_listings_to_check_are_her_partnerships_only(installation):
    html = _signed_in(installation.a.manager).get("/listings/to-check/").content.decode()
    assert "Ashdown wellbeing check" in html and "Ashdown Allotments" in html
    assert "Brookfield" not in html and "Elsewhere" not in html


def test_the_managers_pages_are_not_for_members_or_outsiders(installation):
    for user in (installation.a.admin, User.objects.get(email="oscar@elsewhere.example")):
        client = _signed_in(user)
        assert client.get("/listings/to-check/").status_code == 404
        assert client.get(reverse("directory:list-join-requests")).status_code == 404
        assert client.get("/failed-deliveries/").status_code == 403


def test_a_claim_on_the_other_partnerships_listing_is_theirs_to_decide(installation):
    a, b = installation.a, installation.b
    claim = joining.request_to_join(
        organization_name=b.unattended.name,
        sector=Sector.COMMUNITY,
        contact_name="Bea Grower",
        contact_email="bea@allotments.example",
        claim=b.unattended,
        link=lambda path: f"https://x.example{path}",
    )
    url = reverse("directory:view-join-request", args=[claim.pk])
    ann = _signed_in(a.manager)
    assert "Bea Grower" not in ann.get(reverse("directory:list-join-requests")).content.decode()
    assert ann.get(url).status_code == 404
    assert ann.post(url, {"decision": "approve"}).status_code == 404
    with pytest.raises(PermissionDenied):
        joining.approve_join_request(actor=a.manager, join_request=claim, link=str)
    with pytest.raises(PermissionDenied):
        joining.decline_join_request(actor=a.manager, join_request=claim, reason="Not ours")
    claim.refresh_from_db()
    assert claim.status == JoinRequest.Status.PENDING
    # Brookfield's manager decides it; the organisation stays in Brookfield only.
    ben = _signed_in(b.manager)
    assert ben.get(url).status_code == 200
    assert ben.post(url, {"decision": "approve"}).status_code == 302
    assert list(b.unattended.partnership_memberships.values_list("partnership", flat=True)) == [
        b.partnership.pk
    ]


def test_an_approved_organisation_joins_the_approving_managers_partnership(installation):
    a, b = installation.a, installation.b
    new = joining.request_to_join(
        organization_name="Ashdown Men's Shed",
        sector=Sector.COMMUNITY,
        contact_name="Dev Maker",
        contact_email="dev@shed.example",
        link=lambda path: f"https://x.example{path}",
    )
    # A new organisation waits for any manager: it belongs to no partnership yet.
    for side in (a, b):
        requests = _signed_in(side.manager).get(reverse("directory:list-join-requests"))
        assert "Ashdown Men" in requests.content.decode()
    organisation = joining.approve_join_request(
        actor=a.manager, join_request=new, link=lambda path: f"https://x.example{path}"
    )
    assert PartnershipMember.objects.filter(
        partnership=a.partnership, organization=organisation
    ).exists()
    assert organisation.is_editable_by(a.manager)
    assert not organisation.is_editable_by(b.manager)
    # Decided, it is Ashdown's: Brookfield's manager no longer sees it.
    url = reverse("directory:view-join-request", args=[new.pk])
    assert _signed_in(b.manager).get(url).status_code == 404
    assert _signed_in(a.manager).get(url).status_code == 200


def test_a_manager_of_two_partnerships_says_which_one_it_joins(installation):
    a, b = installation.a, installation.b
    b.partnership.managers.add(a.manager)
    new = joining.request_to_join(
        organization_name="Hartwell Hub",
        sector=Sector.COMMUNITY,
        contact_name="Hal Hub",
        contact_email="hal@hub.example",
        link=lambda path: f"https://x.example{path}",
    )
    url = reverse("directory:view-join-request", args=[new.pk])
    client = _signed_in(a.manager)
    html = client.post(url, {"decision": "approve"}).content.decode()
    assert "govuk-error-summary" in html and "Select which partnership" in html
    assert client.post(url, {"decision": "approve", "partnership": b.partnership.pk}).status_code
    joined = PartnershipMember.objects.get(organization__name="Hartwell Hub")
    assert joined.partnership == b.partnership


def test_a_manager_cannot_take_in_another_partnerships_member(installation):
    a, b = installation.a, installation.b
    with pytest.raises(ValidationError):
        partnership_services.add_member(
            actor=a.manager, partnership=a.partnership, organization=b.organisation
        )
    candidates = set(a.partnership.candidates_for(a.manager))
    assert b.organisation not in candidates and a.organisation not in candidates
    assert installation.outsider in candidates
    members = reverse("partnerships:members", args=[a.partnership.pk])
    assert "Brookfield Carers" not in _signed_in(a.manager).get(members).content.decode()
    assert not b.organisation.is_editable_by(a.manager)


def test_failed_deliveries_are_shown_to_their_own_partnerships_manager(installation):
    a, b = installation.a, installation.b
    for to, subject in ((a.admin.email, "For Ashdown"), (b.organisation.email, "For Brookfield")):
        OutboxMessage.objects.create(
            channel="email",
            to=to,
            subject=subject,
            body="x",
            kind="referral.requested",
            status=OutboxStatus.FAILED,
            failed_at=timezone.now(),
        )
    ashdown = _signed_in(a.manager).get("/failed-deliveries/").content.decode()
    brookfield = _signed_in(b.manager).get("/failed-deliveries/").content.decode()
    assert "a•••@ashdown.example" in ashdown and "brookfield" not in ashdown
    assert "t•••@brookfield.example" in brookfield and "ashdown" not in brookfield
    theirs = OutboxMessage.objects.get(subject="For Brookfield")
    retry = reverse("directory:retry-delivery", args=[theirs.pk])
    assert _signed_in(a.manager).post(retry).status_code == 404


def test_the_api_shows_no_unpublished_listing_of_either(installation):
    for side in (installation.a, installation.b):
        client = _signed_in(installation.a.manager)
        response = client.get(f"/api/oruk/services/{side.draft.pk}")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/")
