"""One door (ADR 0021): the referring pages, the referrals API and a person's own request for
help refer people through one use case, so they cannot disagree on a consent rule.

One table of cases, each run through every door that can say it: the page (the referrer's
journey walked with the test client, from the shortlist to "sent"), the API (the test client
with a token) and self-referral (the "Ask for help" form). What a door's pages cannot say (a
consent method not offered, consent to an organisation that receives nothing) must be refused
by its form or not offered at all: the page door asserts so and reads the form's refusal.
Each door's answer is read back as the rule that refused it, or "sent"; every door must give
the table's answer, so two doors that disagree cannot both pass. A refusal must write nothing.

The cast: alice (Ashdown Carers Centre) refers; the food bank (dora answers for it) receives,
through a service that also takes requests for help directly and asks one required question;
Brookfield Housing (charlie's) is the outsider organisation: it receives nothing here, and must
be refused.
"""

# The shared fixtures are imported by name from referral_cast (pytest finds them in the module);
# ruff would read each use as a redefinition.
# ruff: noqa: F401, F811
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from joinedup.api.tests.referral_cast import ApiClient, food_bank, outsider, referrer
from joinedup.core.models import User
from joinedup.directory.models import CapacityStatus, IntakeMode, Organization, Service
from joinedup.referrals import services as referral_services
from joinedup.referrals.models import Consent, ConsentMethod, Person, Referral, ServiceIntake
from joinedup.referrals.services import capacity_warning, prescription, self_referral
from joinedup.referrals.services.prescription import ConsentGiven, refer_person
from joinedup.referrals.tests.journey_steps import date_data, journey_url, start

pytestmark = pytest.mark.django_db

QUESTION = "household_size"
# How each door says "the person agreed to this organisation": a referrer records how (in
# person); a person asking for help gives their own consent by ticking the box.
AGREED = "agreed"

SENT = "sent"
SENT_WITH_WARNING = "sent with a capacity warning"
# The rules a refusal is read back as.
WHO = "who may refer"
INTAKE = "intake answers"
CONSENT_MISSING = "standing consent"
CONSENT_METHOD = "who may record which consent"
NON_RECIPIENT = "consent to a non-recipient"
CONSENT_TWICE = "one consent per recipient"
NOBODY_ANSWERS = "someone answers the service"


@dataclass(frozen=True)
class Case:
    """One referral of a person to the food service: the consents given, as (recipient,
    method) with recipient "receiver" (the food bank) or "outsider" (Brookfield Housing)."""

    name: str
    consents: tuple[tuple[str, str], ...]
    # What a referrer's doors (page, API) must answer.
    referrer: str
    # What the person's own request must answer; None where the "Ask for help" form cannot
    # say the case (it records only the person's own consent, to the service's organisation).
    person: str | None
    answered: bool = True
    # A person the carers centre already holds, with standing consent to the food bank.
    held: bool = False
    # Brookfield Housing's member (or token) refers, instead of the carers centre's.
    by_outsider: bool = False
    # The food bank's last member leaves (their account is closed) as the door is used: after
    # the "Ask for help" form is opened, before the API is called, before a referrer starts.
    leaves: bool = False
    service: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case("consent to the receiver", (("receiver", AGREED),), SENT, SENT),
    Case("no consent at all", (), CONSENT_MISSING, CONSENT_MISSING),
    Case("a required answer missing", (("receiver", AGREED),), INTAKE, INTAKE, answered=False),
    # A referrer records how the person agreed; only the person's own request is self-referral.
    Case("self-referral consent", (("receiver", "self_referral"),), CONSENT_METHOD, SENT),
    Case("consent in person", (("receiver", "in_person"),), SENT, None),
    Case("consent by phone", (("receiver", "phone"),), SENT, None),
    Case("consent of no known method", (("receiver", "by_carrier_pigeon"),), CONSENT_METHOD, None),
    # The outsider organisation receives nothing here: consent naming it is refused.
    Case(
        "consent to the receiver and to an outsider",
        (("receiver", AGREED), ("outsider", AGREED)),
        NON_RECIPIENT,
        None,
    ),
    Case("consent to an outsider only", (("outsider", AGREED),), NON_RECIPIENT, None),
    Case(
        "consent to the receiver twice",
        (("receiver", AGREED), ("receiver", AGREED)),
        CONSENT_TWICE,
        None,
    ),
    Case("standing consent, none given", (), SENT, None, held=True),
    Case("standing consent, given again", (("receiver", AGREED),), SENT, None, held=True),
    Case(
        "an outsider refers a person another organisation holds",
        (("receiver", AGREED),),
        WHO,
        None,
        held=True,
        by_outsider=True,
    ),
    Case(
        "a service not accepting referrals",
        (("receiver", AGREED),),
        SENT_WITH_WARNING,
        SENT,
        service={"capacity_status": CapacityStatus.NOT_ACCEPTING},
    ),
    Case(
        "a service that does not take requests for help directly",
        (("receiver", AGREED),),
        SENT,
        WHO,
        service={"accepts_self_referral": False},
    ),
    # `Service.objects.referable()`: the page does not offer it; the API and a request for help
    # already being written are refused by the door.
    Case(
        "a service nobody answers",
        (("receiver", AGREED),),
        NOBODY_ANSWERS,
        NOBODY_ANSWERS,
        leaves=True,
    ),
]


