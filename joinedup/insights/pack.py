"""The board pack (issue 15, item 6): one PDF for a period with what a partnership board reads.

Referrals (the period beside the previous one, flows, the loop), response times and outcomes,
suppressed for the reader exactly as the pages are; then the latest closed health check's
summary, the latest closed network survey, the open actions and the period's learning log.

Assembled here, not in partnerships (which cannot import insights), from the health-check
report's own building blocks (`partnerships.report`): its styles, table style, summary table
and chart drawing, so the pack and the health-check report look like one family.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable

from joinedup.insights import charts
from joinedup.insights.dashboard import Board
from joinedup.insights.figures import SUMMARY_COLUMNS
from joinedup.insights.tables import Shown
from joinedup.partnerships.models import Action, LearningEntry, NetworkSurvey, Wave, WaveStatus
from joinedup.partnerships.report.layout import build_report
from joinedup.partnerships.report.pdf import (
    PAGE_WIDTH,
    TABLE_STYLE,
    _styles,
    _table,
    chart_drawing,
)

# The columns of the wide tables that fit a portrait page (the CSV has them all).
LOOP_COLUMNS = [
    "sent",
    "waiting",
    "expired",
    "declined",
    "working",
    "completed_got_help",
    "black_hole",
]
RESPONSE_COLUMNS = ["answerable", "answered", "median", "p90", "share_within"]
OUTCOME_COLUMNS = [
    "recorded",
    "got_help",
    "could_not_contact",
    "not_eligible",
    "no_capacity",
    "got_help_share",
]


def pdf_table(shown: Shown, columns: list[str] | None = None, limit: int = 40) -> PdfTable:
    """A shown table (suppressed cells read "Not shown"), optionally only some columns."""
    styles = _styles()
    keys = [c.key for c in shown.columns]
    chosen = [keys.index(k) for k in (columns or keys) if k in keys]
    header = [Paragraph(escape(shown.table.row_label), styles["cell"])] + [
        Paragraph(escape(shown.columns[i].label), styles["cell"]) for i in chosen
    ]
    rows = [r for r in shown.rows if not r.total][:limit] + [r for r in shown.rows if r.total]
    data: list[list[object]] = [header]
    for row in rows:
        data.append([Paragraph(escape(row.label), styles["cell"]), *(row.texts[i] for i in chosen)])
    if len(data) == 1:
        data.append(
            [Paragraph("No referrals in this period.", styles["cell"])] + [""] * len(chosen)
        )
    first = 60 * mm
    rest = (PAGE_WIDTH - first) / max(len(chosen), 1)
    table = PdfTable(data, colWidths=[first] + [rest] * len(chosen), repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _section(
    story: list[object], title: str, shown: Shown, columns: list[str] | None = None
) -> None:
    styles = _styles()
    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph(escape(title), styles["h3"]))
    story.append(pdf_table(shown, columns))
    if shown.table.caption:
        story.append(Paragraph(escape(shown.table.caption), styles["small"]))


def _summary_table(board: Board) -> PdfTable:
    styles = _styles()
    now, before = board["summary"].rows[0], board["summary-previous"].rows[0]
    data: list[list[object]] = [["", board.period.label, board.previous.label]]
    for index, column in enumerate(SUMMARY_COLUMNS):
        data.append(
            [Paragraph(escape(column.label), styles["cell"]), now.texts[index], before.texts[index]]
        )
    table = PdfTable(
        data,
        colWidths=[80 * mm, (PAGE_WIDTH - 80 * mm) / 2, (PAGE_WIDTH - 80 * mm) / 2],
        repeatRows=1,
    )
    table.setStyle(TABLE_STYLE)
    return table


def _funnel_chart(board: Board) -> object:
    funnel = board["loop-funnel"]
    bars = [charts.Bar(r.label, r.cells[0]) for r in funnel.rows]
    return chart_drawing(charts.bar_chart(title=funnel.title, bars=bars))


def _partnership_work(story: list[object], board: Board) -> None:
    """The latest health check and network survey, open actions and the period's learning."""
    styles = _styles()
    partnership = board.viewer.partnership
    story.append(CondPageBreak(80 * mm))
    story.append(Paragraph("How the partnership is working", styles["h2"]))
    wave = (
        Wave.objects.filter(partnership=partnership, status=WaveStatus.CLOSED)
        .order_by("-closed_at")
        .first()
    )
    if wave is None:
        story.append(Paragraph("No health check has closed yet.", styles["body"]))
    else:
        report = build_report(wave)
        story.append(
            Paragraph(
                escape(f"Latest health check: {wave.title} ({report.respondents} responses)"),
                styles["h3"],
            )
        )
        story.append(_table([s.overall for s in report.sections], styles, "Section"))
    survey = (
        NetworkSurvey.objects.filter(partnership=partnership, status=WaveStatus.CLOSED)
        .order_by("-closed_at")
        .first()
    )
    story.append(Paragraph("Latest network survey", styles["h3"]))
    if survey is None:
        story.append(Paragraph("No network survey has closed yet.", styles["body"]))
    else:
        closed = f", closed {survey.closed_at:%-d %B %Y}" if survey.closed_at else ""
        story.append(
            Paragraph(
                escape(f"{survey.title}{closed}: its map is in the workspace."), styles["body"]
            )
        )
    actions = list(
        Action.objects.filter(plan__partnership=partnership)
        .open()
        .select_related("owner")
        .order_by("due_date", "title")[:30]
    )
    story.append(Paragraph("Open actions", styles["h3"]))
    if not actions:
        story.append(Paragraph("No open actions.", styles["body"]))
    else:
        data: list[list[object]] = [["Action", "Owner", "Due", "Status"]]
        for action in actions:
            due = f"{action.due_date:%-d %b %Y}" if action.due_date else ""
            data.append(
                [
                    Paragraph(escape(action.title), styles["cell"]),
                    Paragraph(escape(action.owner.name), styles["cell"]),
                    due,
                    action.get_status_display(),
                ]
            )
        table = PdfTable(
            data, colWidths=[80 * mm, 50 * mm, 22 * mm, PAGE_WIDTH - 152 * mm], repeatRows=1
        )
        table.setStyle(TABLE_STYLE)
        story.append(table)
    start, end = board.period.bounds()
    entries = list(
        LearningEntry.objects.filter(
            partnership=partnership, created_at__gte=start, created_at__lt=end
        ).order_by("created_at")[:30]
    )
    story.append(Paragraph("Learning log in the period", styles["h3"]))
    if not entries:
        story.append(
            Paragraph("Nothing was added to the learning log in this period.", styles["body"])
        )
    for entry in entries:
        story.append(
            Paragraph(
                f"<b>{escape(entry.title)}</b> ({entry.created_at:%-d %B %Y})", styles["body"]
            )
        )
        story.append(Paragraph(escape(entry.text[:600]), styles["small"]))


