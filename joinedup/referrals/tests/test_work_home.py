"""The signed-in home page (what needs attention), completing with confirmation, and urgency
in plain words, most urgent first."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import Outcome, Referral, Status, Urgency

HOME = reverse("referrals:home")
DAY = datetime.timedelta(days=1)


def change(referral: Referral) -> str:
    return reverse("referrals:change-status", args=[referral.pk])


def test_signing_in_lands_a_member_on_the_home_page(client, alice, password):
    response = client.post(reverse("core:sign-in"), {"username": alice.email, "password": password})
    assert response["Location"] == HOME


def test_someone_in_no_organisation_is_sent_on_to_search(client, pam):
    client.force_login(pam)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"] == reverse("search:home")


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_receiver_sees_new_and_overdue_referrals_with_names(client, dora, referral):
    Referral.objects.filter(pk=referral.pk).update(requested_at=timezone.now() - 4 * DAY)
    client.force_login(dora)
    response = client.get(HOME)
    section = response.context["sections"][0]
    assert section["new_count"] == 1 and section["overdue_count"] == 1
    page = response.content.decode()
    assert "Mary Carer" in page and "1 overdue" in page
    assert "view=overdue" in page and "view=new" in page
    assert AuditEvent.objects.filter(
        action="person.viewed", actor=dora, details__list="home"
    ).exists()


def test_replies_and_outcomes_reach_the_referrer(client, alice, dora, referral):
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    services.post_message(actor=dora, referral=referral, body="We will call tomorrow")
    client.force_login(alice)
    section = client.get(HOME).context["sections"][0]
    assert section["replies_count"] == 1
    assert [r.pk for r in section["shown"]["replies"]] == [referral.pk]
    # Once alice answers, no reply is owed by her; dora now owes one.
    services.post_message(actor=alice, referral=referral, body="Thank you")
    assert client.get(HOME).context["sections"][0]["replies_count"] == 0
    client.force_login(dora)
    assert client.get(HOME).context["sections"][0]["replies_count"] == 1
    services.record_outcome(actor=dora, referral=referral, outcome=Outcome.GOT_HELP)
    services.transition_referral(actor=dora, referral=referral, to_status=Status.COMPLETED)
    client.force_login(alice)
    section = client.get(HOME).context["sections"][0]
    assert section["outcomes_count"] == 1
    assert "Mary Carer" in client.get(HOME).content.decode()


def test_the_outsider_sees_nothing_of_it(client, charlie, dora, referral):
    services.post_message(actor=dora, referral=referral, body="A question")
    client.force_login(charlie)
    response = client.get(HOME)
    section = response.context["sections"][0]
    assert (
        section["new_count"],
        section["overdue_count"],
        section["replies_count"],
        section["outcomes_count"],
    ) == (0, 0, 0, 0)
    assert "Mary" not in response.content.decode()
    assert "Nothing needs your attention" in response.content.decode()


def test_the_home_page_makes_a_bounded_number_of_queries(
    client, dora, referral, django_assert_max_num_queries
):
    client.force_login(dora)
    client.get(HOME)
    with django_assert_max_num_queries(20):
        client.get(HOME)


def test_completing_asks_first_and_needs_the_box_ticked(client, dora, referral):
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    client.force_login(dora)
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    # "Complete" is a link to the question, not a button that acts at once.
    assert f'href="{change(referral)}?to=completed"' in detail
    asked = client.get(change(referral), {"to": "completed"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Complete this referral?" in page and "cannot be reopened" in page
    assert "No outcome has been recorded" in page
    refused = client.post(change(referral), {"to_status": "completed", "step": "confirm"})
    assert "Tick the box to say you are sure" in refused.content.decode()
    assert refused.context["form"].errors
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    done = client.post(
        change(referral), {"to_status": "completed", "step": "confirm", "confirm": "on"}
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED


def test_striking_out_asks_first_too(client, alice, referral):
    client.force_login(alice)
    client.post(change(referral), {"to_status": "entered-in-error"})
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED
    client.post(
        change(referral), {"to_status": "entered-in-error", "step": "confirm", "confirm": "on"}
    )
    referral.refresh_from_db()
    assert referral.status == Status.ENTERED_IN_ERROR


def test_declining_says_it_is_final(client, dora, referral):
    client.force_login(dora)
    page = client.get(change(referral), {"to": "rejected"}).content.decode()
    assert "ends the referral for good" in page


def test_the_outsider_cannot_reach_the_question(client, charlie, referral):
    client.force_login(charlie)
    assert client.get(change(referral), {"to": "completed"}).status_code == 404
    response = client.post(
        change(referral), {"to_status": "completed", "step": "confirm", "confirm": "on"}
    )
    assert response.status_code == 404


def test_urgency_reads_most_urgent_first_in_plain_words():
    labels = [label for _, label in Urgency.choices]
    assert [code for code, _ in Urgency.choices] == ["asap", "urgent", "routine"]
    assert labels[0].startswith("Very urgent") and labels[-1].startswith("Not urgent")
    # The stored codes are FHIR's and have not changed.
    assert set(Urgency.values) == {"routine", "urgent", "asap"}


def test_someone_in_two_organisations_sees_each_one(client, dora, carers_centre, referral):
    from joinedup.directory.models import Membership

    Membership.objects.create(user=dora, organization=carers_centre)
    client.force_login(dora)
    response = client.get(HOME)
    sections = {s["organisation"].name: s for s in response.context["sections"]}
    assert sections["Ashdown Food Bank"]["new_count"] == 1
    assert sections["Ashdown Carers Centre"]["new_count"] == 0
    page = response.content.decode()
    assert '<h2 class="govuk-heading-m" id="org-1">Ashdown Carers Centre</h2>' in page
