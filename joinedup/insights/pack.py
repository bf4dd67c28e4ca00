"""The board pack (issue 15, item 6): one PDF for a period with what a partnership board reads.

Referrals (the period beside the previous one, flows, the loop), response times and outcomes,
suppressed for the reader exactly as the board's pages are; unmet need and referrals by area,
from the place pages' own functions with their suppression (alike for every reader); how people
felt (the ONS4 change, with how many answered), suppressed as the wellbeing page suppresses a
partnership's figures, a member organisation's own services in full; then the latest closed
health check's summary, the latest closed network survey, the open actions and the period's
learning log.

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

from joinedup.directory.models import Organization, Service
from joinedup.insights import areas, charts, place_cache, place_periods, unmet, wellbeing
from joinedup.insights.dashboard import Board
from joinedup.insights.figures import SUMMARY_COLUMNS
from joinedup.insights.models import Indicator
from joinedup.insights.periods import Period
from joinedup.insights.small_numbers import threshold_of
from joinedup.insights.tables import NOT_SHOWN, Shown
from joinedup.insights.templatetags.place_figures import figure, percent
from joinedup.partnerships.models import Action, LearningEntry, NetworkSurvey, Wave, WaveStatus
from joinedup.partnerships.report.layout import build_report
from joinedup.partnerships.report.pdf import (
    PAGE_WIDTH,
    TABLE_STYLE,
    _styles,
    _table,
    chart_drawing,
)
from joinedup.referrals.models import MEASURES

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


# The most rows of a place table the pack prints (the pages have them all).
PLACE_ROWS = 40
# The area indicators the pack sets referrals beside, in name order.
PACK_INDICATORS = 3
# The services whose wellbeing change the pack lists, those most answered for first.
MOST_ANSWERED = 30


def place_period(period: Period) -> place_periods.Period:
    """The board's period as the place pages write it (the same days; the same period before)."""
    return place_periods.Period(period.kind, period.start, period.last_day)


