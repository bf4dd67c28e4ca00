"""The referring journey's state: what has been answered so far, kept in the session under a
journey id (so two tabs can refer two people at once), and which step comes next."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Organization, Service
from joinedup.referrals.models import Consent, Person, Referral
from joinedup.referrals.services.intake import Intake, intakes_of

SESSION_KEY = "referral_journeys"
# Enough for a few tabs; the oldest journey is dropped so the session stays small.
MAX_JOURNEYS = 5
MAX_SERVICES = 10
LOGGED_MODES = (IntakeMode.PHONE, IntakeMode.SIGNPOSTING)
STEPS = ("person", "services", "need", "questions", "consent", "check")


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def uuid_strings(values: list[str]) -> list[str]:
    found = []
    for value in values:
        try:
            found.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return list(dict.fromkeys(found))


def referable_services() -> Any:
    """Services a referral can go to: published, with an organisation to receive it."""
    return Service.objects.published().filter(organization__isnull=False)


def detail_url(referral: Referral) -> str:
    try:
        return reverse("referrals:detail", args=[referral.pk])
    except NoReverseMatch:  # the detail page is another piece of work; its path is agreed
        return f"/referrals/{referral.pk}/"


# The journey in the session


class Journey:
    """One referring journey, read from and written back to the session."""

    def __init__(self, request: HttpRequest, journey_id: uuid.UUID) -> None:
        self.request = request
        self.id = str(journey_id)
        journeys = request.session.get(SESSION_KEY, {})
        if self.id not in journeys:
            raise Http404("No such referral in progress")
        self.data: dict[str, Any] = journeys[self.id]
        self.user = user_of(request)
        organisation = Organization.objects.of_user(self.user).filter(pk=self.data["org"]).first()
        if organisation is None:  # left the organisation since starting
            raise Http404("No such referral in progress")
        self.organisation: Organization = organisation
        self._services: tuple[tuple[str, ...], list[Service]] | None = None
        self._intakes: tuple[tuple[str, ...], list[tuple[Service, Intake]]] | None = None
        self._person: Person | None = None

    @classmethod
    def create(
        cls, request: HttpRequest, *, organisation: Organization, services: list[str]
    ) -> str:
        journeys = dict(request.session.get(SESSION_KEY, {}))
        while len(journeys) >= MAX_JOURNEYS:
            journeys.pop(next(iter(journeys)))
        journey_id = str(uuid.uuid4())
        journeys[journey_id] = {"org": str(organisation.pk), "services": services}
        request.session[SESSION_KEY] = journeys
        return journey_id

    def save(self) -> None:
        journeys = dict(self.request.session.get(SESSION_KEY, {}))
        journeys[self.id] = self.data
        self.request.session[SESSION_KEY] = journeys

    def url(self, step: str) -> str:
        return reverse(f"referrals:refer-{step}", args=[self.id])

    # What has been chosen so far

    def services(self) -> list[Service]:
        ids = tuple(self.data.get("services", []))
        # Read once per request for the same choice: every step guard asks for them.
        if self._services is None or self._services[0] != ids:
            found = {
                str(s.pk): s
                for s in referable_services().filter(pk__in=ids).select_related("organization")
            }
            self._services = (ids, [found[i] for i in ids if i in found])
        return self._services[1]

    def intakes(self) -> list[tuple[Service, Intake]]:
        ids = tuple(self.data.get("services", []))
        if self._intakes is None or self._intakes[0] != ids:
            self._intakes = (ids, intakes_of(self.services()))
        return self._intakes[1]

    def person(self) -> Person | None:
        """The person already held by the referrer's organisation, if one was chosen."""
        chosen = self.data.get("person", {}).get("id")
        if not chosen:
            return None
        if self._person is None or str(self._person.pk) != chosen:
            self._person = (
                Person.objects.visible_to(self.user)
                .filter(organization=self.organisation, pk=chosen)
                .first()
            )
        return self._person

    def new_person(self) -> dict[str, Any] | None:
        values = self.data.get("person", {}).get("new")
        if values is None:
            return None
        values = dict(values)
        dob = values.get("date_of_birth")
        values["date_of_birth"] = datetime.date.fromisoformat(dob) if dob else None
        return values

    def person_name(self) -> str:
        person = self.person()
        if person is not None:
            return person.name
        return (self.new_person() or {}).get("name", "the person")

    def recipients(self) -> list[Organization]:
        found: dict[Any, Organization] = {}
        for service in self.services():
            assert service.organization is not None
            found.setdefault(service.organization_id, service.organization)
        return list(found.values())

    def recipients_needing_consent(self) -> list[Organization]:
        person = self.person()
        if person is None:
            return self.recipients()
        standing = set(
            Consent.objects.standing().filter(person=person).values_list("recipient_id", flat=True)
        )
        return [org for org in self.recipients() if org.pk not in standing]

    def has_questions(self) -> bool:
        return any(intake.questions for _, intake in self.intakes())

    def done(self, step: str) -> bool:
        if step == "person":
            return self.person() is not None or self.new_person() is not None
        if step == "services":
            return bool(self.services())
        if step == "need":
            return bool(self.data.get("need"))
        if step == "questions":
            # A service added after the questions were answered has not had its own asked.
            answered = self.data.get("answers", {})
            return all(
                str(service.pk) in answered
                for service, intake in self.intakes()
                if intake.questions
            )
        if step == "consent":
            given = self.data.get("consents", {})
            return all(str(org.pk) in given for org in self.recipients_needing_consent())
        return False

    def guard(self, step: str) -> HttpResponse | None:
        """Where to go instead of `step`: the confirmation once sent, or the first step
        before it that still needs an answer."""
        if self.data.get("sent"):
            return redirect(self.url("sent"))
        for earlier in STEPS[: STEPS.index(step)]:
            if not self.done(earlier):
                return redirect(self.url(earlier))
        return None

    def next(self, step: str) -> HttpResponse:
        """After answering `step`: back to check-your-answers once there, else the next step."""
        if self.data.get("checking"):
            return redirect(self.url("check"))
        following = STEPS[STEPS.index(step) + 1]
        if following == "questions" and not self.has_questions():
            following = "consent"
        return redirect(self.url(following))


def render_step(
    request: HttpRequest, journey: Journey, template: str, context: dict[str, Any]
) -> HttpResponse:
    """A step of the referrer's journey: its template under `referrals/refer/`."""
    return render(request, f"referrals/refer/{template}", {"journey": journey, **context})
