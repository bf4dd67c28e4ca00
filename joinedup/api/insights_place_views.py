"""/api/insights/{id}/unmet-need, /areas and /lines/{line}, and /api/insights/wellbeing: the
place pages' and the wellbeing page's tables as JSON (issue 15, item 6), read-only, for a
council's BI tools.

The same figures as the pages and their CSV downloads, from the same functions
(`insights.place_tables`): suppressed alike for every reader (nobody's own figures are shown in
full on a place page), a null where the page says "Not shown". Who may read them is the board
API's rule (`insights_views.Caller`): the partnership's managers and its member organisations,
by session or organisation token; anyone else gets a 404 problem. Their shapes are declared once,
in `insights_place_openapi`, and the tests check the answers against them.

Wellbeing has no partnership in its address: it is what the wellbeing page shows the caller
(a manager's partnerships, suppressed; a person's or a token's own organisation, in full).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from joinedup.api.auth import ApiFailure
from joinedup.api.insights_views import Caller, Paging, insights_api
from joinedup.directory.models import Organization
from joinedup.insights import place_cache, place_tables, wellbeing_views
from joinedup.insights.api_answers import page_params, paged
from joinedup.insights.models import Indicator, Line
from joinedup.insights.place_periods import Period, period_from
from joinedup.insights.place_tables import PlaceTable
from joinedup.insights.small_numbers import threshold_of
from joinedup.partnerships.models import Partnership

Json = dict[str, Any]
# The query parameters each page reads (anything else is not passed on in the links).
PERIOD = ("period", "from", "to")


def _json(body: Json) -> HttpResponse:
    text = json.dumps(body, cls=DjangoJSONEncoder, separators=(",", ":"))
    return HttpResponse(text, content_type="application/json")


def _period(period: Period) -> Json:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label}


def _cell(value: place_tables.Cell) -> place_tables.Cell:
    return round(value, 3) if isinstance(value, float) else value


def table_json(table: PlaceTable, paging: Paging, link: Callable[[int], str]) -> Json:
    """One page of a table's rows (its total row, when it has one, last), with links either
    side."""
    rows, pages = paged(table.rows, page=paging.page, per_page=paging.per_page, link=link)
    return {
        "key": table.key,
        "title": table.title,
        "columns": [{"label": c.label, "kind": c.kind} for c in table.columns],
        "rows": [{"cells": [_cell(c) for c in row.cells], "total": row.total} for row in rows],
        "any_hidden": table.any_hidden,
        **pages,
    }


def _page(
    request: HttpRequest,
    partnership: Partnership,
    tables: dict[str, PlaceTable],
    table_url: Callable[[str], str],
    names: tuple[str, ...],
    **extra: Any,
) -> HttpResponse:
    return _json(_page_body(request, partnership, tables, table_url, names, **extra))


def _page_body(
    request: HttpRequest,
    partnership: Partnership,
    tables: dict[str, PlaceTable],
    table_url: Callable[[str], str],
    names: tuple[str, ...],
    **extra: Any,
) -> Json:
    """A page's every table (each one's first page of rows, with `next` for the rest)."""
    paging = Paging.of(request, pages=False)
    period = period_from(request.GET.dict())
    links = _linker(request, table_url, names, paging)
    return {
        "partnership": {"id": partnership.pk, "name": partnership.name},
        "period": _period(period),
        "previous_period": _period(period.previous()),
        "threshold": threshold_of(partnership),
        **extra,
        "tables": [table_json(t, paging, links(t.key)) for t in tables.values()],
    }


def _table(
    request: HttpRequest,
    tables: dict[str, PlaceTable],
    key: str,
    table_url: Callable[[str], str],
    names: tuple[str, ...],
) -> HttpResponse:
    return _json(_table_body(request, tables, key, table_url, names))


def _table_body(
    request: HttpRequest,
    tables: dict[str, PlaceTable],
    key: str,
    table_url: Callable[[str], str],
    names: tuple[str, ...],
) -> Json:
    if key not in tables:
        raise ApiFailure(404, "Not found", f"There is no table {key!r} on this page.")
    paging = Paging.of(request)
    return table_json(tables[key], paging, _linker(request, table_url, names, paging)(key))


def _linker(
    request: HttpRequest,
    table_url: Callable[[str], str],
    names: tuple[str, ...],
    paging: Paging,
) -> Callable[[str], Callable[[int], str]]:
    """Links to a table's pages, with the same period and choices as asked."""
    query = urlencode([(k, request.GET[k]) for k in (*PERIOD, *names) if request.GET.get(k)])

    def of(key: str) -> Callable[[int], str]:
        return _page_link(request, table_url(key), query, paging)

    return of


