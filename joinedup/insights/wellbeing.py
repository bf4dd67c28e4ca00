"""Outcomes people feel (issue 15, item 4): the change in ONS4 personal wellbeing between
referral and completion, by service, with how many answered both.

A person counts towards a measure only when they answered it at referral and at completion
("prefer not to say" at either is no answer). The change is completion minus referral: up is
better for life satisfaction, worthwhile and happiness; down is better for anxiety. Services
where fewer than the threshold answered a measure show no figure for it, and when exactly one
service is hidden the next smallest is too, so nothing can be worked out from the total: the
health checks' own `partnerships.scoring.breakdown` decides, so the two never disagree.

`changes` and `by_service` are plain functions over plain data; `answer_pairs` reads them from
the database.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet

from joinedup.core.suppression import hidden_cells
from joinedup.directory.models import Organization
from joinedup.partnerships.scoring import (
    SUPPRESSION_THRESHOLD,
    breakdown,
    describe,
    round_half_up,
)
from joinedup.referrals.models import MEASURES, Moment, WellbeingAnswers
from joinedup.referrals.models.wellbeing import Measure

Scores = Mapping[str, int | None]


@dataclass(frozen=True)
class Pair:
    """One referral's answers at referral and at completion, and the service it went to."""

    service: str
    before: Scores
    after: Scores


@dataclass(frozen=True)
class Change:
    """One measure's change for a group: None figures when suppressed (no count either)."""

    measure: Measure
    answered: int | None
    mean_change: float | None

    @property
    def suppressed(self) -> bool:
        return self.answered is None

    @property
    def direction(self) -> str:
        """ "better", "worse" or "no change", anxiety read the other way up."""
        if self.mean_change is None or self.mean_change == 0:
            return "no change"
        better = self.mean_change < 0 if self.measure.lower_is_better else self.mean_change > 0
        return "better" if better else "worse"


@dataclass
class ServiceChanges:
    service: str
    name: str
    changes: list[Change] = field(default_factory=list)


def _differences(pairs: Iterable[Pair], measure: Measure) -> dict[str, list[int]]:
    by_service: dict[str, list[int]] = defaultdict(list)
    for pair in pairs:
        before, after = pair.before.get(measure.key), pair.after.get(measure.key)
        if before is not None and after is not None:
            by_service[pair.service].append(after - before)
    return by_service


def _change(measure: Measure, values: Sequence[int]) -> Change:
    # The same rounding as the health checks' means (half up, two places).
    mean = round_half_up(statistics.fmean(values), 2) if values else None
    return Change(measure, len(values), mean)


def changes(pairs: Iterable[Pair], *, threshold: int = SUPPRESSION_THRESHOLD) -> list[Change]:
    """Each measure's mean change over all the pairs, suppressed below `threshold`."""
    pairs = list(pairs)
    result = []
    for measure in MEASURES:
        values = [v for vs in _differences(pairs, measure).values() for v in vs]
        shown = not values or len(values) >= threshold
        result.append(_change(measure, values) if shown else Change(measure, None, None))
    return result


def by_service(
    pairs: Iterable[Pair],
    names: Mapping[str, str],
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
    suppress: bool = True,
) -> list[ServiceChanges]:
    """Each service's mean change per measure, with how many answered both. Suppressed by the
    health checks' own `breakdown` (the same rule, the same rounding); `suppress` False is an
    organisation reading its own services' figures."""
    pairs = list(pairs)
    rows = {
        key: ServiceChanges(key, names.get(key, key)) for key in sorted({p.service for p in pairs})
    }
    for measure in MEASURES:
        values = _differences(pairs, measure)
        if suppress:
            found = {
                group.group: group.stats
                for group in breakdown(
                    ((key, v) for key, vs in values.items() for v in vs), threshold=threshold
                )
            }
        else:
            found = {key: describe(vs) for key, vs in values.items()}
        for key, row in rows.items():
            stats = found.get(key)
            if key not in values:
                row.changes.append(Change(measure, 0, None))
            elif stats is None:
                row.changes.append(Change(measure, None, None))
            else:
                row.changes.append(Change(measure, stats.count, stats.mean))
    return sorted(rows.values(), key=lambda r: (r.name, r.service))


