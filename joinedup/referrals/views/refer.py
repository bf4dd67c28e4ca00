"""The referrer's journey from the shortlist: who, what and consent, check and send.

Three screens for a person the organisation already holds (who, what and consent, check), four
for someone new (their details after who). Each is a GOV.UK page that works without JavaScript.
What has been answered is kept in the session under a journey id (so two tabs can refer two
people) and nothing is written until the referrer sends from the check page: then one use case
records the person (if new), the consents and the referrals, all or nothing.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from joinedup.core.models import User
from joinedup.directory.models import Organization, Service
from joinedup.referrals.forms.refer import (
    FindPersonForm,
    MatchForm,
    OrganisationForm,
    PersonForm,
    WhatForm,
    date_initial,
)
from joinedup.referrals.models import (
    LOGGED_INTAKE_MODES,
    PERSON_FIELDS,
    Consent,
    ConsentMethod,
    Person,
    Referral,
)
from joinedup.referrals.services import capacity_warning, read_person_details
from joinedup.referrals.services.intake import Intake, intakes_of
from joinedup.referrals.services.people import offer_possible_matches, offered_match_ids
from joinedup.referrals.services.prescription import ConsentGiven, refer_person
from joinedup.referrals.shortlist import Shortlist
from joinedup.referrals.transitions import TransitionRefused

# Starting: from the shortlist ("Refer to these services"), or ?service= links.


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Start referring someone to the shortlisted services (POST from the shortlist, with the
    person's name if typed) or to the services named by ?service= (repeatable); only those
    that take referrals here."""
    user = user_of(request)
    if request.method == "POST" and not request.POST.getlist("service"):
        wanted = Shortlist(request).ids
    else:
        wanted = uuid_strings(request.GET.getlist("service") or request.POST.getlist("service"))
    allowed = {str(s.pk): s for s in referable_services().filter(pk__in=wanted)}
    chosen = [i for i in wanted if i in allowed and referred_here(allowed[i])][:MAX_SERVICES]
    name = " ".join(request.POST.get("name", "").split())[:300]
    organisations = list(Organization.objects.of_user(user).order_by("name"))
    if not organisations:
        return render(request, "referrals/refer/start.html", {"organisations": []}, status=403)
    if not chosen:
        return redirect(reverse("referrals:shortlist"))
    if len(organisations) == 1:
        return _begin(request, organisations[0], chosen, name)
    posted = request.POST if "choose" in request.POST else None
    form = OrganisationForm(posted, organisations=organisations)
    if posted is not None and form.is_valid():
        picked = form.cleaned_data["organisation"]
        organisation = next(o for o in organisations if str(o.pk) == picked)
        return _begin(request, organisation, chosen, name)
    context = {
        "organisations": organisations,
        "form": form,
        "services": [allowed[i] for i in chosen],
        "chosen": chosen,
        "name": name,
    }
    return render(request, "referrals/refer/start.html", context)


def _begin(
    request: HttpRequest, organisation: Organization, chosen: list[str], name: str
) -> HttpResponse:
    """A new journey; with the person's name already typed, straight to whoever the
    organisation holds by that name (or to their details, if no one)."""
    journey_id = Journey.create(request, organisation=organisation, services=chosen)
    journey = Journey(request, uuid.UUID(journey_id))
    if not name:
        return redirect(journey.url("person"))
    journey.data["search"] = {"name": name, "postcode": "", "date_of_birth": ""}
    journey.save()
    return _after_search(journey)


def _after_search(journey: Journey) -> HttpResponse:
    # Only whether anyone may be them here: their details are shown (and audited) on the page
    # this leads to.
    if Person.objects.possible_matches(
        organization=journey.organisation, **_search_terms(journey)
    ).exists():
        return redirect(journey.url("person") + "#matches")
    return redirect(journey.url("new-person"))


# Screen 1: who. Find the person among those the organisation holds; each one offered is
# shown as a button (choosing is one click), with "someone new" beside them.


