"""A network survey's results: the figures, the map and the table of ties.

Managers see every figure (with tie strengths and the pairs who rate each other very
differently); members see the aggregate results once a survey is closed, and their own
organisation's ratings. Nobody sees another organisation's individual ratings; outsiders get
404.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.partnerships import network_map
from joinedup.partnerships.models import (
    Closeness,
    NetworkResponse,
    NetworkSurvey,
    WaveStatus,
)
from joinedup.partnerships.results import NetworkResults, network_results
from joinedup.partnerships.views.network import (
    LIST_LIMIT,
    person,
    sector_rank,
    visible_survey,
)


def _results_context(
    survey: NetworkSurvey, results: NetworkResults, is_manager: bool
) -> dict[str, Any]:
    metrics, names = results.metrics, results.names
    # Numbered as the table beside the map lists them (by name), so a marker can be looked up.
    by_name = sorted(metrics.members, key=lambda i: (names.get(i, "?").lower(), str(i)))
    number = {i: n for n, i in enumerate(by_name, start=1)}
    members = [
        network_map.MapMember(i, names.get(i, "?"), m.sector, m.degree, number[i])
        for i, m in metrics.members.items()
    ]
    placed = network_map.layout(members)
    sectors = sorted({m.sector for m in members}, key=sector_rank)
    responded = NetworkResponse.objects.submitted().filter(survey=survey).count()
    description = (
        f"{len(members)} member organisations in {len(sectors)} sectors, grouped by sector, "
        f"with {len(metrics.ties)} working ties drawn as lines. Larger shapes have more ties. "
        "The table after the map gives the same figures for every member, numbered as on the "
        "map."
    )
    svg = network_map.render_svg(
        placed,
        metrics.ties,
        title=f"Map of who works with whom: {survey.title}",
        description=description,
        strengths=results.tie_closeness if is_manager else None,
    )
    counts: dict[str, int] = defaultdict(int)
    for m in members:
        counts[m.sector] += 1
    legend = [
        {
            "label": network_map.sector_label(s),
            "swatch": network_map.legend_swatch(s),
            "shape": network_map.style_for(s)[1].replace("-", " "),
            "count": counts[s],
        }
        for s in sectors
    ]
    brokers = set(metrics.brokers)
    isolated = set(metrics.isolated)
    rows = sorted(
        (
            {
                "number": number[i],
                "name": names.get(i, "?"),
                "sector": network_map.sector_label(m.sector),
                "degree": m.degree,
                "betweenness": m.betweenness,
                "trust": m.trust,
                "value": m.value,
                "raters": m.raters,
                "broker": i in brokers,
                "isolated": i in isolated,
            }
            for i, m in metrics.members.items()
        ),
        key=lambda r: int(str(r["number"])),
    )

    def pair_names(pairs: Any) -> list[str]:
        return sorted(" and ".join(sorted(names.get(i, "?") for i in pair)) for pair in pairs)

    change = results.change
    return {
        "figures": _figures(metrics, change, responded, len(members)),
        "svg": svg,
        "legend": legend,
        "rows": rows,
        "metrics": metrics,
        "change": change,
        "new_ties": pair_names(change.new_ties)[:LIST_LIMIT] if change and is_manager else [],
        "lost_ties": pair_names(change.lost_ties)[:LIST_LIMIT] if change and is_manager else [],
        "brokers": [
            {"name": names.get(i, "?"), "betweenness": metrics.members[i].betweenness}
            for i in metrics.brokers[:LIST_LIMIT]
        ],
        "isolated": sorted(names.get(i, "?") for i in metrics.isolated),
        "divergent": [
            {
                "a": names.get(p.a, "?"),
                "b": names.get(p.b, "?"),
                "a_rates_b": Closeness(p.a_rates_b).label,
                "b_rates_a": Closeness(p.b_rates_a).label,
                "difference": p.difference,
            }
            for p in metrics.divergent_pairs[:LIST_LIMIT]
        ],
        "divergent_count": len(metrics.divergent_pairs),
        "responded": responded,
        "member_count": len(members),
        "previous": survey.previous() if change else None,
    }


def _share(value: float | None) -> str:
    return "Not known" if value is None else f"{round(value * 100)}%"


def _moved(delta: float | None) -> str:
    if delta is None:
        return ""
    points = round(delta * 100)
    if points == 0:
        return "no change"
    return f"{'up' if points > 0 else 'down'} {abs(points)} point{'s' if abs(points) != 1 else ''}"


def _figures(metrics: Any, change: Any, responded: int, member_count: int) -> list[dict[str, str]]:
    """The headline measures as words and percentages, with the change since last time."""
    return [
        {
            "label": "Members that answered",
            "value": f"{responded} of {member_count}",
            "hint": "",
            "change": "",
        },
        {
            "label": "Working ties",
            "value": str(len(metrics.ties)),
            "hint": "Pairs of members where at least one says they work together.",
            "change": (
                f"{len(change.new_ties)} new, {len(change.lost_ties)} lost" if change else ""
            ),
        },
        {
            "label": "Density",
            "value": _share(metrics.density),
            "hint": "Of all the pairs of members that could work together, the share that do.",
            "change": _moved(change.density) if change else "",
        },
        {
            "label": "Centralisation",
            "value": _share(metrics.centralisation),
            "hint": "100% when every tie runs through one member, 0% when all have as many ties.",
            "change": _moved(change.centralisation) if change else "",
        },
        {
            "label": "Reciprocity",
            "value": _share(metrics.reciprocity),
            "hint": "Of the ties between members that both answered, the share both reported.",
            "change": _moved(change.reciprocity) if change else "",
        },
    ]


@login_required
def view_results(request: HttpRequest, partnership_id: int, survey_id: int) -> HttpResponse:
    survey = visible_survey(request, partnership_id, survey_id)
    user = person(request)
    is_manager = survey.partnership.is_managed_by(user)
    context: dict[str, Any] = {
        "partnership": survey.partnership,
        "survey": survey,
        "is_manager": is_manager,
    }
    if not is_manager and survey.status != WaveStatus.CLOSED:
        return render(request, "partnerships/network/results_pending.html", context)
    results = network_results(survey, pair_detail=is_manager)
    context.update(_results_context(survey, results, is_manager))
    return render(request, "partnerships/network/results.html", context)
