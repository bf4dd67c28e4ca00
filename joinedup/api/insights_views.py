"""The insights API (/api/insights): a board's figures as JSON, read-only, suppressed exactly as
the pages are, scoped as the pages are (a manager's partnerships; a member organisation's, with
its own figures in full). A session or an organisation API token; refusals are problem+json."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from joinedup.api.auth import ApiFailure, client_for, failure_for, unauthorised
from joinedup.api.insights_openapi import openapi_document
from joinedup.api.params import MAX_PAGE, parse_int
from joinedup.api.referral_views import problem_response
from joinedup.insights import api_answers, dashboard
from joinedup.insights.api_answers import DEFAULT_PER_PAGE, MAX_PER_PAGE
from joinedup.insights.forms import BoardForm
from joinedup.partnerships.models import Partnership


class Caller:
    """Who asks: a signed-in person, or an organisation through its API token."""

    def __init__(self, request: HttpRequest) -> None:
        self.organization_id: Any = None
        self.user: Any = None
        if request.headers.get("Authorization"):
            self.organization_id = client_for(request).organization_id
        elif request.user.is_authenticated:
            self.user = request.user
        else:
            raise unauthorised("Sign in, or send an organisation API token.")

    def boards(self) -> QuerySet[Partnership]:
        if self.user is not None:
            return dashboard.boards_for(self.user)
        return Partnership.objects.filter(members__organization_id=self.organization_id)

    def viewer(self, partnership: Partnership) -> dashboard.Viewer:
        if self.user is not None:
            return dashboard.viewer_of(self.user, partnership)
        return dashboard.Viewer(partnership, False, frozenset({self.organization_id}))

    def partnership(self, pk: int) -> Partnership:
        found = self.boards().filter(pk=pk).first()
        if found is None:
            raise ApiFailure(404, "Not found", "There is no such board for you.")
        return found


def insights_api(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET only; the caller resolved; every refusal a problem+json 4xx."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            if request.method not in ("GET", "HEAD"):
                raise ApiFailure(
                    405, "Method not allowed", "The insights API is read-only: use GET."
                )
            return view(request, Caller(request), *args, **kwargs)
        except Exception as exc:
            failure = failure_for(exc)
            if failure is None:
                raise
            response = problem_response(failure)
            if failure.status == 401:
                response["WWW-Authenticate"] = 'Bearer realm="joinedup"'
            if failure.status == 405:
                response["Allow"] = "GET, HEAD"
            return response

    # Read-only: a cross-site request can change nothing.
    return csrf_exempt(wrapper)


def openapi(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("api:insights")).removesuffix("/insights")
    return JsonResponse(openapi_document(base))


@insights_api
def boards(request: HttpRequest, caller: Caller) -> HttpResponse:
    return JsonResponse(
        {
            "boards": [
                {
                    "id": p.pk,
                    "name": p.name,
                    "url": request.build_absolute_uri(reverse("api:insights-board", args=[p.pk])),
                }
                for p in caller.boards()
            ]
        }
    )


def _board(request: HttpRequest, caller: Caller, pk: int) -> tuple[dashboard.Board, str]:
    """The board the caller may see, and its period and filters as a query string."""
    partnership = caller.partnership(pk)
    form = BoardForm(request.GET or None, partnership=partnership)
    if form.is_bound and not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
        raise ApiFailure(400, "Bad request", detail, errors)
    period, filters = form.selection()
    query = urlencode({k: request.GET[k] for k in form.fields if request.GET.get(k)})
    return dashboard.board(caller.viewer(partnership), period, filters), query


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @classmethod
    def of(cls, request: HttpRequest, *, pages: bool = True) -> Paging:
        page = request.GET.get("page")
        if page is not None and not pages:
            raise ApiFailure(
                400,
                "Bad request",
                "page is for one table (/tables/{key}): a board gives each table's first page.",
            )
        per_page = request.GET.get("per_page")
        return cls(
            parse_int(page, name="page", low=1, high=MAX_PAGE) if page else 1,
            parse_int(per_page, name="per_page", low=1, high=MAX_PER_PAGE)
            if per_page
            else DEFAULT_PER_PAGE,
        )


def _base(request: HttpRequest) -> str:
    """The scheme and host asked ("https://example.org"): the answers' links start with it."""
    return request.build_absolute_uri("/").removesuffix("/")


@insights_api
def board(request: HttpRequest, caller: Caller, pk: int) -> HttpResponse:
    shown, query = _board(request, caller, pk)
    paging = Paging.of(request, pages=False)
    body = api_answers.board_answer(
        shown, base=_base(request), query=query, per_page=paging.per_page
    )
    return HttpResponse(body, content_type="application/json")


@insights_api
def table(request: HttpRequest, caller: Caller, pk: int, key: str) -> HttpResponse:
    shown, query = _board(request, caller, pk)
    if key not in shown.tables:
        raise ApiFailure(404, "Not found", f"There is no table {key!r} on this board.")
    paging = Paging.of(request)
    body = api_answers.table_answer(
        shown, key, base=_base(request), query=query, page=paging.page, per_page=paging.per_page
    )
    return HttpResponse(body, content_type="application/json")
