"""Keeping listings fresh: reminders, the "still right" link, the managers' stale page, and
services nobody can answer for."""

from __future__ import annotations

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.core.management import call_command
from django.utils import timezone

from joinedup.core.models import AuditEvent, OutboxMessage, User
from joinedup.directory import freshness
from joinedup.directory.models import IntakeMode, Membership, Organization, Service

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://site\.example(/listings/still-right/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site(settings) -> None:
    settings.SITE_URL = "http://site.example"
    settings.JOINEDUP_STALE_AFTER_DAYS = 183


@pytest.fixture
def stale_service(carers_service: Service) -> Service:
    carers_service.assured_date = timezone.localdate() - datetime.timedelta(days=200)
    carers_service.save()
    return carers_service


@pytest.fixture
def fresh_service(carers_centre: Organization) -> Service:
    return Service.objects.create(
        organization=carers_centre,
        name="Young carers club",
        assured_date=timezone.localdate() - datetime.timedelta(days=10),
    )


def _reminders() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind="listing.check_reminder").order_by("pk"))


def _still_right_path(message: OutboxMessage) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


# --- Reminders ---------------------------------------------------------------------------------


def test_admins_are_reminded_once_per_interval(alice, bob, stale_service, fresh_service):
    now = timezone.now()
    first = freshness.remind_stale_listings(now=now)
    assert (first.listings, first.emails) == (1, 1)
    (message,) = _reminders()
    # Only admins can confirm or edit a listing: the member is not asked.
    assert message.to == alice.email
    assert stale_service.name in message.body
    assert fresh_service.name not in message.body
    assert f"http://site.example/services/{stale_service.pk}/edit/" in message.body
    _still_right_path(message)

    # Run again the next day, and a month later: nothing new.
    for days in (1, 30, 150):
        again = freshness.remind_stale_listings(now=now + datetime.timedelta(days=days))
        assert again.emails == 0
    assert len(_reminders()) == 1

    # Still unchecked a whole interval later: reminded again.
    later = freshness.remind_stale_listings(now=now + datetime.timedelta(days=184))
    assert later.emails == 1
    assert len(_reminders()) == 2


def test_a_checked_listing_is_not_reminded_until_it_is_due_again(alice, stale_service):
    freshness.remind_stale_listings(now=timezone.now())
    (message,) = _reminders()
    freshness.confirm_still_right(token=_still_right_path(message).split("/")[-2])
    now = timezone.now()
    assert freshness.remind_stale_listings(now=now + datetime.timedelta(days=100)).emails == 0
    assert freshness.remind_stale_listings(now=now + datetime.timedelta(days=190)).emails == 1


def test_an_organisation_with_no_admin_is_reported_not_marked(bob, stale_service):
    result = freshness.remind_stale_listings(now=timezone.now())
    assert result.emails == 0
    assert result.nobody_to_ask == ["Ashdown Carers Centre"]
    stale_service.refresh_from_db()
    # Not marked reminded: once someone becomes admin, the next run asks them.
    assert stale_service.check_reminded_at is None


def test_unpublished_listings_are_not_reminded(alice, stale_service):
    stale_service.published = False
    stale_service.save()
    assert freshness.remind_stale_listings(now=timezone.now()).emails == 0


def test_the_command_reminds_and_reports(alice, stale_service, capsys):
    call_command("remind_stale_listings")
    assert "1 listing(s) due a check, 1 email(s)" in capsys.readouterr().out
    call_command("remind_stale_listings")
    assert "0 listing(s) due a check, 0 email(s)" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="organization.reminded_to_check").count() == 1


# --- The "still right" link --------------------------------------------------------------------


@pytest.fixture
def still_right_url(alice, stale_service) -> str:
    freshness.remind_stale_listings(now=timezone.now())
    (message,) = _reminders()
    return _still_right_path(message)


def test_opening_the_link_changes_nothing(client, still_right_url, stale_service):
    before = stale_service.assured_date
    response = client.get(still_right_url)
    assert response.status_code == 200
    assert "Is Carers&#x27; wellbeing check still right?" in response.content.decode()
    stale_service.refresh_from_db()
    assert stale_service.assured_date == before


