"""Load a wave's or a network survey's data from the database into the pure calculators.

A handful of queries per wave whatever its size: the calculators in scoring.py and network.py
do the rest in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from joinedup.partnerships import network, scoring
from joinedup.partnerships.models import (
    Answer,
    Instrument,
    NetworkRating,
    NetworkResponse,
    NetworkSurvey,
    PartnershipMember,
    Statement,
    Wave,
)


def instrument_spec(instrument: Instrument) -> scoring.InstrumentSpec:
    by_section: dict[int, list[scoring.StatementSpec]] = defaultdict(list)
    for statement in Statement.objects.filter(instrument=instrument).select_related("element"):
        by_section[statement.section_id].append(
            scoring.StatementSpec(
                statement.key, statement.text, statement.element.key, statement.reverse_scored
            )
        )
    bands = tuple(scoring.Band(b["key"], b["label"], b["min"]) for b in instrument.bands)
    return scoring.InstrumentSpec(
        sections=tuple(
            scoring.SectionSpec(s.key, s.title, tuple(by_section[s.pk]))
            for s in instrument.sections.order_by("position")
        ),
        scale_min=instrument.scale_min,
        scale_max=instrument.scale_max,
        bands=bands or scoring.DEFAULT_BANDS,
    )


def wave_responses(wave: Wave) -> list[scoring.ResponseData]:
    """The submitted responses of a wave, as anonymous (group, answers) records."""
    rows = Answer.objects.filter(response__wave=wave, response__submitted_at__isnull=False)
    answers: dict[int, dict[str, int | None]] = defaultdict(dict)
    groups: dict[int, tuple[str, str]] = {}
    for response_id, sector, level, key, value in rows.values_list(
        "response_id", "response__sector", "response__level", "statement__key", "value"
    ):
        answers[response_id][key] = value
        groups[response_id] = (sector, level)
    return [
        scoring.ResponseData(answers[rid], sector=groups[rid][0], level=groups[rid][1])
        for rid in sorted(answers)
    ]


def wave_results(wave: Wave, *, with_previous: bool = True) -> scoring.WaveResults:
    """A wave's figures, with the change since the previous wave of the same instrument."""
    results = scoring.score_wave(instrument_spec(wave.instrument), wave_responses(wave))
    previous = wave.previous() if with_previous else None
    if previous is not None:
        before = scoring.score_wave(instrument_spec(previous.instrument), wave_responses(previous))
        scoring.add_changes(results, before)
    return results


@dataclass
class NetworkResults:
    metrics: network.NetworkMetrics
    change: network.NetworkChange | None
    names: dict[Any, str]


def survey_metrics(survey: NetworkSurvey) -> tuple[network.NetworkMetrics, dict[Any, str]]:
    members = {
        m.organization_id: m
        for m in PartnershipMember.objects.filter(
            partnership_id=survey.partnership_id, organization__in=survey.organizations.all()
        ).select_related("organization")
    }
    responded = set(
        NetworkResponse.objects.submitted()
        .filter(survey=survey)
        .values_list("organization_id", flat=True)
    )
    nodes = [network.Node(oid, member.sector, oid in responded) for oid, member in members.items()]
    ratings = [
        network.Rating(
            rater=rater,
            ratee=partner,
            closeness=closeness,
            frequency=frequency,
            reliability=reliability,
            shared_mission=shared_mission,
            openness=openness,
            influence=influence,
            involvement=involvement,
            resources=resources,
        )
        for (
            rater,
            partner,
            closeness,
            frequency,
            reliability,
            shared_mission,
            openness,
            influence,
            involvement,
            resources,
        ) in NetworkRating.objects.filter(
            response__survey=survey, response__submitted_at__isnull=False
        ).values_list(
            "response__organization_id",
            "partner_id",
            "closeness",
            "frequency",
            "reliability",
            "shared_mission",
            "openness",
            "influence",
            "involvement",
            "resources",
        )
    ]
    names: dict[Any, str] = {oid: m.organization.name for oid, m in members.items()}
    return network.compute(nodes, ratings), names


def network_results(survey: NetworkSurvey, *, pair_detail: bool = True) -> NetworkResults:
    """A network survey's measures, with the change since the partnership's previous survey.

    Divergent pairs say what two named members rated each other: only managers get them
    (`pair_detail=False` for everyone else).
    """
    metrics, names = survey_metrics(survey)
    if not pair_detail:
        metrics.divergent_pairs = []
    previous = survey.previous()
    change = None
    if previous is not None:
        before, _ = survey_metrics(previous)
        change = network.compare(metrics, before)
    return NetworkResults(metrics, change, names)
