"""One loader for JSON that comes from outside (request bodies, uploads), with a size and a
depth limit (ADR 31).

Python's parser recurses once per level: a 10,000-deep `[[[[…` upload was a RecursionError and
a 500, and every walk over a parsed value (validation, storage) recurses the same way. So the
depth is measured first, without parsing or recursing, and anything over the limit is refused
as bad input (`JsonRefused`, a ValueError) that the caller turns into a 400 or a form error.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from django.conf import settings

# A JSON string, escapes included (linear: the two alternatives never overlap).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonRefused(ValueError):
    """Valid or not, this JSON is refused: too large or nested too deeply."""


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in `text` (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_STEP[c] for c in brackets), default=0)


def loads(data: str | bytes, *, max_bytes: int | None = None, max_depth: int | None = None) -> Any:
    """Parse `data` as JSON; JsonRefused when it is over `max_bytes` or nested deeper than
    `max_depth` (JSON_MAX_BYTES and JSON_MAX_DEPTH by default); json.JSONDecodeError or
    UnicodeDecodeError when it is not JSON."""
    max_bytes = settings.JSON_MAX_BYTES if max_bytes is None else max_bytes
    max_depth = settings.JSON_MAX_DEPTH if max_depth is None else max_depth
    if len(data) > max_bytes:
        raise JsonRefused(f"The JSON is larger than {max_bytes:,} bytes.")
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    if nesting_depth(text) > max_depth:
        raise JsonRefused(f"The JSON nests more than {max_depth} levels deep.")
    return json.loads(text)