def _grid(
    header: list[str], rows: list[list[str]], first: float = 60 * mm, total: list[str] | None = None
) -> PdfTable:
    """A plain table: the first column words (wrapped), the others figures (a long one, such
    as a band's districts, wrapped too)."""
    styles = _styles()

    def wrapped(text: str) -> object:
        return Paragraph(escape(text), styles["cell"]) if len(text) > 20 else text

    data: list[list[object]] = [[Paragraph(escape(h), styles["cell"]) for h in header]]
    for row in [*rows, *([total] if total else [])]:
        data.append([Paragraph(escape(row[0]), styles["cell"]), *map(wrapped, row[1:])])
    rest = (PAGE_WIDTH - first) / max(len(header) - 1, 1)
    table = PdfTable(data, colWidths=[first] + [rest] * (len(header) - 1), repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _heading(story: list[object], title: str, text: str = "") -> None:
    styles = _styles()
    story.append(CondPageBreak(50 * mm))
    story.append(Paragraph(escape(title), styles["h3"]))
    if text:
        story.append(Paragraph(escape(text), styles["small"]))


def _more(story: list[object], rows: int, page: str) -> None:
    if rows > PLACE_ROWS:
        story.append(
            Paragraph(
                escape(f"The first {PLACE_ROWS} of {rows} rows; the {page} page has them all."),
                _styles()["small"],
            )
        )


def _unmet_need(story: list[object], board: Board) -> None:
    """The unmet-need page's figures for the period (its own functions and suppression)."""
    styles = _styles()
    partnership = board.viewer.partnership
    period = place_period(board.period)
    threshold = threshold_of(partnership)
    story.append(CondPageBreak(80 * mm))
    story.append(Paragraph("Unmet need", styles["h2"]))
    by_theme = unmet.search_rates(place_cache.searches_by("theme", period), threshold)
    before = unmet.search_rates(place_cache.searches_by("theme", period.previous()), threshold)
    before_rates = {r.key: r.rate for r in before.rows}
    _heading(
        story,
        "Searches that found little",
        "Searches of the directory that found no service, or fewer than 3, as a share of all "
        "searches: the whole place's searches, counted without the words typed or anyone's "
        "details.",
    )
    if not by_theme.rows:
        story.append(Paragraph("No searches were counted in this period.", styles["body"]))
    else:
        story.append(
            _grid(
                ["Theme", "Searches", "Found little", "Rate", "Rate before"],
                [
                    [
                        r.key,
                        figure(r.searches),
                        figure(r.unmet),
                        percent(r.rate),
                        "No searches"
                        if r.key not in before_rates
                        else percent(before_rates[r.key]),
                    ]
                    for r in by_theme.rows[:PLACE_ROWS]
                ],
                total=[
                    "All themes",
                    figure(by_theme.searches),
                    figure(by_theme.unmet),
                    percent(by_theme.rate),
                    percent(before.rate) if before.rows else "No searches",
                ],
            )
        )
        _more(story, len(by_theme.rows), "unmet-need")
        by_area = unmet.search_rates(place_cache.searches_by("area", period), threshold)
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph("By the postcode district searched from", styles["small"]))
        story.append(
            _grid(
                ["District", "Searches", "Found little", "Rate"],
                [
                    [r.key, figure(r.searches), figure(r.unmet), percent(r.rate)]
                    for r in by_area.rows[:PLACE_ROWS]
                ],
            )
        )
        _more(story, len(by_area.rows), "unmet-need")
    turned_away = place_cache.declines_in(partnership, period)
    declines, by_reason = unmet.decline_table(turned_away, threshold)
    _heading(
        story,
        "Referrals turned away",
        "Referrals to the partnership's organisations declined, or closed as not completed, "
        "because the service had no capacity or the person was not eligible.",
    )
    if not declines:
        story.append(
            Paragraph(
                "No referral was turned away for no capacity or not being eligible in this period.",
                styles["body"],
            )
        )
    else:
        reasons = list(unmet.UNMET_DECLINES)
        story.append(
            _grid(
                ["Service", *unmet.UNMET_DECLINES.values()],
                [[row.service, *(figure(row.counts[r]) for r in reasons)] for row in declines],
                first=90 * mm,
                total=["All services", *(figure(by_reason[r]) for r in reasons)],
            )
        )
    waiting = [
        (p.day, category, n)
        for p in place_cache.waiting_lists_in(partnership, period)
        for category, n in p.by_category.items()
    ]
    _heading(
        story,
        "Services with a waiting list",
        "The partnership's services on a waiting list at the end of each month, by category. "
        "These count services, not people, so no figure is hidden.",
    )
    if not waiting:
        story.append(
            Paragraph(
                "No service of the partnership had a waiting list in this period.", styles["body"]
            )
        )
    else:
        story.append(
            _grid(
                ["Category", "Month end", "Services"],
                [[c, f"{day:%-d %b %Y}", str(n)] for day, c, n in waiting[:PLACE_ROWS]],
                first=90 * mm,
            )
        )
        _more(story, len(waiting), "unmet-need")


