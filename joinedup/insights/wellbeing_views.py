"""/insights/wellbeing/: did people feel better? The ONS4 change by service, as a chart and a
table. A partnership's managers see its member organisations' services with small numbers
suppressed; a member of an organisation sees its own services' figures in full. Nobody sees a
person."""

from __future__ import annotations

import datetime
import hashlib
import io
import time
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.insights.place_tables import Cell, Column, PlaceTable, Row, write_table
from joinedup.insights.wellbeing import (
    Change,
    answer_pairs,
    answers_version,
    by_service,
    changes,
)
from joinedup.partnerships.models import Partnership
from joinedup.partnerships.scoring import SUPPRESSION_THRESHOLD

# Figures are recomputed at least this often even when no answer was added or erased (one
# changed in place is then seen within five minutes).
FRESH_SECONDS = 300
# The services shown, those with the most answers first; the rest are counted.
MOST_ANSWERED = 30
ALL_SERVICES = "All services"
NO_ANSWERS = "No answers"
# The chart's geometry, in SVG user units (the figure scales to its container).
CHART_WIDTH = 640
LABEL_WIDTH = 200
ROW_HEIGHT = 44
BAR_HEIGHT = 24


def chart(figures: list[Change]) -> dict[str, Any]:
    """Where each measure's bar goes: from the zero line, right for a rise, left for a fall,
    on a scale of at least one point either way."""
    plot = CHART_WIDTH - LABEL_WIDTH - 80
    zero = LABEL_WIDTH + plot / 2
    largest = max([1.0, *(abs(c.mean_change) for c in figures if c.mean_change is not None)])
    rows = []
    for index, change in enumerate(figures):
        y = 30 + index * ROW_HEIGHT
        value = change.mean_change
        length = 0.0 if value is None else abs(value) / largest * plot / 2
        x = zero if value is None or value >= 0 else zero - length
        rows.append(
            {
                "change": change,
                "y": y,
                "text_y": y + BAR_HEIGHT / 2 + 5,
                "x": round(x, 1),
                "width": round(max(length, 1.0), 1),
                "value_x": round(zero + length + 6 if value is None or value >= 0 else x - 6, 1),
                "anchor": "start" if value is None or value >= 0 else "end",
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": 40 + len(figures) * ROW_HEIGHT,
        "zero": round(zero, 1),
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "scale": largest,
        "rows": rows,
    }


def _period(request: HttpRequest) -> tuple[datetime.date | None, datetime.date | None, str]:
    """The period from ?from= and ?to= (dates, the end included); an unreadable date is ignored
    and said so."""
    found: list[datetime.date | None] = []
    problem = ""
    for name in ("from", "to"):
        raw = request.GET.get(name, "").strip()
        try:
            found.append(datetime.date.fromisoformat(raw) if raw else None)
        except ValueError:
            found.append(None)
            problem = "Dates are written as 2026-04-01: the period shown is every date."
    return found[0], found[1], problem


def bounds(start: datetime.date | None, end: datetime.date | None) -> dict[str, Any]:
    def moment(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    return {
        "since": moment(start) if start else None,
        "until": moment(end + datetime.timedelta(days=1)) if end else None,
    }


def _section(
    title: str,
    scope: str,
    receivers: Any,
    *,
    suppress: bool,
    bounds: dict[str, Any],
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, Any]:
    """One partnership's or organisation's figures: computed at most once every
    FRESH_SECONDS for the same answers (a region's figures take a while; a board can wait
    five minutes for an answer added just now, never for one erased)."""
    count, last = answers_version()
    # No spaces in a cache key (memcached refuses them): dates as ISO 8601.
    since, until = (bounds[k].isoformat() if bounds[k] else "" for k in ("since", "until"))
    key = f"insights.wellbeing:3:{scope}:{suppress}:{threshold}:{since}:{until}:{count}:{last}"
    figures = cast(
        dict[str, Any],
        cache.get_or_set(
            key,
            lambda: _figures(receivers, suppress=suppress, bounds=bounds, threshold=threshold),
            FRESH_SECONDS,
        ),
    )
    return {"title": title, "scope": scope, "threshold": threshold, "key": key, **figures}


def _figures(
    receivers: Any, *, suppress: bool, bounds: dict[str, Any], threshold: int
) -> dict[str, Any]:
    pairs, names = answer_pairs(receivers=receivers, **bounds)
    overall = changes(pairs, threshold=threshold if suppress else 1)
    services = by_service(pairs, names, threshold=threshold, suppress=suppress)
    # A service with nothing to show is counted, not listed: a region's board reads the
    # services that have figures, not hundreds of rows saying "too few".
    shown = [s for s in services if any(c.mean_change is not None for c in s.changes)]
    # A region's board reads the services most people answered for, not a thousand tables;
    # the download and the API have them all.
    most = sorted(shown, key=lambda s: -max(c.answered or 0 for c in s.changes))[:MOST_ANSWERED]
    return {
        "computed_at": time.time(),
        "suppressed": suppress,
        "overall": overall,
        "chart": chart(overall),
        "services": sorted(most, key=lambda s: (s.name, s.service)),
        "all_services": shown,
        "more": len(shown) - len(most),
        "too_few": len(services) - len(shown),
    }


def sections_for(user: User, bounds: dict[str, Any]) -> list[dict[str, Any]]:
    """What `user` may see: each partnership they manage (its member organisations' services,
    suppressed), then each organisation they belong to (its own services, in full)."""
    sections = []
    for partnership in Partnership.objects.managed_by(user):
        members = Organization.objects.filter(partnership_memberships__partnership=partnership)
        scope = f"partnership-{partnership.pk}"
        # The partnership's own threshold where it sets one (the insights board's setting).
        threshold = int(getattr(partnership, "suppression_threshold", 0) or SUPPRESSION_THRESHOLD)
        sections.append(
            _section(
                partnership.name,
                scope,
                members,
                suppress=True,
                bounds=bounds,
                threshold=threshold,
            )
        )
    for organization in Organization.objects.filter(memberships__user=user).distinct():
        sections.append(organisation_section(organization, bounds))
    return sections


def organisation_section(organization: Organization, bounds: dict[str, Any]) -> dict[str, Any]:
    """An organisation's own services' figures, in full (for its people and its API token)."""
    own = Organization.objects.filter(pk=organization.pk)
    scope = f"organisation-{organization.pk}"
    return _section(organization.name, scope, own, suppress=False, bounds=bounds)


def section_table(section: dict[str, Any]) -> PlaceTable:
    """A section's figures as one table (every service with figures, after all services), for
    its download and the API: the page's cells, a question to a row."""

    def rows(name: str, found: list[Change]) -> list[Row]:
        return [Row((name, *_cells(change)), total=name == ALL_SERVICES) for change in found]

    return PlaceTable(
        f"wellbeing-{section['scope']}",
        f"Change in wellbeing (ONS4): {section['title']}",
        (
            Column("Service", "text"),
            Column("Question", "text"),
            Column("Change", "value"),
            Column("Direction", "text"),
            Column("Answered both times"),
        ),
        [
            *rows(ALL_SERVICES, section["overall"]),
            *(
                row
                for service in sorted(section["all_services"], key=lambda s: (s.name, s.service))
                for row in rows(service.name, service.changes)
            ),
        ],
    )


def _cells(change: Change) -> tuple[Cell, ...]:
    # As the page writes them: a suppressed measure says nothing, not even how many answered.
    if change.suppressed:
        return (change.measure.short, None, None, None)
    if change.mean_change is None:
        return (change.measure.short, NO_ANSWERS, NO_ANSWERS, 0)
    return (change.measure.short, change.mean_change, change.direction, change.answered)


def section_html(section: dict[str, Any], counter: int, query: str) -> SafeString:
    """A section of the page, drawn once from its figures and kept no longer than they are
    (a region's partnership lists thirty services' tables: most of the page's time)."""
    left = int(section["computed_at"] + FRESH_SECONDS - time.time())
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    key = f"{section['key']}:html:{counter}:{digest}"
    found = cache.get(key) if left > 0 else None
    if found is None:
        context = {"section": section, "counter": counter, "query": query}
        found = render_to_string("insights/_wellbeing_section.html", context)
        if left > 0:
            cache.set(key, found, left)
    # HTML our own template rendered (everything in it escaped there).
    return mark_safe(found)


@login_required
def wellbeing(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    start, end, problem = _period(request)
    query = urlencode([(k, request.GET[k]) for k in ("from", "to") if request.GET.get(k)])
    sections = sections_for(user, bounds(start, end))
    return render(
        request,
        "insights/wellbeing.html",
        {
            "sections": [section_html(s, n, query) for n, s in enumerate(sections, start=1)],
            "start": start,
            "end": end,
            "problem": problem,
            "query": query,
        },
    )


@login_required
def wellbeing_csv(request: HttpRequest, scope: str) -> HttpResponse:
    """One section of the page as CSV: 404 for a section the person is not shown."""
    start, end, _ = _period(request)
    found = next(
        (
            s
            for s in sections_for(cast(User, request.user), bounds(start, end))
            if s["scope"] == scope
        ),
        None,
    )
    if found is None:
        raise Http404("No such figures")
    out = io.StringIO()
    write_table(out, section_table(found))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    dates = f"{start or 'start'}-to-{end or 'end'}"
    response["Content-Disposition"] = f'attachment; filename="wellbeing-{scope}-{dates}.csv"'
    return response
