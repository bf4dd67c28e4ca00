"""Demo referrals: work in every status between the demo organisations, so a newcomer signing
in as a demo user finds an inbox at work (new, in progress, on hold, closed) and "my referrals"
with outcomes. Made through the referral use cases themselves, backdated to tell a story.

The people are plainly invented ("Example", "Sample" surnames, 07700 900xxx drama numbers,
example.org addresses): nothing personal that is real.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.demo.organisations import ORGS
from joinedup.demo.spec import demo_id
from joinedup.directory.models import Organization, Service
from joinedup.referrals import services
from joinedup.referrals.models import (
    ConsentMethod,
    Person,
    Referral,
    ReferralMessage,
    Status,
)

SILENT_EMAIL = "django.core.mail.backends.dummy.EmailBackend"
SAM = "sam.okafor@example.org"  # carers centre
JO = "jo.whitfield@example.org"  # carers centre (admin)
RHIAN = "rhian.bell@example.org"  # Eastfield Health Centre, GP link worker
TOM = "tom.hollis@example.org"  # fire service, safe and well officer
GRACE = "grace.adebayo@example.org"  # food bank
DEV = "dev.sharma@example.org"  # council


@dataclass(frozen=True)
class DemoPerson:
    name: str
    postcode: str
    phone: str = ""
    email: str = ""
    language: str = ""
    access_needs: str = ""


@dataclass(frozen=True)
class Step:
    status: str
    by: str
    reason: str = ""
    text: str = ""


@dataclass(frozen=True)
class DemoReferral:
    referrer: str
    person: DemoPerson
    services: tuple[tuple[str, str], ...]  # (organisation key, service name), one or several
    need: str
    days_ago: int
    urgency: str = "routine"
    steps: tuple[Step, ...] = ()
    send: bool = True
    outcome: tuple[str, str, str] | None = None  # (by, code, note)
    messages: tuple[tuple[str, str], ...] = ()  # (by, body)


ADA = DemoPerson("Ada Example", "BS5 0ZZ", phone="07700 900101")
BERTIE = DemoPerson("Bertie Sample", "BS7 0ZZ", phone="07700 900102", language="Welsh")
CORA = DemoPerson("Cora Placeholder", "BS3 0ZZ", email="cora.placeholder@example.org")
DESMOND = DemoPerson(
    "Desmond Fictional", "BS13 0ZZ", phone="07700 900104", access_needs="Hard of hearing: text"
)
EDIE = DemoPerson("Edie Madeup", "BS4 0ZZ", phone="07700 900105")
FRANK = DemoPerson("Frank Invented", "BS9 0ZZ", phone="07700 900106", language="Polish")

FOOD = ("food-bank", "Emergency food parcels")
DELIVERY = ("food-bank", "Food parcel delivery")
CARERS = ("carers-centre", "Carers support and advice")
EMERGENCY_CARD = ("carers-centre", "Carers emergency card")
HOUSING = ("council", "Housing options and homelessness prevention")
WELFARE = ("council", "Welfare rights advice")
CRISIS = ("council", "Local crisis fund")
WARM = ("council", "Warm homes advice")

STORY: tuple[DemoReferral, ...] = (
    DemoReferral(SAM, ADA, (FOOD,), "I have nothing in the cupboards until payday.", 1, "urgent"),
    DemoReferral(
        RHIAN,
        BERTIE,
        (CARERS,),
        "I look after my wife who has dementia and I am exhausted.",
        9,
        messages=((RHIAN, "Bertie prefers a call after 10am."),),
    ),
    DemoReferral(
        SAM,
        CORA,
        (DELIVERY, WARM),
        "My boiler is broken and I cannot get to the food bank with my mum to care for.",
        6,
        steps=(Step(Status.ACCEPTED, GRACE),),
        messages=((GRACE, "We can deliver on Thursday afternoon."),),
    ),
    DemoReferral(
        TOM,
        DESMOND,
        (CARERS,),
        "Caring for my brother after his stroke; the house is not safe any more.",
        20,
        steps=(Step(Status.ACCEPTED, JO), Step(Status.IN_PROGRESS, JO)),
        messages=(
            (JO, "First visit booked for next Tuesday."),
            (TOM, "Thank you. Smoke alarms fitted on our visit."),
        ),
    ),
    DemoReferral(
        RHIAN,
        EDIE,
        (HOUSING,),
        "My landlord has given me notice and I have two children.",
        15,
        "urgent",
        steps=(
            Step(Status.ACCEPTED, DEV),
            Step(Status.ON_HOLD, DEV, "waiting_for_information", "Need a copy of the notice"),
        ),
        messages=((DEV, "Could you ask Edie to send us the notice from the landlord?"),),
    ),
    DemoReferral(
        SAM,
        FRANK,
        (WELFARE,),
        "I think I am missing out on Carer's Allowance.",
        60,
        steps=(Step(Status.ACCEPTED, DEV), Step(Status.COMPLETED, DEV)),
        outcome=(DEV, "got_help", "Carer's Allowance claim made and awarded."),
    ),
    DemoReferral(
        RHIAN,
        ADA,
        (FOOD,),
        "Short of food this week.",
        40,
        steps=(
            Step(Status.REJECTED, GRACE, "duplicate", "Already supported through another referral"),
        ),
        outcome=(GRACE, "referred_elsewhere", "Already receiving parcels via the carers centre."),
    ),
    DemoReferral(
        SAM,
        BERTIE,
        (CRISIS,),
        "Needs a new cooker after the old one failed.",
        30,
        steps=(Step(Status.CANCELLED, SAM, "no_longer_needed", "Family bought one"),),
    ),
    DemoReferral(
        TOM,
        FRANK,
        (EMERGENCY_CARD,),
        "Would like a carers emergency card in case something happens to him.",
        45,
        steps=(
            Step(Status.ACCEPTED, JO),
            Step(Status.FAILED, JO, "could_not_contact", "Three calls and a letter, no answer"),
        ),
        outcome=(JO, "could_not_contact", ""),
    ),
    DemoReferral(
        SAM,
        CORA,
        (CRISIS,),
        "Sent to the wrong service by mistake.",
        5,
        steps=(Step(Status.ENTERED_IN_ERROR, SAM),),
    ),
    DemoReferral(RHIAN, DESMOND, (HOUSING,), "Draft: adaptations to stay at home.", 0, send=False),
)


@dataclass
class DemoReferralsResult:
    created: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.created:
            return "Demo referrals already there: nothing created."
        return f"Demo referrals: {self.created} created, in {len(self.statuses)} statuses."


def _org(key: str) -> Organization:
    return Organization.objects.get(pk=demo_id("organization", key))


def _service(key: tuple[str, str]) -> Service:
    return Service.objects.get(organization_id=demo_id("organization", key[0]), name=key[1])


def already_loaded() -> bool:
    names = {item.person.name for item in STORY}
    return Person.objects.filter(organization__in=_demo_orgs(), name__in=names).exists()


def _demo_orgs() -> list[Organization]:
    keys = {"carers-centre", "eastfield-health", "fire", "food-bank", "council"}
    return list(Organization.objects.filter(pk__in=[demo_id("organization", k) for k in keys]))


def load_demo_referrals(*, now: datetime.datetime | None = None) -> DemoReferralsResult:
    """Create the demo referrals unless they are there already (they are made all at once)."""
    result = DemoReferralsResult()
    if already_loaded():
        return result
    now = now or timezone.now()
    users = {u.email: u for u in User.objects.filter(email__in=[SAM, JO, RHIAN, TOM, GRACE, DEV])}
    # The story is history, not news: its notifications are recorded (the demo shows them) but
    # no email goes out for them, even to the console (tasks run on commit, inside this block).
    with override_settings(EMAIL_BACKEND=SILENT_EMAIL), transaction.atomic():
        people: dict[tuple[object, str], Person] = {}
        for item in STORY:
            referrer = users[item.referrer]
            organization = referrer.memberships.get().organization
            start = now - datetime.timedelta(days=item.days_ago, hours=3)
            person = people.get((organization.pk, item.person.name))
            if person is None:
                person = services.create_person(
                    actor=referrer,
                    organization=organization,
                    name=item.person.name,
                    postcode=item.person.postcode,
                    contact_preference="phone" if item.person.phone else "email",
                    phone=item.person.phone,
                    email=item.person.email,
                    preferred_language=item.person.language,
                    access_needs=item.person.access_needs,
                )
                people[(organization.pk, item.person.name)] = person
            chosen = [_service(key) for key in item.services]
            if not item.send:
                referrals = [
                    services.draft_referral(
                        actor=referrer, person=person, service=chosen[0], need=item.need, now=start
                    )
                ]
            else:
                for service in chosen:
                    assert service.organization is not None
                    services.record_consent(
                        actor=referrer,
                        person=person,
                        recipient=service.organization,
                        purpose=f"Referral to {service.name}",
                        method=ConsentMethod.IN_PERSON,
                        given_at=start,
                    )
                referrals = services.send_referrals(
                    actor=referrer,
                    person=person,
                    services=chosen,
                    need=item.need,
                    urgency=item.urgency,
                    now=start,
                ).referrals
            first = referrals[0]
            for n, step in enumerate(item.steps, start=1):
                services.transition_referral(
                    actor=users[step.by],
                    referral=first,
                    to_status=step.status,
                    reason_code=step.reason,
                    reason_text=step.text,
                    now=start + datetime.timedelta(days=n * max(1, item.days_ago // 4)),
                )
            for n, (by, body) in enumerate(item.messages, start=1):
                message = services.post_message(actor=users[by], referral=first, body=body)
                ReferralMessage.objects.filter(pk=message.pk).update(
                    created_at=start + datetime.timedelta(hours=5 * n)
                )
            if item.outcome:
                by, code, note = item.outcome
                services.record_outcome(actor=users[by], referral=first, outcome=code, note=note)
            for referral in referrals:
                Referral.objects.filter(pk=referral.pk).update(created_at=start)
                result.created += 1
                status = Referral.objects.get(pk=referral.pk).status
                result.statuses[status] = result.statuses.get(status, 0) + 1
        audit.record("demo.referrals_loaded", details={"created": result.created})
    return result


def reset_demo_referrals() -> int:
    """Delete every referral and person of the demo organisations, the story's and the year's
    (`demo.year`), before the directory they point at is reset; returns the rows gone."""
    orgs = list(Organization.objects.filter(pk__in=[demo_id("organization", o.key) for o in ORGS]))
    with transaction.atomic():
        deleted = Referral.objects.filter(referring_organization__in=orgs).delete()[0]
        deleted += Referral.objects.filter(receiving_organization__in=orgs).delete()[0]
        deleted += Person.objects.filter(organization__in=orgs).delete()[0]
        if deleted:
            audit.record("demo.referrals_deleted", details={"rows": deleted})
    return deleted
