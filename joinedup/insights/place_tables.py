"""The place pages' figures and their tables (issue 15, item 6): unmet need, referrals by area
and a line's stops, computed once here for the page, its CSV downloads and the insights API.

Each page's figures come from one function (the same `place_cache` reads, the same
suppression); `tables()` describes every table of the page as a `PlaceTable` (a title, its
columns and its rows of plain values), which the CSV download and the API serialise. The page's
template draws the same figures, so the page, the CSV and the JSON cannot drift apart.

A cell is a number, a word ("No data", "No searches") or None: a count not shown (a small
number, or one that would let a small number be worked out). The CSV writes None as the page
does, "Not shown"; the API as null.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from joinedup.insights import areas, lines, place_cache, unmet
from joinedup.insights.models import Indicator, Line, Stop
from joinedup.insights.place_periods import Period, period_from
from joinedup.insights.small_numbers import threshold_of
from joinedup.insights.templatetags.place_figures import NOT_SHOWN
from joinedup.partnerships.models import Partnership

Cell = int | float | str | None

# The services the unmet-need page lists, those that turned away the most first: a region has
# thousands, which nobody reads on a phone. The download and the API have them all.
TURNED_AWAY_SHOWN = 25
UNMET_TABLES = ("searches-by-theme", "searches-by-district", "turned-away", "waiting-lists")
NO_SEARCHES = "No searches"
NO_DATA = "No data"


@dataclass(frozen=True)
class Column:
    label: str
    # text: words; count: people or services counted; percent: 0 to 100; value: an
    # indicator's own figure; date: a day (ISO 8601).
    kind: str = "count"


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class PlaceTable:
    """One table of a place page, as the page shows it: the first column names the row."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[Row]

    @property
    def any_hidden(self) -> bool:
        return any(c is None for r in self.rows for c in r.cells[1:])


