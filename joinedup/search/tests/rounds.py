"""What the tests of the crisis rounds (ADR 13, `test_risk_round*.py`) and of the situations
rounds (ADR 14, `test_situation_classes.py`, `test_situations_round*.py`) share: how a phrasing
is checked, and which phrasings came before a round. Each round's test file keeps its own data
module, expectations and known misses.

Not a test file: pytest does not rewrite the asserts here, so each one says what it saw."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Any

import pytest
from django.db import connection

from joinedup.search import crisis, safety
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.tests import (
    crisis_phrases,
    distress_classes,
    medical_emergencies,
    risk_by_kind,
    risk_round3,
    risk_round4,
    risk_round5,
    risk_round6,
    risk_round7,
    risk_round8,
    risk_round9,
    situation_classes,
    situations_round3,
    situations_round4,
    situations_round5,
    situations_round6,
    situations_round6_after,
    situations_round7,
    situations_round7_after,
)
from joinedup.search.tests.situation_classes import Case
from joinedup.search.tests.test_distress_phrasings import _categories

PANEL = 'id="crisis-help"'

# --- The crisis rounds ----------------------------------------------------------------------


def read_as(kinds: tuple[str, ...] | set[str], least: str) -> bool:
    """Read as this kind or a more urgent one (`safety.KINDS` is most urgent first)."""
    return any(safety.KINDS.index(k) <= safety.KINDS.index(least) for k in kinds)


def _risk_phrasings_before(round_: int) -> list[str]:
    # The corpora before the third round, then each round's risk phrasings and look-alikes
    # (a round's test names any more of an earlier round's lists it also keeps apart).
    texts = [t for t, _ in crisis_phrases.CRISIS + crisis_phrases.INDIRECT]
    texts += crisis_phrases.ORDINARY + [t for t, _ in distress_classes.NEW_RISK]
    texts += [t for _, t, _ in risk_by_kind.RISK + risk_by_kind.FRESH]
    texts += risk_by_kind.LOOK_ALIKES + risk_by_kind.FRESH_LOOK_ALIKES
    texts += [t for _, t in medical_emergencies.RISK] + medical_emergencies.LOOK_ALIKES
    if round_ > 3:
        texts += [t for _, t, _ in risk_round3.RISK + risk_round3.FRESH + risk_round3.FRESH2]
        texts += risk_round3.LOOK_ALIKES + risk_round3.FRESH_LOOK_ALIKES
    if round_ > 4:
        texts += [t for _, t, _ in risk_round4.RISK + risk_round4.FRESH]
        texts += risk_round4.LOOK_ALIKES + risk_round4.FRESH_EVERYDAY
    if round_ > 5:
        texts += [t for _, t in risk_round5.RISK + risk_round5.FRESH]
        texts += risk_round5.LOOK_ALIKES + risk_round5.FRESH_LOOK_ALIKES
    if round_ > 6:
        texts += [t for _, t in risk_round6.RISK + risk_round6.FRESH]
        texts += risk_round6.LOOK_ALIKES + risk_round6.FRESH_LOOK_ALIKES
    if round_ > 7:
        texts += [t for _, t in risk_round7.RISK + risk_round7.FRESH]
        texts += risk_round7.LOOK_ALIKES + risk_round7.FRESH_LOOK_ALIKES
    if round_ > 8:
        texts += [t for _, t in risk_round8.RISK] + risk_round8.LOOK_ALIKES + risk_round8.EVERYDAY
    if round_ > 9:
        texts += [t for _, t in risk_round9.RISK] + risk_round9.LOOK_ALIKES + risk_round9.EVERYDAY
    return texts


def earlier_risk_texts(round_: int, *, also: Iterable[str] = ()) -> set[str]:
    """The phrasings of the crisis corpora before this round, lower-cased, with `also`."""
    return {t.lower() for t in [*_risk_phrasings_before(round_), *also]}


def assert_no_panel(text: str) -> None:
    signal = safety.assess_text(text)
    assert not signal.shown, (signal, safety.matched_words(text))


def assert_panel_shown_is(text: str, shown: bool) -> None:
    assert safety.assess_text(text).shown is shown, safety.matched_words(text)


def assert_read_as_its_class(
    text: str,
    cls: str,
    *,
    accepted: dict[str, frozenset[str]],
    first: dict[str, tuple[str, bool]],
) -> None:
    """Read as a kind its class accepts, with the help the class puts first (needs the db)."""
    signal = safety.assess_text(text)
    help_ = crisis.crisis_help(signal)
    assert help_.shown and accepted[cls] & set(signal.kinds), signal
    if cls in first:
        name, silent = first[cls]
        assert help_.national[0].name == name, (signal, help_.national)
        assert help_.silent_call is silent, signal
    if cls == "overdose":
        assert signal.leading[0] == "medical", signal


def assert_patterns_read_its_class(
    text: str, cls: str, *, accepted: dict[str, frozenset[str]]
) -> None:
    # A server without the model shows the panel for the same words.
    assert accepted[cls] & safety.kinds_by_words(text), safety.matched_words(text)


def strict_xfails(reasons: dict[str, str]) -> list[Any]:
    """One parameter a text, each a strict xfail with its reason (a round's phrasings still
    missed, or everyday texts still shown: a fix must remove them from the list)."""
    return [
        pytest.param(text, marks=pytest.mark.xfail(strict=True, reason=reason))
        for text, reason in reasons.items()
    ]


def risk_params(
    risk: list[tuple[str, str]], *, missed: dict[str, str], read_as_another_kind: dict[str, str]
) -> list[Any]:
    """A round's (class, text) risk phrasings as parameters: those still missed left out (they
    have their own strict xfails), those read as another kind a strict xfail with its reason."""
    return [
        (cls, text)
        if text not in read_as_another_kind
        else pytest.param(
            cls, text, marks=pytest.mark.xfail(strict=True, reason=read_as_another_kind[text])
        )
        for cls, text in risk
        if text not in missed
    ]


def assert_risk_round_is_new(phrasings: ModuleType, round_: int) -> None:
    """A round's risk phrasings are of its classes, and its texts neither repeat each other nor
    a phrasing of an earlier round (case aside)."""
    classes = {cls for cls, _ in phrasings.RISK}
    assert classes == set(phrasings.ACCEPTED), classes ^ set(phrasings.ACCEPTED)
    texts = [t for _, t in phrasings.RISK] + phrasings.LOOK_ALIKES + phrasings.EVERYDAY
    repeated = sorted({t for t in texts if texts.count(t) > 1})
    assert not repeated, repeated
    earlier = earlier_risk_texts(round_) & {t.lower() for t in texts}
    assert not earlier, sorted(earlier)


def crisis_panel(html: str) -> str:
    """The crisis panel of a search page."""
    return html[html.index(PANEL) : html.index("</div>\n</div>", html.index(PANEL))]


# --- The situations rounds ------------------------------------------------------------------


def every_case(classes: dict[str, list[Case]]) -> list[Case]:
    """Every phrasing of every class, in order."""
    return [case for of_class in classes.values() for case in of_class]


def a_third(classes: dict[str, list[Case]]) -> int:
    """How many phrasings a held-out third is: every third of each class."""
    return sum(len(of_class[2::3]) for of_class in classes.values())


# The situations corpora with the round each was written in (the classes came before the
# third round).
_SITUATIONS: list[tuple[int, ModuleType]] = [
    (2, situation_classes),
    (3, situations_round3),
    (4, situations_round4),
    (5, situations_round5),
    (6, situations_round6),
    (6, situations_round6_after),
    (7, situations_round7),
    (7, situations_round7_after),
]


def earlier_situation_texts(round_: int) -> set[str]:
    """The phrasings of the situations corpora before this round."""
    return {
        text
        for written, module in _SITUATIONS
        if written < round_
        for text, _, _ in every_case(module.CLASSES)
    }


def with_panel(cases: list[Case]) -> list[str]:
    """The phrasings that show the crisis panel, in order."""
    return [text for text, _, _ in cases if safety.assess_text(text).shown]


def misses_here(known: dict[str, str], known_postgresql: dict[str, str]) -> dict[str, str]:
    """A round's known misses on the database the tests run on."""
    return known_postgresql if connection.vendor == "postgresql" else known


