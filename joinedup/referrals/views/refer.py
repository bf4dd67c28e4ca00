"""The referrer's journey: who, which services, the need, intake questions, consent, send.

Each step is a GOV.UK question page that works without JavaScript. What has been answered is
kept in the session under a journey id (so two tabs can refer two people) and nothing is
written until the referrer sends from the check-your-answers page: then one use case records
the person (if new), the consents and the referrals, all or nothing.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import replace
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Organization, Service
from joinedup.referrals.forms.refer import (
    ConsentForm,
    FindPersonForm,
    MatchForm,
    NeedForm,
    OrganisationForm,
    PersonForm,
    QuestionsForm,
    date_initial,
)
from joinedup.referrals.models import Consent, ConsentMethod, Person, Referral, Urgency
from joinedup.referrals.services import capacity_warning, read_person_details
from joinedup.referrals.services.intake import Intake, intakes_of
from joinedup.referrals.services.people import offer_possible_matches, offered_match_ids
from joinedup.referrals.services.prescription import ConsentGiven, refer_person
from joinedup.referrals.transitions import TransitionRefused
from joinedup.search.cards import Card, cards
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery, SearchValidationError

# Steps


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Start referring someone to the services named by ?service= (repeatable)."""
    user = user_of(request)
    wanted = uuid_strings(request.GET.getlist("service") or request.POST.getlist("service"))
    chosen = [
        str(pk) for pk in referable_services().filter(pk__in=wanted).values_list("pk", flat=True)
    ]
    chosen = [i for i in wanted if i in chosen][:MAX_SERVICES]
    organisations = list(Organization.objects.of_user(user).order_by("name"))
    if not organisations:
        return render(request, "referrals/refer/start.html", {"organisations": []}, status=403)
    if len(organisations) == 1:
        journey_id = Journey.create(request, organisation=organisations[0], services=chosen)
        return redirect(reverse("referrals:refer-person", args=[journey_id]))
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        organisation = next(
            o for o in organisations if str(o.pk) == form.cleaned_data["organisation"]
        )
        journey_id = Journey.create(request, organisation=organisation, services=chosen)
        return redirect(reverse("referrals:refer-person", args=[journey_id]))
    services = list(referable_services().filter(pk__in=chosen).select_related("organization"))
    return render(
        request,
        "referrals/refer/start.html",
        {"organisations": organisations, "form": form, "services": services, "chosen": chosen},
    )


@login_required
def find_person(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("person")) is not None:
        return other
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
        for key in ("person", "consents"):
            journey.data.pop(key, None)
        journey.save()
        # Only whether anyone may be them: no one's details are shown on this page.
        if Person.objects.possible_matches(
            organization=journey.organisation, **_search_terms(journey)
        ).exists():
            return redirect(journey.url("matches"))
        return redirect(journey.url("new-person"))
    return render_step(request, journey, "find_person.html", {"form": form})


def _search_terms(journey: Journey) -> dict[str, Any]:
    """The find-a-person answers as `possible_matches` and `offer_possible_matches` take them."""
    search = journey.data["search"]
    dob = search.get("date_of_birth")
    return {
        "name": search["name"],
        "date_of_birth": datetime.date.fromisoformat(dob) if dob else None,
        "postcode": search.get("postcode", ""),
    }


@login_required
def choose_match(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("person")) is not None:
        return other
    if "search" not in journey.data:
        return redirect(journey.url("new-person"))
    terms = _search_terms(journey)
    if request.method == "POST":
        # A choice is checked against the offer by id: nobody's details are read to do it.
        ids = offered_match_ids(actor=journey.user, organization=journey.organisation, **terms)
        choosing = MatchForm(request.POST, offered_ids=ids)
        if choosing.is_valid():
            choice = choosing.cleaned_data["choice"]
            if choice == MatchForm.NEW:
                return redirect(journey.url("new-person"))
            journey.data["person"] = {"id": choice}
            journey.data.pop("consents", None)
            journey.save()
            return journey.next("person")
    # Showing the offer (again, with the error, after a choice not made or not offered) is a
    # read of each person's details, which the service audits.
    offered = offer_possible_matches(actor=journey.user, organization=journey.organisation, **terms)
    matches = [match.person for match in offered]
    if not matches:
        return redirect(journey.url("new-person"))
    form = MatchForm(request.POST if request.method == "POST" else None, matches=matches)
    return render_step(request, journey, "matches.html", {"form": form, "matches": matches})


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
    form = PersonForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        dob = values["date_of_birth"]
        values["date_of_birth"] = dob.isoformat() if dob else ""
        journey.data["person"] = {"new": values}
        # A new person has no consent on record yet.
        journey.data.pop("consents", None)
        journey.save()
        return journey.next("person")
    return render_step(request, journey, "new_person.html", {"form": form})


