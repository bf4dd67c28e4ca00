"""Small counts are hidden, and so is the next smallest when one alone would show by subtraction:
the health checks' rule, applied to counts."""

from __future__ import annotations

import random

from joinedup.insights.small_numbers import shown, suppress, threshold_of
from joinedup.partnerships.models import Partnership
from joinedup.partnerships.scoring import breakdown


def test_counts_under_the_threshold_are_hidden_and_zero_is_not():
    assert suppress({"a": 4, "b": 3, "c": 9, "d": 0}) == {"a": None, "b": None, "c": 9, "d": 0}


def test_a_lone_hidden_count_takes_the_next_smallest_with_it():
    # 3 alone hidden: the total (3 + 6 + 20) less 6 and 20 would give it away.
    assert suppress({"a": 3, "b": 6, "c": 20}) == {"a": None, "b": None, "c": 20}


def test_the_threshold_is_the_partnerships():
    assert suppress({"a": 6, "b": 7, "c": 20}, threshold=7) == {"a": None, "b": None, "c": 20}
    assert threshold_of(Partnership(name="x")) == 5
    assert shown(3) is None and shown(0) == 0 and shown(5) == 5


def test_the_rule_is_the_health_checks_breakdown():
    rng = random.Random(15)
    for _ in range(300):
        sizes = {f"g{i}": rng.randint(1, 9) for i in range(rng.randint(1, 5))}
        pairs = [(g, 1.0) for g, n in sizes.items() for _ in range(n)]
        expected = {g.group: g.suppressed for g in breakdown(pairs)}
        assert {g: v is None for g, v in suppress(sizes).items()} == expected