@dataclass
class World:
    carers_centre: Organization
    alice: User
    charlie: User
    food_bank: Organization
    outsider_org: Organization
    service: Service
    referrer: ApiClient
    outsider: ApiClient
    held: Person


@pytest.fixture
def world(carers_centre, alice, charlie, housing_org, food_bank, referrer, outsider) -> World:
    service = Service.objects.create(
        organization=food_bank,
        name="Emergency food parcels",
        intake_mode=IntakeMode.JOINEDUP,
        status="active",
    )
    ServiceIntake.objects.create(
        service=service,
        questions=[{"key": QUESTION, "label": "How many people live with you?", "required": True}],
        accepts_self_referral=True,
    )
    held = referral_services.create_person(
        actor=alice,
        organization=carers_centre,
        name="Mary Carer",
        contact_preference="phone",
        phone="07700 900123",
    )
    referral_services.record_consent(
        actor=alice,
        person=held,
        recipient=food_bank,
        purpose="Referral for emergency food",
        method=ConsentMethod.IN_PERSON,
    )
    return World(
        carers_centre, alice, charlie, food_bank, housing_org, service, referrer, outsider, held
    )


def _prepare(world: World, case: Case) -> None:
    intake_change = {k: v for k, v in case.service.items() if k == "accepts_self_referral"}
    service_change = {k: v for k, v in case.service.items() if k not in intake_change}
    ServiceIntake.objects.filter(service=world.service).update(**intake_change)
    Service.objects.filter(pk=world.service.pk).update(**service_change)
    world.service.refresh_from_db()


def _leave(world: World, case: Case) -> None:
    """The food bank's members' accounts are closed: nobody answers its referrals."""
    if case.leaves:
        User.objects.filter(memberships__organization=world.food_bank).update(is_active=False)


def _method(method: str) -> str:
    return ConsentMethod.IN_PERSON if method == AGREED else method


def _recipient(world: World, who: str) -> Organization:
    return world.food_bank if who == "receiver" else world.outsider_org


NEW_PERSON = {"name": "Sam Carer", "contact_preference": "phone", "phone": "07700 900456"}


# The page: the referrer's journey walked with the test client, as a referrer's browser does
# (shortlist, "Refer to these services" with the person's name, who, what and consent, check,
# send). What the table says in a way the pages cannot (a consent method they do not offer,
# consent to an organisation that receives nothing, the same consent twice, someone another
# organisation holds) must be refused by the pages' own forms or not offered at all.