def _completed(
    *,
    receivers: QuerySet[Organization] | None,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
) -> QuerySet[WellbeingAnswers]:
    completed = WellbeingAnswers.objects.filter(moment=Moment.COMPLETION)
    if receivers is not None:
        completed = completed.filter(referral__receiving_organization__in=receivers)
    if since is not None:
        completed = completed.filter(recorded_at__gte=since)
    if until is not None:
        completed = completed.filter(recorded_at__lt=until)
    return completed


def answers_version() -> tuple[int, int]:
    """How many wellbeing answers there are, and the newest one's id: one index-only query
    that changes whenever an answer is added or erased anywhere (a cache key for figures)."""
    found = WellbeingAnswers.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return int(found["n"]), int(found["last"] or 0)


def answer_pairs(
    *,
    receivers: QuerySet[Organization] | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> tuple[list[Pair], dict[str, str]]:
    """The answer pairs of referrals received by `receivers` (None: every organisation) whose
    completion answers fall in the period, and each service's name (with its organisation's),
    in one query. It starts from the completion answers, a few in a region's hundreds of
    thousands of referrals, and joins each to its referral; never the other way round."""
    completed = _completed(receivers=receivers, since=since, until=until)
    rows = WellbeingAnswers.objects.filter(referral_id__in=completed.values("referral_id"))
    keys = ("referral_id", "moment", *(m.key for m in MEASURES))
    found: dict[Any, dict[str, dict[str, Any]]] = defaultdict(dict)
    service_of: dict[Any, str] = {}
    names: dict[str, str] = {}
    wanted = rows.values(
        *keys,
        "referral__service_id",
        "referral__service__name",
        "referral__receiving_organization__name",
    )
    for row in wanted.order_by():
        found[row["referral_id"]][row["moment"]] = row
        service = str(row["referral__service_id"])
        service_of[row["referral_id"]] = service
        names[service] = (
            f"{row['referral__service__name']} ({row['referral__receiving_organization__name']})"
        )
    pairs = [
        Pair(service_of[referral], moments[Moment.REFERRAL], moments[Moment.COMPLETION])
        for referral, moments in found.items()
        if Moment.REFERRAL in moments and Moment.COMPLETION in moments
    ]
    return pairs, names


def seen_by(
    pairs: Iterable[Pair],
    names: Mapping[str, str],
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
    own: Iterable[str] = (),
) -> tuple[list[Change], list[ServiceChanges]]:
    """The overall change and each service's, as one reader of a partnership's figures may see
    them (the board pack). With no `own` services this is exactly the wellbeing page's
    partnership section (`changes` and `by_service`). A member organisation's own services are
    shown in full; the others are suppressed with the shared rule, the overall figure standing
    as their total, so that neither another service nor the rest of the partnership can be
    worked out from the overall figure less one's own (the overall figure is hidden when
    nothing else can be)."""
    pairs = list(pairs)
    own_keys = set(own)
    if not own_keys:
        return changes(pairs, threshold=threshold), by_service(pairs, names, threshold=threshold)
    everyone = object()  # the overall figure's cell: no service key can equal it
    overall: list[Change] = []
    rows = {
        key: ServiceChanges(key, names.get(key, key)) for key in sorted({p.service for p in pairs})
    }
    for measure in MEASURES:
        values = _differences(pairs, measure)
        counts: dict[object, int] = {key: len(vs) for key, vs in values.items()}
        counts[everyone] = sum(len(vs) for vs in values.values())
        hidden = hidden_cells(
            counts,
            [(everyone, [k for k in values])],
            threshold=threshold,
            exempt=own_keys & set(values),
        )
        all_values = [v for vs in values.values() for v in vs]
        overall.append(
            Change(measure, None, None) if everyone in hidden else _change(measure, all_values)
        )
        for key, row in rows.items():
            if key not in values:
                row.changes.append(Change(measure, 0, None))
            elif key in hidden:
                row.changes.append(Change(measure, None, None))
            else:
                row.changes.append(_change(measure, values[key]))
    return overall, sorted(rows.values(), key=lambda r: (r.name, r.service))
