"""CI only: every example situation in ../shared that must show crisis help gets the panel from
`assess()`, and (as a check on false alarms) those that must not, do not. The examples are only
read here; nothing of them is in the product (ADR 13)."""

from __future__ import annotations

import json

import pytest

from joinedup.search.safety import assess


@pytest.fixture(scope="module")
def examples(shared_dir):
    path = shared_dir / "data" / "relevance" / "safety_examples.json"
    return json.loads(path.read_text(encoding="utf-8"))["examples"]


def test_every_risk_example_gets_the_crisis_panel(examples):
    risky = [e for e in examples if e["crisis_panel"]]
    assert risky
    missed = [e["id"] for e in risky if not assess(e["text"]).shown]
    assert missed == []


def test_no_everyday_example_gets_the_crisis_panel(examples):
    alarmed = [e["id"] for e in examples if not e["crisis_panel"] and assess(e["text"]).shown]
    assert alarmed == []
