"""Figures as tables, and what a viewer may see of them (issue 15, item 3).

Every figure is a `Table` of raw counts (and a few statistics) computed by `figures`. Before a
page, a CSV or the API shows one, `present` suppresses small counts with the shared rule
(`joinedup.core.suppression`) over all the tables of a dashboard at once, so one table's total
cannot unlock another's hidden cell: a table whose total is another table's cell says so
(`Table.total_is`), and both are the same cell to the rule.

An organisation's own rows (`Table.owners`) are exempt: it knows its own referrals. Nobody ever
sees a person: tables hold counts, durations and rates of groups only.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from joinedup.core.suppression import hidden_cells

TOTAL = "__total__"
Cell = tuple[str, str, str]  # (table key, row, column)
NOT_SHOWN = "Not shown"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # count, days, percent
    # For days: the count column whose group the statistic describes (hidden with it, and
    # hidden when that group is under the threshold). For percent: (numerator, denominator).
    of: tuple[str, ...] = ()


@dataclass
class Table:
    key: str  # a slug, for CSV file names and the API
    title: str
    row_label: str
    columns: list[Column]
    rows: list[tuple[str, str]]  # (key, label), in order
    values: dict[tuple[str, str], float] = field(default_factory=dict)
    # A total row (each count column summed over the rows) is shown, and the rows add up to it.
    total_row: bool = True
    # A count column that is the sum of the other count columns of its row.
    total_column: str | None = None
    # (table key, row, column) of another table's cell that this table's total row equals, per
    # count column of this table.
    total_is: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # Organisations each row is about: their members see that row unsuppressed.
    owners: dict[str, frozenset[Any]] = field(default_factory=dict)
    caption: str = ""
    # Counts that can be worked out from the tables but are never shown (a funnel's drop-outs),
    # and the relations that tie cells of this table to other cells, in any table:
    # (total cell, [part cells]), each cell (table key, row, column).
    hidden_parts: dict[tuple[str, str], int] = field(default_factory=dict)
    relations: list[tuple[Cell, list[Cell]]] = field(default_factory=list)

    def count_columns(self) -> list[str]:
        return [c.key for c in self.columns if c.kind == "count"]

    def value(self, row: str, column: str) -> float:
        return self.values.get((row, column), 0)

    def with_totals(self) -> None:
        """Fill the total row from the rows."""
        if not self.total_row:
            return
        for column in self.count_columns():
            self.values[(TOTAL, column)] = sum(self.value(r, column) for r, _ in self.rows)


def _relations(table: Table, alias: dict[Cell, Cell]) -> list[tuple[Cell, list[Cell]]]:
    # Only a few rows' cells go by another name (a total row that is another table's cell):
    # the others need no look-up (a region's table has hundreds of thousands of cells).
    renamed = {row for name, row, _ in alias if name == table.key}

    def key(row: str, column: str) -> Cell:
        cell = (table.key, row, column)
        return alias.get(cell, cell) if row in renamed else cell

    counts = table.count_columns()
    parts = [c for c in counts if c != table.total_column]
    rows = [r for r, _ in table.rows] + ([TOTAL] if table.total_row else [])
    found: list[tuple[Cell, list[Cell]]] = []
    if table.total_column:
        for row in rows:
            found.append((key(row, table.total_column), [key(row, c) for c in parts]))
    if table.total_row:
        for column in counts:
            found.append((key(TOTAL, column), [key(r, column) for r, _ in table.rows]))
    for total, members in table.relations:
        found.append((alias.get(total, total), [alias.get(m, m) for m in members]))
    return found


def _cells_of(
    table: Table, alias: dict[Cell, Cell], own: set[Any], cells: dict[Cell, int], exempt: set[Cell]
) -> None:
    """Add a table's counts (shown and worked-out ones) to `cells`, its own ones to `exempt`."""
    counts = table.count_columns()
    counted = set(counts)
    mine = {row for row, found in table.owners.items() if not own.isdisjoint(found)}
    for (row, column), value in [*table.values.items(), *table.hidden_parts.items()]:
        if column not in counted and (row, column) not in table.hidden_parts:
            continue
        cell = (table.key, row, column)
        cell = alias.get(cell, cell)
        cells[cell] = int(value)
        if row in mine:
            exempt.add(cell)
    for row, _ in table.rows:
        for column in counts:
            cells.setdefault((table.key, row, column), 0)


def hidden_in(tables: Sequence[Table], *, threshold: int, own: Iterable[Any] = ()) -> set[Cell]:
    """The cells of these tables to hide from a viewer whose organisations are `own`."""
    own_set = set(own)
    alias: dict[Cell, Cell] = {}
    for table in tables:
        for column, target in table.total_is.items():
            alias[(table.key, TOTAL, column)] = target
    cells: dict[Cell, int] = {}
    exempt: set[Cell] = set()
    relations: list[tuple[Cell, list[Cell]]] = []
    for table in tables:
        _cells_of(table, alias, own_set, cells, exempt)
        relations.extend(_relations(table, alias))
    hidden = hidden_cells(cells, relations, threshold=threshold, exempt=exempt)
    # Report hidden cells under every name they go by.
    for own_name, target in alias.items():
        if target in hidden:
            hidden.add(own_name)
    return hidden


# The most rows of one table a page shows (the CSV has them all).
PAGE_ROWS = 50


@dataclass
class ShownRow:
    key: str
    label: str
    cells: list[float | None]  # None: not shown
    texts: list[str]
    total: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its fields alone: a region's table has tens of thousands of rows, read
        # back from the cache on every page that shows it.
        return (ShownRow, (self.key, self.label, self.cells, self.texts, self.total))