def write_csv(out: Any, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """Rows as CSV, a suppressed cell (None) as the pages write it. The board's tables are
    written through this too (`pages.write_csv`)."""
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([NOT_SHOWN if c is None else _plain(c) for c in row])


def _plain(value: int | float | str) -> str:
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    return str(value)


def write_table(out: Any, table: PlaceTable) -> None:
    write_csv(out, [c.label for c in table.columns], (r.cells for r in table.rows))


# Unmet need ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnmetCounts:
    """The unmet-need page's raw counts for a period (cached, before suppression)."""

    themes: list[tuple[str, str, int]]
    themes_before: list[tuple[str, str, int]]
    by_area: list[tuple[str, str, int]]
    declines: list[tuple[str, str, int]]
    waiting: list[unmet.WaitingPoint]


def unmet_counts(
    partnership: Partnership, period: Period, reading: place_cache.Reading
) -> UnmetCounts:
    return UnmetCounts(
        themes=place_cache.searches_by("theme", period, reading=reading),
        themes_before=place_cache.searches_by("theme", period.previous(), reading=reading),
        by_area=place_cache.searches_by("area", period, reading=reading),
        declines=place_cache.declines_in(partnership, period, reading=reading),
        waiting=place_cache.waiting_lists_in(partnership, period, reading=reading),
    )


@dataclass(frozen=True)
class UnmetFigures:
    by_theme: unmet.RateTable
    before: unmet.RateTable
    by_area: unmet.RateTable
    declines: list[unmet.DeclineRow]
    by_reason: dict[str, int | None]
    waiting: list[unmet.WaitingPoint]

    def rate_before(self, key: str) -> float | str | None:
        """A theme's rate in the period before, or NO_SEARCHES when it had none."""
        return next((r.rate for r in self.before.rows if r.key == key), NO_SEARCHES)

    @property
    def categories(self) -> list[str]:
        return sorted({c for p in self.waiting for c in p.by_category})

    @property
    def waiting_rows(self) -> list[tuple[Any, str, int]]:
        return [(p.day, c, n) for p in self.waiting for c, n in p.by_category.items()]

    def tables(self) -> dict[str, PlaceTable]:
        reasons = list(unmet.UNMET_DECLINES)
        rates = (Column("Searches"), Column("Found little"), Column("Rate (%)", "percent"))
        theme_rows = [
            Row((r.key, r.searches, r.unmet, r.rate, self.rate_before(r.key)))
            for r in self.by_theme.rows
        ]
        if self.by_theme.rows:
            theme_rows.append(
                Row(
                    (
                        "All themes",
                        self.by_theme.searches,
                        self.by_theme.unmet,
                        self.by_theme.rate,
                        self.before.rate,
                    ),
                    total=True,
                )
            )
        declines = [Row((r.service, *(r.counts[c] for c in reasons))) for r in self.declines]
        if self.declines:
            declines.append(Row(("All services", *(self.by_reason[c] for c in reasons)), True))
        return {
            t.key: t
            for t in (
                PlaceTable(
                    "searches-by-theme",
                    "Searches that found little, by theme",
                    (Column("Theme", "text"), *rates, Column("Rate before (%)", "percent")),
                    theme_rows,
                ),
                PlaceTable(
                    "searches-by-district",
                    "Searches that found little, by the postcode district searched from",
                    (Column("District", "text"), *rates),
                    [Row((r.key, r.searches, r.unmet, r.rate)) for r in self.by_area.rows],
                ),
                PlaceTable(
                    "turned-away",
                    "Referrals turned away, by service",
                    (Column("Service", "text"), *map(Column, unmet.UNMET_DECLINES.values())),
                    declines,
                ),
                PlaceTable(
                    "waiting-lists",
                    "Services on a waiting list at the end of each month, by category",
                    (Column("Month end", "date"), Column("Category", "text"), Column("Services")),
                    [Row((day.isoformat(), c, n)) for day, c, n in self.waiting_rows],
                ),
            )
        }


def unmet_figures(counts: UnmetCounts, threshold: int) -> UnmetFigures:
    """The unmet-need page's figures, suppressed with the partnership's threshold."""
    declines, by_reason = unmet.decline_table(counts.declines, threshold)
    return UnmetFigures(
        by_theme=unmet.search_rates(counts.themes, threshold),
        before=unmet.search_rates(counts.themes_before, threshold),
        by_area=unmet.search_rates(counts.by_area, threshold),
        declines=declines,
        by_reason=by_reason,
        waiting=counts.waiting,
    )


# Referrals by area --------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaFigures:
    table: areas.AreaTable
    chosen: Indicator | None = None
    equity: list[areas.EquityRow] = field(default_factory=list)

    @property
    def banded(self) -> bool:
        return bool(self.equity) and any(len(r.districts) != 1 for r in self.equity)

    def tables(self) -> dict[str, PlaceTable]:
        rows = [Row((r.district, r.place, r.referrals, r.previous)) for r in self.table.rows]
        if self.table.rows:
            rows.append(
                Row(("All districts", "", self.table.total, self.table.previous_total), True)
            )
        found = [
            PlaceTable(
                "referrals-by-district",
                "Referrals by the person's postcode district",
                (
                    Column("District", "text"),
                    Column("Places", "text"),
                    Column("Referrals"),
                    Column("Period before"),
                ),
                rows,
            )
        ]
        if self.chosen is not None and self.equity:
            found.append(
                PlaceTable(
                    "referrals-by-indicator",
                    f"Referrals in the period by {self.chosen.name} (latest values)",
                    (
                        Column("Value (band)" if self.banded else "Value", "text"),
                        Column("Districts", "text"),
                        Column("Referrals"),
                    ),
                    [Row((r.label, ", ".join(r.districts), r.referrals)) for r in self.equity],
                )
            )
        return {t.key: t for t in found}


def area_figures(
    partnership: Partnership, period: Period, threshold: int, chosen: Indicator | None
) -> AreaFigures:
    """Referrals by district in the period beside the one before, and by `chosen`'s values."""
    now = place_cache.referrals_by_district(partnership, period)
    before = place_cache.referrals_by_district(partnership, period.previous())
    table = areas.area_table(now, before, threshold)
    if chosen is None:
        return AreaFigures(table)
    equity = areas.equity_table(
        areas.latest_values(chosen),
        now,
        areas.districts_of_areas(partnership),
        threshold,
        hidden=table.hidden,
    )
    return AreaFigures(table, chosen, equity)


# A line -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineFigures:
    line: Line
    stops: list[Stop]
    along: lines.AlongLine | None
    band_indicator: Indicator | None
    band_values: list[float | None] | None
    # (district, referrals as the by-area page shows them, its searches' row or None)
    districts: list[tuple[str, int | None, unmet.RateRow | None]]

    @property
    def rows(self) -> list[tuple[Stop, list[float | None], float | None]]:
        found = []
        for i, stop in enumerate(self.stops):
            values = [s.values[i] for s in self.along.series] if self.along else []
            found.append((stop, values, self.band_values[i] if self.band_values else None))
        return found

    def tables(self) -> dict[str, PlaceTable]:
        series = [Column(s.label, "value") for s in self.along.series] if self.along else []
        band = [Column(self.band_indicator.name, "value")] if self.band_indicator else []

        def value(v: float | None) -> Cell:
            return NO_DATA if v is None else v

        stop_rows = [
            Row(
                (
                    f"{n}. {stop.name}",
                    stop.area_code,
                    stop.district,
                    *map(value, values),
                    *([value(b)] if self.band_indicator else []),
                )
            )
            for n, (stop, values, b) in enumerate(self.rows, start=1)
        ]
        title = self.along.indicator.name if self.along else "Indicators"
        return {
            "line-stops": PlaceTable(
                "line-stops",
                f"{title} along {self.line.name}, stop by stop",
                (
                    Column("Stop", "text"),
                    Column("Area code", "text"),
                    Column("District", "text"),
                    *series,
                    *band,
                ),
                stop_rows,
            ),
            "line-districts": PlaceTable(
                "line-districts",
                f"Referrals and searches that found little in the districts of {self.line.name}",
                (
                    Column("District", "text"),
                    Column("Referrals"),
                    Column("Searches that found little (%)", "percent"),
                    Column("Searches"),
                ),
                [
                    Row(
                        (d, n, rate.rate, rate.searches)
                        if rate is not None
                        else (d, n, NO_SEARCHES, NO_SEARCHES)
                    )
                    for d, n, rate in self.districts
                ],
            ),
        }


def line_figures(
    partnership: Partnership,
    line: Line,
    period: Period,
    threshold: int,
    chosen: Indicator | None,
    band_indicator: Indicator | None,
) -> LineFigures:
    """An indicator along a line's stops, and referrals and unmet need in its districts."""
    along = lines.along_line(line, chosen) if chosen else None
    band = lines.along_line(line, band_indicator) if band_indicator else None
    stops = list(line.stops.all())
    districts = sorted({s.district for s in stops if s.district})
    # The same figures as the by-area and unmet-need pages show: suppressed over every
    # district, then read for the line's (suppressing only these would differ, and leak).
    referrals = areas.area_table(
        place_cache.referrals_by_district(partnership, period), {}, threshold
    )
    searches = unmet.search_rates(place_cache.searches_by("area", period), threshold)
    by_key = {r.key: r for r in searches.rows}
    return LineFigures(
        line=line,
        stops=stops,
        along=along,
        band_indicator=band_indicator,
        band_values=band.series[0].values if band and band.series else None,
        districts=[(d, referrals.shown(d), by_key.get(d)) for d in districts],
    )


# A page's figures from its query string (the page, its downloads and the API alike) ----------


def unmet_for(partnership: Partnership, params: Mapping[str, str]) -> UnmetFigures:
    """The unmet-need page's figures for the period `params` choose."""
    period = period_from(dict(params.items()))
    counts = unmet_counts(partnership, period, place_cache.Reading())
    return unmet_figures(counts, threshold_of(partnership))


def pick(indicators: list[Indicator], wanted: str | None) -> Indicator | None:
    return next((i for i in indicators if str(i.pk) == wanted), None)


def areas_for(
    partnership: Partnership, params: Mapping[str, str]
) -> tuple[AreaFigures, list[Indicator]]:
    """The by-area page's figures for the period and `indicator` in `params`, and the
    indicators it could choose."""
    indicators = list(Indicator.objects.of(partnership).with_values())
    chosen = pick(indicators, params.get("indicator"))
    period = period_from(dict(params.items()))
    return area_figures(partnership, period, threshold_of(partnership), chosen), indicators


def line_for(
    partnership: Partnership, line: Line, params: Mapping[str, str]
) -> tuple[LineFigures, list[Indicator]]:
    """A line's figures for the period, `indicator` and `band` in `params` (the first
    indicator when none is chosen: the page always draws one when there is any)."""
    indicators = list(Indicator.objects.of(partnership).with_values())
    chosen = pick(indicators, params.get("indicator")) or (indicators[0] if indicators else None)
    found = line_figures(
        partnership,
        line,
        period_from(dict(params.items())),
        threshold_of(partnership),
        chosen,
        pick(indicators, params.get("band")),
    )
    return found, indicators
