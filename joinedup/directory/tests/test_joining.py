"""Asking to join the partnership, and partnership managers deciding (issue 14, item 1)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent, User
from joinedup.directory import joining
from joinedup.directory.models import (
    JoinRequest,
    Membership,
    Organization,
    OrganizationIdentifier,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    # Emailed links are built on SITE_URL (joinedup.core.links.link_builder).
    settings.SITE_URL = "http://testserver"


FORM = {
    "organization_name": "Ashdown Men's Shed",
    "sector": "vcs",
    "charity_number": "1 123 456",
    "company_number": "",
    "contact_name": "Dev Patel",
    "contact_email": "Dev@MensShed.example",
}


def _link(path: str) -> str:
    return f"https://ashdown.example{path}"


def _ask(**overrides: str) -> JoinRequest:
    fields: dict[str, Any] = {**FORM, **overrides}
    return joining.request_to_join(link=_link, **fields)


def _links(message: mail.EmailMessage) -> list[str]:
    return re.findall(r"https?://\S+", str(message.body))


# Asking


def test_anyone_can_ask_to_join_and_managers_are_emailed(
    client, pam, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/join/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/join/sent/"
    join_request = JoinRequest.objects.get()
    assert join_request.status == "pending"
    assert join_request.charity_number == "1123456"
    assert join_request.contact_email == "dev@mensshed.example"
    assert not Organization.objects.filter(name=FORM["organization_name"]).exists()
    assert [m.to for m in mail.outbox] == [[pam.email]]
    assert _links(mail.outbox[0]) == [f"http://testserver/join/requests/{join_request.pk}/"]
    event = AuditEvent.objects.get(action="join_request.created")
    assert event.actor is None and event.target_id == str(join_request.pk)


def test_a_request_to_join_is_kept_and_its_email_waits_while_the_mail_server_is_down(
    client, pam, smtp_server, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from joinedup.core import outbox
    from joinedup.core.models import OutboxMessage, OutboxStatus

    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/join/", FORM)
    # The charity is told its request is in, and it is: the email waits in the outbox.
    assert response.status_code == 302 and response["Location"] == "/join/sent/"
    join_request = JoinRequest.objects.get()
    (waiting,) = OutboxMessage.objects.all()
    assert waiting.to == pam.email and waiting.kind == "join.requested"
    assert waiting.status == OutboxStatus.PENDING
    smtp_server.start()
    assert outbox.deliver_due(now=timezone.now() + datetime.timedelta(minutes=5)).sent == 1
    (received,) = smtp_server.received
    assert _links(received) == [f"http://testserver/join/requests/{join_request.pk}/"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organization_name", "", "Enter the name of your organisation"),
        ("sector", "", "Select the kind of organisation"),
        ("contact_name", " ", "Enter your full name"),
        ("contact_email", "dev at shed", "Enter an email address in the right format"),
        ("charity_number", "12345", "Enter a charity number in the right format"),
        ("charity_number", "SC12345", "Enter a charity number in the right format"),
        ("company_number", "ABC", "Enter a company number in the right format"),
        ("company_number", "123456789", "Enter a company number in the right format"),
    ],
)
def test_bad_input_gets_an_error_summary_and_saves_nothing(client, field, value, message):
    response = client.post("/join/", {**FORM, field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error: " in html
    assert not JoinRequest.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("1123456", "1123456"), ("sc 012345", "SC012345"), ("NIC100001", "NIC100001")],
)
def test_charity_numbers_of_each_uk_register_are_accepted(typed, kept):
    assert _ask(charity_number=typed).charity_number == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("01234567", "01234567"), ("1234567", "01234567"), ("sc123456", "SC123456")],
)
def test_company_numbers_are_kept_as_companies_house_writes_them(typed, kept):
    assert _ask(company_number=typed).company_number == kept


def test_the_service_refuses_bad_input_whoever_calls_it():
    with pytest.raises(ValidationError) as refused:
        _ask(contact_email="nope", charity_number="12")
    assert set(refused.value.error_dict) == {"contact_email", "charity_number"}
    assert not JoinRequest.objects.exists()


# Deciding: who may


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_partnership_managers_see_and_decide_requests(who, request, client):
    join_request = _ask()
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get("/join/requests/").status_code == 404
    url = f"/join/requests/{join_request.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    with pytest.raises(PermissionDenied):
        joining.approve_join_request(actor=user, join_request=join_request, link=_link)
    with pytest.raises(PermissionDenied):
        joining.decline_join_request(actor=user, join_request=join_request, reason="No")
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    assert not AuditEvent.objects.exclude(action="join_request.created").exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    join_request = _ask()
    for url in ("/join/requests/", f"/join/requests/{join_request.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_managers_see_pending_requests(client, pam, django_assert_max_num_queries):
    _ask()
    _ask(organization_name="Brookfield Food Bank", contact_email="food@bank.example")
    client.force_login(pam)
    with django_assert_max_num_queries(8):
        response = client.get("/join/requests/")
    html = response.content.decode()
    assert "Waiting for a decision (2)" in html
    assert "Brookfield Food Bank" in html and "Ashdown Men&#x27;s Shed" in html


# Approving


def test_approving_makes_the_organisation_and_its_admin_who_sets_a_password(
    client, pam, django_capture_on_commit_callbacks
):
    join_request = _ask(company_number="1234567")
    client.force_login(pam)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/join/requests/{join_request.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    organisation = Organization.objects.get(name=FORM["organization_name"])
    assert organisation.sector == "vcs"
    assert organisation.email == ""  # the requester's address is not published
    identifiers = set(
        OrganizationIdentifier.objects.filter(organization=organisation).values_list(
            "identifier_scheme", "identifier"
        )
    )
    assert identifiers == {("GB-CHC", "1123456"), ("GB-COH", "01234567")}
    requester = User.objects.get(email="dev@mensshed.example")
    assert not requester.has_usable_password()
    assert (requester.first_name, requester.last_name) == ("Dev", "Patel")
    membership = Membership.objects.get(user=requester)
    assert membership.organization == organisation and membership.role == "admin"
    join_request.refresh_from_db()
    assert join_request.status == "approved" and join_request.organization == organisation
    assert join_request.decided_by == pam
    actions = set(AuditEvent.objects.filter(actor=pam).values_list("action", flat=True))
    assert actions == {
        "organization.created",
        "membership.created",
        "partnership.member_added",
        "join_request.approved",
    }
    # It joins the approving manager's partnership, so she can look after it from now on.
    assert organisation.partnership_memberships.get().partnership.managers.get() == pam
    # The requester's email holds a single-use link to set a password.
    (message,) = [m for m in mail.outbox if m.to == ["dev@mensshed.example"]]
    (link,) = _links(message)
    assert "/account/password/set/" in link
    client.logout()
    form = client.get(link.removeprefix("http://testserver"), follow=True)
    assert "Set your password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "a brand new long password",
            "new_password2": "a brand new long password",
        },
    )
    assert done.status_code == 302
    requester.refresh_from_db()
    assert requester.check_password("a brand new long password")
    assert client.session["_auth_user_id"] == str(requester.pk)
    assert AuditEvent.objects.filter(action="user.password_set", actor=requester).exists()
    # Used once: the link no longer works.
    client.logout()
    again = client.get(link.removeprefix("http://testserver"), follow=True)
    assert "This link no longer works" in again.content.decode()


def test_a_request_is_decided_once(pam):
    join_request = _ask()
    joining.approve_join_request(actor=pam, join_request=join_request, link=_link)
    with pytest.raises(ValidationError):
        joining.approve_join_request(actor=pam, join_request=join_request, link=_link)
    with pytest.raises(ValidationError):
        joining.decline_join_request(actor=pam, join_request=join_request, reason="Late")
    assert Organization.objects.filter(name=FORM["organization_name"]).count() == 1


def test_an_existing_account_is_made_admin_and_told_to_sign_in(
    pam, bob, django_capture_on_commit_callbacks
):
    join_request = _ask(contact_email=bob.email)
    with django_capture_on_commit_callbacks(execute=True):
        organisation = joining.approve_join_request(
            actor=pam, join_request=join_request, link=_link
        )
    assert Membership.objects.get(user=bob, organization=organisation).role == "admin"
    assert bob.memberships.count() == 2
    (message,) = mail.outbox
    assert _links(message) == ["https://ashdown.example/sign-in/"]


# Claiming an imported listing


def test_an_imported_listing_is_claimed_not_duplicated(
    client, pam, housing_org, django_capture_on_commit_callbacks
):
    listing = Organization.objects.create(name="Ashdown Allotments", sector="community")
    page = client.get(f"/organisations/{listing.pk}/")
    assert f"/join/?claim={listing.pk}" in page.content.decode()
    response = client.post(f"/join/?claim={listing.pk}", {**FORM, "organization_name": ""})
    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert join_request.claimed_organization == listing
    assert join_request.organization_name == "Ashdown Allotments"
    client.force_login(pam)
    page = client.get(f"/join/requests/{join_request.pk}/").content.decode()
    assert "no new organisation is made" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/join/requests/{join_request.pk}/", {"decision": "approve"})
    # The listing, Brookfield Housing and the carers centre: no new one.
    assert Organization.objects.count() == 3
    membership = Membership.objects.get(organization=listing)
    assert membership.user.email == "dev@mensshed.example" and membership.role == "admin"
    assert AuditEvent.objects.filter(action="organization.claimed", target_id=str(listing.pk))
    assert not AuditEvent.objects.filter(action="organization.created").exists()


def test_a_listing_with_people_cannot_be_claimed(client, charlie, housing_org):
    assert client.get(f"/join/?claim={housing_org.pk}").status_code == 404
    assert client.post(f"/join/?claim={housing_org.pk}", FORM).status_code == 404
    assert (
        f"/join/?claim={housing_org.pk}"
        not in client.get(f"/organisations/{housing_org.pk}/").content.decode()
    )
    with pytest.raises(ValidationError):
        joining.request_to_join(link=_link, claim=housing_org, **FORM)
    assert not JoinRequest.objects.exists()


def test_a_claim_approved_after_someone_joined_the_listing_is_refused(
    pam, bob, django_capture_on_commit_callbacks
):
    listing = Organization.objects.create(name="Ashdown Allotments", sector="community")
    join_request = joining.request_to_join(link=_link, claim=listing, **FORM)
    Membership.objects.create(user=bob, organization=listing, role="admin")
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        joining.approve_join_request(actor=pam, join_request=join_request, link=_link)
    assert not callbacks  # nothing emailed for a write that rolled back
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    assert not User.objects.filter(email="dev@mensshed.example").exists()


# Declining


def test_declining_needs_a_reason(client, pam):
    join_request = _ask()
    client.force_login(pam)
    response = client.post(f"/join/requests/{join_request.pk}/", {"decision": "decline"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "Say why the request is declined" in html
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    response = client.post(f"/join/requests/{join_request.pk}/", {})
    assert "Select whether to approve or decline the request" in response.content.decode()


def test_a_declined_requester_is_told_why_and_nothing_is_made(
    client, pam, django_capture_on_commit_callbacks
):
    join_request = _ask()
    client.force_login(pam)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/join/requests/{join_request.pk}/",
            {"decision": "decline", "reason": "We cover Ashdown only; you are in Kent."},
        )
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == "declined"
    assert not Organization.objects.filter(name=FORM["organization_name"]).exists()
    assert not User.objects.filter(email="dev@mensshed.example").exists()
    (message,) = [m for m in mail.outbox if m.to == ["dev@mensshed.example"]]
    assert "We cover Ashdown only; you are in Kent." in message.body
    event = AuditEvent.objects.get(action="join_request.declined")
    assert event.actor == pam
    assert event.details["reason"] == "We cover Ashdown only; you are in Kent."
    # Declined stays declined: approving afterwards is refused with an error summary.
    again = client.post(f"/join/requests/{join_request.pk}/", {"decision": "approve"})
    assert "This request was declined already; nothing changed" in again.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == "declined"


def test_an_expired_set_password_link_says_so(
    client, pam, settings, django_capture_on_commit_callbacks
):
    join_request = _ask()
    with django_capture_on_commit_callbacks(execute=True):
        joining.approve_join_request(actor=pam, join_request=join_request, link=_link)
    (message,) = [m for m in mail.outbox if m.to == ["dev@mensshed.example"]]
    (link,) = _links(message)
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is older than this
    page = client.get(link.removeprefix("https://ashdown.example"), follow=True)
    html = page.content.decode()
    assert "This link no longer works" in html and "Ask for a new link" in html
    assert 'name="new_password1"' not in html


def test_asking_twice_makes_one_request(client):
    client.post("/join/", FORM)
    response = client.post("/join/", {**FORM, "organization_name": "ashdown men's shed"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and "You have asked already" in html
    assert JoinRequest.objects.count() == 1