@dataclass
class Shown:
    """A table as one viewer may see it."""

    table: Table
    rows: list[ShownRow]
    any_hidden: bool
    threshold: int

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def page_rows(self) -> list[ShownRow]:
        """The rows a page shows: the first PAGE_ROWS (a region's flows have thousands, which no
        board reads on a page), then the totals. The CSV has every row. Rows left out are not
        summed into an "other" row: with the CSV beside it, that sum less the rows shown there
        could give away a hidden cell."""
        rows = [r for r in self.rows if not r.total]
        return rows[:PAGE_ROWS] + [r for r in self.rows if r.total]

    @property
    def rows_left_out(self) -> int:
        return max(0, sum(1 for r in self.rows if not r.total) - PAGE_ROWS)

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def columns(self) -> list[Column]:
        return self.table.columns

    def compact(self, own: Iterable[Any] = ()) -> Shown:
        """The same table as shown to a viewer whose organisations are `own`, without the raw
        figures behind it (the counts, the cells that tie tables together, who owns each of
        thousands of rows): what a cache keeps for that viewer, quick to read back. Of the
        rows' owners only the viewer's own organisations are kept, so their rows can still be
        told apart."""
        t = self.table
        mine = set(own)
        owners = {row: found & mine for row, found in t.owners.items() if found & mine}
        shell = Table(t.key, t.title, t.row_label, t.columns, [], total_row=t.total_row)
        shell.owners, shell.caption, shell.total_column = owners, t.caption, t.total_column
        return Shown(shell, self.rows, self.any_hidden, self.threshold)

    def value(self, row: str, column: str) -> float | None:
        index = [c.key for c in self.table.columns].index(column)
        for shown in self.rows:
            if shown.key == row:
                return shown.cells[index]
        raise KeyError(row)


def _text(value: float | None, kind: str) -> str:
    if value is None:
        return NOT_SHOWN
    if kind == "percent":
        return f"{value:.0f}%"
    if kind == "days":
        return f"{value:.1f}"
    return f"{int(value):,}"


def _cells_of_row(
    table: Table, row: str, hidden: set[Cell], threshold: int, exempt: bool
) -> tuple[list[float | None], list[str], bool]:
    """A row's cells as shown (None: not shown), their texts ("Not shown" where hidden, "-"
    where there is no figure: an empty group's statistic, a rate of nothing), and whether any
    is hidden. One loop, no call a cell: a region's board has hundreds of thousands."""
    values, key = table.values, table.key
    cells: list[float | None] = []
    texts: list[str] = []
    any_hidden = False
    for column in table.columns:
        kind, of = column.kind, column.of
        if kind == "count":
            if (key, row, column.key) in hidden:
                cells.append(None)
                texts.append(NOT_SHOWN)
                any_hidden = True
            else:
                value = values.get((row, column.key), 0)
                cells.append(value)
                texts.append(_text(value, kind))
            continue
        if kind == "percent":
            concealed = any((key, row, k) in hidden for k in of)
            numerator, denominator = (values.get((row, k), 0) for k in of)
            shown = None if concealed or not denominator else 100.0 * numerator / denominator
            missing = bool(concealed)
        else:
            # A statistic of a group (a median, a percentile) only of a group at least the
            # threshold in size, or one's own. It says nothing of the group's size, so a group
            # whose count is hidden only to protect another cell keeps its statistics.
            group = values.get((row, of[0]), 0)
            small = not group or (group < threshold and not exempt)
            shown = None if small else values.get((row, column.key))
            missing = group > 0
        cells.append(shown)
        texts.append(_text(shown, kind) if shown is not None or missing else "-")
        # A blank statistic of an empty group is "no figure", not a hidden one.
        any_hidden |= shown is None and bool(values.get((row, of[0] if of else column.key), 0))
    return cells, texts, any_hidden


def present(table: Table, hidden: set[Cell], *, threshold: int, own: Iterable[Any] = ()) -> Shown:
    own_set = set(own)
    rows = list(table.rows) + ([(TOTAL, "Total")] if table.total_row else [])
    shown_rows = []
    any_hidden = False
    nobody: frozenset[Any] = frozenset()
    for key, label in rows:
        exempt = bool(own_set & table.owners.get(key, nobody))
        cells, texts, hides = _cells_of_row(table, key, hidden, threshold, exempt)
        any_hidden |= hides
        shown_rows.append(ShownRow(key, label, cells, texts, key == TOTAL))
    return Shown(table, shown_rows, any_hidden, threshold)


def present_all(
    tables: Sequence[Table], *, threshold: int, own: Iterable[Any] = ()
) -> dict[str, Shown]:
    own = set(own)
    with no_collection_pauses():
        hidden = hidden_in(tables, threshold=threshold, own=own)
        return {t.key: present(t, hidden, threshold=threshold, own=own) for t in tables}


@contextmanager
def no_collection_pauses() -> Iterator[None]:
    """Python's cycle collector held off while a board's figures are read, suppressed and
    presented. A region's board is hundreds of thousands of new objects (cells, relations,
    rows; none of them in a cycle), and the collector otherwise runs every few hundred new
    objects and walks the whole heap now and then, the figures included: held off, suppressing
    is a third quicker and reading the figures back from the cache twice as quick. Nothing is
    leaked: what is made is freed by reference counting as always, and the collector runs
    again afterwards. (It is the whole process's switch: a thread running meanwhile only
    collects its cycles later.)"""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
