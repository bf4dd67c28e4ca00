"""/insights/wellbeing/: did people feel better? The ONS4 change by service, as a chart and a
table. A partnership's managers see its member organisations' services with small numbers
suppressed; a member of an organisation sees its own services' figures in full. Nobody sees a
person."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from joinedup.core.models import User
from joinedup.directory.models import Organization
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


def _bounds(start: datetime.date | None, end: datetime.date | None) -> dict[str, Any]:
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
    key = f"insights.wellbeing:{scope}:{suppress}:{threshold}:{since}:{until}:{count}:{last}"
    figures = cast(
        dict[str, Any],
        cache.get_or_set(
            key,
            lambda: _figures(receivers, suppress=suppress, bounds=bounds, threshold=threshold),
            FRESH_SECONDS,
        ),
    )
    return {"title": title, "threshold": threshold, **figures}


def _figures(
    receivers: Any, *, suppress: bool, bounds: dict[str, Any], threshold: int
) -> dict[str, Any]:
    pairs, names = answer_pairs(receivers=receivers, **bounds)
    overall = changes(pairs, threshold=threshold if suppress else 1)
    services = by_service(pairs, names, threshold=threshold, suppress=suppress)
    # A service with nothing to show is counted, not listed: a region's board reads the
    # services that have figures, not hundreds of rows saying "too few".
    shown = [s for s in services if any(c.mean_change is not None for c in s.changes)]
    # A region's board reads the services most people answered for, not a thousand tables.
    most = sorted(shown, key=lambda s: -max(c.answered or 0 for c in s.changes))[:MOST_ANSWERED]
    return {
        "suppressed": suppress,
        "overall": overall,
        "chart": chart(overall),
        "services": sorted(most, key=lambda s: (s.name, s.service)),
        "more": len(shown) - len(most),
        "too_few": len(services) - len(shown),
    }


@login_required
def wellbeing(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    start, end, problem = _period(request)
    bounds = _bounds(start, end)
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
        own = Organization.objects.filter(pk=organization.pk)
        scope = f"organisation-{organization.pk}"
        sections.append(_section(organization.name, scope, own, suppress=False, bounds=bounds))
    return render(
        request,
        "insights/wellbeing.html",
        {
            "sections": sections,
            "start": start,
            "end": end,
            "problem": problem,
        },
    )