@login_required
def find_person(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("person")) is not None:
        return other
    if request.method == "POST" and "choice" in request.POST:
        return _choose(request, journey)
    search = journey.data.get("search", {})
    initial = {
        "name": search.get("name", ""),
        "postcode": search.get("postcode", ""),
        "date_of_birth": date_initial(search.get("date_of_birth")),
    }
    form = FindPersonForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        dob = form.cleaned_data["date_of_birth"]
        journey.data["search"] = {
            "name": form.cleaned_data["name"],
            "postcode": form.cleaned_data["postcode"],
            "date_of_birth": dob.isoformat() if dob else "",
        }
        # Consent was given by the person chosen before: a different person gives their own.
        for key in ("person", "consent"):
            journey.data.pop(key, None)
        journey.save()
        return _after_search(journey)
    return _who_page(request, journey, form, None)


def _who_page(
    request: HttpRequest, journey: Journey, form: FindPersonForm, choosing: MatchForm | None
) -> HttpResponse:
    matches: list[Person] = []
    if "search" in journey.data and not form.is_bound:
        # Showing the offer is a read of each person's details, which the service audits.
        offered = offer_possible_matches(
            actor=journey.user, organization=journey.organisation, **_search_terms(journey)
        )
        matches = [match.person for match in offered]
    return render_step(
        request,
        journey,
        "find_person.html",
        {
            "form": form,
            "matches": matches,
            "searched": "search" in journey.data and not form.is_bound,
            "choosing": choosing,
            "services": journey.services(),
        },
    )


def _choose(request: HttpRequest, journey: Journey) -> HttpResponse:
    """A person chosen from the offer (checked against it by id: nobody's details are read),
    or "someone new"."""
    if "search" not in journey.data:
        return redirect(journey.url("person"))
    ids = offered_match_ids(
        actor=journey.user, organization=journey.organisation, **_search_terms(journey)
    )
    choosing = MatchForm(request.POST, offered_ids=ids)
    if not choosing.is_valid():
        search = journey.data["search"]
        form = FindPersonForm(
            initial={
                "name": search.get("name", ""),
                "postcode": search.get("postcode", ""),
                "date_of_birth": date_initial(search.get("date_of_birth")),
            }
        )
        return _who_page(request, journey, form, choosing)
    choice = choosing.cleaned_data["choice"]
    if choice == MatchForm.NEW:
        return redirect(journey.url("new-person"))
    journey.data["person"] = {"id": choice}
    journey.data.pop("consent", None)
    journey.save()
    return journey.next("person")


def _search_terms(journey: Journey) -> dict[str, Any]:
    """The find-a-person answers as `possible_matches` and `offer_possible_matches` take them."""
    search = journey.data["search"]
    dob = search.get("date_of_birth")
    return {
        "name": search["name"],
        "date_of_birth": datetime.date.fromisoformat(dob) if dob else None,
        "postcode": search.get("postcode", ""),
    }


# Screen 1b (someone new only): their details, only the fields the chosen services ask for.


@login_required
def new_person(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("person")) is not None:
        return other
    kept = journey.data.get("person", {}).get("new") or {}
    search = journey.data.get("search", {})
    initial = {
        "name": search.get("name", ""),
        "postcode": search.get("postcode", ""),
        **{k: v for k, v in kept.items() if k != "date_of_birth"},
        "date_of_birth": date_initial(kept.get("date_of_birth") or search.get("date_of_birth")),
    }
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        needed=journey.person_fields_needed(),
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        dob = values.get("date_of_birth")
        values["date_of_birth"] = dob.isoformat() if dob else ""
        journey.data["person"] = {"new": values}
        # A new person has no consent on record yet.
        journey.data.pop("consent", None)
        journey.save()
        return journey.next("person")
    return render_step(request, journey, "new_person.html", {"form": form})


# Screen 2: what and consent. The need once, its urgency, each service's own questions and one
# consent statement for every receiving organisation (untick one to leave it out).


