"""What the results page and the PDF report show, worked out once from `results.wave_results`.

Numbers are formatted here (two decimal places, signed changes, "Not shown" for suppressed
groups), so the page and the PDF cannot disagree about a figure.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from joinedup.directory.models import Sector
from joinedup.partnerships import charts, scoring
from joinedup.partnerships.models import Instrument, Partnership, RespondentLevel, Wave
from joinedup.partnerships.results import instrument_spec, wave_responses

NOT_SHOWN = "Not shown: fewer than 5 responses"
SECTOR_LABELS = dict(Sector.choices)
# "Strategic (leads or manages)" is for the respondent; results say just "Strategic".
LEVEL_LABELS = {value: str(label).split(" (")[0] for value, label in RespondentLevel.choices}


@dataclass(frozen=True)
class Row:
    """One line of a results table: a section, a statement or a group of a breakdown."""

    number: str
    title: str
    mean: str
    sd: str
    spread: str
    count: str
    band: str
    band_key: str
    change: str
    suppressed: bool = False


@dataclass
class SectionView:
    number: int
    key: str
    title: str
    overall: Row
    statements: list[Row]
    by_sector: list[Row]
    by_level: list[Row]
    chart: charts.Chart


@dataclass
class ResultsReport:
    partnership: Partnership
    wave: Wave
    instrument: Instrument
    previous: Wave | None
    respondents: int
    threshold: int
    bands: tuple[scoring.Band, ...]
    summary: list[Row]
    sections: list[SectionView] = field(default_factory=list)
    made_on: datetime.date = field(default_factory=timezone.localdate)


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def _short(value: float) -> str:
    """An answer as typed (4), or a section score (a mean of answers) to 2 places (3.64)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def change_text(change: float | None) -> str:
    if change is None:
        return "\u2013"
    if change == 0:
        return "No change"
    # A real minus sign: screen readers say "minus" and it lines up with the plus.
    return f"+{change:.2f}" if change > 0 else f"\u2212{abs(change):.2f}"


def _row(
    number: str,
    title: str,
    stats: scoring.Stats | None,
    labels: dict[str, str],
    change: float | None = None,
    *,
    suppressed: bool = False,
) -> Row:
    if stats is None:
        empty = NOT_SHOWN if suppressed else "No answers"
        return Row(number, title, empty, "", "", "", "", "", change_text(change), suppressed)
    return Row(
        number=number,
        title=title,
        mean=_fmt(stats.mean),
        sd=_fmt(stats.sd),
        spread=f"{_short(stats.minimum)} to {_short(stats.maximum)}",
        count=str(stats.count),
        band=labels.get(stats.band, stats.band),
        band_key=stats.band,
        change=change_text(change),
    )


def _groups(
    groups: list[scoring.GroupStats], names: dict[str, str], labels: dict[str, str]
) -> list[Row]:
    return [
        _row(
            "", names.get(g.group, g.group) or "Not known", g.stats, labels, suppressed=g.suppressed
        )
        for g in groups
    ]


def build_report(wave: Wave) -> ResultsReport:
    """Everything the results page and the PDF need for a wave (a handful of queries)."""
    spec = instrument_spec(wave.instrument)
    results = scoring.score_wave(spec, wave_responses(wave))
    previous = wave.previous()
    if previous is not None:
        before = scoring.score_wave(instrument_spec(previous.instrument), wave_responses(previous))
        scoring.add_changes(results, before)
    labels = charts.band_labels(spec.bands)
    report = ResultsReport(
        partnership=wave.partnership,
        wave=wave,
        instrument=wave.instrument,
        previous=previous,
        respondents=results.respondents,
        threshold=results.threshold,
        bands=spec.bands,
        summary=[],
    )
    number = 1
    for index, section in enumerate(results.sections, start=1):
        statements = [
            _row(str(n), st.title, st.stats, labels, st.change)
            for n, st in enumerate(section.statements, start=number)
        ]
        view = SectionView(
            number=index,
            key=section.key,
            title=section.title,
            overall=_row("", section.title, section.stats, labels, section.change),
            statements=statements,
            by_sector=_groups(section.by_sector, SECTOR_LABELS, labels),
            by_level=_groups(section.by_level, LEVEL_LABELS, labels),
            chart=charts.section_chart(
                section,
                first_number=number,
                bands=spec.bands,
                scale_min=spec.scale_min,
                scale_max=spec.scale_max,
            ),
        )
        report.sections.append(view)
        report.summary.append(view.overall)
        number += len(section.statements)
    return report


__all__ = ["LEVEL_LABELS", "NOT_SHOWN", "ResultsReport", "Row", "SectionView", "build_report"]