def _page_link(request: HttpRequest, path: str, query: str, paging: Paging) -> Callable[[int], str]:
    """A table's pages at `path`, with the same `query` (period and choices) as asked."""

    def link(page: int) -> str:
        params = page_params(page, paging.per_page)
        return request.build_absolute_uri(f"{path}?{query + '&' if query else ''}{params}")

    return link


def _indicators(found: list[Indicator]) -> list[Json]:
    return [{"id": i.pk, "name": i.name} for i in found]


@insights_api
def place(request: HttpRequest, caller: Caller, pk: int) -> HttpResponse:
    """Where a partnership's place figures are: its pages, its lines and its indicators."""
    partnership = caller.partnership(pk)

    def url(name: str, *args: Any) -> str:
        return request.build_absolute_uri(reverse(name, args=[pk, *args]))

    return _json(
        {
            "partnership": {"id": partnership.pk, "name": partnership.name},
            "unmet_need": url("api:insights-unmet-need"),
            "areas": url("api:insights-areas"),
            "lines": [
                {"id": line.pk, "name": line.name, "url": url("api:insights-line", line.pk)}
                for line in Line.objects.of(partnership).order_by("name")
            ],
            "indicators": _indicators(list(Indicator.objects.of(partnership).order_by("name"))),
        }
    )


def _unmet_table_url(pk: int) -> Callable[[str], str]:
    return lambda key: reverse("api:insights-unmet-need-table", args=[pk, key])


def _unmet_answer(
    request: HttpRequest, partnership: Partnership, body: Callable[[dict[str, PlaceTable]], Json]
) -> HttpResponse:
    """An unmet-need answer, kept as long as the figures it is written from (as the page and
    its CSV are): suppressing a region's services turned away takes a quarter of a second, and
    nobody's figures are shown in full here, so every reader of the same address shares it."""
    period = period_from(request.GET.dict())
    threshold = threshold_of(partnership)
    reading = place_cache.Reading()
    counts = place_tables.unmet_counts(partnership, period, reading)

    def text() -> str:
        tables = place_tables.unmet_figures(counts, threshold).tables()
        return json.dumps(body(tables), cls=DjangoJSONEncoder, separators=(",", ":"))

    name = f"api-unmet:{partnership.pk}:{threshold}:{request.build_absolute_uri()}"
    return HttpResponse(reading.fragment(name, text), content_type="application/json")


@insights_api
def unmet_need(request: HttpRequest, caller: Caller, pk: int) -> HttpResponse:
    partnership = caller.partnership(pk)
    return _unmet_answer(
        request,
        partnership,
        lambda tables: _page_body(request, partnership, tables, _unmet_table_url(pk), ()),
    )


@insights_api
def unmet_need_table(request: HttpRequest, caller: Caller, pk: int, key: str) -> HttpResponse:
    return _unmet_answer(
        request,
        caller.partnership(pk),
        lambda tables: _table_body(request, tables, key, _unmet_table_url(pk), ()),
    )


AREA_CHOICES = ("indicator",)


def _areas_table_url(pk: int) -> Callable[[str], str]:
    return lambda key: reverse("api:insights-areas-table", args=[pk, key])


@insights_api
def areas(request: HttpRequest, caller: Caller, pk: int) -> HttpResponse:
    partnership = caller.partnership(pk)
    found, indicators = place_tables.areas_for(partnership, request.GET)
    return _page(
        request,
        partnership,
        found.tables(),
        _areas_table_url(pk),
        AREA_CHOICES,
        indicators=_indicators(indicators),
        indicator=found.chosen.pk if found.chosen else None,
    )