def render_pack(board: Board) -> bytes:
    """The board pack for `board`'s period as PDF bytes."""
    styles = _styles()
    partnership = board.viewer.partnership
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{partnership.name}: board pack, {board.period.label}",
        author=partnership.name,
    )
    story: list[object] = [
        Paragraph(escape(f"{partnership.name}: board pack"), styles["title"]),
        Paragraph(escape(f"{board.period.label}, beside {board.previous.label}."), styles["body"]),
        Paragraph(
            escape(
                f"Counts under {board.viewer.threshold} are not shown, with others where a total "
                "would let them be worked out. No person is named. Days are to the receiving "
                "service's first answer (accepted or declined); the 90th percentile is the "
                "nearest-rank one."
            ),
            styles["small"],
        ),
        Spacer(1, 4 * mm),
        Paragraph("Referrals", styles["h2"]),
        _summary_table(board),
        Spacer(1, 4 * mm),
        KeepTogether(
            [Paragraph("The loop: from sent to got help", styles["h3"]), _funnel_chart(board)]
        ),
    ]
    _section(
        story,
        "Where referrals stand, by receiving organisation",
        board["loop-organisations"],
        LOOP_COLUMNS,
    )
    _section(story, "Declined, by reason", board["loop-declines"])
    _section(story, "Who refers to whom (sector to sector)", board["flows-sectors"])
    _section(
        story, "Who refers to whom (organisation to organisation)", board["flows-organisations"]
    )
    story.append(Paragraph("Response times", styles["h2"]))
    _section(story, "By receiving organisation", board["response-organisations"], RESPONSE_COLUMNS)
    _section(story, "Over the period", board["response-trend"], RESPONSE_COLUMNS)
    story.append(Paragraph("Outcomes", styles["h2"]))
    _section(story, "By sector", board["outcomes-sectors"], OUTCOME_COLUMNS)
    _section(story, "By service", board["outcomes-services"], OUTCOME_COLUMNS)
    _section(story, "By need category", board["outcomes-needs"], OUTCOME_COLUMNS)
    _partnership_work(story, board)
    document.build(story)
    return buffer.getvalue()
