"""A person's support plan: what one prescription arranged, in words the person can keep.

Read by the referring organisation only (the person is theirs; every read is audited as a read
of the person's details), printed, downloaded as PDF, or sent to the person by email or text
message with their agreement (ADR 23). Written in the second person for a reading age of about
nine: who will help, how they will get in touch, by when, what to do if they do not, and where
to get help now.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from joinedup.core import outbox
from joinedup.core.models import User
from joinedup.directory.models import CapacityStatus, IntakeMode, Organization, Service
from joinedup.referrals.models import ContactPreference, Person, Referral, ServiceIntake, Status
from joinedup.referrals.services.common import record_audit
from joinedup.referrals.services.expiry import expires_on, expiry_days_for
from joinedup.search.crisis import NATIONAL_DEFAULT, local_contacts
from joinedup.search.crisis import Contact as CrisisContact

# Services that do not take referrals through joinedup: the person gets in touch themselves.
PERSON_CONTACTS_THEM = (IntakeMode.PHONE, IntakeMode.SIGNPOSTING)
# Never on a plan: a draft was not sent, and a referral struck out was never meant.
NOT_ON_PLAN = (Status.DRAFT, Status.ENTERED_IN_ERROR)
AGREED = (Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD)
WILL_NOT_GO_AHEAD = (Status.REJECTED, Status.CANCELLED, Status.FAILED)

CHANNELS = {"email": "Email", "sms": "Text message"}
# Four text-message parts (153 characters each when joined): enough for a few services' numbers,
# short enough to read on a phone's lock screen in one go.
SMS_LIMIT = 612
EMERGENCY = "999"


@dataclass(frozen=True)
class Way:
    """One way to reach someone: "Call 0300 123 4567", "Email help@example.org"."""

    kind: str  # "phone", "email" or "website"
    value: str

    @property
    def href(self) -> str:
        if self.kind == "phone":
            digits = re.sub(r"[^0-9+]", "", self.value)
            return f"tel:{digits}"
        if self.kind == "email":
            return f"mailto:{self.value}"
        return self.value

    @property
    def words(self) -> str:
        verb = {"phone": "Call", "email": "Email", "website": "Visit"}[self.kind]
        return f"{verb} {self.value}"


@dataclass(frozen=True)
class PlanItem:
    """One service of the plan, said for the person."""

    reference: str
    service: str
    organisation: str
    status: str
    how: str  # how they will get in touch, or that the person should
    when: str  # by when, or what has happened since
    hear_by: datetime.date | None
    wait: str  # a waiting list, in words, or ""
    next_steps: str  # the service's own words on what happens next
    if_not: str  # what to do if nothing happens
    ways: tuple[Way, ...]
    ended: bool

    @property
    def phones(self) -> list[str]:
        return [w.value for w in self.ways if w.kind == "phone"]


@dataclass(frozen=True)
class SupportPlan:
    prescription: uuid.UUID
    person_name: str
    person_email: str
    person_phone: str
    made_on: datetime.date
    referrer: str
    made_by: str
    # Who to contact if worried: the referrer, or the partnership's front door when the
    # referrer has published no phone number or email address.
    worried_contact: str
    referrer_ways: tuple[Way, ...]
    items: tuple[PlanItem, ...]
    crisis: tuple[CrisisContact, ...]

    @property
    def intro(self) -> str:
        count = len(self.items)
        services = "a service" if count == 1 else f"{count} services"
        return (
            f"On {long_date(self.made_on)}, {self.referrer} asked {services} to help you. "
            "This plan says who they are, when you should hear from them, "
            "and what to do if you do not."
        )

    @property
    def worried(self) -> str:
        return f"If you are worried, or something changes, contact {self.worried_contact}."


# Reading the plan.


def plan_referrals(*, actor: User, prescription_id: uuid.UUID) -> list[Referral]:
    """The prescription's referrals, if `actor` belongs to the organisation that made them.

    Nobody else: the receiving organisations see their own referral, never the others the
    person was sent to (consent is given per recipient); anyone else learns nothing, not even
    that the plan exists (Referral.DoesNotExist, a 404 on the pages)."""
    found = list(
        Referral.objects.filter(prescription=prescription_id)
        .filter(referring_organization__in=Organization.objects.of_user(actor))
        .exclude(status__in=NOT_ON_PLAN)
        .select_related("person", "service", "receiving_organization", "referring_organization")
        .select_related("referring_user")
        .prefetch_related("service__phones", "referring_organization__phones")
        .order_by("requested_at", "service__name")
    )
    if not found:
        raise Referral.DoesNotExist("No support plan")
    return found


def read_support_plan(
    *, actor: User, prescription_id: uuid.UUID, shown_as: str = "page"
) -> SupportPlan:
    """The plan of one prescription for its referrer; audited as a read of the person's details."""
    referrals = plan_referrals(actor=actor, prescription_id=prescription_id)
    first = referrals[0]
    record_audit(
        "person.viewed",
        actor=actor,
        target=first.person,
        organization=first.referring_organization,
        details={
            "support_plan": str(prescription_id),
            "shown_as": shown_as,
            "referrals": [r.reference for r in referrals],
        },
    )
    return build_plan(referrals)


