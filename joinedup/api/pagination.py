"""The Page envelope every list answers with, and the unpaginated NDJSON stream."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse

from joinedup.api.params import FeedParams
from joinedup.api.snapshots import snapshot

M = TypeVar("M", bound=Model)
Json = dict[str, Any]
NDJSON_BATCH = 500


def page_envelope(total: int, params: FeedParams, contents: list[Json]) -> Json:
    """All seven Page fields and `contents` (ORUK quirk 4: emit them all on every list)."""
    total_pages = max(1, math.ceil(total / params.per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": params.page,
        "size": len(contents),
        "first_page": params.page == 1,
        "last_page": params.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def json_page(
    qs: QuerySet[M],
    params: FeedParams,
    serialise: Callable[[Sequence[M]], list[Json]],
    *,
    total: int | None = None,
) -> HttpResponse:
    """One page of `qs` (which must be ordered). Counts once; loads only the page's rows."""
    if total is None:
        total = qs.count()
    start = (params.page - 1) * params.per_page
    rows = list(qs[start : start + params.per_page]) if start < total else []
    return JsonResponse(page_envelope(total, params, serialise(rows)))


def snapshot_page(
    key: str,
    query: Callable[[], QuerySet[M]],
    params: FeedParams,
    serialise: Callable[[Sequence[Any]], list[Json]],
    *,
    load: Callable[[list[uuid.UUID]], Iterable[Any]] | None = None,
) -> HttpResponse:
    """One page of a large list: ids from a short-lived snapshot (see snapshots.py), rows
    loaded live (by `load`, default the list's query by pk), so the cost does not grow with
    the page number or the directory's size. `query` builds the (ordered) list's QuerySet;
    it is only called when the snapshot is rebuilt or rows are loaded through it."""
    taken = snapshot(key, lambda: query().prefetch_related(None).values_list("pk", flat=True))
    start = (params.page - 1) * params.per_page
    ids = taken.ids(start, start + params.per_page)
    if not ids:
        rows = []
    else:
        rows = _in_order((load or (lambda batch: query().filter(pk__in=batch)))(ids), ids)
    return JsonResponse(page_envelope(taken.total, params, serialise(rows)))


def snapshot_key(endpoint: str, params: FeedParams) -> str:
    """Lists differing only in page, page size or format share a snapshot."""
    return f"{endpoint}:{replace(params, page=1, per_page=1, ndjson=False)!r}"


def ordered_page(
    qs: QuerySet[M],
    ids: list[uuid.UUID],
    params: FeedParams,
    serialise: Callable[[Sequence[Any]], list[Json]],
    *,
    load: Callable[[list[uuid.UUID]], Iterable[Any]] | None = None,
) -> HttpResponse:
    """One page of records whose order was decided in Python (e.g. nearest first), loaded by
    `load` (default: `qs` by pk)."""
    return loaded_page(ids, params, serialise, load or (lambda page: qs.filter(pk__in=page)))


def loaded_page(
    ids: list[uuid.UUID],
    params: FeedParams,
    serialise: Callable[[Sequence[Any]], list[Json]],
    load: Callable[[list[uuid.UUID]], Iterable[Any]],
) -> HttpResponse:
    """One page of records in the order of `ids`, its rows read by `load`."""
    start = (params.page - 1) * params.per_page
    batch = ids[start : start + params.per_page]
    rows = _in_order(load(batch), batch)
    return JsonResponse(page_envelope(len(ids), params, serialise(rows)))


def _in_order(qs: Iterable[Any], ids: list[uuid.UUID]) -> list[Any]:
    by_pk = {row.pk: row for row in qs}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def ndjson_stream(
    ids: Iterable[uuid.UUID],
    load: Callable[[list[uuid.UUID]], Iterable[M]],
    serialise: Callable[[Sequence[M]], list[Json]],
) -> StreamingHttpResponse:
    """Everything, unpaginated, one JSON object per line, fetched in batches of ids so memory
    and query count stay bounded whatever the directory's size."""

    def lines() -> Iterator[str]:
        batch: list[uuid.UUID] = []
        pks = ids.iterator(chunk_size=2000) if isinstance(ids, QuerySet) else ids
        for pk in pks:
            batch.append(pk)
            if len(batch) == NDJSON_BATCH:
                yield from _encode(serialise(_in_order(load(batch), batch)))
                batch = []
        if batch:
            yield from _encode(serialise(_in_order(load(batch), batch)))

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


def _encode(items: list[Json]) -> Iterator[str]:
    for item in items:
        yield json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"
