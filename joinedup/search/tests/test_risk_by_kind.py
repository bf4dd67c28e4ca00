"""Risk said by kind (ADR 13, tenth-session addendum): the phrasings in `risk_by_kind.py` show
the crisis panel, by the reviewed patterns alone; their look-alikes show none; and the search
behind the panel opens with help of the kind the risk needs on the demo place."""

from __future__ import annotations

import pytest

from joinedup.search import safety
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.tests import crisis_phrases, distress_classes
from joinedup.search.tests import risk_by_kind as phrasings
from joinedup.search.tests.test_distress_phrasings import _categories

# Left to a person's reading (risk_by_kind.FRESH says why): a test must not claim it is read.
UNREAD = {"looked up the tide times and the cliffs near here"}
RISK = [(c, t, k) for c, t, k in phrasings.RISK + phrasings.FRESH if t not in UNREAD]
LOOK_ALIKES = phrasings.LOOK_ALIKES + phrasings.FRESH_LOOK_ALIKES


def test_the_phrasings_are_many_of_many_kinds_and_new():
    kinds = {c for c, _, _ in phrasings.RISK}
    assert len(phrasings.RISK) >= 60 and len(kinds) >= 8 and len(phrasings.LOOK_ALIKES) >= 40
    assert len(phrasings.held_out(phrasings.RISK)) == len(phrasings.RISK) // 3
    texts = [t for _, t, _ in phrasings.RISK + phrasings.FRESH] + LOOK_ALIKES
    assert len(set(texts)) == len(texts)
    earlier = [t for t, _ in crisis_phrases.CRISIS + crisis_phrases.INDIRECT]
    earlier += [t for t, _ in distress_classes.NEW_RISK] + crisis_phrases.ORDINARY
    assert not {t.lower() for t in earlier} & set(texts)


def _with_danger(kinds: tuple[str, ...] | set[str]) -> set[str]:
    """The kinds read, with "danger" for a sort of it (an attack now, a fire)."""
    return set(kinds) | {"danger"} if set(kinds) & safety.DANGER_SORTS else set(kinds)


def test_every_risk_phrasing_shows_the_panel_by_the_patterns_alone():
    # A server without the model still shows help; the model may add kinds, never remove one.
    assert [(t, k) for _, t, k in RISK if k not in _with_danger(safety.kinds_by_words(t))] == []
    assert [(t, k) for _, t, k in RISK if k not in _with_danger(safety.assess_text(t).kinds)] == []


def test_no_look_alike_shows_the_panel():
    assert [t for t in LOOK_ALIKES if safety.assess_text(t).shown] == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Being safe from a thing (an illness, the weather, scams, falls) is not risk from a
        # person; a person named after it still is.
        ("stay safe from covid", False),
        ("keeping safe from the flu this winter", False),
        ("how to stay safe in hot weather", False),
        ("keep my dad safe from scammers", False),
        ("somewhere safe to park my bike", False),
        ("stay safe from covid and from my ex", True),
        ("keep me safe from him", True),
        # Wanting somewhere safe to stay, live or sleep is fleeing danger.
        ("need somewhere safe to stay", True),
        ("somewhere safe to live", True),
        ("a safe place to sleep tonight", True),
        ("need somewhere to stay", False),
    ],
)
def test_safety_from_a_thing_against_somewhere_safe_to_stay(text, shown):
    assert safety.assess_text(text).shown is shown, safety.matched_words(text)


CRISIS_HELP = {"Crisis support"}
ABUSE_HELP = {"Domestic abuse", "Safeguarding", "Victims of crime"}
HELP = {
    "suicide_indirect": CRISIS_HELP,
    "self_harm": CRISIS_HELP,
    # An overdose taken is a medical emergency first: the health services meet it (ADR 13,
    # thirteenth session); thoughts of one, the crisis services.
    "overdose": CRISIS_HELP | {"Health"},
    "thrown_out": ABUSE_HELP | {"Homelessness"},
}


def test_each_risk_phrasing_finds_help_of_its_kind_on_the_demo(demo_place):
    # Immediate danger (a car following, too) is left out: the panel, 999 first, is its help,
    # and the needs vocabulary has no need of its own for it yet (ADR 13, tenth session).
    failed = []
    for kind, text, said in RISK:
        if said == "danger":
            continue
        top = _categories(search(SearchQuery(text=text)), 5)
        if not any(HELP.get(kind, ABUSE_HELP) & c for c in top):
            failed.append((text, [sorted(c)[:2] for c in top]))
    assert failed == []


def test_somewhere_safe_to_stay_finds_abuse_and_homelessness_help_on_the_demo(demo_place):
    top = _categories(search(SearchQuery(text="need somewhere safe to stay")), 5)
    assert any("Domestic abuse" in c for c in top), top
    assert any("Homelessness" in c for c in top), top


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Decided (ADR 13, tenth session): an accidental overdose or a child who swallowed
        # something shows the panel (111 or 999 is the right number); a young person of 13 to
        # 17 with nowhere to go is at risk; an adult put out with no age named is housing. A
        # child who swallowed something is a medical emergency (twelfth session), not danger; a
        # young person put out is danger's sort with no one near, "exposure" (thirteenth).
        ("overdose of vitamin d", "suicide"),
        ("my 2 year old ate some of my pills", "medical"),
        ("toddler swallowed a button battery", "medical"),
        ("im 16 and got kicked out", "exposure"),
        ("kicked out and sleeping in my car", None),
        ("my daughter drank some medicine for her cough", None),
        ("took 2 paracetamol for a headache", None),
        ("i take 10 tablets a day and need a dosette box", None),
    ],
)
def test_decided_cases(text, kind):
    kinds = safety.assess_text(text).kinds
    assert (kind in kinds) if kind else not kinds, (text, kinds)
