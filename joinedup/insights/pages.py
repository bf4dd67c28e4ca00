"""What each section of the board shows: its charts, each drawn from a table the viewer may
see (suppressed cells are never drawn), and the table beside it."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from joinedup.insights import charts, place_tables
from joinedup.insights.dashboard import Board
from joinedup.insights.figures import LOOP_COLUMNS, SUMMARY_COLUMNS
from joinedup.insights.pack import render_pack
from joinedup.insights.tables import TOTAL, Shown, ShownRow


@dataclass
class Panel:
    table: Shown
    chart: SafeString | None = None
    note: str = ""


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    build: Callable[[Board], list[Panel]]


def _rows(shown: Shown) -> list[ShownRow]:
    return [r for r in shown.rows if not r.total]


def _flow_panels(board: Board) -> list[Panel]:
    org, sector = board["flows-organisations"], board["flows-sectors"]

    def diagram(shown: Shown, prefix: str) -> SafeString:
        flows = []
        for row in _rows(shown):
            value = row.cells[0]
            if value:
                source, _, target = row.label.partition(" → ")
                flows.append(charts.Flow(source, target, value))
        chart, paths = charts.flow_chart(title=shown.title, flows=flows)
        return charts.to_svg(chart, id_prefix=prefix, paths=paths)

    return [Panel(org, diagram(org, "flows-org")), Panel(sector, diagram(sector, "flows-sector"))]


LOOP_SERIES = [c for c in LOOP_COLUMNS if c.key != "sent"]


def _stacks(shown: Shown, keys: list[str], total: str) -> list[charts.Stack]:
    """Each row as a stack of its shown parts, and the rest of its shown total in grey."""
    index = {c.key: i for i, c in enumerate(shown.columns)}
    stacks = []
    for row in _rows(shown)[:20]:
        parts = tuple(row.cells[index[k]] or 0 for k in keys)
        whole = row.cells[index[total]]
        rest = (whole or 0) - sum(parts)
        stacks.append(charts.Stack(row.label, parts, rest=max(rest, 0), complete=whole is not None))
    return stacks


def _loop_panels(board: Board) -> list[Panel]:
    funnel = board["loop-funnel"]
    bars = [charts.Bar(r.label, r.cells[0]) for r in funnel.rows]
    panels = [
        Panel(
            funnel,
            charts.to_svg(charts.bar_chart(title=funnel.title, bars=bars), id_prefix="funnel"),
        )
    ]
    keys = [c.key for c in LOOP_SERIES]
    labels = [c.label for c in LOOP_SERIES]
    for key, prefix in (("loop-organisations", "loop-org"), ("loop-services", "loop-svc")):
        shown = board[key]
        chart = charts.stacked_chart(
            title=shown.title, series=labels, stacks=_stacks(shown, keys, "sent")
        )
        panels.append(Panel(shown, charts.to_svg(chart, id_prefix=prefix), note=_loop_note()))
    declines = board["loop-declines"]
    bars = [charts.Bar(r.label, r.cells[0]) for r in _rows(declines)]
    panels.append(
        Panel(
            declines,
            charts.to_svg(charts.bar_chart(title=declines.title, bars=bars), id_prefix="declines"),
        )
    )
    return panels


def _loop_note() -> str:
    return (
        "Where each referral sent in the period stands now. Referrals to services that take "
        "them by phone or signposting are only logged here: nobody answers them on the site."
    )


def _response_panels(board: Board) -> list[Panel]:
    trend = board["response-trend"]
    index = {c.key: i for i, c in enumerate(trend.columns)}
    rows = _rows(trend)
    series = [
        charts.Series("Median days", tuple(r.cells[index["median"]] for r in rows)),
        charts.Series("90th percentile days", tuple(r.cells[index["p90"]] for r in rows), "6 4"),
    ]
    chart, paths = charts.line_chart(
        title=trend.title,
        labels=[r.label for r in rows],
        series=series,
        unit="Days to first answer",
    )
    by_org = board["response-organisations"]
    share = index["share_within"]
    bars = [charts.Bar(r.label, r.cells[share], r.texts[share]) for r in _rows(by_org)[:25]]
    return [
        Panel(
            trend, charts.to_svg(chart, id_prefix="trend", paths=paths), note=_response_note(board)
        ),
        Panel(
            by_org,
            charts.to_svg(
                charts.bar_chart(
                    title="% answered within the response period", bars=bars, unit="percent"
                ),
                id_prefix="within",
            ),
        ),
    ]


def _response_note(board: Board) -> str:
    return (
        f"Time to first answer runs from sending to the service accepting or declining. The "
        f"median is the middle answer time; the 90th percentile is the time within which 9 in "
        f"10 were answered (nearest rank). The response period is {board.response_days} days."
    )


def _outcome_panels(board: Board) -> list[Panel]:
    panels = []
    for key, prefix in (
        ("outcomes-sectors", "out-sector"),
        ("outcomes-services", "out-service"),
        ("outcomes-needs", "out-need"),
    ):
        shown = board[key]
        outcome_keys = [c.key for c in shown.columns if c.kind == "count" and c.key != "recorded"]
        labels = [c.label for c in shown.columns if c.key in outcome_keys]
        chart = charts.stacked_chart(
            title=shown.title, series=labels, stacks=_stacks(shown, outcome_keys, "recorded")
        )
        panels.append(Panel(shown, charts.to_svg(chart, id_prefix=prefix)))
    return panels


def _overview_panels(board: Board) -> list[Panel]:
    return []


SECTIONS = {
    s.slug: s
    for s in (
        Section("overview", "Summary", _overview_panels),
        Section("flows", "Flows", _flow_panels),
        Section("loop", "The loop", _loop_panels),
        Section("response-times", "Response times", _response_panels),
        Section("outcomes", "Outcomes", _outcome_panels),
    )
}


@dataclass
class Headline:
    label: str
    now: str
    before: str


def headlines(board: Board) -> list[Headline]:
    """The summary's figures beside the previous period's."""
    now, before = board["summary"], board["summary-previous"]
    found = []
    for index, column in enumerate(SUMMARY_COLUMNS):
        found.append(Headline(column.label, now.rows[0].texts[index], before.rows[0].texts[index]))
    return found


def section_html(board: Board, section: Section, query: str) -> SafeString:
    """A section's figures as HTML (its tables, charts and the links that carry `query`, the
    period and filters), rendered from the board alone (no request, no person: the same for
    everyone who may see these figures) and kept as long as the figures are."""

    def render() -> str:
        return render_to_string(
            "insights/_section.html",
            {
                "board": board,
                "partnership": board.viewer.partnership,
                "section": section,
                "panels": section.build(board),
                "headlines": headlines(board) if section.slug == "overview" else [],
                "query": query,
            },
        )

    # HTML our own template rendered (everything in it escaped there).
    return mark_safe(board.fragment(f"section:{section.slug}?{query}", render))


def csv_bytes(board: Board, key: str) -> bytes:
    """A table as CSV in UTF-8 (see `write_csv`), kept as long as its figures. Kept encoded:
    a region's flows table is 3 MB, and reading it back as text, then encoding it for every
    download, was a third of the download's time."""

    def render() -> bytes:
        out = io.StringIO()
        write_csv(out, board.tables[key])
        return out.getvalue().encode()

    return board.fragment(f"csv-utf8:{key}", render)


def pack_pdf(board: Board) -> bytes:
    """The board pack as PDF, kept as long as its figures (so the partnership's own work in
    it, its actions and learning log, may be as old as they are)."""
    return board.fragment("board-pack.pdf", lambda: render_pack(board))


def write_csv(out: Any, shown: Shown) -> None:
    """A table as CSV: the same cells as the page, "Not shown" where suppressed."""
    place_tables.write_csv(
        out,
        [shown.table.row_label, *(c.label for c in shown.columns)],
        (
            [row.label, *(_csv_value(v, t) for v, t in zip(row.cells, row.texts, strict=True))]
            for row in shown.rows
        ),
    )


def _csv_value(value: float | None, text: str) -> str:
    if value is None:
        return text if text != "-" else ""
    return f"{value:g}" if value != int(value) else str(int(value))


__all__ = [
    "SECTIONS",
    "TOTAL",
    "Headline",
    "Panel",
    "Section",
    "csv_bytes",
    "headlines",
    "pack_pdf",
    "section_html",
    "write_csv",
]
