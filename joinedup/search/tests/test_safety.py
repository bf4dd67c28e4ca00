"""Crisis detection (ADR 13): every phrase of the corpus in crisis_phrases.py that signals risk
gets the panel, no everyday need does, and the meaning model catches what the patterns miss."""

from __future__ import annotations

import json

import pytest

from joinedup.search import safety, semantic
from joinedup.search.tests.crisis_phrases import CRISIS, INDIRECT, ORDINARY

needs_model = pytest.mark.skipif(
    semantic.encoder() is None, reason="the sentence model is not installed"
)


def _with_danger(kinds: tuple[str, ...] | set[str]) -> set[str]:
    """The kinds read, with "danger" for a sort of it (an attack now, a fire)."""
    return set(kinds) | {"danger"} if set(kinds) & safety.DANGER_SORTS else set(kinds)


@pytest.mark.parametrize(("text", "kind"), CRISIS + INDIRECT)
def test_crisis_phrase_gets_the_panel(text, kind):
    signal = safety.assess(text)
    assert signal.shown, text
    assert kind in _with_danger(signal.kinds), (text, signal.kinds)


@pytest.mark.parametrize(("text", "kind"), CRISIS + INDIRECT)
def test_crisis_phrase_gets_the_panel_without_the_model(settings, text, kind):
    # The patterns alone must hold the corpus: a server without the model still shows help.
    settings.JOINEDUP_SEMANTIC_SEARCH = False
    semantic.reset()
    safety.prototypes.forget()
    try:
        assert kind in _with_danger(safety.assess(text).kinds), text
    finally:
        semantic.reset()
        safety.prototypes.forget()


@pytest.mark.parametrize("text", ORDINARY)
def test_everyday_need_gets_no_panel(text):
    signal = safety.assess(text)
    assert not signal.shown, (text, signal)


def test_corpus_is_wide_enough():
    assert len(CRISIS) >= 60 and len(ORDINARY) >= 40
    # The sorts of danger (an attack, a fire) are the fourth round's (`test_risk_round4.py`).
    assert {kind for _, kind in CRISIS} == set(safety.KINDS) - safety.DANGER_SORTS


@needs_model
def test_meaning_alone_catches_most_of_the_corpus():
    """The second reading is real: without any pattern, the model flags most crisis phrases
    (79% when the thresholds were chosen) and no everyday need."""
    caught = [t for t, _ in CRISIS if safety._by_meaning(t)]
    assert len(caught) >= 0.7 * len(CRISIS)
    assert [
        t
        for t in ORDINARY
        if safety._by_meaning(safety._unblanked(safety._masked(safety.normalise(t))))
    ] == []


@needs_model
def test_meaning_catches_a_phrasing_no_pattern_has():
    # ("everyone would be happier if I was gone", once this test's phrase, is a pattern now.)
    text = "I keep thinking my family would cope fine if I was gone"
    assert safety._by_words(safety.normalise(text)) == set()
    signal = safety.assess(text)
    assert signal.kinds == ("suicide",)
    assert signal.found_by == ("meaning",)


def test_abuse_asks_for_exit_this_page_and_suicide_does_not():
    assert safety.assess("my boyfriend hits me").exit_page
    assert safety.assess("domestic abuse support").exit_page
    assert not safety.assess("i want to kill myself").exit_page


def test_bereavement_by_suicide_is_not_a_crisis_but_other_words_still_count():
    assert not safety.assess("support after suicide").shown
    assert not safety.assess("bereaved by suicide").shown
    assert "suicide" in safety.assess("bereaved by suicide and I want to die too").kinds


def test_negation_does_not_hide_the_panel():
    # "not suicidal but..." is still someone talking about it: an extra panel costs little.
    assert safety.assess("I'm not suicidal but I feel awful").shown


def test_curly_apostrophes_accents_and_capitals_read_the_same():
    assert (
        safety.assess("I DON\u2019T WANT TO BE HERE ANYMORE").kinds
        == safety.assess("i dont want to be here anymore").kinds
    )


