"""The one loader for JSON from outside: size and depth limits before parsing (issue 16)."""

from __future__ import annotations

import json

import pytest

from joinedup.core import safejson


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "\\"[[[", {"k]": "}}}"}]', 2),  # brackets in strings, escaped quotes
        ("[" * 10_000 + "]" * 10_000, 10_000),
    ],
)
def test_nesting_depth_counts_only_structure(text, depth):
    assert safejson.nesting_depth(text) == depth


def test_deep_json_is_refused_without_recursing(settings):
    settings.JSON_MAX_DEPTH = 32
    with pytest.raises(safejson.JsonRefused, match="levels deep"):
        safejson.loads("[" * 10_000 + "]" * 10_000)
    # A depth of exactly the limit is fine.
    assert safejson.loads("[" * 32 + "]" * 32) is not None


def test_large_json_is_refused_before_parsing(settings):
    settings.JSON_MAX_BYTES = 100
    with pytest.raises(safejson.JsonRefused, match="larger than"):
        safejson.loads(json.dumps({"x": "y" * 200}).encode())


def test_json_that_is_fine_is_parsed_and_bad_json_still_says_why():
    assert safejson.loads(b'{"a": ["b"]}') == {"a": ["b"]}
    with pytest.raises(json.JSONDecodeError):
        safejson.loads("{not json")
