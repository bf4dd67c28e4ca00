"""Running all-MiniLM-L6-v2: the numpy encoder every app server uses, and the PyTorch one the
whole-index rebuild uses when the optional `torch` extra is installed (ADRs 8 and 16). Which
one a process gets, and the vectors' use, are `semantic`'s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# The model reads at most 256 word pieces (its sentence_bert_config); we stop a service's text
# at 128: name, categories and the opening of the description say what it is, and the cost
# of a forward pass grows faster than the length (ADR 8).
MAX_TOKENS = 128
BATCH = 32


def _gelu(h: np.ndarray) -> np.ndarray:
    """PyTorch's exact GELU, h · Φ(h), in place on `h` (the largest array of a forward pass).

    numpy has no erf; Abramowitz & Stegun 7.1.26 is within 1.5e-7, far below float32 noise
    after LayerNorm. With erf(|z|) = 1 - poly(t) · exp(-z²), z = h/√2 and sign(h) · h = |h|:
    GELU(h) = (h + h · erf(z)) / 2 = (h + |h| · erf(|z|)) / 2, fewer passes over the array.
    """
    a = np.abs(h)
    z = a * np.float32(1.0 / math.sqrt(2.0))
    t = z * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z
    poly -= 1.0
    poly *= a  # -|h| · erf(|z|)
    h -= poly
    h *= 0.5
    return h


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: np.ndarray = (x - mean) / np.sqrt(var + 1e-12) * weight + bias
    return out


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
                # As one 2-D product: numpy runs a 3-D array times a 2-D one (a broadcast
                # stride of 0) in its own loop, not BLAS, some ten times slower.
                flat = v.reshape(-1, v.shape[-1]) @ w[p + name + ".weight"]
                flat += w[p + name + ".bias"]
                return flat.reshape(*v.shape[:-1], flat.shape[-1])

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
            h = _gelu(h)
            x = _layer_norm(
                x + proj(h, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        # Mean over real tokens, then unit length (the model's Pooling and Normalize modules).
        summed = (x * mask[:, :, None]).sum(1)
        pooled = summed / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        unit: np.ndarray = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return unit

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


def _native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX-512 BF16 or AMX): there PyTorch's
    bfloat16 autocast embeds about twice as fast; elsewhere it would be emulated, and slower."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


class BulkEncoder:
    """The same model through sentence-transformers and PyTorch (the optional `torch` extra,
    ADR 16), at the cost of importing torch, so only the whole-index rebuild uses it, never an
    app server (ADR 8); without the extra the rebuild uses the numpy encoder. On a CPU with
    bfloat16 arithmetic (and `JOINEDUP_EMBED_BFLOAT16` on) the matrix products run in bfloat16:
    faster, each vector within a cosine of 0.9999 of the float32 one; otherwise float32, the same
    vectors as the numpy encoder to 1e-6.
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
        unit: np.ndarray = out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return unit