def case_params(
    cases: list[Case], known: dict[str, str], known_postgresql: dict[str, str]
) -> list[Any]:
    """One parameter a phrasing, named by its first 50 characters; a known miss of this
    database is a strict xfail with its reason (read at collection, as the database is)."""
    misses = misses_here(known, known_postgresql)
    params = []
    for case in cases:
        reason = misses.get(case[0])
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case[0][:50], marks=marks))
    return params


def top_names(text: str, n: int = 5) -> list[str]:
    """The names of the first n results of a search for the text."""
    return [hit.name for hit in search(SearchQuery(text=text)).hits[:n]]


def top_categories(text: str, n: int = 5) -> list[set[str]]:
    """The categories of each of the first n results of a search for the text."""
    return _categories(search(SearchQuery(text=text)), n)


def fails(cases: list[Case]) -> list[tuple[str, list[list[str]]]]:
    """The phrasings whose first five results miss a group of expected categories or hold a
    forbidden one in the first three (or are fewer than five), with what they found."""
    failed = []
    for text, expected, forbidden in cases:
        top = top_categories(text, 5)
        met = all(any(set(group) & c for c in top) for group in expected)
        clear = not any(set(forbidden) & c for c in top[:3])
        if not (met and clear and len(top) == 5):
            failed.append((text, [sorted(c)[:3] for c in top]))
    return failed


def passed(cases: list[Case]) -> int:
    return len(cases) - len(fails(cases))


def service_row(
    name: str, terms: str, minimum_age: int | None = None, maximum_age: int | None = None
) -> dict[str, Any]:
    """A candidate's row as `situations.fit` and `fit_all` read it."""
    return {
        "id": 1,
        "name": name,
        "terms": terms,
        "term_ids": "",
        "minimum_age": minimum_age,
        "maximum_age": maximum_age,
    }


def ranked_item(
    name: str,
    met: tuple[str, ...],
    terms: str = "",
    maximum_age: int | None = None,
    *,
    score: float = 1.0,
) -> list[Any]:
    """A ranked candidate as `situations.cover` reorders it: its row and the needs it meets."""
    row = {"name": name, "terms": terms, "minimum_age": None, "maximum_age": maximum_age}
    return [score, None, row, met, False]