def page_door(world: World, case: Case) -> str:
    browser = Client()
    browser.force_login(world.charlie if case.by_outsider else world.alice)
    if case.leaves:
        # Not offered: asked to refer to it, the page goes back to the shortlist.
        _leave(world, case)
        response = browser.post(reverse("referrals:start"), {"service": str(world.service.pk)})
        assert response["Location"] == reverse("referrals:shortlist")
        return NOBODY_ANSWERS
    name = world.held.name if case.held else NEW_PERSON["name"]
    url = start(browser, world.service, name=name)
    refused = _page_who(browser, world, case, url)
    if refused is not None:
        return refused
    what = journey_url(url, "what")
    form = browser.get(what).context["form"]
    offered = {value for value, _ in form.fields["include"].choices}
    # One box per organisation that receives something: no outsider, nothing twice.
    assert [v for v, _ in form.fields["include"].choices] == [str(world.food_bank.pk)]
    assert {m for m, _ in form.fields["method"].choices} == {
        m.value for m in prescription.REFERRER_CONSENT_METHODS
    }
    recipients = [str(_recipient(world, who).pk) for who, _ in case.consents]
    if len(recipients) != len(set(recipients)):
        return CONSENT_TWICE  # the page cannot say it: one box per organisation, shown above
    methods = {_method(method) for _, method in case.consents}
    data: dict[str, Any] = {
        "need": "We have run out of food",
        "urgency": "routine",
        "include": recipients or sorted(offered),
        "s0_" + QUESTION: "3" if case.answered else "",
        **date_data("given_on"),
    }
    if methods:
        (data["method"],) = methods
    response = browser.post(what, data)
    if response.status_code != 302:
        return _page_form_rule(response.context["form"].errors)
    check = journey_url(url, "check")
    assert response["Location"] == check, response["Location"]
    response = browser.post(check)
    if response.status_code != 302:
        return _page_check_rule(response.context["errors"])
    page = browser.get(response["Location"]).content.decode()
    warning = capacity_warning(world.service)
    return SENT_WITH_WARNING if warning and warning in page else SENT


def _page_who(browser: Client, world: World, case: Case, url: str) -> str | None:
    """Who: a held person chosen from those offered; someone new given their details. Only
    people the referrer's own organisation holds are offered, and no other can be chosen."""
    if not case.held:
        assert url.endswith("/person/new/"), url
        response = browser.post(url, NEW_PERSON)
        assert response.status_code == 302, response.context["form"].errors
        return None
    if case.by_outsider:
        # Nobody is offered by that name (straight to a new person's details), and choosing
        # the held person anyway is refused.
        assert url.endswith("/person/new/"), url
        response = browser.post(journey_url(url, "person"), {"choice": str(world.held.pk)})
        assert response.status_code == 200 and response.context["choosing"].errors
        return WHO
    assert browser.get(url).context["matches"] == [world.held]
    response = browser.post(journey_url(url, "person"), {"choice": str(world.held.pk)})
    assert response.status_code == 302, response.context["choosing"].errors
    return None


def _page_form_rule(errors: dict[str, list[str]]) -> str:
    """The rule the what-and-consent form refused by: a choice it does not offer, or an
    answer missing."""
    rules = set()
    for key, messages in errors.items():
        invalid = any("valid choice" in m for m in messages)
        if key.startswith("s0_"):
            rules.add(INTAKE)
        elif key == "method":
            rules.add(CONSENT_METHOD if invalid else CONSENT_MISSING)
        elif key == "include" and invalid:
            rules.add(NON_RECIPIENT)
        else:
            rules.add(f"{key}: {' '.join(messages)}")
    assert len(rules) == 1, errors
    return rules.pop()


def _page_check_rule(errors: list[str]) -> str:
    """The rule the door refused by, from the reasons the check page shows."""
    text = " ".join(errors)
    if "receives none of the services" in text:
        return NON_RECIPIENT
    if "Choose how the person agreed" in text:
        return CONSENT_METHOD
    if text.startswith("Answer “"):
        return INTAKE
    if "consent" in text.lower():
        return CONSENT_MISSING
    if "refer people from" in text:
        return WHO
    return text


def _rule(errors: dict[str, list[str]]) -> str:
    """The one rule a refusal names (each case breaks one), from its errors' keys."""
    rules = set()
    for key, messages in errors.items():
        text = " ".join(messages)
        if key.startswith("intake_answers"):
            rules.add(INTAKE)
        elif re.fullmatch(r"consents(\.|/\d+/)method", key):
            rules.add(CONSENT_METHOD)
        elif re.fullmatch(r"consents/\d+/organization", key) or "one consent per" in text:
            rules.add(CONSENT_TWICE)
        elif key == "consents" and "receives none of the services" in text:
            rules.add(NON_RECIPIENT)
        elif key == "person_id":
            rules.add(WHO)
        elif key == "services" and text.startswith("Nobody answers referrals for"):
            rules.add(NOBODY_ANSWERS)
        else:
            rules.add(f"{key}: {text}")
    assert len(rules) == 1, errors
    return rules.pop()