def _by_area(story: list[object], board: Board) -> None:
    """The by-area page's figures: referrals by the person's district, and beside the
    partnership's area indicators (its own functions and suppression)."""
    styles = _styles()
    partnership = board.viewer.partnership
    period = place_period(board.period)
    threshold = threshold_of(partnership)
    story.append(CondPageBreak(80 * mm))
    story.append(Paragraph("By area", styles["h2"]))
    now = place_cache.referrals_by_district(partnership, period)
    table = areas.area_table(
        now, place_cache.referrals_by_district(partnership, period.previous()), threshold
    )
    _heading(
        story,
        "Referrals by the person's postcode district",
        "Referrals sent to the partnership's organisations, by the postcode district where the "
        "person lives, most first.",
    )
    if not table.rows:
        story.append(
            Paragraph("No referrals were sent in this period or the one before.", styles["body"])
        )
    else:
        story.append(
            _grid(
                ["District", "Referrals", "Period before"],
                [
                    [
                        f"{r.district} ({r.place[:60]})" if r.place else r.district,
                        figure(r.referrals),
                        figure(r.previous),
                    ]
                    for r in table.rows[:PLACE_ROWS]
                ],
                first=100 * mm,
                total=["All districts", figure(table.total), figure(table.previous_total)],
            )
        )
        _more(story, len(table.rows), "by-area")
    indicators = list(Indicator.objects.of(partnership).with_values().order_by("name"))
    if not indicators:
        story.append(
            Paragraph(
                "The partnership has not imported any area indicator yet, such as a deprivation "
                "decile.",
                styles["small"],
            )
        )
    stops = areas.districts_of_areas(partnership) if indicators else {}
    for indicator in indicators[:PACK_INDICATORS]:
        equity = areas.equity_table(
            areas.latest_values(indicator), now, stops, threshold, hidden=table.hidden
        )
        _heading(story, f"Referrals by {indicator.name} (latest values)")
        if not equity:
            story.append(
                Paragraph(
                    "None of this indicator's areas is a postcode district, or tied to one by a "
                    "stop on a line, so referrals cannot be counted by it yet.",
                    styles["small"],
                )
            )
            continue
        story.append(
            _grid(
                ["Value", "Districts", "Referrals"],
                [
                    [r.label, ", ".join(r.districts), figure(r.referrals)]
                    for r in equity[:PLACE_ROWS]
                ],
                first=30 * mm,
            )
        )
        _more(story, len(equity), "by-area")
    if len(indicators) > PACK_INDICATORS:
        story.append(
            Paragraph(
                escape(
                    f"{len(indicators) - PACK_INDICATORS} more indicators are on the by-area page."
                ),
                styles["small"],
            )
        )


def _change_text(change: wellbeing.Change) -> str:
    if change.suppressed:
        return NOT_SHOWN
    if change.mean_change is None:
        return "No answers"
    return f"{change.mean_change:+.2f} ({change.answered})"


def _how_people_felt(story: list[object], board: Board) -> None:
    """The ONS4 change between referral and completion for completions recorded in the period:
    the partnership's figures suppressed as the wellbeing page's, the reader's own services in
    full."""
    styles = _styles()
    partnership = board.viewer.partnership
    story.append(CondPageBreak(80 * mm))
    story.append(Paragraph("How people felt", styles["h2"]))
    story.append(
        Paragraph(
            "The change in ONS4 personal wellbeing between referral and completion, for "
            "referrals completed in the period, with how many people answered both times in "
            "brackets. Up is better, except for anxiety.",
            styles["small"],
        )
    )
    since, until = board.period.bounds()
    members = Organization.objects.filter(partnership_memberships__partnership=partnership)
    pairs, names = wellbeing.answer_pairs(receivers=members, since=since, until=until)
    own = {
        str(pk)
        for pk in Service.objects.filter(organization_id__in=board.viewer.own).values_list(
            "pk", flat=True
        )
    }
    overall, services = wellbeing.seen_by(
        pairs, names, threshold=threshold_of(partnership), own=own
    )
    _heading(story, "All the partnership's services")
    story.append(
        _grid(
            ["Question", "Change (answered both times)"],
            [[c.measure.short, _change_text(c)] for c in overall],
            first=80 * mm,
        )
    )
    shown = [s for s in services if any(c.mean_change is not None for c in s.changes)]
    most = sorted(shown, key=lambda s: -max(c.answered or 0 for c in s.changes))[:MOST_ANSWERED]
    if most:
        _heading(story, "By service")
        story.append(
            _grid(
                ["Service", *(m.short for m in MEASURES)],
                [
                    [s.name, *(_change_text(c) for c in s.changes)]
                    for s in sorted(most, key=lambda s: (s.name, s.service))
                ],
            )
        )
    left_out = len(services) - len(most)
    if left_out:
        story.append(
            Paragraph(
                escape(
                    f"{left_out} services are not listed: too few people answered both times "
                    f"to show a figure, or they are beyond the {MOST_ANSWERED} most answered for."
                ),
                styles["small"],
            )
        )


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
    _unmet_need(story, board)
    _by_area(story, board)
    _how_people_felt(story, board)
    _partnership_work(story, board)
    document.build(story)
    return buffer.getvalue()
