"""The person's support plan: what it says, who may see it, its PDF, and every read audited."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEvent, OutboxMessage, User
from joinedup.directory.models import (
    CapacityStatus,
    IntakeMode,
    Membership,
    Organization,
    Phone,
    Sector,
    Service,
)
from joinedup.partnerships.models import Partnership, PartnershipMember
from joinedup.referrals import services
from joinedup.referrals.models import ConsentMethod, Referral, Status
from joinedup.referrals.services import support_plan
from joinedup.referrals.services.intake import set_service_intake


@pytest.fixture
def advice_service(db) -> Service:
    """A phone line that takes no referrals through joinedup: the person calls it."""
    org = Organization.objects.create(name="Ashdown Citizens Advice", sector=Sector.VCS)
    service = Service.objects.create(
        organization=org,
        name="Money advice line",
        intake_mode=IntakeMode.PHONE,
        capacity_status=CapacityStatus.WAITING_LIST,
        capacity_wait_band="2_to_4_weeks",
    )
    Phone.objects.create(service=service, number="0300 330 1234")
    return service


@pytest.fixture
def olive(db) -> User:
    """A member of an organisation that neither made nor received any of these referrals."""
    org = Organization.objects.create(name="Ashdown Library", sector=Sector.COUNCIL)
    user = User.objects.create_user(email="olive@library.example", password="x")
    Membership.objects.create(user=user, organization=org, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def prescription(alice, person, food_service, advice_service, dora) -> list[Referral]:
    """Mary Carer sent by the carers centre to the food bank and the money advice line."""
    Phone.objects.create(service=food_service, number="0117 496 0000")
    food_service.email = "parcels@foodbank.example"
    food_service.save()
    for service in (food_service, advice_service):
        services.record_consent(
            actor=alice,
            person=person,
            recipient=service.organization,
            purpose="Referral",
            method=ConsentMethod.IN_PERSON,
        )
    result = services.send_referrals(
        actor=alice,
        person=person,
        services=[food_service, advice_service],
        need="We have run out of food and owe rent",
    )
    return result.referrals


def _url(referrals: list[Referral], name: str = "referrals:support-plan") -> str:
    return reverse(name, args=[referrals[0].prescription])


def test_a_colleague_of_the_referrer_reads_the_plan_in_plain_words(client, bob, prescription):
    client.force_login(bob)
    response = client.get(_url(prescription))
    assert response.status_code == 200
    text = response.content.decode()
    hear_by = timezone.localdate(prescription[0].requested_at + datetime.timedelta(days=14))
    assert "Your support plan" in text and "For Mary Carer" in text
    assert "Ashdown Carers Centre asked 2 services to help you" in text
    # The food bank takes referrals through joinedup: it gets in touch, by the deadline.
    assert "Emergency food parcels" in text and "From Ashdown Food Bank" in text
    assert "They will phone you on 07700 900123." in text
    assert f"You should hear from them by {hear_by:%A} {hear_by.day} {hear_by:%B}" in text
    assert 'href="tel:01174960000"' in text and "Tell them your reference" in text
    # The advice line takes none: the person calls it, and it has a waiting list.
    assert "Please get in touch with them yourself." in text
    assert "Call 0300 330 1234" in text
    assert "You may wait 2 to 4 weeks to start." in text
    # Help now: 999 and the crisis panel's numbers.
    assert 'href="tel:999"' in text and "Samaritans" in text and "116 123" in text
    # The person's need is the services' business, not the plan's.
    assert "run out of food" not in text


def test_the_answer_deadline_is_the_receiving_partnerships(client, alice, prescription):
    partnership = Partnership.objects.create(name="Ashdown Together", referral_expiry_days=5)
    PartnershipMember.objects.create(
        partnership=partnership, organization=prescription[0].receiving_organization
    )
    food = next(r for r in prescription if r.intake_mode == IntakeMode.JOINEDUP)
    client.force_login(alice)
    text = client.get(_url(prescription)).content.decode()
    hear_by = timezone.localdate(food.requested_at + datetime.timedelta(days=5))
    assert f"You should hear from them by {hear_by:%A} {hear_by.day} {hear_by:%B}" in text


def test_the_plan_follows_each_referral_as_it_moves(alice, dora, prescription):
    food = next(r for r in prescription if r.intake_mode == IntakeMode.JOINEDUP)
    services.transition_referral(
        actor=dora,
        referral=food,
        to_status=Status.REJECTED,
        reason_code="no_capacity",
        reason_text="Full this week",
    )
    plan = support_plan.read_support_plan(actor=alice, prescription_id=food.prescription)
    item = next(i for i in plan.items if i.service == "Emergency food parcels")
    assert item.ended and item.hear_by is None and item.if_not == ""
    assert item.when.startswith("This will not go ahead.")
    assert "Ashdown Carers Centre can help you find something else" in item.when


def test_the_service_next_steps_are_on_the_plan(alice, prescription, advice_service):
    set_service_intake(
        actor=User.objects.create_superuser(email="root@example.org", password="x"),
        service=advice_service,
        person_fields=[],
        questions=[],
        accepts_self_referral=False,
        next_steps="Ring us on a weekday morning.",
    )
    plan = support_plan.read_support_plan(actor=alice, prescription_id=prescription[0].prescription)
    item = next(i for i in plan.items if i.service == "Money advice line")
    assert item.next_steps == "Ring us on a weekday morning."


@pytest.mark.parametrize("name", ["olive", "dora", "charlie", "pam"])
def test_outsiders_and_receiving_staff_get_404(client, request, prescription, name):
    """olive's organisation has nothing to do with it; dora works at the food bank, which
    received one referral of the plan: she sees that referral, never the rest of the plan."""
    client.force_login(request.getfixturevalue(name))
    for url_name in ("referrals:support-plan", "referrals:support-plan-pdf"):
        assert client.get(_url(prescription, url_name)).status_code == 404
    response = client.post(
        _url(prescription, "referrals:support-plan-send"),
        {"channel": "email", "email": "mary@example.org", "person_agreed": "on"},
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action__in=["person.viewed", "support_plan.sent"])
    assert not OutboxMessage.objects.filter(kind="support_plan").exists()


def test_the_receiver_still_sees_its_own_referral(client, dora, prescription):
    food = next(r for r in prescription if r.intake_mode == IntakeMode.JOINEDUP)
    client.force_login(dora)
    assert client.get(reverse("referrals:detail", args=[food.pk])).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, prescription):
    response = client.get(_url(prescription))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_an_unknown_plan_is_404(client, alice, prescription):
    client.force_login(alice)
    other = reverse("referrals:support-plan", args=["00000000-0000-4000-8000-000000000000"])
    assert client.get(other).status_code == 404


def test_a_draft_is_no_plan(client, alice, draft):
    client.force_login(alice)
    url = reverse("referrals:support-plan", args=[draft.prescription])
    assert client.get(url).status_code == 404


def test_every_view_of_the_plan_is_audited_as_a_read_of_the_person(
    client, alice, person, prescription
):
    client.force_login(alice)
    client.get(_url(prescription))
    client.get(_url(prescription, "referrals:support-plan-pdf"))
    reads = AuditEvent.objects.filter(action="person.viewed").order_by("created_at")
    assert [(e.actor, e.target_id, e.organization.name) for e in reads] == [
        (alice, str(person.pk), "Ashdown Carers Centre")
    ] * 2
    assert [e.details["shown_as"] for e in reads] == ["page", "pdf"]
    assert reads[0].details["support_plan"] == str(prescription[0].prescription)
    assert sorted(reads[0].details["referrals"]) == sorted(r.reference for r in prescription)
    assert "Mary" not in str(reads[0].details)


def test_the_plan_page_costs_a_bounded_number_of_queries(
    client, alice, prescription, django_assert_max_num_queries
):
    client.force_login(alice)
    with django_assert_max_num_queries(20):
        assert client.get(_url(prescription)).status_code == 200


def test_the_pdf_reads_as_the_page_with_pounds_and_accents(client, alice, person, prescription):
    pypdf = pytest.importorskip("pypdf")
    person.name = "Zoë Ŵyn-Carer"
    person.save()
    Service.objects.filter(pk=prescription[0].service_id).update(name="£1 meals café")
    client.force_login(alice)
    response = client.get(_url(prescription, "referrals:support-plan-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="support-plan-')
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Your support plan" in flat and "For Zoë Wyn-Carer" in flat
    assert "£1 meals café" in flat
    assert "If you need help now" in flat and "116 123" in flat
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = [f.get_object()["/BaseFont"] for f in fonts.values()]
    assert any("Vera" in str(name) for name in embedded)


def test_the_email_text_is_the_whole_plan(alice, prescription):
    plan = support_plan.read_support_plan(actor=alice, prescription_id=prescription[0].prescription)
    text = support_plan.plan_text(plan)
    for item in plan.items:
        assert item.service in text and item.when in text and item.if_not in text
        assert all(f"- {way.words}" in text for way in item.ways)
    assert "You may wait 2 to 4 weeks to start." in text  # the advice line
    assert plan.worried in text and f"- {plan.referrer_ways[0].words}" in text
    assert "If you need help now" in text and "call 999" in text and "116 123" in text


def test_a_text_message_is_a_short_summary_with_the_phone_numbers(alice, prescription):
    plan = support_plan.read_support_plan(actor=alice, prescription_id=prescription[0].prescription)
    sms = support_plan.plan_sms(plan)
    assert len(sms) <= support_plan.SMS_LIMIT
    assert "0117 496 0000" in sms and "0300 330 1234" in sms
    assert sms.endswith("In danger now? Call 999.")
    assert "run out of food" not in sms


def test_a_text_message_keeps_to_the_gsm_alphabet(alice, prescription):
    Service.objects.filter(pk=prescription[0].service_id).update(
        name="Mary\u2019s \u201ccafé\u201d \u2013 meals\u2026"
    )
    plan = support_plan.build_plan(
        support_plan.plan_referrals(actor=alice, prescription_id=prescription[0].prescription)
    )
    sms = support_plan.plan_sms(plan)
    assert 'Mary\'s "café" - meals...' in sms
    assert not set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026") & set(sms)


def test_a_long_plan_still_fits_a_text_message(alice, person):
    org = Organization.objects.create(name="A very long named community organisation")
    # Someone answers its referrals, so its services are referable.
    user = User.objects.create_user(email="team@long.example", password="x")
    Membership.objects.create(user=user, organization=org)
    many = []
    for n in range(10):
        service = Service.objects.create(
            organization=org,
            name=f"Befriending and practical support service number {n}",
            intake_mode=IntakeMode.JOINEDUP,
        )
        Phone.objects.create(service=service, number=f"0117 496 00{n:02d}")
        many.append(service)
    services.record_consent(
        actor=alice, person=person, recipient=org, purpose="Referral", method="in_person"
    )
    result = services.send_referrals(actor=alice, person=person, services=many, need="Lonely")
    plan = support_plan.read_support_plan(actor=alice, prescription_id=result.prescription)
    sms = support_plan.plan_sms(plan)
    assert len(sms) <= support_plan.SMS_LIMIT
    assert "more: ask Ashdown Carers Centre" in sms and "Call 999" in sms


# Sending the plan to the person, through the outbox to a real SMTP server and a local Notify.


def _send(client, prescription, **data):
    return client.post(_url(prescription, "referrals:support-plan-send"), data)


def test_the_send_form_is_prefilled_from_the_persons_record(client, alice, person, prescription):
    person.email = "mary@example.org"
    person.save()
    client.force_login(alice)
    text = client.get(_url(prescription)).content.decode()
    assert 'value="mary@example.org"' in text and 'value="07700 900123"' in text
    assert "The person agreed to get their plan this way" in text


def test_an_email_carries_the_whole_plan(
    client, bob, prescription, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(
            client, prescription, channel="email", email="mary@example.org", person_agreed="on"
        )
    assert response.status_code == 302 and response["Location"] == _url(prescription)
    [email] = smtp_server.to("mary@example.org")
    assert email.subject == "Your support plan from Ashdown Carers Centre"
    plan = support_plan.build_plan(prescription)
    assert " ".join(email.body.split()) == " ".join(support_plan.plan_text(plan).split())
    assert "You should hear from them by" in email.body and "116 123" in email.body
    page = client.get(response["Location"]).content.decode()
    assert "The plan is on its way by email to mary@example.org" in page
    [sent] = AuditEvent.objects.filter(action="support_plan.sent")
    assert sent.actor == bob and sent.organization.name == "Ashdown Carers Centre"
    assert sent.details["channel"] == "email" and sent.details["person_agreed"] is True
    assert sent.details["address_on_record"] is False  # Mary's record holds no email
    assert "mary@" not in str(sent.details)


def test_a_text_message_goes_to_the_number_on_record(
    client, alice, prescription, notify_server, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(
            client, prescription, channel="sms", phone="07700 900123", person_agreed="on"
        )
    assert response.status_code == 302
    [sms] = notify_server.sent
    assert sms.phone_number == "+447700900123"
    assert sms.body == support_plan.plan_sms(support_plan.build_plan(prescription))
    assert "0117 496 0000" in sms.body and len(sms.body) <= support_plan.SMS_LIMIT
    [sent] = AuditEvent.objects.filter(action="support_plan.sent")
    assert sent.details["channel"] == "sms" and sent.details["address_on_record"] is True
    assert "07700" not in str(sent.details) and "447700" not in str(sent.details)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"channel": "email", "email": "mary@example.org"},
            "Confirm the person agreed to get their plan this way",
        ),
        ({"email": "mary@example.org", "person_agreed": "on"}, "Choose email or text message"),
        (
            {"channel": "email", "email": "mary at example", "person_agreed": "on"},
            "Enter an email address in the right format",
        ),
        (
            {"channel": "sms", "phone": "0117 496 0000", "person_agreed": "on"},
            "Enter a UK mobile number",
        ),
    ],
)
def test_nothing_is_sent_without_agreement_or_a_good_address(
    client, alice, prescription, data, error
):
    client.force_login(alice)
    response = _send(client, prescription, **data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and error in text
    assert "<title>Error: " in text
    assert not OutboxMessage.objects.filter(kind="support_plan").exists()
    assert not AuditEvent.objects.filter(action="support_plan.sent").exists()


def test_a_plan_with_nothing_going_ahead_is_not_sent(client, alice, dora, prescription):
    food = next(r for r in prescription if r.intake_mode == IntakeMode.JOINEDUP)
    services.transition_referral(
        actor=dora, referral=food, to_status=Status.REJECTED, reason_code="other", reason_text="x"
    )
    logged = next(r for r in prescription if r.pk != food.pk)
    services.transition_referral(
        actor=alice,
        referral=logged,
        to_status=Status.CANCELLED,
        reason_code="no_longer_needed",
        reason_text="Sorted",
    )
    with pytest.raises(ValidationError):
        support_plan.send_support_plan(
            actor=alice,
            prescription_id=food.prescription,
            channel="email",
            to="mary@example.org",
            person_agreed=True,
        )
    assert not OutboxMessage.objects.filter(kind="support_plan").exists()


def test_uk_mobile_numbers_are_normalised():
    assert support_plan.normalise_mobile("07700 900123") == "+447700900123"
    assert support_plan.normalise_mobile("+44 (0)7700-900123".replace("(0)", "")) == (
        "+447700900123"
    )
    for bad in ("0117 496 0000", "7700900123", "+33 6 12 34 56 78", ""):
        with pytest.raises(ValueError):
            support_plan.normalise_mobile(bad)


def test_worries_go_to_the_referrer_or_else_the_partnerships_front_door(
    alice, carers_centre, prescription, settings
):
    settings.JOINEDUP_PARTNERSHIP_NAME = "Ashdown Together"
    settings.JOINEDUP_FRONT_DOOR_PHONE = "0300 999 0000"
    prescription_id = prescription[0].prescription
    plan = support_plan.read_support_plan(actor=alice, prescription_id=prescription_id)
    assert plan.worried == "If you are worried, or something changes, contact Ashdown Together."
    assert "Worried? Call Ashdown Together on 0300 999 0000." in support_plan.plan_sms(plan)
    Phone.objects.create(organization=carers_centre, number="0117 496 0999")
    carers_centre.email = "hello@carers.example"
    carers_centre.save()
    plan = support_plan.read_support_plan(actor=alice, prescription_id=prescription_id)
    assert plan.worried.endswith("contact Ashdown Carers Centre.")
    assert [w.words for w in plan.referrer_ways] == [
        "Call 0117 496 0999",
        "Email hello@carers.example",
    ]
    assert "Worried? Call Ashdown Carers Centre on 0117 496 0999." in support_plan.plan_sms(plan)
