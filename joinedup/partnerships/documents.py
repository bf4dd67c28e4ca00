"""Instrument documents: the JSON shape of a questionnaire, and its validation.

The same checks guard the files joinedup ships and the files a partnership manager uploads,
and every problem is reported at once with where it is ("sections[2].statements[0].element").
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"

KEY = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,79}$"}
TEXT = {"type": "string", "minLength": 1}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["key", "version", "title", "scale", "bands", "elements", "sections"],
    "properties": {
        "key": KEY,
        "version": {"type": "integer", "minimum": 1},
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "description": {"type": "string"},
        "attribution": {"type": "string"},
        "scale": {
            "type": "object",
            "required": ["min", "max"],
            "properties": {
                "min": {"type": "integer", "minimum": 0},
                "max": {"type": "integer", "maximum": 10},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
        "bands": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "label", "min"],
                "properties": {
                    "key": KEY,
                    "label": TEXT,
                    "min": {"type": ["number", "null"]},
                },
            },
        },
        "elements": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "kind", "label"],
                "properties": {
                    "key": KEY,
                    "kind": {"enum": ["challenge", "enabler", "dimension", "foundation"]},
                    "theme": {"type": "string"},
                    "label": {"type": "string", "minLength": 1, "maxLength": 200},
                },
            },
        },
        "sections": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "title", "statements"],
                "properties": {
                    "key": KEY,
                    "title": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": {"type": "string"},
                    "statements": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["key", "text", "element"],
                            "properties": {
                                "key": KEY,
                                "text": TEXT,
                                "element": KEY,
                                "reverse": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _duplicates(keys: list[str]) -> set[str]:
    return {key for key, uses in Counter(keys).items() if uses > 1}


def validate_document(document: Any, *, known_elements: set[str] | None = None) -> list[str]:
    """Every problem with an instrument document, as readable lines; empty when it is fine.

    `known_elements` are element keys already in the database, which a document may use
    without declaring them again.
    """
    validator = Draft202012Validator(SCHEMA)
    errors = [
        f"{_where(e.absolute_path)}: {e.message}"
        for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]
    if errors:
        return errors
    return [*_scoring_errors(document), *_key_errors(document, known_elements or set())]


def _scoring_errors(document: dict[str, Any]) -> list[str]:
    """The scale runs upwards; the bands go strictly down and end with a catch-all."""
    errors = []
    scale = document["scale"]
    if scale["min"] >= scale["max"]:
        errors.append("scale: min must be below max")
    bands = document["bands"]
    minimums = [b["min"] for b in bands]
    if minimums[-1] is not None:
        errors.append(f"bands[{len(bands) - 1}].min: the last band must have min null (catch-all)")
    if any(m is None for m in minimums[:-1]):
        errors.append("bands: only the last band may have min null")
    numbers = [m for m in minimums[:-1] if m is not None]
    if numbers != sorted(numbers, reverse=True) or len(set(numbers)) != len(numbers):
        errors.append("bands: minimums must go strictly down from the first band")
    return errors


def _key_errors(document: dict[str, Any], known_elements: set[str]) -> list[str]:
    """Keys are unique, and every statement measures a declared or known element."""
    declared = [e["key"] for e in document["elements"]]
    errors = [f"elements: key '{key}' is declared twice" for key in sorted(_duplicates(declared))]
    sections = document["sections"]
    for key in sorted(_duplicates([s["key"] for s in sections])):
        errors.append(f"sections: key '{key}' is used twice")
    statement_keys = [st["key"] for s in sections for st in s["statements"]]
    for key in sorted(_duplicates(statement_keys)):
        errors.append(f"statements: key '{key}' is used twice")
    usable = set(declared) | known_elements
    for i, section in enumerate(sections):
        for j, statement in enumerate(section["statements"]):
            if statement["element"] not in usable:
                errors.append(
                    f"sections[{i}].statements[{j}].element: '{statement['element']}' is not a "
                    "declared or known framework element"
                )
    return errors


def document_hash(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def shipped_documents(directory: Path = SHIPPED_DIR) -> list[tuple[Path, Any]]:
    """The instrument files joinedup ships, parsed, in a stable order."""
    return [(path, json.loads(path.read_text())) for path in sorted(directory.glob("*.json"))]
