"""Scoring a health-check wave: pure functions over plain data (no database here).

Rules (docs/adr/0005):
- A reverse-scored answer counts as (scale min + scale max - answer); "don't know" (None) is
  not scored.
- A statement's figures are over the scored answers to it. A section's figures are over
  respondents: each respondent's section score is the mean of their scored answers in it.
- Spread is the population standard deviation (it describes these respondents, it estimates
  nothing) plus the lowest and highest value.
- The band is read from the mean rounded to one decimal place (half up), so the number shown and
  its band always agree: 3.95 shows as 4.0 and is a strength.
- Breakdowns by sector and by level never show a group of fewer than `threshold` (5)
  respondents. When exactly one group of a breakdown is suppressed, the next smallest is
  suppressed too: otherwise the hidden group could be worked out from the overall figure.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSION_THRESHOLD = 5
NOT_KNOWN = ""


@dataclass(frozen=True)
class StatementSpec:
    key: str
    text: str
    element: str = ""
    reverse: bool = False


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    statements: tuple[StatementSpec, ...]


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    minimum: float | None  # None: the catch-all lowest band


DEFAULT_BANDS = (
    Band("strength", "Strength", 4.0),
    Band("borderline", "Borderline", 3.0),
    Band("concern", "Concern", None),
)


@dataclass(frozen=True)
class InstrumentSpec:
    sections: tuple[SectionSpec, ...]
    scale_min: int = 1
    scale_max: int = 5
    bands: tuple[Band, ...] = DEFAULT_BANDS


@dataclass(frozen=True)
class ResponseData:
    """One submitted response: who (by group only) and their raw answers by statement key."""

    answers: Mapping[str, int | None]
    sector: str = NOT_KNOWN
    level: str = NOT_KNOWN


@dataclass(frozen=True)
class Stats:
    count: int
    mean: float
    sd: float
    minimum: float
    maximum: float
    band: str


@dataclass(frozen=True)
class GroupStats:
    """One group of a breakdown. Suppressed groups carry no figures at all, not even a count."""

    group: str
    stats: Stats | None

    @property
    def suppressed(self) -> bool:
        return self.stats is None


@dataclass
class ItemResult:
    key: str
    title: str
    stats: Stats | None
    by_sector: list[GroupStats] = field(default_factory=list)
    by_level: list[GroupStats] = field(default_factory=list)
    change: float | None = None  # mean now minus mean in the previous wave
    element: str = ""


@dataclass
class SectionResult(ItemResult):
    statements: list[ItemResult] = field(default_factory=list)


@dataclass
class WaveResults:
    respondents: int
    sections: list[SectionResult]
    threshold: int = SUPPRESSION_THRESHOLD
    has_previous: bool = False

    def section(self, key: str) -> SectionResult:
        return next(s for s in self.sections if s.key == key)

    def statement(self, key: str) -> ItemResult:
        return next(st for s in self.sections for st in s.statements if st.key == key)


def round_half_up(value: float, places: int) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def band_for(mean: float, bands: Sequence[Band] = DEFAULT_BANDS) -> str:
    shown = round_half_up(mean, 1)
    for band in bands:
        if band.minimum is None or shown >= band.minimum:
            return band.key
    return bands[-1].key


def scored_value(value: int, *, reverse: bool, scale_min: int = 1, scale_max: int = 5) -> int:
    return scale_min + scale_max - value if reverse else value


def describe(values: Sequence[float], bands: Sequence[Band] = DEFAULT_BANDS) -> Stats | None:
    """Mean, spread and band of some values (None when there are none)."""
    if not values:
        return None
    mean = statistics.fmean(values)
    return Stats(
        count=len(values),
        mean=round_half_up(mean, 2),
        sd=round_half_up(statistics.pstdev(values), 2),
        minimum=min(values),
        maximum=max(values),
        band=band_for(mean, bands),
    )


def breakdown(
    pairs: Iterable[tuple[str, float]],
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
    bands: Sequence[Band] = DEFAULT_BANDS,
) -> list[GroupStats]:
    """Figures per group, suppressing small groups (and a second one where one alone would leak)."""
    groups: dict[str, list[float]] = defaultdict(list)
    for group, value in pairs:
        groups[group].append(value)
    hidden = {g for g, values in groups.items() if len(values) < threshold}
    shown = [g for g in groups if g not in hidden]
    if len(hidden) == 1 and shown:
        hidden.add(min(shown, key=lambda g: (len(groups[g]), g)))
    return [
        GroupStats(group, None if group in hidden else describe(groups[group], bands))
        for group in sorted(groups)
    ]


def _section_scores(
    section: SectionSpec, response: ResponseData, spec: InstrumentSpec
) -> tuple[float | None, dict[str, int]]:
    scored: dict[str, int] = {}
    for statement in section.statements:
        value = response.answers.get(statement.key)
        if value is not None:
            scored[statement.key] = scored_value(
                value, reverse=statement.reverse, scale_min=spec.scale_min, scale_max=spec.scale_max
            )
    mean = statistics.fmean(scored.values()) if scored else None
    return mean, scored


def _item(
    values: list[tuple[ResponseData, float]],
    spec: InstrumentSpec,
    threshold: int,
) -> tuple[Stats | None, list[GroupStats], list[GroupStats]]:
    return (
        describe([v for _, v in values], spec.bands),
        breakdown(((r.sector, v) for r, v in values), threshold=threshold, bands=spec.bands),
        breakdown(((r.level, v) for r, v in values), threshold=threshold, bands=spec.bands),
    )


def score_wave(
    spec: InstrumentSpec,
    responses: Sequence[ResponseData],
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> WaveResults:
    """Every section's and statement's figures for a wave's submitted responses."""
    sections: list[SectionResult] = []
    for section in spec.sections:
        section_values: list[tuple[ResponseData, float]] = []
        statement_values: dict[str, list[tuple[ResponseData, float]]] = defaultdict(list)
        for response in responses:
            mean, scored = _section_scores(section, response, spec)
            if mean is not None:
                section_values.append((response, mean))
            for key, value in scored.items():
                statement_values[key].append((response, value))
        stats, by_sector, by_level = _item(section_values, spec, threshold)
        result = SectionResult(section.key, section.title, stats, by_sector, by_level)
        for statement in section.statements:
            st_stats, st_sector, st_level = _item(statement_values[statement.key], spec, threshold)
            result.statements.append(
                ItemResult(
                    statement.key,
                    statement.text,
                    st_stats,
                    st_sector,
                    st_level,
                    element=statement.element,
                )
            )
        sections.append(result)
    return WaveResults(respondents=len(responses), sections=sections, threshold=threshold)


def _difference(now: Stats | None, before: Stats | None) -> float | None:
    if now is None or before is None:
        return None
    return round_half_up(now.mean - before.mean, 2)


def add_changes(current: WaveResults, previous: WaveResults | None) -> WaveResults:
    """Fill in each section's and statement's change since `previous`, matched by key.

    Keys match across instrument versions, so a reworded v2 statement that kept its key is
    compared with v1; a new key simply has no change.
    """
    if previous is None:
        return current
    current.has_previous = True
    before_sections = {s.key: s for s in previous.sections}
    before_statements = {st.key: st for s in previous.sections for st in s.statements}
    for section in current.sections:
        old = before_sections.get(section.key)
        section.change = _difference(section.stats, old.stats if old else None)
        for statement in section.statements:
            old_st = before_statements.get(statement.key)
            statement.change = _difference(statement.stats, old_st.stats if old_st else None)
    return current