def build_plan(referrals: Sequence[Referral]) -> SupportPlan:
    first = referrals[0]
    person = first.person
    intakes = {
        row.service_id: row
        for row in ServiceIntake.objects.filter(service__in=[r.service_id for r in referrals])
    }
    receivers = {r.receiving_organization_id for r in referrals}
    periods = {org_id: expiry_days_for(org_id) for org_id in receivers}
    sent = [r.requested_at for r in referrals if r.requested_at] or [first.created_at]
    made_by = first.referring_user.get_full_name() if first.referring_user else ""
    worried_contact, ways = referrer_ways(first.referring_organization)
    return SupportPlan(
        prescription=first.prescription,
        person_name=person.name,
        person_email=person.email,
        person_phone=person.phone,
        made_on=timezone.localdate(min(sent)),
        referrer=first.referring_organization.name,
        made_by=made_by,
        worried_contact=worried_contact,
        referrer_ways=ways,
        items=tuple(
            plan_item(
                r,
                person=person,
                intake=intakes.get(r.service_id),
                days=periods[r.receiving_organization_id],
            )
            for r in referrals
        ),
        crisis=(*NATIONAL_DEFAULT, *local_contacts()),
    )


def long_date(day: datetime.date, *, weekday: bool = False) -> str:
    """6 December 2026; with `weekday`, Friday 18 December (the year only if not this one)."""
    if not weekday:
        return f"{day.day} {day:%B %Y}"
    year = "" if day.year == timezone.localdate().year else f" {day.year}"
    return f"{day:%A} {day.day} {day:%B}{year}"


def service_ways(service: Service) -> tuple[Way, ...]:
    ways = [Way("phone", p.number) for p in service.phones.all() if p.number.strip()]
    if service.email:
        ways.append(Way("email", service.email))
    if service.url:
        ways.append(Way("website", service.url))
    return tuple(ways)


def referrer_ways(organization: Organization) -> tuple[str, tuple[Way, ...]]:
    """Who the person reaches about the plan, and how: the organisation that made it, or the
    partnership's front door when it has published neither a phone number nor an email."""
    ways = [Way("phone", p.number) for p in organization.phones.all() if p.number.strip()][:1]
    if organization.email:
        ways.append(Way("email", organization.email))
    if ways:
        return organization.name, tuple(ways)
    front_door = Way("phone", settings.JOINEDUP_FRONT_DOOR_PHONE)
    return settings.JOINEDUP_PARTNERSHIP_NAME, (front_door,)


def _they_will(person: Person) -> str:
    preference = person.contact_preference
    if preference == ContactPreference.PHONE and person.phone:
        return f"They will phone you on {person.phone}."
    if preference == ContactPreference.EMAIL and person.email:
        return f"They will email you at {person.email}."
    if preference == ContactPreference.POST:
        return "They will write to you at home."
    return "They will get in touch with you."


def _wait(service: Service) -> str:
    if service.capacity_status == CapacityStatus.WAITING_LIST:
        band = (
            service.get_capacity_wait_band_display().lower() if service.capacity_wait_band else ""
        )
        return (
            f"They have a waiting list. You may wait {band} to start."
            if service.capacity_wait_band
            else "They have a waiting list, so you may have to wait to start."
        )
    if service.capacity_status == CapacityStatus.NOT_ACCEPTING:
        return "They are very busy just now, so it may take longer."
    return ""


