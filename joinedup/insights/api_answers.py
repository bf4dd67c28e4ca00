"""The insights API's answers (/api/insights/{id} and its tables), rendered from a board and kept
with its figures (`Board.fragment`).

They are rendered here rather than in `joinedup.api` so that the scheduled refresh
(`refresh_insights`, in this app, which the API sits above) renders the API's default answers
through the very functions the API's views call: a refreshed board's first API call then reads
one cached answer instead of rendering every table (1 to 2 s on a region, ADR 37).

Links in an answer are absolute (`base` is the scheme and host asked, "https://example.org"), so
the host is part of what an answer is kept under; the refresh renders them for `SITE_URL`'s.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from joinedup.insights.dashboard import Board
from joinedup.insights.periods import Period
from joinedup.insights.tables import Shown

Json = dict[str, Any]
_R = TypeVar("_R")

# Rows per page of a table: a region's tables have tens of thousands (a flows table has one a
# pair of organisations), which nobody reads at once; a BI tool walks the `next` links.
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 1000


def paged(
    rows: Sequence[_R], *, page: int, per_page: int, link: Callable[[int], str]
) -> tuple[Sequence[_R], Json]:
    """One page of `rows`, and what every paged table in the API says of it: the whole table's
    row count, the page, its size and links to the pages either side (the board's tables and
    the place pages' alike)."""
    start = (page - 1) * per_page
    more = start + per_page < len(rows)
    return rows[start : start + per_page], {
        "total_rows": len(rows),
        "page": page,
        "per_page": per_page,
        "next": link(page + 1) if more else None,
        "previous": link(page - 1) if page > 1 else None,
    }


def page_params(page: int, per_page: int) -> str:
    """A page's query parameters in a table's links (`per_page` only when not the default)."""
    return f"page={page}" + (f"&per_page={per_page}" if per_page != DEFAULT_PER_PAGE else "")


def table_json(shown: Shown, *, page: int, per_page: int, link: Callable[[int], str]) -> Json:
    """One page of a table's rows (the total row, last, on the last page), with the whole
    table's row count and links to the pages either side."""
    keys = [c.key for c in shown.columns]
    rows, paging = paged(shown.rows, page=page, per_page=per_page, link=link)
    return {
        "key": shown.key,
        "title": shown.title,
        "row_label": shown.table.row_label,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in shown.columns],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "total": row.total,
                "values": {
                    k: (round(v, 3) if v is not None else None)
                    for k, v in zip(keys, row.cells, strict=True)
                },
            }
            for row in rows
        ],
        "any_hidden": shown.any_hidden,
        **paging,
    }


def _linker(base: str, board: Board, key: str, query: str, per_page: int) -> Callable[[int], str]:
    path = reverse("api:insights-table", args=[board.viewer.partnership.pk, key])

    def link(page: int) -> str:
        params = page_params(page, per_page)
        # As `request.build_absolute_uri` would make it of the same path.
        return iri_to_uri(f"{base}{path}?{query + '&' if query else ''}{params}")

    return link


def _period(period: Period) -> Json:
    return {
        "start": period.start.isoformat(),
        "end": period.last_day.isoformat(),
        "label": period.label,
    }


def _json(body: Json) -> bytes:
    return json.dumps(body, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def board_answer(
    board: Board, *, base: str, query: str = "", per_page: int = DEFAULT_PER_PAGE
) -> bytes:
    """The whole board as JSON: each table's first page. `query` is the period and filters as
    asked (carried into the links)."""
    partnership = board.viewer.partnership

    def link(key: str) -> Callable[[int], str]:
        return _linker(base, board, key, query, per_page)

    def body() -> bytes:
        return _json(
            {
                "partnership": {"id": partnership.pk, "name": partnership.name},
                "period": _period(board.period),
                "previous_period": _period(board.previous),
                "threshold": board.viewer.threshold,
                "response_period_days": board.response_days,
                "own_organisations": sorted(str(o) for o in board.viewer.own),
                "tables": [
                    table_json(
                        t,
                        page=1,
                        per_page=per_page,
                        link=_linker(base, board, t.key, query, per_page),
                    )
                    for t in board.tables.values()
                ],
            }
        )

    return board.fragment(f"api-board:{base}:{per_page}?{query}", body)


def table_answer(
    board: Board,
    key: str,
    *,
    base: str,
    query: str = "",
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> bytes:
    """One page of one of the board's tables as JSON (`key` must be one of them)."""

    def body() -> bytes:
        link = _linker(base, board, key, query, per_page)
        return _json(table_json(board.tables[key], page=page, per_page=per_page, link=link))

    return board.fragment(f"api-table:{key}:{base}:{page}:{per_page}?{query}", body)
