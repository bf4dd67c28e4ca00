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
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.directory.models import Organization, Service
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
from joinedup.referrals.models import Person, Urgency
from joinedup.referrals.services import capacity_warning
from joinedup.referrals.services.people import offer_possible_matches, offered_match_ids
from joinedup.referrals.views.journey import (
    LOGGED_MODES,
    MAX_SERVICES,
    Journey,
    referable_services,
    render_step,
    user_of,
    uuid_strings,
)
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
        if action == "add":
            added = uuid_strings(request.POST.getlist("service"))[:1]
            if added and referable_services().filter(pk=added[0]).exists():
                if len(ids) >= MAX_SERVICES:
                    error = f"You can refer to at most {MAX_SERVICES} services at once"
                elif added[0] not in ids:
                    ids.append(added[0])
        elif action == "remove":
            removed = set(uuid_strings(request.POST.getlist("service")))
            ids = [i for i in ids if i not in removed]
        elif action == "continue":
            if ids:
                return journey.next("services")
            error = "Choose at least one service to refer them to"
        if not error:
            journey.data["services"] = ids
            journey.save()
            query = request.POST.get("q", "").strip()
            target = journey.url("services") + (f"?q={query}" if query else "")
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
