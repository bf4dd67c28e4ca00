"""The place pages of insights (issue 15): unmet need, referrals by area, area indicators and
the partnership's lines. Thin views: parse, authorise, call one function, render.

Their figures are read through `place_cache` (kept up to INSIGHTS_CACHE_SECONDS, ADR 37).

Who sees what: the partnership's managers and its member organisations' people read every
page (figures suppressed alike: nobody sees a person here); only managers import indicators
and draw lines; anyone else gets 404, never a hint that the partnership exists.
"""

from __future__ import annotations

import functools
import io
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from joinedup.directory.templatetags.govuk import govuk_errors
from joinedup.insights import lines, maps, place_cache, place_tables, unmet
from joinedup.insights.indicators import import_csv
from joinedup.insights.models import Indicator, Line
from joinedup.insights.place_forms import (
    IndicatorUploadForm,
    LineForm,
    StopForm,
    StopFormSet,
    stop_initial,
)
from joinedup.insights.place_periods import KINDS, Period, period_from
from joinedup.insights.small_numbers import threshold_of
from joinedup.partnerships.models import Partnership
from joinedup.partnerships.views.common import person, visible_partnership


def managed_partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    """A partnership the person manages: 404 for outsiders, 403 for its members (they may read
    the pages, so they know it exists, but not change them)."""
    partnership = visible_partnership(request, partnership_id)
    if not partnership.is_managed_by(person(request)):
        raise PermissionDenied
    return partnership


def _period_context(request: HttpRequest) -> dict[str, Any]:
    period = period_from(request.GET.dict())
    return {
        "period": period,
        "previous": period.previous(),
        "kinds": KINDS,
        "custom_from": request.GET.get("from", ""),
        "custom_to": request.GET.get("to", ""),
    }


def _query(request: HttpRequest, *names: str) -> str:
    """The period (and the page's other choices, `names`) as a query string, for the download
    links: the same figures as the page, and nothing else a link was given."""
    keys = ("period", "from", "to", *names)
    return urlencode([(k, request.GET[k]) for k in keys if request.GET.get(k)])