def _how_and_when(
    referral: Referral, *, person: Person, days: int
) -> tuple[str, str, datetime.date | None]:
    """How they get in touch (or that the person should), by when, and the date they promised."""
    referrer = referral.referring_organization.name
    if referral.status == Status.COMPLETED:
        return "", "This support has finished.", None
    if referral.status in WILL_NOT_GO_AHEAD:
        return "", f"This will not go ahead. {referrer} can help you find something else.", None
    if referral.intake_mode in PERSON_CONTACTS_THEM:
        how = "They do not know about you yet. Please get in touch with them yourself."
        return how, "Try to contact them in the next few days.", None
    if person.contact_preference == ContactPreference.DO_NOT_CONTACT:
        how = "You asked not to be contacted, so please get in touch with them yourself."
        return how, "Try to contact them in the next few days.", None
    if referral.status in AGREED:
        return _they_will(person), "They have said they will help you.", None
    hear_by = timezone.localdate(expires_on(referral.requested_at or referral.created_at, days))
    return (
        _they_will(person),
        f"You should hear from them by {long_date(hear_by, weekday=True)}.",
        hear_by,
    )


def _if_not(referral: Referral, *, ways: Sequence[Way], hear_by: datetime.date | None) -> str:
    """What to do if nothing happens; the ways to reach them are listed after it."""
    if referral.is_closed:
        return ""
    reference = f"Tell them your reference: {referral.reference}."
    if not ways:
        return f"If you cannot reach them, contact {referral.referring_organization.name}."
    if hear_by is not None:
        return f"If you have not heard by then, contact them. {reference}"
    if referral.intake_mode in PERSON_CONTACTS_THEM:
        return "You can:"
    return f"If you need to contact them: {reference}"


def plan_item(
    referral: Referral, *, person: Person, intake: ServiceIntake | None, days: int
) -> PlanItem:
    """One service, said for the person: depends on how it takes referrals and where it is."""
    service = referral.service
    ways = service_ways(service)
    ended = referral.is_closed
    how, when, hear_by = _how_and_when(referral, person=person, days=days)
    return PlanItem(
        reference=referral.reference,
        service=service.name,
        organisation=referral.receiving_organization.name,
        status=referral.status,
        how=how,
        when=when,
        hear_by=hear_by,
        wait="" if ended else _wait(service),
        next_steps="" if ended or intake is None else intake.next_steps.strip(),
        if_not=_if_not(referral, ways=ways, hear_by=hear_by),
        ways=ways,
        ended=ended,
    )


# The plan as words: the email's body and the PDF read the same text as the page.


def plan_text(plan: SupportPlan) -> str:
    """The whole plan as plain text (an email's body)."""
    lines = [f"Your support plan, {plan.person_name}", "", plan.intro, ""]
    for number, item in enumerate(plan.items, start=1):
        lines += [f"{number}. {item.service}", f"From {item.organisation}."]
        lines += [
            text for text in (item.how, item.when, item.wait, item.next_steps, item.if_not) if text
        ]
        lines += [f"- {way.words}" for way in item.ways if not item.ended]
        lines.append("")
    lines += [plan.worried, *(f"- {way.words}" for way in plan.referrer_ways), ""]
    lines += ["If you need help now", f"If you or someone else is in danger now, call {EMERGENCY}."]
    for contact in plan.crisis:
        phone = f": call {contact.phone}" if contact.phone else ""
        about = f" {contact.description}" if contact.description else ""
        lines.append(f"- {contact.name}{phone}.{about}")
    return "\n".join(lines) + "\n"


def _sms_line(item: PlanItem) -> str:
    phone = item.phones[0] if item.phones else ""
    if item.ended:
        return ""
    if item.hear_by is not None:
        by = f"{item.hear_by.day} {item.hear_by:%b}"
        return f"{item.service} will contact you by {by}" + (f", or call {phone}" if phone else "")
    if item.status in AGREED:
        return f"{item.service} will help you" + (f", call {phone}" if phone else "")
    return f"Please contact {item.service}" + (f" on {phone}" if phone else "")