def test_the_link_confirms_that_listing_only_without_signing_in(
    client, alice, still_right_url, stale_service, fresh_service, housing_org
):
    other = Service.objects.create(organization=housing_org, name="Tenancy help")
    response = client.post(still_right_url)
    assert response.status_code == 302
    stale_service.refresh_from_db()
    assert stale_service.assured_date == timezone.localdate()
    assert stale_service.assurer_email == alice.email
    event = AuditEvent.objects.get(action="service.checked")
    assert event.actor == alice and event.details["via"] == "email link"
    # Nothing else moved, and nobody was signed in.
    assert Service.objects.get(pk=fresh_service.pk).assured_date == fresh_service.assured_date
    assert Service.objects.get(pk=other.pk).assured_date is None
    assert "_auth_user_id" not in client.session
    followed = client.get(response["Location"]).content.decode()
    assert "Listing checked" in followed


def test_using_the_link_again_changes_nothing(client, still_right_url, stale_service):
    client.post(still_right_url)
    client.post(still_right_url)
    assert AuditEvent.objects.filter(action="service.checked").count() == 1


def test_the_link_also_works_when_someone_else_is_signed_in(
    client, charlie, alice, still_right_url, stale_service
):
    # It records the admin it was sent to, never the person who happens to be signed in.
    client.force_login(charlie)
    client.post(still_right_url)
    stale_service.refresh_from_db()
    assert stale_service.assurer_email == alice.email


def test_a_tampered_link_is_refused(client, still_right_url, stale_service, housing_org):
    token = still_right_url.split("/")[-2]
    # Point the signed payload at another listing, keeping the old signature.
    other = Service.objects.create(organization=housing_org, name="Tenancy help")
    _, _, signature = token.partition(":")  # the timestamp and signature
    forged_payload = signing.dumps(
        {"s": str(other.pk), "u": 1, "d": timezone.localdate().isoformat()}, salt="x"
    ).partition(":")[0]
    for bad in (token[:-2] + "xx", f"{forged_payload}:{signature}", "nonsense"):
        response = client.post(f"/listings/still-right/{bad}/")
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert not AuditEvent.objects.filter(action="service.checked").exists()
    assert Service.objects.get(pk=other.pk).assured_date is None


def test_a_link_signed_for_another_purpose_is_refused(client, alice, stale_service):
    token = signing.dumps(
        {"s": str(stale_service.pk), "u": alice.pk, "d": timezone.localdate().isoformat()},
        salt="joinedup.something-else",
    )
    assert client.post(f"/listings/still-right/{token}/").status_code == 404


