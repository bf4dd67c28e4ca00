"""Load a wave's or a network survey's data from the database into the pure calculators.

A handful of queries per wave whatever its size: the calculators in scoring.py and network.py
do the rest in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
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
    threshold = wave.partnership.suppression_threshold
    results = scoring.score_wave(
        instrument_spec(wave.instrument), wave_responses(wave), threshold=threshold
    )
    previous = wave.previous() if with_previous else None
    if previous is not None:
        before = scoring.score_wave(
            instrument_spec(previous.instrument), wave_responses(previous), threshold=threshold
        )
        scoring.add_changes(results, before)
    return results


@dataclass
class NetworkResults:
    metrics: network.NetworkMetrics
    change: network.NetworkChange | None
    names: dict[Any, str]
    # How closely each tied pair works (the mean of what the two sides said): it shows what
    # named members rated each other, so only with pair detail (managers).
    tie_closeness: dict[frozenset[Any], float] | None = None


RATING_FIELDS = (
    "closeness",
    "frequency",
    "reliability",
    "shared_mission",
    "openness",
    "influence",
    "involvement",
    "resources",
)


class _Codes:
    """Small whole numbers standing in for organisation ids while the measures are worked out.

    Organisation ids are UUIDs, whose hashing and comparison run in Python: with 300 members
    the network measures looked ids up about a million times, most of the page's time. The
    same code stands for the same organisation in both surveys that are compared.
    """

    def __init__(self) -> None:
        self.code: dict[Any, int] = {}
        self.ids: dict[Hashable, Any] = {}

    def __call__(self, value: Any) -> int:
        found = self.code.get(value)
        if found is None:
            found = self.code[value] = len(self.ids)
            self.ids[found] = value
        return found

    def tie(self, tie: frozenset[Hashable]) -> frozenset[Any]:
        return frozenset(self.ids[i] for i in tie)

    def decode(self, metrics: network.NetworkMetrics) -> network.NetworkMetrics:
        ids = self.ids
        members = {}
        for i, m in metrics.members.items():
            m.id = ids[i]
            members[ids[i]] = m
        return network.NetworkMetrics(
            members=members,
            ties={self.tie(t) for t in metrics.ties},
            density=metrics.density,
            centralisation=metrics.centralisation,
            reciprocity=metrics.reciprocity,
            isolated=[ids[i] for i in metrics.isolated],
            brokers=[ids[i] for i in metrics.brokers],
            divergent_pairs=[
                network.DivergentPair(ids[p.a], ids[p.b], p.a_rates_b, p.b_rates_a)
                for p in metrics.divergent_pairs
            ],
        )


def _survey_data(
    survey: NetworkSurvey, codes: _Codes, *, ties_only: bool = False
) -> tuple[list[network.Node], list[network.Rating], dict[Any, str]]:
    """A survey's members (as nodes) and submitted ratings, ids coded: three queries.

    `ties_only` reads just who rated whom how closely, all that a comparison needs.
    """
    # Plain rows, not model instances: a member's sector is its override, else its own.
    members = {
        oid: (override or sector, name)
        for oid, override, sector, name in PartnershipMember.objects.filter(
            partnership_id=survey.partnership_id, organization__in=survey.organizations.all()
        ).values_list(
            "organization_id", "sector_override", "organization__sector", "organization__name"
        )
    }
    responded = set(
        NetworkResponse.objects.submitted()
        .filter(survey=survey)
        .values_list("organization_id", flat=True)
    )
    nodes = [
        network.Node(codes(oid), sector, oid in responded) for oid, (sector, _) in members.items()
    ]
    fields = RATING_FIELDS[:1] if ties_only else RATING_FIELDS
    rows = NetworkRating.objects.filter(
        response__survey=survey, response__submitted_at__isnull=False
    ).values_list("response__organization_id", "partner_id", *fields)
    ratings = [
        network.Rating(codes(rater), codes(partner), *rest) for rater, partner, *rest in rows
    ]
    names: dict[Any, str] = {oid: name for oid, (_, name) in members.items()}
    return nodes, ratings, names


def survey_metrics(
    survey: NetworkSurvey, *, with_betweenness: bool = True
) -> tuple[network.NetworkMetrics, dict[Any, str]]:
    codes = _Codes()
    nodes, ratings, names = _survey_data(survey, codes, ties_only=not with_betweenness)
    metrics = network.compute(nodes, ratings, with_betweenness=with_betweenness)
    return codes.decode(metrics), names


def network_results(survey: NetworkSurvey, *, pair_detail: bool = True) -> NetworkResults:
    """A network survey's measures, with the change since the partnership's previous survey.

    Divergent pairs and tie closeness say what two named members rated each other: only
    managers get them (`pair_detail=False` for everyone else).
    """
    codes = _Codes()
    nodes, ratings, names = _survey_data(survey, codes)
    metrics = network.compute(nodes, ratings)
    if not pair_detail:
        metrics.divergent_pairs = []
    previous = survey.previous()
    change = None
    if previous is not None:
        # Only compared with: its brokers are never shown, so they are not worked out.
        before_nodes, before_ratings, _ = _survey_data(previous, codes, ties_only=True)
        before = network.compute(before_nodes, before_ratings, with_betweenness=False)
        coded = network.compare(metrics, before)
        change = network.NetworkChange(
            density=coded.density,
            centralisation=coded.centralisation,
            reciprocity=coded.reciprocity,
            new_ties={codes.tie(t) for t in coded.new_ties},
            lost_ties={codes.tie(t) for t in coded.lost_ties},
        )
    closeness = None
    if pair_detail:
        closeness = {codes.tie(t): c for t, c in network.tie_closeness(ratings).items()}
    return NetworkResults(codes.decode(metrics), change, names, closeness)