@pytest.mark.parametrize(
    ("names", "kinds", "exit_page"),
    [
        (["Domestic abuse"], ("abuse",), True),
        (["Refuge accommodation", "Housing"], ("abuse",), True),
        (["Crisis support", "Mental health"], ("crisis",), False),
        (["Self-harm"], ("self_harm",), False),
        (["Suicide prevention"], ("suicide",), False),
        (["Sexual violence and rape"], ("abuse",), True),
        (["Advice line", "Domestic violence"], ("abuse",), True),
    ],
)
def test_a_crisis_category_signals_by_its_name_or_its_parents(names, kinds, exit_page):
    signal = safety.assess("", category_names=names)
    assert signal.kinds == kinds
    assert signal.exit_page is exit_page
    assert signal.found_by == ("category",)


@pytest.mark.parametrize(
    "names",
    [
        ["Support after suicide", "Bereavement"],
        ["Crisis loans", "Money"],
        ["Substance misuse"],
        ["Alcohol abuse"],
        ["Sexual health"],
        ["Dementia support", "Older people"],
        ["Debt advice"],
    ],
)
def test_everyday_categories_do_not_signal(names):
    assert not safety.assess("", category_names=names).shown


def test_the_patterns_file_is_valid_and_reviewed():
    data = json.loads(safety.PATTERNS_FILE.read_text(encoding="utf-8"))
    assert set(data["kinds"]) == set(safety.KINDS)
    for name, kind in data["kinds"].items():
        assert kind["patterns"] and kind["label"]
        # A medical emergency is read by its patterns alone: the model put every phrasing far
        # from danger and nearer everyday health needs (ADR 13, tenth session, later).
        # Nor are the sorts of danger: the model reads them as danger, its prototypes' kind.
        assert kind["prototypes"] or name == "medical" or name in safety.DANGER_SORTS
    # Every pattern compiles with its word lists.
    assert safety.rules().kinds


@pytest.mark.django_db
def test_the_panel_leads_with_the_help_for_what_the_patterns_read():
    """The model also reads "i want to kill myself" as close to danger from a person (first
    in urgency); the patterns read thoughts of suicide, and the panel leads with Samaritans,
    without the silent-call line. A model-only reading keeps its own order."""
    from joinedup.search import crisis

    suicidal = safety.assess_text("I want to kill myself")
    assert "suicide" in suicidal.worded and suicidal.leading[0] == "suicide"
    help_ = crisis.crisis_help(suicidal)
    assert help_.national[0] is crisis.SAMARITANS and not help_.silent_call
    harm = crisis.crisis_help(safety.assess_text("im going to hurt myself tonight"))
    assert harm.national[0] is crisis.SAMARITANS and not harm.silent_call
    threat = crisis.crisis_help(safety.assess_text("he said he will kill me"))
    assert threat.national[0] is crisis.DOMESTIC_ABUSE_HELPLINE and threat.silent_call
    alone = safety.Signal(kinds=("danger", "suicide"))  # read by the model alone
    assert alone.leading == ("danger", "suicide")
    assert crisis.crisis_help(alone).national[0] is crisis.DOMESTIC_ABUSE_HELPLINE


@pytest.mark.django_db
def test_the_search_page_puts_samaritans_first_for_suicidal_words(client):
    html = client.get("/", {"q": "I want to kill myself"}).content.decode()
    assert html.index("Samaritans") < html.index("National Domestic Abuse Helpline")
    assert "press 55" not in html


def test_what_the_patterns_read_in_a_text_is_kept_bounded_and_unshared(monkeypatch):
    # A search's text is read twice (results and panel): the second reading is the first's.
    monkeypatch.setattr(safety, "READ_KEPT", 2)
    kept = safety.rules().read
    kept.clear()
    first = safety.kinds_by_words("my husband hits me")
    assert "abuse" in first
    first.clear()  # a caller's set is its own
    assert "abuse" in safety.kinds_by_words("my husband hits me")
    assert len(kept) == 1
    safety.kinds_by_words("debt advice")
    safety.kinds_by_words("food bank")
    assert len(kept) <= 2
    assert safety.kinds_by_words("debt advice") == set()
