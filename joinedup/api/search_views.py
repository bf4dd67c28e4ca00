"""/api/search: the app's search, with explanations, facets and the query as understood."""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt

from joinedup.api.problems import PROBLEM_TYPE, allow_any_origin, problem
from joinedup.api.search_openapi import search_openapi_document
from joinedup.core import limits
from joinedup.search import crisis
from joinedup.search.cards import Card, cards, facet_list
from joinedup.search.forms import SearchForm
from joinedup.search.query import SearchQuery, SearchResults, SearchValidationError
from joinedup.search.services import search_and_record
from joinedup.search.text import spelled_as_corrected

Json = dict[str, Any]
# SearchQuery's filters, echoed back in the interpreted query when set.
FILTERS = (
    "distance_km",
    "taxonomy_term",
    "age",
    "free_only",
    "language",
    "delivery",
    "open_on",
    "accepting_referrals",
    "intake_mode",
    "accessibility",
)


def _problem(invalid: list[tuple[str, str]]) -> HttpResponse:
    detail = "; ".join(f"{name}: {reason}" for name, reason in invalid)
    body = {
        "type": PROBLEM_TYPE,
        "title": "Bad request",
        "status": 400,
        "detail": detail,
        # RFC 9457's example extension: which parameters, and why, for a client to show.
        "invalid_params": [{"name": name, "reason": reason} for name, reason in invalid],
    }
    return JsonResponse(body, status=400, content_type="application/problem+json")


def _form_errors(form: SearchForm) -> list[tuple[str, str]]:
    return [(name, str(message)) for name, errors in form.errors.items() for message in errors]


def _page_link(request: HttpRequest, page: int) -> str:
    params: QueryDict = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(
        f"{request.path}?{urlencode(list(params.lists()), doseq=True)}"
    )


def _result(request: HttpRequest, card: Card) -> Json:
    explanation = card.explanation
    return {
        "id": str(card.id),
        "name": card.name,
        "organisation": {
            "id": str(card.organisation_id) if card.organisation_id else None,
            "name": card.organisation,
        },
        "distance_m": card.distance_m,
        "opening_today": {"open": card.open_today, "hours": card.hours_today},
        "capacity": {
            "status": card.capacity_status,
            "label": card.capacity_label,
            "wait_band": card.wait_band,
        },
        "explanation": {
            "reasons": card.reasons,
            "matched_words": list(explanation.matched_words),
            "corrections": dict(explanation.corrections),
            "synonyms": list(explanation.synonyms),
            "taxonomy_terms": list(explanation.taxonomy_terms),
            "open_today": explanation.open_today,
            "accepting_referrals": explanation.accepting_referrals,
        },
        "link": request.build_absolute_uri(card.url),
    }


def _body(
    request: HttpRequest, query: SearchQuery, results: SearchResults, cards: list[Card]
) -> Json:
    total_pages = math.ceil(results.total / results.page_size)
    filters = {
        name: str(value) if isinstance(value, uuid.UUID) else value
        for name in FILTERS
        if (value := getattr(query, name)) not in (None, "", False)
    }
    return {
        "query": {
            "text": query.text,
            "searched_text": spelled_as_corrected(query.text, results.corrections),
            "exact_spelling": query.exact_spelling,
            "postcode": results.postcode,
            "postcode_from_text": bool(results.postcode) and not query.postcode.strip(),
            "corrections": dict(results.corrections),
            "notes": list(results.notes),
            "filters": filters,
        },
        "results": [_result(request, card) for card in cards],
        "facets": facet_list(results),
        "pagination": {
            "page": results.page,
            "page_size": results.page_size,
            "total_items": results.total,
            "total_pages": total_pages,
            "next": _page_link(request, results.page + 1) if results.page < total_pages else None,
            "previous": _page_link(request, results.page - 1)
            if 1 < results.page <= total_pages + 1
            else None,
        },
    }


def _read_only(request: HttpRequest) -> HttpResponse | None:
    if request.method in ("GET", "HEAD"):
        return None
    response = problem(405, "Method not allowed", "Search is read-only: use GET.")
    response["Allow"] = "GET, HEAD"
    return response


@csrf_exempt  # read-only and cookie-free: a cross-site POST gets the 405 problem
def search(request: HttpRequest) -> HttpResponse:
    if refused := _read_only(request):
        return refused
    # Per address, before the search is run and recorded; answered as a 429 problem.
    limits.enforce(request, "search", settings.RATELIMIT_SEARCH)
    form = SearchForm(request.GET)
    if not form.is_valid():
        return allow_any_origin(_problem(_form_errors(form)))
    query = form.to_query()
    try:
        results = search_and_record(query=query)
    except SearchValidationError as error:
        form.add_engine_error(error)
        return allow_any_origin(_problem(_form_errors(form)))
    found = cards(results, today=timezone.localdate())
    body = _body(request, query, results, found)
    body["crisis"] = _crisis(request, query)
    return allow_any_origin(JsonResponse(body))


def _crisis(request: HttpRequest, query: SearchQuery) -> Json:
    """Crisis help for what was typed and the chosen category (ADR 13), links made absolute."""
    signal = crisis.assess_search(query.text, query.taxonomy_term)
    found = crisis.crisis_help(signal, query.text).as_json()
    for contact in found["contacts"]:
        if contact["url"].startswith("/"):
            contact["url"] = request.build_absolute_uri(contact["url"])
    return found


@csrf_exempt
def openapi(request: HttpRequest) -> HttpResponse:
    if refused := _read_only(request):
        return refused
    server = request.build_absolute_uri("/api/")
    return allow_any_origin(JsonResponse(search_openapi_document(server)))