# The API: the test client with the carers centre's token (or the outsider's).


def api_door(world: World, case: Case) -> str:
    answers = {QUESTION: "3" if case.answered else ""}
    body: dict[str, Any] = {
        "services": [{"id": str(world.service.pk), "intake_answers": answers}],
        "need": "We have run out of food",
        "consents": [
            {
                "organization": str(_recipient(world, who).pk),
                "method": _method(method),
                "purpose": "Referral for emergency food",
            }
            for who, method in case.consents
        ],
    }
    if case.held:
        body["person_id"] = str(world.held.pk)
    else:
        body["person"] = NEW_PERSON
    client = world.outsider if case.by_outsider else world.referrer
    _leave(world, case)
    response = client.post("/api/referrals", body)
    answer = response.json()
    if response.status_code == 201:
        return SENT_WITH_WARNING if answer["warnings"] else SENT
    assert response.status_code in (400, 403, 422), answer
    if response.status_code == 403:
        return WHO
    if "errors" not in answer and "consent" in answer["detail"]:
        return CONSENT_MISSING
    return _rule(answer["errors"])


# Self-referral: the person fills in "Ask for help" on the service's page.


def ask_door(world: World, case: Case) -> str:
    assert case.person is not None
    ticked = bool(case.consents)
    url = reverse("referrals:ask-for-help", args=[world.service.pk])
    browser = Client()
    if browser.get(url).status_code == 404:
        return WHO
    data = {
        "name": "Sam Carer",
        "contact_preference": "phone",
        "phone": "07700 900456",
        "need": "We have run out of food",
        "urgency": "routine",
        f"q_{QUESTION}": "3" if case.answered else "",
        "website": "",
    }
    if ticked:
        data["consent"] = "on"
    _leave(world, case)
    response = browser.post(url, data)
    if response.status_code == 404:
        return WHO
    if response.status_code == 302:
        return SENT
    errors: dict[str, Any] = response.context["form"].errors
    named = {"consent": CONSENT_MISSING, f"q_{QUESTION}": INTAKE}
    rules = {named.get(str(key), str(key)) for key in errors}
    if rules == {"__all__"} and "Nobody answers referrals for" in " ".join(errors["__all__"]):
        # Shown in the page's error summary, with what the person wrote kept.
        page = response.content.decode()
        assert "govuk-error-summary" in page and "We have run out of food" in page
        rules = {NOBODY_ANSWERS}
    assert len(rules) == 1, errors
    return rules.pop()


def _written() -> tuple[int, int, int]:
    return Person.objects.count(), Consent.objects.count(), Referral.objects.count()


def _through(door: Any, world: World, case: Case, expected: str) -> None:
    _prepare(world, case)
    before = _written()
    assert door(world, case) == expected
    people, consents, referrals = _written()
    if expected in (SENT, SENT_WITH_WARNING):
        assert referrals == before[2] + 1
        assert people == before[0] + (0 if case.held else 1)
        # One standing consent per recipient: given again, it is not recorded twice.
        assert consents == before[1] + (0 if case.held else 1)
    else:
        assert (people, consents, referrals) == before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_page_refers_as_the_table_says(world, case):
    _through(page_door, world, case, case.referrer)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_api_refers_as_the_table_says(world, case):
    _through(api_door, world, case, case.referrer)


PERSON_CASES = [c for c in CASES if c.person is not None]


@pytest.mark.parametrize("case", PERSON_CASES, ids=[c.name for c in PERSON_CASES])
def test_a_persons_own_request_refers_as_the_table_says(world, case):
    assert case.person is not None
    _through(ask_door, world, case, case.person)


def test_the_table_runs_every_rule_through_more_than_one_door():
    """Each rule is met by both referrer doors; those a person's request can meet, by it too."""
    referrer_rules = {c.referrer for c in CASES}
    assert {
        WHO,
        INTAKE,
        CONSENT_MISSING,
        CONSENT_METHOD,
        NON_RECIPIENT,
        CONSENT_TWICE,
        NOBODY_ANSWERS,
    } <= referrer_rules
    assert {SENT, WHO, INTAKE, CONSENT_MISSING, NOBODY_ANSWERS} <= {c.person for c in PERSON_CASES}


