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

from collections.abc import Iterable, Sequence
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
    def key(row: str, column: str) -> Cell:
        cell = (table.key, row, column)
        return alias.get(cell, cell)

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
    for (row, column), value in list(table.values.items()) + list(table.hidden_parts.items()):
        if column not in counts and (row, column) not in table.hidden_parts:
            continue
        cell = alias.get((table.key, row, column), (table.key, row, column))
        cells[cell] = int(value)
        if own & table.owners.get(row, frozenset()):
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


def _cell(
    table: Table, row: str, column: Column, hidden: set[Cell], threshold: int, exempt: bool
) -> float | None:
    def count(key: str) -> float | None:
        if (table.key, row, key) in hidden:
            return None
        return table.value(row, key)

    if column.kind == "count":
        return count(column.key)
    if column.kind == "percent":
        numerator, denominator = (count(k) for k in column.of)
        if numerator is None or denominator is None or not denominator:
            return None
        return 100.0 * numerator / denominator
    # A statistic of a group (a median, a percentile) only of a group at least the threshold in
    # size, or one's own. It says nothing of the group's size, so a group whose count is hidden
    # only to protect another cell keeps its statistics.
    group = table.value(row, column.of[0])
    if not group or (group < threshold and not exempt):
        return None
    return table.values.get((row, column.key))


def present(table: Table, hidden: set[Cell], *, threshold: int, own: Iterable[Any] = ()) -> Shown:
    own_set = set(own)
    rows = list(table.rows) + ([(TOTAL, "Total")] if table.total_row else [])
    shown_rows = []
    any_hidden = False
    for key, label in rows:
        exempt = bool(own_set & table.owners.get(key, frozenset()))
        cells = [_cell(table, key, c, hidden, threshold, exempt) for c in table.columns]
        # A blank statistic of an empty group is "no figure", not a hidden one.
        any_hidden |= any(
            v is None and (c.kind == "count" or table.value(key, c.of[0] if c.of else c.key))
            for v, c in zip(cells, table.columns, strict=True)
        )
        texts = [
            _text(v, c.kind) if v is not None or _is_hidden(table, key, c, hidden) else "-"
            for v, c in zip(cells, table.columns, strict=True)
        ]
        shown_rows.append(ShownRow(key, label, cells, texts, key == TOTAL))
    return Shown(table, shown_rows, any_hidden, threshold)


def _is_hidden(table: Table, row: str, column: Column, hidden: set[Cell]) -> bool:
    """Whether a blank cell is blank because it is hidden (rather than empty, or a rate of 0)."""
    keys = [column.key] if column.kind == "count" else list(column.of)
    if column.kind == "days":
        return table.value(row, column.of[0]) > 0
    return any((table.key, row, k) in hidden for k in keys)


def present_all(
    tables: Sequence[Table], *, threshold: int, own: Iterable[Any] = ()
) -> dict[str, Shown]:
    own = set(own)
    hidden = hidden_in(tables, threshold=threshold, own=own)
    return {t.key: present(t, hidden, threshold=threshold, own=own) for t in tables}
