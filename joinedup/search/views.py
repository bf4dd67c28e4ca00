"""The search page (the site's home page): a need, a place, filters with counts, results
that say why they are there, and advice when there are none."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from joinedup.core import limits
from joinedup.directory.models import Attribute, TaxonomyTerm
from joinedup.search import crisis
from joinedup.search.cards import cards
from joinedup.search.forms import DISTANCE_CHOICES, SearchForm
from joinedup.search.page import (
    active_filter_count,
    filter_groups,
    no_results_advice,
    query_string,
    spelling_note,
)
from joinedup.search.query import SearchValidationError
from joinedup.search.services import search_and_record

PER_PAGE = 20


def _browse_categories() -> list[TaxonomyTerm]:
    # Top-level terms that something is filed under, directly or one level below.
    used = Attribute.objects.filter(link_entity="service").values("taxonomy_term_id")
    return list(
        TaxonomyTerm.objects.filter(parent__isnull=True)
        .filter(Q(pk__in=used) | Q(children__in=used))
        .distinct()
        .order_by("name")[:40]
    )


def _params(request: HttpRequest) -> QueryDict:
    params = request.GET.copy()
    # Links from before the search engine said ?category=<id>.
    if "category" in params:
        category = params.pop("category")
        params.setdefault("taxonomy_term", category[-1] if category else "")
    return params


def _term_id(params: QueryDict) -> uuid.UUID | None:
    try:
        return uuid.UUID(params.get("taxonomy_term", ""))
    except ValueError:
        return None


def search_page(request: HttpRequest) -> HttpResponse:
    params = _params(request)
    form = SearchForm(params)
    context: dict[str, Any] = {
        "form": form,
        "searched": form.searched(),
        "distance_choices": DISTANCE_CHOICES,
        "refer_url": reverse("referrals:start") if request.user.is_authenticated else "",
    }
    if context["searched"]:
        # What the person typed (never a corrected form of it) and the category they chose.
        typed = params.get("q", "")
        signal = crisis.assess_search(typed, _term_id(params))
        crisis.remember_exit(request, signal)
        context.update(crisis=crisis.crisis_help(signal, typed), exit_page=signal.exit_page)
    if not context["searched"]:
        context.update(form=SearchForm(), categories=_browse_categories())
        return render(request, "search/home.html", context)
    # Only a search counts (the empty home page costs nothing), before it is run and recorded.
    limits.enforce(request, "search", settings.RATELIMIT_SEARCH)
    results = None
    if form.is_valid():
        try:
            results = search_and_record(query=form.to_query(page_size=PER_PAGE))
        except SearchValidationError as error:
            form.add_engine_error(error)
            results = None
    context["filters"] = filter_groups(form, results)
    if results is not None:
        paginator = Paginator(range(results.total), PER_PAGE)
        number = min(results.page, paginator.num_pages)
        page = paginator.page(number)
        context.update(
            results=results,
            cards=cards(results, today=timezone.localdate()),
            page_obj=page,
            page_range=list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)),
            query_string=query_string(params),
            advice=no_results_advice(params, form) if results.total < 3 else [],
            spelling=spelling_note(params, results),
            active_filters=active_filter_count(form),
        )
    return render(request, "search/home.html", context)