@login_required
def choose_services(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    """The prescription: the services chosen so far, each removable, and a search to add more."""
    journey = Journey(request, journey_id)
    if (other := journey.guard("services")) is not None:
        return other
    chosen = journey.services()
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        ids = [str(s.pk) for s in chosen]
        if action == "continue":
            if ids:
                return journey.next("services")
            error = "Choose at least one service to refer them to"
        else:
            ids, error = _chosen_after(action, ids, request.POST.getlist("service"))
        if not error:
            journey.data["services"] = ids
            journey.save()
            query = request.POST.get("q", "").strip()
            target = journey.url("services") + (f"?{urlencode({'q': query})}" if query else "")
            return redirect(f"{target}#chosen" if action == "remove" else target)
    query = request.GET.get("q", "").strip()[:200]
    results, postcode = _find_services(query, journey, chosen) if query else ([], "")
    warnings = {s.pk: capacity_warning(s) for s in chosen}
    return render_step(
        request,
        journey,
        "services.html",
        {
            "chosen": [(s, warnings[s.pk]) for s in chosen],
            "query": query,
            "results": results,
            "postcode": postcode,
            "searched": bool(query),
            "error": error,
            "logged_modes": LOGGED_MODES,
        },
    )


def _chosen_after(action: str, ids: list[str], posted: list[str]) -> tuple[list[str], str]:
    """The prescription's service ids after adding or removing one, or why it cannot grow."""
    if action == "remove":
        removed = set(uuid_strings(posted))
        return [i for i in ids if i not in removed], ""
    if action != "add":
        return ids, ""
    added = uuid_strings(posted)[:1]
    if not added or not referable_services().filter(pk=added[0]).exists():
        return ids, ""
    if len(ids) >= MAX_SERVICES:
        return ids, f"You can refer to at most {MAX_SERVICES} services at once"
    return (ids if added[0] in ids else [*ids, added[0]]), ""


# The picker searches as the search page does (issue 12): words, meaning and distance from the
# person's postcode, then keeps the services a referral can go to.
PICKER_RESULTS = 10
PICKER_CANDIDATES = 50


def _person_postcode(journey: Journey) -> str:
    person = journey.person()
    if person is not None:
        return person.postcode
    new = journey.new_person() or {}
    return str(new.get("postcode") or journey.data.get("search", {}).get("postcode") or "")


def _find_services(query: str, journey: Journey, chosen: list[Service]) -> tuple[list[Card], str]:
    """The search engine's best referable services for the words (nearer the person ranks
    higher), as compact cards, and the postcode the distances are from."""
    ask = SearchQuery(text=query, postcode=_person_postcode(journey), page_size=PICKER_CANDIDATES)
    try:
        found = search(ask)
    except SearchValidationError:  # a postcode the engine cannot place: search without it
        found = search(replace(ask, postcode=""))
    ids = [hit.service_id for hit in found.hits]
    allowed = set(
        referable_services()
        .filter(pk__in=ids)
        .exclude(pk__in=[s.pk for s in chosen])
        .values_list("pk", flat=True)
    )
    kept = [hit for hit in found.hits if hit.service_id in allowed][:PICKER_RESULTS]
    return cards(replace(found, hits=kept), today=timezone.localdate()), found.postcode


@login_required
def describe_need(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("need")) is not None:
        return other
    initial = {
        "need": journey.data.get("need", ""),
        "urgency": journey.data.get("urgency", Urgency.ROUTINE),
    }
    form = NeedForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        journey.data["need"] = form.cleaned_data["need"].strip()
        journey.data["urgency"] = form.cleaned_data["urgency"]
        journey.save()
        return journey.next("need")
    return render_step(request, journey, "need.html", {"form": form})


@login_required
def answer_questions(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("questions")) is not None:
        return other
    intakes = journey.intakes()
    if not journey.has_questions():
        return journey.next("questions")
    kept = journey.data.get("answers", {})
    initial = {
        f"s{n}_{q.key}": kept.get(str(service.pk), {}).get(q.key, "")
        for n, (service, intake) in enumerate(intakes)
        for q in intake.questions
    }
    form = QuestionsForm(
        request.POST if request.method == "POST" else None, intakes=intakes, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        journey.data["answers"] = form.answers(intakes)
        journey.save()
        return journey.next("questions")
    return render_step(request, journey, "questions.html", {"form": form, "intakes": intakes})


@login_required
def record_consent(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("consent")) is not None:
        return other
    recipients = journey.recipients_needing_consent()
    if not recipients:
        journey.data["consents"] = {}
        journey.save()
        return journey.next("consent")
    kept = journey.data.get("consents", {})
    initial: dict[str, Any] = {}
    for n, org in enumerate(recipients):
        given = kept.get(str(org.pk))
        initial[f"o{n}_agreed"] = given is not None
        initial[f"o{n}_method"] = (given or {}).get("method")
        initial[f"o{n}_given_on"] = date_initial(
            (given or {}).get("given_on") or timezone.localdate()
        )
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        recipients=recipients,
        person_name=journey.person_name(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        journey.data["consents"] = form.consents()
        journey.save()
        return journey.next("consent")
    already = [org for org in journey.recipients() if org not in recipients]
    return render_step(request, journey, "consent.html", {"form": form, "already": already})


# Check the answers and send: one use case (`refer_person`) records the person (if new), the
# consents and the referrals, all or nothing; a refusal brings the referrer back to the check
# page with its reasons.


def _summary(journey: Journey) -> dict[str, Any]:
    person = journey.person()
    if person is not None:
        read_person_details(actor=journey.user, person=person)
    intakes = journey.intakes()
    answers = journey.data.get("answers", {})
    consents = journey.data.get("consents", {})
    rows = []
    for service, intake in intakes:
        given = answers.get(str(service.pk), {})
        rows.append(
            {
                "service": service,
                "warning": capacity_warning(service),
                "logged": service.intake_mode in LOGGED_MODES,
                "answers": [(q.label, given.get(q.key, "")) for q in intake.questions],
                "sees": intake.person_field_labels(),
            }
        )
    consent_rows = []
    for org in journey.recipients():
        given = consents.get(str(org.pk))
        consent_rows.append(
            {
                "organisation": org,
                "method": dict(ConsentMethod.choices).get((given or {}).get("method", ""), ""),
                "given_on": (datetime.date.fromisoformat(given["given_on"]) if given else None),
                "already": given is None,
            }
        )
    return {
        "person": person,
        "new_person": journey.new_person(),
        "rows": rows,
        "consents": consent_rows,
        "need": journey.data.get("need", ""),
        "urgency": dict(Urgency.choices).get(journey.data.get("urgency", ""), ""),
    }


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
            journey.save()
            return redirect(journey.url("sent"))
    return render_step(request, journey, "check.html", {**_summary(journey), "errors": errors})


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    if isinstance(exc, TransitionRefused):
        return [exc.message]
    return [str(exc) or "You cannot make this referral"]


def _given_at(day: datetime.date) -> datetime.datetime:
    # Consent given today is stamped now; an earlier day (written consent brought in) at noon.
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _send(journey: Journey) -> Any:
    given = journey.data.get("consents", {})
    recipients = {str(org.pk): org for org in journey.recipients()}
    consents = [
        ConsentGiven(
            recipient=recipients[org_id],
            method=value["method"],
            given_at=_given_at(datetime.date.fromisoformat(value["given_on"])),
        )
        for org_id, value in given.items()
        if org_id in recipients
    ]
    answers = {
        uuid.UUID(service_id): values
        for service_id, values in journey.data.get("answers", {}).items()
    }
    return refer_person(
        actor=journey.user,
        organization=journey.organisation,
        services=journey.services(),
        need=journey.data["need"],
        urgency=journey.data.get("urgency", Urgency.ROUTINE),
        person=journey.person(),
        new_person=journey.new_person() if journey.person() is None else None,
        intake_answers=answers,
        consents=consents,
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
        .prefetch_related("service__phones")
        .order_by("service__name")
    )
    intakes = intakes_of([r.service for r in referrals])
    rows = [
        {
            "referral": r,
            "url": detail_url(r),
            "logged": r.intake_mode in LOGGED_MODES,
            "next_steps": intake.next_steps,
            "warning": capacity_warning(r.service),
        }
        for r, (_, intake) in zip(referrals, intakes, strict=True)
    ]
    return render_step(request, journey, "sent.html", {"rows": rows})


# The journey's state: what has been answered so far, kept in the session under a journey id
# (so two tabs can refer two people at once), and which step comes next.

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
        return str((self.new_person() or {}).get("name", "the person"))

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
