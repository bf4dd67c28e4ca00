"""The shared small-numbers rule (joinedup.core.suppression), checked by hand."""

from __future__ import annotations

import random
from itertools import combinations

from joinedup.core.suppression import hidden_cells, hidden_groups
from joinedup.core.tests.suppression_before import hidden_cells_before


def test_counts_under_the_threshold_are_hidden_and_zero_is_shown():
    assert hidden_cells({"a": 3, "b": 0, "c": 5, "d": 4}) == {"a", "d"}


def test_a_lone_hidden_cell_takes_the_smallest_shown_one_with_it():
    # total 21 is shown: a lone hidden b (3) would be 21 - 10 - 8 = 3. Hiding c (8) too leaves
    # b + c = 11, which says nothing about b.
    cells = {"a": 10, "b": 3, "c": 8, "total": 21}
    hidden = hidden_cells(cells, [("total", ["a", "b", "c"])])
    assert hidden == {"b", "c"}


def test_hidden_cells_that_add_up_to_fewer_than_the_threshold_take_another():
    # b (1) and c (2) hidden add up to 3: the total minus the shown cells would show "3".
    cells = {"a": 10, "b": 1, "c": 2, "d": 7, "total": 20}
    hidden = hidden_cells(cells, [("total", ["a", "b", "c", "d"])])
    assert hidden == {"b", "c", "d"}


def test_hiding_a_zero_does_not_help_so_a_non_zero_cell_is_hidden():
    cells = {"a": 0, "b": 3, "c": 9, "total": 12}
    assert hidden_cells(cells, [("total", ["a", "b", "c"])]) == {"b", "c"}


def test_a_table_with_row_and_column_totals_never_shows_three_by_subtraction():
    # rows x, y; columns p, q; the 3 is (x, q).
    cells = {
        ("x", "p"): 10, ("x", "q"): 3, ("x", "t"): 13,
        ("y", "p"): 6, ("y", "q"): 9, ("y", "t"): 15,
        ("T", "p"): 16, ("T", "q"): 12, ("T", "t"): 28,
    }  # fmt: skip
    relations = [
        (("x", "t"), [("x", "p"), ("x", "q")]),
        (("y", "t"), [("y", "p"), ("y", "q")]),
        (("T", "t"), [("T", "p"), ("T", "q")]),
        (("T", "p"), [("x", "p"), ("y", "p")]),
        (("T", "q"), [("x", "q"), ("y", "q")]),
        (("T", "t"), [("x", "t"), ("y", "t")]),
    ]
    hidden = hidden_cells(cells, relations)
    assert ("x", "q") in hidden
    # Every relation with a shown total hides nothing or at least two cells worth 5 or more.
    for total, parts in relations:
        concealed = [cells[p] for p in parts if p in hidden]
        if total not in hidden and concealed:
            assert len(concealed) >= 2 and sum(concealed) >= 5
    # No shown total minus any set of shown parts gives 3.
    for total, parts in relations:
        if total in hidden:
            continue
        shown = [cells[p] for p in parts if p not in hidden]
        for k in range(len(shown) + 1):
            for subset in combinations(shown, k):
                if len(subset) == len(parts) - 1:
                    assert cells[total] - sum(subset) != 3


def test_an_organisations_own_cells_are_shown_and_the_total_is_hidden_instead():
    # own is 10, other is 3: with the own cell shown, the only way to protect 3 is the total.
    cells = {"own": 10, "other": 3, "total": 13}
    hidden = hidden_cells(cells, [("total", ["own", "other"])], exempt=["own"])
    assert hidden == {"other", "total"}


def test_own_small_cells_are_shown():
    cells = {"own": 2, "a": 9, "b": 8, "total": 19}
    hidden = hidden_cells(cells, [("total", ["own", "a", "b"])], exempt=["own"])
    assert "own" not in hidden
    assert hidden == set()  # nothing else is small, and own is known to its owner anyway


def test_the_threshold_is_the_partnerships():
    assert hidden_groups({"a": 6, "b": 9, "c": 12}, threshold=10) == {"a", "b"}
    assert hidden_groups({"a": 6, "b": 9, "c": 12}, threshold=5) == set()


def test_hidden_groups_beside_an_always_shown_overall():
    assert hidden_groups({"nhs": 6, "vcs": 5, "council": 2}) == {"council", "vcs"}


def _random_tables(seed: int):
    """Cells and relations like a board's: a few tables of counts (mostly small), each row
    summed into a row total and each column into a total row, one table's total standing for
    another's cell, a breakdown beside an overall figure, a part named twice; some cells a
    viewer's own, some hidden already."""
    rng = random.Random(seed)
    cells: dict[tuple[str, int, int], int] = {}
    relations: list = []
    for table in "abc":
        rows, columns = rng.randint(1, 12), rng.randint(1, 5)
        for r in range(rows):
            for c in range(columns):
                cells[(table, r, c)] = rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 30])
            cells[(table, r, columns)] = sum(cells[(table, r, c)] for c in range(columns))
            relations.append(((table, r, columns), [(table, r, c) for c in range(columns)]))
        for c in range(columns + 1):
            cells[(table, rows, c)] = sum(cells[(table, r, c)] for r in range(rows))
            relations.append(((table, rows, c), [(table, r, c) for r in range(rows)]))
    # b's grand total is also a cell of c's (as a table's `total_is`), a breakdown of a's first
    # column sits beside an overall figure that is always shown, and a part is named twice.
    relations.append((("c", 0, 0), [("b", r, 0) for r in range(3) if ("b", r, 0) in cells]))
    relations.append((None, [k for k in cells if k[0] == "a" and k[2] == 0]))
    relations.append((("a", 0, 0), [("b", 0, 0), ("b", 0, 0)]))
    keys = sorted(cells)
    exempt = rng.sample(keys, rng.randint(0, len(keys) // 4))
    already = rng.sample(keys, rng.randint(0, 2))
    return cells, relations, exempt, already


def test_keeping_running_counts_hides_exactly_the_cells_checking_afresh_did():
    """The worklist keeps each relation's hidden count and sum as cells are hidden, rather than
    adding them up again at every check (a region's total rows have thousands of parts). It
    must hide exactly what checking afresh hid, on every kind of board."""
    secondary = 0
    for seed in range(400):
        cells, relations, exempt, already = _random_tables(seed)
        for threshold in (3, 5, 11):
            kwargs = {"threshold": threshold, "exempt": exempt, "hidden_already": already}
            hidden = hidden_cells(cells, relations, **kwargs)
            assert hidden == hidden_cells_before(cells, relations, **kwargs), (seed, threshold)
            primary = {k for k, n in cells.items() if 0 < n < threshold and k not in exempt}
            secondary += len(hidden - primary - set(already))
    assert secondary > 1000  # not just the small counts themselves