@login_required
def what_and_consent(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("what")) is not None:
        return other
    form = WhatForm(
        request.POST if request.method == "POST" else None,
        initial=_what_initial(journey),
        intakes=journey.intakes(),
        recipients=journey.recipients(),
        needing_consent=journey.recipients_needing_consent(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        given_on = data.get("given_on")
        journey.data.update(
            {
                "need": data["need"].strip(),
                "urgency": data["urgency"],
                "answers": form.answers(),
                "consent": {
                    "included": list(data["include"]),
                    "method": data.get("method") or "",
                    "given_on": given_on.isoformat() if given_on else "",
                },
            }
        )
        journey.save()
        return journey.next("what")
    return render_step(
        request,
        journey,
        "what.html",
        {
            "form": form,
            "recipients": list(zip(form["include"], _recipient_rows(journey), strict=True)),
            "asking_consent": bool(journey.recipients_needing_consent()),
        },
    )


def _what_initial(journey: Journey) -> dict[str, Any]:
    kept = journey.data.get("answers", {})
    consent = journey.data.get("consent") or {}
    initial: dict[str, Any] = {
        f"s{n}_{q.key}": kept.get(str(service.pk), {}).get(q.key, "")
        for n, (service, intake) in enumerate(journey.intakes())
        for q in intake.questions
    }
    initial.update(
        {
            "include": consent.get("included") or [str(o.pk) for o in journey.recipients()],
            "method": consent.get("method") or None,
            # Consent is usually given there and then: today, unless the referrer says otherwise.
            "given_on": date_initial(consent.get("given_on") or timezone.localdate()),
        }
    )
    if journey.data.get("need"):
        initial["need"] = journey.data["need"]
        initial["urgency"] = journey.data.get("urgency")
    return initial


def _recipient_rows(journey: Journey) -> list[dict[str, Any]]:
    """Each receiving organisation with its services and whether consent already stands."""
    needing = {org.pk for org in journey.recipients_needing_consent()}
    return [
        {
            "organisation": org,
            "services": [s for s in journey.services() if s.organization_id == org.pk],
            "standing": org.pk not in needing,
        }
        for org in journey.recipients()
    ]


# Screen 3: check and send. One use case (`refer_person`) records the person (if new), the
# consents and the referrals, all or nothing; a refusal brings the referrer back here with its
# reasons.


def _summary(journey: Journey) -> dict[str, Any]:
    person = journey.person()
    if person is not None:
        read_person_details(actor=journey.user, person=person)
    answers = journey.data.get("answers", {})
    sending = set(journey.sending_services())
    rows = [
        {
            "service": service,
            "warning": capacity_warning(service),
            "answers": [
                (q.label, answers.get(str(service.pk), {}).get(q.key, "")) for q in intake.questions
            ],
            "sees": intake.person_field_labels(),
        }
        for service, intake in journey.intakes()
        if service in sending
    ]
    consent = journey.data.get("consent") or {}
    given_on = consent.get("given_on")
    new = journey.new_person()
    needing, included = journey.recipients_needing_consent(), journey.included()
    return {
        "person": person,
        "new_person": new,
        "new_person_rows": _new_person_rows(new, journey) if new else [],
        "rows": rows,
        "left_out": journey.left_out(),
        "consenting": [o for o in needing if o in included],
        "standing": [o for o in included if o not in needing],
        "method": dict(ConsentMethod.choices).get(consent.get("method", ""), ""),
        "given_on": datetime.date.fromisoformat(given_on) if given_on else None,
        "need": journey.data.get("need", ""),
        "urgency": journey.urgency_label(),
    }


def _new_person_rows(new: dict[str, Any], journey: Journey) -> list[tuple[str, str]]:
    labels = dict(PERSON_FIELDS)
    rows = [("Name", new["name"])]
    contact = {"phone": new.get("phone"), "email": new.get("email"), "post": new.get("address")}
    preference = new.get("contact_preference", "")
    how = dict(Person._meta.get_field("contact_preference").choices or []).get(preference, "")
    detail = contact.get(preference) or ""
    rows.append(("Contact", f"{how}: {detail}" if detail else str(how)))
    for name in journey.person_fields_needed():
        if name in ("phone", "email", "address"):
            continue
        value = new.get(name)
        if isinstance(value, datetime.date):
            value = f"{value:%-d %B %Y}"
        rows.append((labels.get(name, name), str(value or "Not given")))
    return rows


@login_required
def check_answers(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("check")) is not None:
        return other
    if not journey.data.get("checking"):
        journey.data["checking"] = True
        journey.save()
    errors: list[str] = []
    if request.method == "POST":
        try:
            result = _send(journey)
        except (ValidationError, PermissionDenied, TransitionRefused) as exc:
            errors = _messages(exc)
        else:
            journey.data["sent"] = [str(r.pk) for r in result.referrals]
            journey.data["prescription"] = str(result.prescription)
            journey.save()
            # What was sent leaves the shortlist; anything left out stays on it for later.
            Shortlist(request).remove(*[str(r.service_id) for r in result.referrals])
            return redirect(journey.url("sent"))
    return render_step(request, journey, "check.html", {**_summary(journey), "errors": errors})


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    if isinstance(exc, TransitionRefused):
        return [exc.message]
    return [str(exc) or "You cannot make this referral"]


def _given_at(day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    # Consent given today is stamped now; an earlier day (written consent brought in) at noon.
    if day == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _send(journey: Journey) -> Any:
    now = timezone.now()
    consent = journey.data.get("consent") or {}
    consents = []
    if consent.get("method") and consent.get("given_on"):
        given_at = _given_at(datetime.date.fromisoformat(consent["given_on"]), now)
        included = journey.included()
        consents = [
            ConsentGiven(recipient=org, method=consent["method"], given_at=given_at)
            for org in journey.recipients_needing_consent()
            if org in included
        ]
    services = journey.sending_services()
    answers = {
        uuid.UUID(service_id): values
        for service_id, values in journey.data.get("answers", {}).items()
        if service_id in {str(s.pk) for s in services}
    }
    person = journey.person()
    return refer_person(
        actor=journey.user,
        organization=journey.organisation,
        services=services,
        need=journey.data["need"],
        urgency=journey.data["urgency"],
        person=person,
        new_person=journey.new_person() if person is None else None,
        intake_answers=answers,
        consents=consents,
        now=now,
    )


@login_required
def sent(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    ids = journey.data.get("sent") or []
    if not ids:
        return redirect(journey.url("check"))
    referrals = list(
        Referral.objects.visible_to(journey.user)
        .filter(pk__in=ids)
        .select_related("service", "receiving_organization")
        .order_by("service__name")
    )
    intakes = intakes_of([r.service for r in referrals])
    rows = [
        {
            "referral": r,
            "url": detail_url(r),
            "next_steps": intake.next_steps,
            "warning": capacity_warning(r.service),
        }
        for r, (_, intake) in zip(referrals, intakes, strict=True)
    ]
    return render_step(
        request,
        journey,
        "sent.html",
        {
            "rows": rows,
            "plan_url": support_plan_url(journey.data.get("prescription", "")),
            "still_shortlisted": len(Shortlist(request)),
        },
    )


# The journey's state: what has been answered so far, kept in the session under a journey id
# (so two tabs can refer two people at once), and which screen comes next.

SESSION_KEY = "referral_journeys"
# Enough for a few tabs; the oldest journey is dropped so the session stays small.
MAX_JOURNEYS = 5
MAX_SERVICES = 10
# Services that take no referral through joinedup: the referrer phones them or gives the person
# their details (the shortlist says so); self-referrals to them are logged.
LOGGED_MODES = LOGGED_INTAKE_MODES
STEPS = ("person", "what", "check")


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
    """Services a referral can go to: published, with an organisation that has someone to
    receive it (or taken by phone or signposting, where nobody needs to answer here)."""
    return Service.objects.referable()


def referred_here(service: Service) -> bool:
    """Whether the referrer sends this service a referral through joinedup (in its inbox, or
    by email from joinedup); phone and signposting services are contacted directly."""
    return service.intake_mode not in LOGGED_MODES


def detail_url(referral: Referral) -> str:
    try:
        return reverse("referrals:detail", args=[referral.pk])
    except NoReverseMatch:  # the detail page is another piece of work; its path is agreed
        return f"/referrals/{referral.pk}/"


def support_plan_url(prescription: str) -> str:
    """The person's support plan for this prescription (another piece of work), if it exists."""
    if not prescription:
        return ""
    try:
        return reverse("referrals:support-plan", args=[prescription])
    except NoReverseMatch:
        return ""


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
        self._services: list[Service] | None = None
        self._intakes: list[tuple[Service, Intake]] | None = None
        self._person: Person | None = None
        self._needing: list[Organization] | None = None

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
        self._needing = None

    def url(self, step: str) -> str:
        return reverse(f"referrals:refer-{step}", args=[self.id])

    # What has been chosen so far

    def services(self) -> list[Service]:
        """The chosen services that still take referrals here (read once per request)."""
        if self._services is None:
            ids = self.data.get("services", [])
            found = {
                str(s.pk): s
                for s in referable_services().filter(pk__in=ids).select_related("organization")
            }
            self._services = [found[i] for i in ids if i in found and referred_here(found[i])]
        return self._services

    def intakes(self) -> list[tuple[Service, Intake]]:
        if self._intakes is None:
            self._intakes = intakes_of(self.services())
        return self._intakes

    def person_fields_needed(self) -> list[str]:
        """The person fields any chosen service's intake asks for."""
        return sorted({name for _, intake in self.intakes() for name in intake.person_fields})

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
        return str((self.new_person() or {}).get("name", "the person"))

    def urgency_label(self) -> str:
        choices = dict(Referral._meta.get_field("urgency").choices or [])
        return str(choices.get(self.data.get("urgency", ""), ""))

    def recipients(self) -> list[Organization]:
        found: dict[Any, Organization] = {}
        for service in self.services():
            assert service.organization is not None
            found.setdefault(service.organization_id, service.organization)
        return list(found.values())

    def recipients_needing_consent(self) -> list[Organization]:
        """Receiving organisations without the person's standing consent (all, for someone new)."""
        if self._needing is None:
            person = self.person()
            standing: set[Any] = set()
            if person is not None:
                standing = set(
                    Consent.objects.standing()
                    .filter(person=person)
                    .values_list("recipient_id", flat=True)
                )
            self._needing = [org for org in self.recipients() if org.pk not in standing]
        return self._needing

    def included(self) -> list[Organization]:
        """The receiving organisations the person agreed to (all unless one was left out)."""
        chosen = (self.data.get("consent") or {}).get("included")
        if chosen is None:
            return self.recipients()
        return [org for org in self.recipients() if str(org.pk) in chosen]

    def left_out(self) -> list[Service]:
        included = {org.pk for org in self.included()}
        return [s for s in self.services() if s.organization_id not in included]

    def sending_services(self) -> list[Service]:
        included = {org.pk for org in self.included()}
        return [s for s in self.services() if s.organization_id in included]

    def done(self, step: str) -> bool:
        if step == "person":
            return self.person() is not None or self.new_person() is not None
        if step == "what":
            return bool(self.data.get("need")) and self._what_still_true()
        return False

    def _what_still_true(self) -> bool:
        """The answers still cover the journey: a required question answered for every
        service sent, and consent recorded for every organisation that needs it."""
        consent = self.data.get("consent")
        if consent is None or not self.sending_services():
            return False
        included = set(self.included())
        if any(org in included for org in self.recipients_needing_consent()) and not (
            consent.get("method") and consent.get("given_on")
        ):
            return False
        answered = self.data.get("answers", {})
        return all(
            str(service.pk) in answered
            for service, intake in self.intakes()
            if intake.questions and service.organization in included
        )

    def guard(self, step: str) -> HttpResponse | None:
        """Where to go instead of `step`: the confirmation once sent, back to the shortlist if
        nothing can be referred, or the first screen before it that still needs an answer."""
        if self.data.get("sent"):
            return redirect(self.url("sent"))
        if not self.services():
            return redirect(reverse("referrals:shortlist"))
        for earlier in STEPS[: STEPS.index(step)]:
            if not self.done(earlier):
                return redirect(self.url(earlier))
        return None

    def next(self, step: str) -> HttpResponse:
        """After answering `step`: back to the check page once there, else the next screen."""
        if self.data.get("checking") and self.done("what"):
            return redirect(self.url("check"))
        return redirect(self.url(STEPS[STEPS.index(step) + 1]))


def render_step(
    request: HttpRequest, journey: Journey, template: str, context: dict[str, Any]
) -> HttpResponse:
    """A screen of the referrer's journey: its template under `referrals/refer/`."""
    return render(request, f"referrals/refer/{template}", {"journey": journey, **context})