# Typographic punctuation outside the GSM alphabet would make every part of a text message
# hold 70 characters instead of 153: plain equivalents keep it short.
SMS_PLAIN = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark (the apostrophe word processors type)
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2026": "...",
    }
)


def plan_sms(plan: SupportPlan) -> str:
    """A text message: a short summary with each service's phone number, and 999 last. When
    every service does not fit, the last ones give way to "N more: ask <referrer>"."""
    head = f"Your support plan from {plan.referrer}:"
    phone = next((w.value for w in plan.referrer_ways if w.kind == "phone"), "")
    worried = f"Worried? Call {plan.worried_contact} on {phone}." if phone else plan.worried
    tail = f"{worried} In danger now? Call {EMERGENCY}."
    lines = [line for line in (_sms_line(i) for i in plan.items) if line]
    for keep in range(len(lines), 0, -1):
        left = len(lines) - keep
        more = [f"{left} more: ask {plan.referrer}."] if left else []
        body = " ".join([head, *(f"{line}." for line in lines[:keep]), *more, tail])
        body = body.translate(SMS_PLAIN)
        if len(body) <= SMS_LIMIT:
            return body
    fallback = " ".join([head, f"Ask {plan.referrer} for the details.", tail])
    return fallback.translate(SMS_PLAIN)[:SMS_LIMIT]


# Sending it to the person.


UK_MOBILE = re.compile(r"^(?:\+44|0044|0)(7\d{9})$")


def normalise_mobile(value: str) -> str:
    """A UK mobile number as +447…; ValueError for anything else."""
    digits = re.sub(r"[\s().-]", "", value)
    found = UK_MOBILE.match(digits)
    if not found:
        raise ValueError("not a UK mobile number")
    return f"+44{found.group(1)}"


def _check_send(channel: str, to: str, person_agreed: bool) -> str:
    errors: dict[str, str] = {}
    address = to.strip()
    if channel not in CHANNELS:
        errors["channel"] = "Choose email or text message"
    elif channel == "email":
        try:
            validate_email(address)
        except ValidationError:
            errors["email"] = "Enter an email address in the right format, like name@example.com"
    else:
        try:
            address = normalise_mobile(address)
        except ValueError:
            errors["phone"] = "Enter a UK mobile number, like 07700 900 123"
    if not person_agreed:
        errors["person_agreed"] = "Confirm the person agreed to get their plan this way"
    if errors:
        raise ValidationError(errors)
    return address


def _on_record(plan: SupportPlan, channel: str, address: str) -> bool:
    if channel == "email":
        return address.lower() == plan.person_email.strip().lower()
    try:
        return address == normalise_mobile(plan.person_phone)
    except ValueError:
        return False


def send_support_plan(
    *,
    actor: User,
    prescription_id: uuid.UUID,
    channel: str,
    to: str,
    person_agreed: bool,
) -> SupportPlan:
    """Send the plan to the person by email (the whole plan) or text message (a summary),
    only with their agreement; the message goes through the outbox in this transaction."""
    referrals = plan_referrals(actor=actor, prescription_id=prescription_id)
    address = _check_send(channel, to, person_agreed)
    plan = build_plan(referrals)
    if all(item.ended for item in plan.items):
        raise ValidationError("Nothing on this plan is still going ahead: there is nothing to send")
    first = referrals[0]
    subject = f"Your support plan from {plan.referrer}"
    body = plan_text(plan) if channel == "email" else plan_sms(plan)
    with transaction.atomic():
        # The address is the person's detail: the log says only whether it was the one held.
        record_audit(
            "support_plan.sent",
            actor=actor,
            target=first.person,
            organization=first.referring_organization,
            details={
                "support_plan": str(prescription_id),
                "channel": channel,
                "person_agreed": True,
                "address_on_record": _on_record(plan, channel, address),
                "referrals": [r.reference for r in referrals],
            },
        )
        # The plan carries the person's details: erasing them deletes it from the outbox.
        outbox.enqueue(
            channel=channel,
            to=address,
            subject=subject,
            body=body,
            kind="support_plan",
            subject_ref=first.person.outbox_ref,
        )
    return plan