@insights_api
def areas_table(request: HttpRequest, caller: Caller, pk: int, key: str) -> HttpResponse:
    found, _ = place_tables.areas_for(caller.partnership(pk), request.GET)
    return _table(request, found.tables(), key, _areas_table_url(pk), AREA_CHOICES)


LINE_CHOICES = ("indicator", "band")


def _line(caller: Caller, pk: int, line_id: int) -> tuple[Partnership, Line]:
    partnership = caller.partnership(pk)
    line = Line.objects.of(partnership).filter(pk=line_id).first()
    if line is None:
        raise ApiFailure(404, "Not found", "There is no such line in this partnership.")
    return partnership, line


def _line_table_url(pk: int, line_id: int) -> Callable[[str], str]:
    return lambda key: reverse("api:insights-line-table", args=[pk, line_id, key])


@insights_api
def line(request: HttpRequest, caller: Caller, pk: int, line_id: int) -> HttpResponse:
    partnership, found_line = _line(caller, pk, line_id)
    found, indicators = place_tables.line_for(partnership, found_line, request.GET)
    return _page(
        request,
        partnership,
        found.tables(),
        _line_table_url(pk, line_id),
        LINE_CHOICES,
        line={"id": found_line.pk, "name": found_line.name},
        indicators=_indicators(indicators),
        indicator=found.along.indicator.pk if found.along else None,
        band=found.band_indicator.pk if found.band_indicator else None,
    )


@insights_api
def line_table(
    request: HttpRequest, caller: Caller, pk: int, line_id: int, key: str
) -> HttpResponse:
    partnership, found_line = _line(caller, pk, line_id)
    found, _ = place_tables.line_for(partnership, found_line, request.GET)
    return _table(request, found.tables(), key, _line_table_url(pk, line_id), LINE_CHOICES)


# Wellbeing (ONS4) ---------------------------------------------------------------------------


def _bounds(request: HttpRequest) -> tuple[dict[str, Any], str]:
    """The page's period (from and to: dates, the end included), and it as a query string."""
    found: dict[str, datetime.date | None] = {}
    for name in ("from", "to"):
        raw = request.GET.get(name, "").strip()
        try:
            found[name] = datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ApiFailure(
                400, "Bad request", f"{name}: a date is written as 2026-04-01."
            ) from None
    query = urlencode([(k, request.GET[k]) for k in ("from", "to") if request.GET.get(k)])
    return wellbeing_views.bounds(found["from"], found["to"]), query


def _sections(caller: Caller, bounds: dict[str, Any]) -> list[dict[str, Any]]:
    """What the wellbeing page shows the caller: a person's partnerships (suppressed) and
    organisations (in full); a token its own organisation's services, in full."""
    if caller.user is not None:
        return wellbeing_views.sections_for(caller.user, bounds)
    organization = Organization.objects.get(pk=caller.organization_id)
    return [wellbeing_views.organisation_section(organization, bounds)]


def _wellbeing_link(
    request: HttpRequest, scope: str, query: str, paging: Paging
) -> Callable[[int], str]:
    return _page_link(
        request, reverse("api:insights-wellbeing-section", args=[scope]), query, paging
    )


def _section_json(
    request: HttpRequest, section: dict[str, Any], query: str, paging: Paging
) -> Json:
    table = wellbeing_views.section_table(section)
    return {
        "scope": section["scope"],
        "title": section["title"],
        "suppressed": section["suppressed"],
        "threshold": section["threshold"],
        "table": table_json(
            table, paging, _wellbeing_link(request, section["scope"], query, paging)
        ),
    }


@insights_api
def wellbeing(request: HttpRequest, caller: Caller) -> HttpResponse:
    bounds, query = _bounds(request)
    paging = Paging.of(request, pages=False)
    return _json(
        {"sections": [_section_json(request, s, query, paging) for s in _sections(caller, bounds)]}
    )


@insights_api
def wellbeing_section(request: HttpRequest, caller: Caller, scope: str) -> HttpResponse:
    bounds, query = _bounds(request)
    found = next((s for s in _sections(caller, bounds) if s["scope"] == scope), None)
    if found is None:
        raise ApiFailure(404, "Not found", "There are no such wellbeing figures for you.")
    return _json(_section_json(request, found, query, Paging.of(request)))