# The person's own request at the door itself, for what the "Ask for help" form cannot say.


def _ask_at_the_door(world: World, consents: list[ConsentGiven], **kwargs: Any) -> Any:
    values: dict[str, Any] = {
        "actor": None,
        "organization": world.food_bank,
        "services": [world.service],
        "need": "We have run out of food",
        "new_person": NEW_PERSON,
        "intake_answers": {world.service.pk: {QUESTION: "3"}},
        "consents": consents,
    }
    values.update(kwargs)
    return refer_person(**values)


def test_a_persons_own_request_records_only_self_referral_consent(world):
    with pytest.raises(PermissionDenied):
        _ask_at_the_door(world, [ConsentGiven(world.food_bank, ConsentMethod.IN_PERSON)])
    assert _written() == (1, 1, 0)  # the held person and their consent, from the fixture


def test_a_persons_own_request_cannot_name_an_outsider(world):
    own = ConsentGiven(world.food_bank, ConsentMethod.SELF_REFERRAL)
    stranger = ConsentGiven(world.outsider_org, ConsentMethod.SELF_REFERRAL)
    with pytest.raises(ValidationError) as refused:
        _ask_at_the_door(world, [own, stranger])
    assert "Brookfield Housing" in refused.value.message_dict["consents"][0]
    assert _written() == (1, 1, 0)


def test_a_persons_own_request_cannot_pick_someone_held(world):
    own = ConsentGiven(world.food_bank, ConsentMethod.SELF_REFERRAL)
    with pytest.raises(PermissionDenied):
        _ask_at_the_door(world, [own], new_person=None, person=world.held)
    assert _written() == (1, 1, 0)


def test_a_persons_own_request_goes_only_to_the_organisation_asked(world):
    """Asking the food bank's service cannot make another organisation the referrer."""
    own = ConsentGiven(world.food_bank, ConsentMethod.SELF_REFERRAL)
    with pytest.raises(PermissionDenied):
        _ask_at_the_door(world, [own], organization=world.outsider_org)
    assert _written() == (1, 1, 0)


# Self-referral writes the person and the referral only through the door.


def test_self_referral_writes_people_and_referrals_only_through_the_one_door(world, monkeypatch):
    calls: list[tuple[tuple[int, int, int], tuple[int, int, int]]] = []

    def spy(**kwargs: Any) -> Any:
        before = _written()
        result = refer_person(**kwargs)
        calls.append((before, _written()))
        return result

    monkeypatch.setattr(self_referral, "refer_person", spy)
    before = _written()
    _through(ask_door, world, CASES[0], SENT)
    # Everything the request wrote, it wrote inside one call of the door.
    assert len(calls) == 1
    assert calls[0] == (before, _written())


def test_self_referral_has_no_door_of_its_own(world, monkeypatch):
    """With the door shut, asking for help writes nothing at all."""

    def shut(**kwargs: Any) -> Any:
        raise PermissionDenied("shut")

    monkeypatch.setattr(self_referral, "refer_person", shut)
    assert ask_door(world, CASES[0]) == WHO
    assert _written() == (1, 1, 0)


def test_the_api_and_the_page_call_the_same_door(world, monkeypatch):
    """Both referrer doors reach `prescription.refer_person` (the API by its own import)."""
    from joinedup.api import referral_views

    assert referral_views.refer_person is prescription.refer_person
    assert self_referral.refer_person is prescription.refer_person


def test_consent_method_choices_come_from_the_rule():
    """The page's choices and the API's schema offer what the door lets a referrer record."""
    from joinedup.api.referral_openapi import SCHEMAS

    offered = SCHEMAS["ConsentEvidence"]["properties"]["method"]["enum"]
    assert offered == [m.value for m in prescription.REFERRER_CONSENT_METHODS]
    assert ConsentMethod.SELF_REFERRAL not in offered


def test_unknown_service_ids_are_named(world):
    missing = uuid.uuid4()
    with pytest.raises(ValidationError) as refused:
        prescription.services_by_id([world.service.pk, missing])
    assert str(missing) in refused.value.messages[0]
