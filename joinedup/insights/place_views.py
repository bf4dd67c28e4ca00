"""The place pages of insights (issue 15): unmet need, referrals by area, area indicators and
the partnership's lines. Thin views: parse, authorise, call one function, render.

Their figures are read through `place_cache` (kept up to INSIGHTS_CACHE_SECONDS, ADR 37).

Who sees what: the partnership's managers and its member organisations' people read every
page (figures suppressed alike: nobody sees a person here); only managers import indicators
and draw lines; anyone else gets 404, never a hint that the partnership exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from joinedup.directory.templatetags.govuk import govuk_errors
from joinedup.insights import areas, lines, maps, place_cache, unmet
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

NO_SEARCHES = "none"


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


def unmet_need(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    context = _period_context(request)
    period: Period = context["period"]
    threshold = threshold_of(partnership)
    reading = place_cache.Reading()
    declines_found = place_cache.declines_in(partnership, period, reading=reading)
    waiting = place_cache.waiting_lists_in(partnership, period, reading=reading)
    themes_before = place_cache.searches_by("theme", context["previous"], reading=reading)
    themes = place_cache.searches_by("theme", period, reading=reading)
    by_area = place_cache.searches_by("area", period, reading=reading)

    def figures() -> str:
        # A region's page lists thousands of services: rendered once from the figures (the
        # same for every viewer here) and kept as long as the oldest of them.
        declines, by_reason = unmet.decline_table(declines_found, threshold)
        categories = sorted({c for p in waiting for c in p.by_category})
        chart = maps.line_chart(
            [f"{p.day:%b %Y}" for p in waiting],
            [(c, [float(p.by_category.get(c, 0)) for p in waiting]) for c in categories[:4]],
            title="Services on a waiting list at the end of each month, by category",
            ident="waiting-chart",
        )
        before = unmet.search_rates(themes_before, threshold)
        before_rates: dict[str, float | str | None] = {r.key: r.rate for r in before.rows}
        by_theme = unmet.search_rates(themes, threshold)
        return render_to_string(
            "insights/place/_unmet_figures.html",
            {
                "theme_rows": [(r, before_rates.get(r.key, NO_SEARCHES)) for r in by_theme.rows],
                "by_theme": by_theme,
                "by_area": unmet.search_rates(by_area, threshold),
                "declines": declines,
                "by_reason": by_reason,
                "reasons": unmet.UNMET_DECLINES,
                "waiting": [(p.day, c, n) for p in waiting for c, n in p.by_category.items()],
                "categories": categories,
                "waiting_chart": chart,
            },
        )

    context |= {
        "partnership": partnership,
        "threshold": threshold,
        # HTML our own template rendered (everything in it escaped there).
        "figures": mark_safe(reading.fragment(f"unmet:{partnership.pk}:{threshold}", figures)),
        "can_manage": partnership.is_managed_by(person(request)),
    }
    return render(request, "insights/place/unmet_need.html", context)


def by_area(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    context = _period_context(request)
    threshold = threshold_of(partnership)
    now = place_cache.referrals_by_district(partnership, context["period"])
    table = areas.area_table(
        now, place_cache.referrals_by_district(partnership, context["previous"]), threshold
    )
    indicators = list(Indicator.objects.of(partnership).with_values())
    chosen = next((i for i in indicators if str(i.pk) == request.GET.get("indicator")), None)
    equity = []
    if chosen is not None:
        equity = areas.equity_table(
            areas.latest_values(chosen),
            now,
            areas.districts_of_areas(partnership),
            threshold,
            hidden=table.hidden,
        )
    context |= {
        "partnership": partnership,
        "threshold": threshold,
        "table": table,
        "map": maps.district_map(
            {r.district: r.referrals for r in table.rows},
            title="Referrals in the period by the person's postcode district",
        ),
        "indicators": indicators,
        "chosen": chosen,
        "equity": equity,
        "keep": [("indicator", chosen.pk)] if chosen else [],
        "banded": (bool(equity) and len(equity[0].districts) != 1) or _banded(equity),
    }
    return render(request, "insights/place/areas.html", context)


def _banded(rows: list[areas.EquityRow]) -> bool:
    return any(len(r.districts) > 1 for r in rows)


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
    indicators = list(Indicator.objects.of(partnership).with_values())
    chosen = _pick(indicators, request.GET.get("indicator")) or (
        indicators[0] if indicators else None
    )
    band_indicator = _pick(indicators, request.GET.get("band"))
    along = lines.along_line(line, chosen) if chosen else None
    band = lines.along_line(line, band_indicator) if band_indicator else None
    band_values = band.series[0].values if band and band.series else None
    threshold = threshold_of(partnership)
    stops = list(line.stops.all())
    districts = sorted({s.district for s in stops if s.district})
    # The same figures as the by-area and unmet-need pages show: suppressed over every
    # district, then read for the line's (suppressing only these would differ, and leak).
    referrals = areas.area_table(
        place_cache.referrals_by_district(partnership, context["period"]), {}, threshold
    )
    searches = unmet.search_rates(place_cache.searches_by("area", context["period"]), threshold)
    chart = None
    if along is not None and along.has_data:
        chart = maps.line_chart(
            [s.name for s in stops],
            [(s.label, s.values) for s in along.series],
            title=f"{along.indicator.name} ({along.period}) along {line.name}",
            band=(band_indicator.name, band_values) if band_indicator and band_values else None,
        )
    context |= {
        "partnership": partnership,
        "line": line,
        "stops": stops,
        "indicators": indicators,
        "chosen": chosen,
        "band_indicator": band_indicator,
        "along": along,
        "band_values": band_values,
        "rows": _line_rows(stops, along, band_values),
        "chart": chart,
        "district_rows": [(d, referrals.shown(d), _rate_for(searches, d)) for d in districts],
        "threshold": threshold,
        "can_manage": partnership.is_managed_by(person(request)),
        "keep": [
            (k, v.pk) for k, v in (("indicator", chosen), ("band", band_indicator)) if v is not None
        ],
    }
    return render(request, "insights/place/line.html", context)


def _pick(indicators: list[Indicator], wanted: str | None) -> Indicator | None:
    return next((i for i in indicators if str(i.pk) == wanted), None)


def _rate_for(table: unmet.RateTable, district: str) -> unmet.RateRow | None:
    return next((r for r in table.rows if r.key == district), None)


def _line_rows(
    stops: list[Any], along: lines.AlongLine | None, band: list[float | None] | None
) -> list[tuple[Any, list[float | None], float | None]]:
    rows = []
    for i, stop in enumerate(stops):
        values = [s.values[i] for s in along.series] if along else []
        rows.append((stop, values, band[i] if band else None))
    return rows