def unmet_need(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    context = _period_context(request)
    period: Period = context["period"]
    threshold = threshold_of(partnership)
    reading = place_cache.Reading()
    counts = place_tables.unmet_counts(partnership, period, reading)
    query = _query(request)

    def figures() -> str:
        # A region's page lists thousands of services: rendered once from the figures (the
        # same for every viewer here) and kept as long as the oldest of them.
        found = place_tables.unmet_figures(counts, threshold)
        categories = found.categories
        chart = maps.line_chart(
            [f"{p.day:%b %Y}" for p in found.waiting],
            [(c, [float(p.by_category.get(c, 0)) for p in found.waiting]) for c in categories[:4]],
            title="Services on a waiting list at the end of each month, by category",
            ident="waiting-chart",
        )
        return render_to_string(
            "insights/place/_unmet_figures.html",
            {
                "partnership": partnership,
                "query": query,
                "theme_rows": [(r, found.rate_before(r.key)) for r in found.by_theme.rows],
                "by_theme": found.by_theme,
                "before": found.before,
                "by_area": found.by_area,
                "declines": found.declines[: place_tables.TURNED_AWAY_SHOWN],
                "declines_count": len(found.declines),
                "by_reason": found.by_reason,
                "reasons": unmet.UNMET_DECLINES,
                "waiting": found.waiting_rows,
                "categories": categories,
                "waiting_chart": chart,
            },
        )

    name = f"unmet:2:{partnership.pk}:{threshold}?{query}"
    context |= {
        "partnership": partnership,
        "threshold": threshold,
        # HTML our own template rendered (everything in it escaped there).
        "figures": mark_safe(reading.fragment(name, figures)),
        "can_manage": partnership.is_managed_by(person(request)),
    }
    return render(request, "insights/place/unmet_need.html", context)


def _csv_response(text: str, key: str, period: Period) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = f"{key}-{period.start.isoformat()}-to-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv(tables: dict[str, place_tables.PlaceTable], key: str, period: Period) -> HttpResponse:
    """One of a page's tables as CSV, named for it and its period; 404 for a table the page
    does not show (an indicator's table with no indicator chosen)."""
    table = tables.get(key)
    if table is None:
        raise Http404("No such table")
    out = io.StringIO()
    place_tables.write_table(out, table)
    return _csv_response(out.getvalue(), key, period)


def unmet_need_csv(request: HttpRequest, partnership_id: int, table: str) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    if table not in place_tables.UNMET_TABLES:
        raise Http404("No such table")
    period = period_from(request.GET.dict())
    threshold = threshold_of(partnership)
    reading = place_cache.Reading()
    counts = place_tables.unmet_counts(partnership, period, reading)

    def text() -> str:
        out = io.StringIO()
        place_tables.write_table(out, place_tables.unmet_figures(counts, threshold).tables()[table])
        return out.getvalue()

    # A region's list of services turned away is tens of thousands of rows: written once from
    # the figures, kept as long as they are (as the page's HTML is).
    name = f"unmet-csv:{partnership.pk}:{threshold}:{table}"
    return _csv_response(reading.fragment(name, text), table, period)


def by_area(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    context = _period_context(request)
    period: Period = context["period"]
    threshold = threshold_of(partnership)
    indicators = list(Indicator.objects.of(partnership).with_values())
    chosen = place_tables.pick(indicators, request.GET.get("indicator"))
    query = _query(request, "indicator")
    reading = place_cache.Reading()
    for when in (period, period.previous()):  # what the districts' part is drawn from
        place_cache.referrals_by_district(partnership, when, reading=reading)
    found = functools.cache(
        lambda: place_tables.area_figures(partnership, period, threshold, chosen)
    )

    def districts() -> str:
        # A region's districts, their map and table: rendered once from the figures (the same
        # for every viewer here) and kept as long as the oldest of them.
        return render_to_string(
            "insights/place/_area_districts.html",
            {
                "partnership": partnership,
                "table": found().table,
                "map": maps.district_map(
                    {r.district: r.referrals for r in found().table.rows},
                    title="Referrals in the period by the person's postcode district",
                ),
                "query": query,
            },
        )

    context |= {
        "partnership": partnership,
        "threshold": threshold,
        # HTML our own template rendered (everything in it escaped there).
        "districts": mark_safe(
            reading.fragment(f"areas:{partnership.pk}:{threshold}:{query}", districts)
        ),
        "indicators": indicators,
        "chosen": chosen,
        "equity": found().equity if chosen else [],
        "keep": [("indicator", chosen.pk)] if chosen else [],
        "banded": found().banded if chosen else False,
        "query": query,
    }
    return render(request, "insights/place/areas.html", context)


def areas_csv(request: HttpRequest, partnership_id: int, table: str) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    found, _ = place_tables.areas_for(partnership, request.GET)
    return _csv(found.tables(), table, period_from(request.GET.dict()))


def indicator_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    counts = {
        row["pk"]: (row["value_count"], row["area_count"])
        for row in Indicator.objects.of(partnership)
        .values("pk")
        .annotate(value_count=Count("values"), area_count=Count("values__area_code", distinct=True))
    }
    indicators = Indicator.objects.of(partnership).order_by("name")
    rows = [(i, *counts.get(i.pk, (0, 0))) for i in indicators]
    return render(
        request,
        "insights/place/indicators.html",
        {
            "partnership": partnership,
            "rows": rows,
            "can_manage": partnership.is_managed_by(person(request)),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_import(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = managed_partnership(request, partnership_id)
    posted = request.method == "POST"
    form = IndicatorUploadForm(request.POST if posted else None, request.FILES if posted else None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_csv(
            partnership=partnership, data=form.cleaned_data["file"].read(), actor=person(request)
        )
        if report.error:
            form.add_error("file", report.error)
            report = None
    return render(
        request,
        "insights/place/indicator_import.html",
        {"partnership": partnership, "form": form, "report": report},
    )


def line_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    found = Line.objects.of(partnership).prefetch_related("stops")
    return render(
        request,
        "insights/place/lines.html",
        {
            "partnership": partnership,
            "lines": [(line, list(line.stops.all())) for line in found],
            "can_manage": partnership.is_managed_by(person(request)),
        },
    )


def _stops_from(formset: Any) -> list[tuple[StopForm, lines.StopData]]:
    """The stops the rows describe, in the order their numbers give (ties: as listed)."""
    kept = [
        (form.cleaned_data.get("order") or 999, index, form)
        for index, form in enumerate(formset.forms)
        if not form.cleaned_data.get("remove") and not form.is_blank()
    ]
    kept.sort(key=lambda t: (t[0], t[1]))
    return [
        (
            form,
            lines.StopData(
                form.cleaned_data.get("name") or "",
                form.cleaned_data.get("area_code") or "",
                form.cleaned_data.get("district") or "",
            ),
        )
        for _, _, form in kept
    ]


@require_http_methods(["GET", "POST"])
def line_edit(
    request: HttpRequest, partnership_id: int, line_id: int | None = None
) -> HttpResponse:
    partnership = managed_partnership(request, partnership_id)
    line = get_object_or_404(Line.objects.of(partnership), pk=line_id) if line_id else None
    data = request.POST if request.method == "POST" else None
    form = LineForm(data, instance=line)
    formset = StopFormSet(data, initial=stop_initial(line), prefix="stops")
    if data is not None and "add" in data and formset.is_valid():
        # "Add more rows": the same rows again with three more empty ones, nothing saved yet.
        rows = [f.cleaned_data for f in formset.forms]
        rows.extend({"order": len(rows) + n} for n in range(1, 4))
        formset = StopFormSet(initial=rows, prefix="stops")
        form = LineForm(initial=data.dict(), instance=line)
    elif data is not None and form.is_valid() and formset.is_valid():
        stops = _stops_from(formset)
        failed = False
        for number, (row, stop) in enumerate(stops, start=1):
            try:
                lines.clean_stop(stop, number)
            except ValidationError as error:
                failed = True
                for field, messages in error.message_dict.items():
                    for message in messages:
                        row.add_error(field, message)
        if not stops:
            form.add_error(None, "Add at least one stop: give it a name and an area code")
        elif not failed:
            saved = lines.save_line(
                actor=person(request),
                partnership=partnership,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                stops=[stop for _, stop in stops],
                line=line,
            )
            return redirect("insights:line", partnership.pk, saved.pk)
    return render(
        request,
        "insights/place/line_form.html",
        {
            "partnership": partnership,
            "line": line,
            "form": form,
            "formset": formset,
            "errors": govuk_errors(form, *formset.forms),
        },
    )


@require_http_methods(["POST"])
def line_delete(request: HttpRequest, partnership_id: int, line_id: int) -> HttpResponse:
    partnership = managed_partnership(request, partnership_id)
    line = get_object_or_404(Line.objects.of(partnership), pk=line_id)
    lines.delete_line(actor=person(request), line=line)
    return redirect("insights:lines", partnership.pk)


def line_view(request: HttpRequest, partnership_id: int, line_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    line = get_object_or_404(Line.objects.of(partnership), pk=line_id)
    context = _period_context(request)
    found, indicators = place_tables.line_for(partnership, line, request.GET)
    along, band_indicator, stops = found.along, found.band_indicator, found.stops
    chosen = along.indicator if along else None
    chart = None
    if along is not None and along.has_data:
        chart = maps.line_chart(
            [s.name for s in stops],
            [(s.label, s.values) for s in along.series],
            title=f"{along.indicator.name} ({along.period}) along {line.name}",
            band=(band_indicator.name, found.band_values)
            if band_indicator and found.band_values
            else None,
        )
    context |= {
        "partnership": partnership,
        "line": line,
        "stops": stops,
        "indicators": indicators,
        "chosen": chosen,
        "band_indicator": band_indicator,
        "along": along,
        "band_values": found.band_values,
        "rows": found.rows,
        "chart": chart,
        "district_rows": found.districts,
        "threshold": threshold_of(partnership),
        "can_manage": partnership.is_managed_by(person(request)),
        "keep": [
            (k, v.pk) for k, v in (("indicator", chosen), ("band", band_indicator)) if v is not None
        ],
        "query": _query(request, "indicator", "band"),
    }
    return render(request, "insights/place/line.html", context)


def line_csv(request: HttpRequest, partnership_id: int, line_id: int, table: str) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    line = get_object_or_404(Line.objects.of(partnership), pk=line_id)
    found, _ = place_tables.line_for(partnership, line, request.GET)
    return _csv(found.tables(), table, period_from(request.GET.dict()))