def test_an_expired_link_is_refused(client, still_right_url, stale_service):
    before = stale_service.assured_date
    later = time.time() + 31 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(still_right_url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    stale_service.refresh_from_db()
    assert stale_service.assured_date == before


def test_a_link_for_an_admin_who_has_left_is_refused(client, alice, still_right_url):
    Membership.objects.filter(user=alice).update(role=Membership.Role.MEMBER)
    assert client.post(still_right_url).status_code == 404
    assert not AuditEvent.objects.filter(action="service.checked").exists()


def test_a_link_for_a_deactivated_admin_is_refused(client, alice, still_right_url):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert client.get(still_right_url).status_code == 404


def test_an_outsiders_own_link_cannot_confirm_another_organisations_listing(
    client, charlie, stale_service
):
    token = freshness.still_right_token(
        service=stale_service, user=charlie, today=timezone.localdate()
    )
    assert client.post(f"/listings/still-right/{token}/").status_code == 404
    stale_service.refresh_from_db()
    assert stale_service.assured_date != timezone.localdate()


# --- The managers' page ------------------------------------------------------------------------


def test_managers_see_stale_listings_and_organisations_with_nobody(
    client, pam, stale_service, fresh_service, housing_org, django_assert_max_num_queries
):
    Service.objects.create(organization=housing_org, name="Tenancy help")
    client.force_login(pam)
    with django_assert_max_num_queries(12):
        response = client.get("/listings/to-check/")
    html = response.content.decode()
    assert response.status_code == 200
    assert stale_service.name.replace("'", "&#x27;") in html
    assert fresh_service.name not in html
    # Nobody is in the carers centre (no alice or bob in this test).
    assert "Ashdown Carers Centre" in html
    # Brookfield Housing is in none of pam's partnerships: its listing is not hers to chase.
    assert "Tenancy help" not in html and "Brookfield Housing" not in html


def test_an_organisation_with_an_active_user_is_not_listed_as_unanswered(
    client, pam, alice, housing_org
):
    housing_org.partnership_memberships.create(partnership=pam.managed_partnerships.get())
    client.force_login(pam)
    html = client.get("/listings/to-check/").content.decode()
    unanswered = html.split('id="unanswered-heading"')[1]
    assert "Brookfield Housing" in unanswered
    assert "Ashdown Carers Centre" not in unanswered


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_the_stale_page_is_for_managers_only(client, request, who, stale_service):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/listings/to-check/").status_code == 404


def test_the_stale_page_asks_strangers_to_sign_in(client):
    response = client.get("/listings/to-check/")
    assert response.status_code == 302
    assert "/sign-in" in response["Location"] or "login" in response["Location"]


# --- Services nobody can answer for ------------------------------------------------------------


@pytest.fixture
def referred_service(carers_service: Service) -> Service:
    """Takes referrals through joinedup: someone at the organisation must answer them."""
    carers_service.intake_mode = IntakeMode.JOINEDUP
    carers_service.save()
    return carers_service


def test_a_service_with_no_active_member_is_not_answerable(referred_service, housing_org):
    carers_service = referred_service
    assert not Service.objects.answerable().filter(pk=carers_service.pk).exists()
    assert not Service.objects.referable().filter(pk=carers_service.pk).exists()
    assert not carers_service.takes_referrals_here
    user = User.objects.create_user(email="new@carers.example", password="x" * 20)
    Membership.objects.create(user=user, organization=carers_service.organization)
    assert Service.objects.answerable().filter(pk=carers_service.pk).exists()
    assert Service.objects.referable().filter(pk=carers_service.pk).exists()
    assert carers_service.takes_referrals_here
    user.is_active = False
    user.save()
    assert not carers_service.takes_referrals_here
    assert not Service.objects.referable().filter(pk=carers_service.pk).exists()


@pytest.mark.parametrize("mode", [IntakeMode.EMAIL, IntakeMode.JOINEDUP])
def test_a_referral_someone_must_answer_is_not_offered_without_anyone(carers_service, mode):
    carers_service.intake_mode = mode
    carers_service.save()
    assert not carers_service.takes_referrals_here
    assert not Service.objects.referable().filter(pk=carers_service.pk).exists()


@pytest.mark.parametrize("mode", [IntakeMode.PHONE, IntakeMode.SIGNPOSTING])
def test_a_logged_referral_needs_nobody_to_answer_it(carers_service, mode):
    # The referrer phones or signposts; the referral is only recorded.
    carers_service.intake_mode = mode
    carers_service.save()
    assert carers_service.takes_referrals_here
    assert Service.objects.referable().filter(pk=carers_service.pk).exists()


def test_unpublished_services_are_not_referable(bob, referred_service):
    referred_service.published = False
    referred_service.save()
    assert not Service.objects.referable().filter(pk=referred_service.pk).exists()


def test_a_service_without_an_organisation_is_not_answerable(db):
    # A service with no organisation can only be a draft (published_service_has_organization).
    orphan = Service.objects.create(name="Orphan", intake_mode=IntakeMode.PHONE, published=False)
    assert not orphan.takes_referrals_here
    assert not Service.objects.answerable().filter(pk=orphan.pk).exists()
    assert not Service.objects.referable().filter(pk=orphan.pk).exists()


def test_referrers_are_told_nobody_answers_and_not_offered_refer(client, charlie, referred_service):
    client.force_login(charlie)
    html = client.get(f"/services/{referred_service.pk}/").content.decode()
    assert 'id="nobody-to-answer"' in html
    assert 'id="shortlist"' not in html


def test_referrers_are_offered_refer_when_someone_answers(client, charlie, bob, referred_service):
    client.force_login(charlie)
    html = client.get(f"/services/{referred_service.pk}/").content.decode()
    assert 'id="nobody-to-answer"' not in html
    assert 'id="shortlist"' in html
