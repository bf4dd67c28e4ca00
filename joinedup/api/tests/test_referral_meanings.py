"""One meaning of "new", "in progress", "overdue" and "closed" for the inbox page, the API and
the reminders: each is asked about the same referrals and must give the same answer as
`ReferralQuerySet` and as the table below, worked out by hand from the rule (overdue on the
first reminder day, or two days before the partnership's expiry if that comes first)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.api.referral_openapi import openapi_document, schema_errors
from joinedup.api.tests.referral_cast import ApiClient
from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
from joinedup.directory.tokens import issue_api_token
from joinedup.partnerships.models import Partnership, PartnershipMember
from joinedup.referrals import services
from joinedup.referrals.models import ConsentMethod, Referral, Status
from joinedup.referrals.services.expiry import remind_unanswered_referrals

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
# A minute past each whole day, so the boundary is never a race with the clock.
MINUTE = datetime.timedelta(minutes=1)

# (receiver, days waited, answered?) -> overdue? The food bank's partnership gives 4 days, so
# it is overdue after 2 (two days before expiry); the advice centre is in no partnership
# (14 days), so after 3, the first reminder day.
CASES = {
    ("food", 0, False): False,
    ("food", 1, False): False,
    ("food", 2, False): True,
    ("food", 3, False): True,
    ("food", 5, True): False,
    ("advice", 1, False): False,
    ("advice", 2, False): False,
    ("advice", 3, False): True,
    ("advice", 8, False): True,
    ("advice", 8, True): False,
}


@pytest.fixture
def world(alice):
    now = timezone.now()
    receivers = {}
    for key, name in (("food", "Ashdown Food Bank"), ("advice", "Ashdown Advice")):
        org = Organization.objects.create(name=name, sector=Sector.VCS)
        user = User.objects.create_user(email=f"{key}@example.org", password="x")
        Membership.objects.create(user=user, organization=org)
        service = Service.objects.create(
            organization=org, name=f"{name} service", intake_mode=IntakeMode.JOINEDUP
        )
        token = issue_api_token(organization=org, name="CRM")[1]
        receivers[key] = {"org": org, "user": user, "service": service, "api": ApiClient(token)}
    short = Partnership.objects.create(name="Ashdown Together", referral_expiry_days=4)
    PartnershipMember.objects.create(partnership=short, organization=receivers["food"]["org"])
    person = services.create_person(
        actor=alice,
        organization=alice.memberships.get().organization,
        name="Mary Carer",
        contact_preference="phone",
        phone="07700 900123",
    )
    for r in receivers.values():
        services.record_consent(
            actor=alice,
            person=person,
            recipient=r["org"],
            purpose="Referral",
            method=ConsentMethod.IN_PERSON,
        )
    made = {}
    for case in CASES:
        key, days, answered = case
        referral = services.send_referrals(
            actor=alice, person=person, services=[receivers[key]["service"]], need="Help"
        ).referrals[0]
        if answered:
            services.transition_referral(
                actor=receivers[key]["user"], referral=referral, to_status=Status.ACCEPTED
            )
        Referral.objects.filter(pk=referral.pk).update(requested_at=now - days * DAY - MINUTE)
        made[case] = Referral.objects.get(pk=referral.pk)
    return {"receivers": receivers, "made": made}


def _expected(world) -> set[str]:
    return {world["made"][case].reference for case, overdue in CASES.items() if overdue}


def _page_refs(user: User, view: str) -> set[str]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("referrals:inbox"), {"view": view})
    return {r.reference for r in response.context["page_obj"].object_list}


def test_the_queryset_and_the_model_say_what_the_table_says(world):
    expected = _expected(world)
    assert set(Referral.objects.overdue().values_list("reference", flat=True)) == expected
    # One row at a time (no annotation) agrees with the queryset.
    fresh = Referral.objects.filter(pk__in=[r.pk for r in world["made"].values()])
    assert {r.reference for r in fresh if r.is_overdue} == expected
    assert {r.reference for r in fresh.with_overdue() if r.is_overdue} == expected
    assert set(Referral.objects.not_overdue().values_list("reference", flat=True)).isdisjoint(
        expected
    )


def test_the_inbox_page_says_the_same(world):
    expected = _expected(world)
    shown = set()
    for r in world["receivers"].values():
        shown |= _page_refs(r["user"], "overdue")
        # The "new" view holds the overdue ones too, flagged as such.
        client = Client()
        client.force_login(r["user"])
        listed = client.get(reverse("referrals:inbox"), {"view": "new"}).context["page_obj"]
        assert {x.reference for x in listed.object_list if x.is_overdue} <= expected
    assert shown == expected


def test_the_api_says_the_same_in_its_field_and_its_filter(world):
    expected = _expected(world)
    flagged, filtered, unfiltered_out = set(), set(), set()
    document = openapi_document("http://testserver/api")
    for r in world["receivers"].values():
        everything = r["api"].get("/api/referrals", role="received").json()
        assert schema_errors("ReferralList", everything) == {}
        flagged |= {i["reference"] for i in everything["items"] if i["overdue"] is True}
        assert all(isinstance(i["overdue"], bool) for i in everything["items"])
        only = r["api"].get("/api/referrals", role="received", overdue="true").json()
        filtered |= {i["reference"] for i in only["items"]}
        rest = r["api"].get("/api/referrals", role="received", overdue="false").json()
        unfiltered_out |= {i["reference"] for i in rest["items"]}
    assert flagged == filtered == expected
    assert unfiltered_out.isdisjoint(expected)
    schemas = document["components"]["schemas"]
    assert "overdue" in schemas["Referral"]["properties"]
    assert schemas["ReferralList"]["properties"]["items"]["items"]["allOf"][1] == {
        "required": ["overdue"]
    }
    # A list without it would not fit the published shape.
    without = {
        **everything,
        "items": [{k: v for k, v in i.items() if k != "overdue"} for i in everything["items"]],
    }
    assert schema_errors("ReferralList", without) != {}
    params = document["paths"]["/referrals"]["get"]["parameters"]
    assert any(p["name"] == "overdue" for p in params)


def test_a_referral_detail_says_overdue_too(world):
    food = world["receivers"]["food"]
    for case, overdue in CASES.items():
        if case[0] == "food":
            detail = food["api"].get(f"/api/referrals/{world['made'][case].pk}").json()
            assert schema_errors("ReferralDetail", detail) == {}
            assert detail["overdue"] is overdue, case


def test_the_api_refuses_a_bad_overdue_value(world):
    response = world["receivers"]["food"]["api"].get("/api/referrals", overdue="yes")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_reminders_go_only_to_what_the_inbox_shows_as_overdue(world):
    expected = _expected(world)
    reminded = {r.reference for r in remind_unanswered_referrals()}
    assert reminded <= expected
    # Everything past the first reminder day (3) is reminded; the food bank's day-2 referral
    # is overdue (its period is short) but has no reminder yet.
    assert reminded == {
        world["made"][case].reference for case, overdue in CASES.items() if overdue and case[1] >= 3
    }


def test_the_other_views_mean_the_same_on_the_page_and_in_the_queryset(world):
    for view in ("new", "in_progress", "closed"):
        shown = set()
        for r in world["receivers"].values():
            shown |= _page_refs(r["user"], view)
        assert shown == set(Referral.objects.in_view(view).values_list("reference", flat=True))
    assert _page_refs(world["receivers"]["food"]["user"], "in_progress") == {
        world["made"][("food", 5, True)].reference
    }


def test_an_outsider_sees_none_of_it(world, charlie):
    client = Client()
    client.force_login(charlie)
    response = client.get(reverse("referrals:inbox"), {"view": "overdue"})
    assert response.context["page_obj"].paginator.count == 0
    other = ApiClient(
        issue_api_token(organization=charlie.memberships.get().organization, name="x")[1]
    )
    assert other.get("/api/referrals", overdue="true").json()["total_items"] == 0


def test_expired_means_what_the_expiry_use_case_writes():
    from joinedup.referrals.models.referrals import NO_RESPONSE
    from joinedup.referrals.services.common import NO_RESPONSE as written

    assert written == NO_RESPONSE
