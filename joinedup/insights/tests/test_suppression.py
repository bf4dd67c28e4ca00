"""Small numbers on the board never identify anyone: a figure of 3 never appears, directly or
by subtraction; an organisation sees its own figures; nobody sees a person."""

from __future__ import annotations

import pytest

from joinedup.insights import dashboard, periods
from joinedup.insights.tables import TOTAL, _relations, hidden_in
from joinedup.insights.tests.conftest import Q1

NO_FILTERS = periods.Filters()


def shown_counts(board, own=None):
    """Every count shown on the board, except in rows about the organisation `own`."""
    for shown in board.tables.values():
        for row in shown.rows:
            if own in shown.table.owners.get(row.key, ()):
                continue
            for column, value in zip(shown.columns, row.cells, strict=True):
                if column.kind == "count" and value is not None:
                    yield shown.key, row.key, column.key, value


def test_a_manager_never_sees_a_count_under_five(partnership, pam, scenario):
    board = dashboard.board(dashboard.viewer_of(pam, partnership), Q1, NO_FILTERS)
    small = [c for c in shown_counts(board) if 0 < c[3] < 5]
    assert small == []
    assert board["loop-declines"].value("no_capacity", "referrals") is None
    assert board["loop-declines"].value(TOTAL, "referrals") is None  # 3 declines in all


@pytest.mark.parametrize("viewer", ["manager", "food bank"])
def test_nothing_under_five_can_be_worked_out_by_subtraction(
    partnership, scenario, food_bank, viewer
):
    raw = dashboard.raw_figures(partnership, Q1, NO_FILTERS)
    own = {food_bank.pk} if viewer == "food bank" else set()
    hidden = hidden_in(raw.tables, threshold=5, own=own)
    cells = {}
    alias = {}
    for table in raw.tables:
        for column, target in table.total_is.items():
            alias[(table.key, TOTAL, column)] = target
    for table in raw.tables:
        for (row, column), value in [*table.values.items(), *table.hidden_parts.items()]:
            cells[alias.get((table.key, row, column), (table.key, row, column))] = value
    checked = 0
    for table in raw.tables:
        for total, parts in _relations(table, alias):
            if total in hidden:
                continue
            concealed = [cells.get(p, 0) for p in parts if p in hidden]
            # total minus the shown parts is what an onlooker learns: 0 or at least 5, and
            # never a single hidden cell on its own.
            assert sum(concealed) == 0 or (len(concealed) >= 2 and sum(concealed) >= 5), (
                total,
                parts,
            )
            checked += 1
    assert checked > 50


def test_the_threshold_is_the_partnerships(partnership, pam, scenario, food_bank):
    partnership.suppression_threshold = 11
    partnership.save()
    board = dashboard.board(dashboard.viewer_of(pam, partnership), Q1, NO_FILTERS)
    # the food bank received 10: fewer than 11
    assert board["loop-organisations"].value(str(food_bank.pk), "sent") is None
    partnership.suppression_threshold = 5
    partnership.save()
    board = dashboard.board(dashboard.viewer_of(pam, partnership), Q1, NO_FILTERS)
    assert board["loop-organisations"].value(str(food_bank.pk), "sent") == 10


def test_a_member_sees_its_own_figures_unsuppressed(partnership, dora, pam, scenario, food_bank):
    mine = dashboard.board(dashboard.viewer_of(dora, partnership), Q1, NO_FILTERS)
    theirs = dashboard.board(dashboard.viewer_of(pam, partnership), Q1, NO_FILTERS)
    row = str(food_bank.pk)
    # the food bank has 3 still being worked: its own, so shown to dora, hidden from pam
    assert mine["loop-organisations"].value(row, "working") == 3
    assert theirs["loop-organisations"].value(row, "working") is None
    # ...and others' small figures stay hidden from dora
    assert [c for c in shown_counts(mine, own=food_bank.pk) if 0 < c[3] < 5] == []


def test_a_member_does_not_unlock_another_members_figures(partnership, dora, scenario, council):
    mine = dashboard.board(dashboard.viewer_of(dora, partnership), Q1, NO_FILTERS)
    council_row = str(council.pk)
    for column in ("waiting", "expired", "declined", "logged"):
        assert mine["loop-organisations"].value(council_row, column) is None


@pytest.mark.parametrize("table", ["flows-organisations", "loop-services", "outcomes-services"])
def test_no_person_is_ever_named(partnership, pam, scenario, table):
    board = dashboard.board(dashboard.viewer_of(pam, partnership), Q1, NO_FILTERS)
    labels = " ".join(r.label for r in board[table].rows)
    assert "P" not in labels.split()  # the people in the scenario are all called "P"
    assert "R-" not in labels  # nor any referral's reference


def test_a_median_of_enough_answers_is_shown_even_when_its_count_is_hidden(
    partnership, pam, scenario, council
):
    board = dashboard.board(dashboard.viewer_of(pam, partnership), Q1, NO_FILTERS)
    summary = board["summary"]
    # 20 answers: the count is hidden (with 3 unanswered it would show them by subtraction),
    # but their median (17 hours) says nothing of how many there were.
    assert summary.value("period", "answered") is None
    assert summary.value("period", "median") == pytest.approx(17 / 24)
    # the council answered only 3: no median of so few
    assert board["response-organisations"].value(str(council.pk), "median") is None


def test_a_page_shows_the_first_rows_and_the_total_and_the_csv_has_them_all():
    from joinedup.insights.tables import PAGE_ROWS, Shown, ShownRow, Table

    rows = [ShownRow(f"r{i}", f"Row {i}", [10.0], ["10"]) for i in range(PAGE_ROWS + 7)]
    total = ShownRow(TOTAL, "Total", [10.0 * len(rows)], [str(10 * len(rows))], total=True)
    table = Table("t", "T", "Row", [], [(r.key, r.label) for r in rows])
    shown = Shown(table, [*rows, total], any_hidden=False, threshold=5)
    assert [r.key for r in shown.page_rows] == [r.key for r in rows[:PAGE_ROWS]] + [TOTAL]
    assert shown.rows_left_out == 7
    # Everything else (the CSV, the API) still reads every row.
    assert len(shown.rows) == PAGE_ROWS + 8


@pytest.mark.parametrize("viewer", ["manager", "food bank", "council", "both"])
def test_the_quicker_rule_hides_what_it_hid_before_on_a_board(
    partnership, scenario, food_bank, council, viewer, monkeypatch
):
    """The rule keeps running counts now (ADR 37, fifth session); on a real board, for each
    kind of viewer, it hides exactly the cells it hid when it added them up at every check."""
    from joinedup.core.tests.suppression_before import hidden_cells_before
    from joinedup.insights import tables

    raw = dashboard.raw_figures(partnership, Q1, NO_FILTERS)
    own = {
        "manager": set(),
        "food bank": {food_bank.pk},
        "council": {council.pk},
        "both": {food_bank.pk, council.pk},
    }[viewer]
    now = hidden_in(raw.tables, threshold=5, own=own)
    monkeypatch.setattr(tables, "hidden_cells", hidden_cells_before)
    assert now == hidden_in(raw.tables, threshold=5, own=own)
    assert len(now) > 10
