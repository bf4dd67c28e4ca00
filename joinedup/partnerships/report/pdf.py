"""The printable board report of a wave: the same charts and tables as the results page, as PDF.

Drawn with reportlab (pure Python, no system packages; docs/adr/0010). The charts are the shapes
charts.py lays out for the page, drawn again here with reportlab's graphics.
"""

from __future__ import annotations

import io
from dataclasses import replace
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Group
from reportlab.graphics.shapes import Line as RLLine
from reportlab.graphics.shapes import Rect as RLRect
from reportlab.graphics.shapes import String as RLString
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from joinedup.partnerships import charts
from joinedup.partnerships.report.layout import NOT_SHOWN, ResultsReport, Row
from joinedup.partnerships.scoring import Band

PAGE_WIDTH = A4[0] - 36 * mm
_ANCHORS = {"start": "start", "middle": "middle", "end": "end"}


def chart_drawing(chart: charts.Chart, width: float = PAGE_WIDTH) -> Drawing:
    """charts.py's shapes, flipped into PDF coordinates (y grows upwards) and scaled to fit."""
    scale = min(1.0, width / chart.width)
    group = Group()
    height = chart.height
    for shape in chart.shapes:
        if isinstance(shape, charts.Rect):
            group.add(
                RLRect(
                    shape.x,
                    height - shape.y - shape.height,
                    shape.width,
                    shape.height,
                    fillColor=colors.HexColor(shape.fill),
                    strokeColor=None,
                )
            )
        elif isinstance(shape, charts.Line):
            group.add(
                RLLine(
                    shape.x1,
                    height - shape.y1,
                    shape.x2,
                    height - shape.y2,
                    strokeColor=colors.HexColor(shape.stroke),
                    strokeWidth=shape.width,
                )
            )
        else:
            group.add(
                RLString(
                    shape.x,
                    height - shape.y,
                    shape.text,
                    fontName="Helvetica-Bold" if shape.bold else "Helvetica",
                    fontSize=shape.size,
                    fillColor=colors.HexColor(shape.fill),
                    textAnchor=_ANCHORS[shape.anchor],
                )
            )
    group.scale(scale, scale)
    drawing = Drawing(chart.width * scale, chart.height * scale)
    drawing.add(group)
    return drawing


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], alignment=0, fontSize=20),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], spaceBefore=10),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], spaceBefore=6),
        "body": base["BodyText"],
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=8.5, leading=10.5),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10),
    }


TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#b1b4b6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("ALIGN", (2, 0), (-1, 0), "RIGHT"),
    ]
)


def _table(rows: list[Row], styles: dict[str, ParagraphStyle], first: str) -> Table:
    data: list[list[object]] = [[first, "", "Mean", "SD", "Range", "Answers", "Band", "Change"]]
    for row in rows:
        if not row.count:  # no answers at all, or a suppressed group: words, no figures
            title = Paragraph(escape(row.title), styles["cell"])
            data.append([row.number, title, Paragraph(escape(row.mean), styles["cell"]), *[""] * 5])
            continue
        data.append(
            [
                row.number,
                Paragraph(escape(row.title), styles["cell"]),
                row.mean,
                row.sd,
                row.spread,
                row.count,
                row.band,
                row.change,
            ]
        )
    widths = [14 * mm, None, 15 * mm, 12 * mm, 16 * mm, 15 * mm, 19 * mm, 17 * mm]
    fixed = sum(w for w in widths if w is not None)
    widths[1] = PAGE_WIDTH - fixed
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _group_table(rows: list[Row], heading: str, styles: dict[str, ParagraphStyle]) -> Table:
    data: list[list[object]] = [[heading, "Mean", "Answers", "Band"]]
    for row in rows:
        if row.suppressed:
            data.append([row.title, Paragraph(NOT_SHOWN, styles["cell"]), "", ""])
        else:
            data.append([row.title, row.mean, row.count, row.band])
    table = Table(data, colWidths=[55 * mm, 45 * mm, 20 * mm, 25 * mm], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _band_words(band: Band) -> str:
    if band.minimum is None:
        return f"{band.label.lower()} below that"
    return f"{band.label.lower()} from {band.minimum:.1f}"


def render_pdf(report: ResultsReport) -> bytes:
    """The report as PDF bytes: cover facts, a summary table, then each section in full."""
    styles = _styles()
    buffer = io.BytesIO()
    wave = report.wave
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{report.partnership.name}: {wave.title} health check results",
        author=report.partnership.name,
        subject=report.instrument.title,
    )
    story: list[object] = [
        Paragraph(escape(f"{report.partnership.name}: {wave.title}"), styles["title"]),
        Paragraph(
            escape(
                f"{report.instrument.title} (version {report.instrument.version}). "
                f"{report.respondents} response{'s' if report.respondents != 1 else ''}. "
                f"Status: {wave.get_status_display().lower()}. "
                f"Report made on {report.made_on:%-d %B %Y}."
            ),
            styles["body"],
        ),
        Paragraph(
            escape(
                "Means are on a 1 to 5 agreement scale: "
                + ", ".join(_band_words(b) for b in report.bands)
                + f". Groups of fewer than {report.threshold} responses are not shown, and when "
                "only one group would be hidden the next smallest is hidden too."
                + (
                    f" Change is since {report.previous.title}."
                    if report.previous is not None
                    else " There is no earlier round to compare with."
                )
            ),
            styles["small"],
        ),
        Spacer(1, 4 * mm),
        Paragraph("Summary", styles["h2"]),
        _table(
            [replace(s.overall, number=str(s.number)) for s in report.sections],
            styles,
            "Section",
        ),
    ]
    for section in report.sections:
        story.append(CondPageBreak(90 * mm))
        story.append(Paragraph(escape(f"{section.number}. {section.title}"), styles["h2"]))
        story.append(KeepTogether([chart_drawing(section.chart), Spacer(1, 3 * mm)]))
        overall = replace(section.overall, title="Overall")
        story.append(_table([overall, *section.statements], styles, "Statement"))
        story.append(Paragraph("By sector", styles["h3"]))
        story.append(_group_table(section.by_sector, "Sector", styles))
        story.append(Paragraph("Strategic and frontline", styles["h3"]))
        story.append(_group_table(section.by_level, "Role", styles))
    document.build(story)
    return buffer.getvalue()
