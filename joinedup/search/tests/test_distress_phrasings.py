"""People in distress, in their own words (ADR 13 and 14, fifth-session addenda): the crisis
panel and the results say the same thing, a risk the vocabulary does not read still brings the
services that meet it, a service for a wrong reading of a crisis (bereavement for a person who
wants to end their life) stays out of the first results, and words of risk in another sense
("dog grooming", "send a parcel", "dying to get fit") are read in that sense."""

from __future__ import annotations

import pytest

from joinedup.directory.models import Attribute, TaxonomyTerm
from joinedup.search import needs, safety, situations
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery

pytestmark = pytest.mark.django_db


def _codes(text: str) -> tuple[str, ...]:
    return needs.understand(text).codes


def _words(text: str) -> set[str]:
    """The kinds the reviewed patterns alone read (no model)."""
    return safety._by_words(safety._masked(safety.normalise(text)))


# --- Words of risk in another sense ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "dog grooming",
        "cat grooming near me",
        "mobile dog groomers",
        "grooming parlour",
        "gun club",
        "clay pigeon shooting club",
        "hot glue gun",
        "knife and fork club",
        "crisis at christmas",
        "cut my hair",
        "cutting my nails",
        "we're all going to die of boredom",
        "my son has bruises from football",
    ],
)
def test_words_of_risk_in_another_sense_are_not_read_as_risk(text):
    assert _words(text) == set(), text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The same words in their sense of risk still are.
        ("my daughter is being groomed online", "abuse"),
        ("grooming", "abuse"),
        ("he has a gun", "danger"),
        ("a man with a knife", "danger"),
        ("i keep cutting my arms", "self_harm"),
        ("my son has unexplained bruises", "abuse"),
    ],
)
def test_the_same_words_in_their_sense_of_risk_still_are(text, kind):
    assert kind in _words(text), text


@pytest.mark.parametrize(
    ("text", "not_wanted"),
    [
        ("dog grooming", "safeguarding"),
        ("pet grooming course", "safeguarding"),
        ("how to send a parcel", "send"),
        ("send my cv", "send"),
        ("a teacher asked my daughter to send him pictures", "send"),
        ("dying to get fit", "end-of-life"),
        ("I'm dying for a cup of tea", "end-of-life"),
        ("dying my hair", "end-of-life"),
        ("blind date", "disability"),
        ("attack of the giggles", "crime"),
        ("spiked prices", "sexual-violence"),
    ],
)
def test_a_need_word_in_another_sense_does_not_name_the_need(text, not_wanted):
    assert not_wanted not in _codes(text), (text, _codes(text))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("grooming", "safeguarding"),
        ("my son is being groomed", "safeguarding"),
        ("send", "send"),
        ("SEND support for my son", "send"),
        ("my mum is dying", "end-of-life"),
        ("my drink was spiked", "sexual-violence"),
        ("i think i was spiked last night", "sexual-violence"),
        ("lost my baby", "bereavement"),
        ("no money for food", "food"),
        ("electric has run out", "fuel"),
        ("looking after mum is killing me", "carers"),
        ("pt disclosed DV", "domestic-abuse"),
        ("my uncle is being financially exploited", "safeguarding"),
    ],
)
def test_the_need_is_still_read_in_its_own_sense(text, wanted):
    assert wanted in _codes(text), (text, _codes(text))


def test_a_crisis_need_gives_way_only_to_a_phrase_holding_all_of_its_own():
    crisis = needs.shipped().needs["safeguarding"]
    # "dog grooming": the other sense holds "grooming" and more.
    assert needs._in_their_sense([needs.Found(crisis, 1, 2)], [(0, 2)]) == []
    # An overlap alone is not enough for a crisis need, even with a longer phrase.
    overlapped = [needs.Found(crisis, 1, 3)]
    assert needs._in_their_sense(overlapped, [(2, 5)]) == overlapped


@pytest.mark.parametrize(
    ("text", "dropped", "kept"),
    [
        # "loss" is bereavement's word alone: the other word of the phrase says which loss.
        ("hearing loss", {"loss"}, {"hearing"}),
        ("sight loss", {"loss"}, {"sight"}),
        ("mental health", set(), {"mental", "health"}),
    ],
)
def test_a_word_another_need_has_alone_is_left_to_the_phrase_that_was_typed(text, dropped, kept):
    idiom = needs.understand(text).idiom_words
    assert dropped <= idiom, (text, idiom)
    assert not kept & idiom, (text, idiom)


# --- The need that meets a signalled risk ------------------------------------------------------


def _signal(*kinds: str) -> safety.Signal:
    return safety.Signal(kinds=kinds)


@pytest.mark.parametrize(
    ("text", "kinds", "first"),
    [
        ("feel like topping myself", ("suicide",), "suicide-self-harm"),
        ("i keep cutting my arms", ("self_harm",), "suicide-self-harm"),
        ("i just cant anymore", ("crisis",), "suicide-self-harm"),
        ("my boyfriend gets nasty when he drinks", ("abuse",), "domestic-abuse"),
        # A child's own words about a parent (ADR 14, fifteenth session): the children's
        # safeguarding services first, domestic abuse's next.
        ("my step dad hurts me", ("abuse",), "safeguarding"),
        ("my son is violent towards me", ("abuse",), "domestic-abuse"),
        ("care home staff are rough with my dad", ("abuse",), "safeguarding"),
        ("i think the kid next door is being hurt", ("abuse",), "safeguarding"),
        ("worried my neighbour's son is stealing from her", ("abuse",), "safeguarding"),
    ],
)
def test_a_signalled_risk_brings_the_need_that_meets_it_first(text, kinds, first):
    understood = situations.with_signalled_needs(needs.understand(text), _signal(*kinds), text)
    assert understood.needs[0].code == first, (text, understood.codes)
    assert understood.needs[0] in understood.firm
    # Named, not read from the situation: its words widen the query.
    assert first not in understood.derived
    assert set(needs.shipped().needs[first].words) <= set(understood.expansion())


def test_a_crisis_need_the_vocabulary_read_is_left_as_it_is():
    text = "my husband hits me"
    understood = needs.understand(text)
    assert situations.with_signalled_needs(understood, _signal("abuse"), text) is understood


def test_a_need_the_vocabulary_read_stands_beside_a_signalled_risk():
    # Hate crime, not domestic abuse: the panel shows help, the results stay the crime's.
    text = "racist abuse from the people upstairs"
    understood = needs.understand(text)
    assert understood.codes == ("crime",)
    assert situations.with_signalled_needs(understood, _signal("abuse"), text) is understood


@pytest.mark.parametrize(
    ("text", "read", "first"),
    [
        # The vocabulary read another need in other words than the risk's.
        ("my ex turns up every night and won't leave me alone", "loneliness", "domestic-abuse"),
        ("the children are left home alone with no food", "food", "safeguarding"),
    ],
)
def test_a_risk_said_in_words_the_vocabulary_did_not_read_still_comes_first(text, read, first):
    understood = needs.understand(text)
    assert read in understood.codes
    signal = safety.assess_text(text)
    assert signal.shown
    assert situations.with_signalled_needs(understood, signal, text).codes[0] == first


def test_no_signal_or_danger_alone_changes_nothing():
    text = "someone is following me"
    understood = needs.understand(text)
    assert situations.with_signalled_needs(understood, safety.NO_SIGNAL, text) is understood
    assert situations.with_signalled_needs(understood, _signal("danger"), text) is understood


@pytest.mark.parametrize(
    "text",
    ["my dad is having a stroke", "she collapsed and wont wake up", "my son swallowed bleach"],
)
def test_a_medical_emergency_brings_the_health_services_for_after_it(text):
    assert "medical" in _words(text)
    kinds = tuple(sorted(_words(text)))
    understood = situations.with_signalled_needs(needs.understand(text), _signal(*kinds), text)
    assert understood.codes[0] == "health", (text, understood.codes)


@pytest.mark.parametrize(
    ("kinds", "first"),
    [
        # With another risk, that risk's need alone: an overdose is the crisis services'.
        (("medical", "suicide"), "suicide-self-harm"),
        (("danger", "medical", "self_harm"), "suicide-self-harm"),
        (("danger", "abuse"), "domestic-abuse"),
    ],
)
def test_a_medical_emergency_beside_another_risk_leaves_the_need_to_it(kinds, first):
    text = "please help quickly"
    understood = situations.with_signalled_needs(needs.understand(text), _signal(*kinds), text)
    assert understood.codes[0] == first and not {"crime", "health"} & set(understood.codes)


@pytest.mark.parametrize("text", ["pregnant and scared", "new to the area and scared"])
def test_a_reading_by_the_model_alone_leaves_the_results_as_read(text):
    assert not _words(text) & {"medical", "danger"}
    understood = needs.understand(text)
    for kind in ("medical", "danger"):
        signalled = situations.with_signalled_needs(understood, _signal(kind), text)
        assert not {"crime", "health"} & (set(signalled.codes) - set(understood.codes))


# --- On the demo place --------------------------------------------------------------------------


def _categories(results, n: int) -> list[set[str]]:
    out = []
    for hit in results.hits[:n]:
        found: set[str] = set()
        for attribute in Attribute.objects.filter(link_id=hit.service_id).select_related(
            "taxonomy_term__parent"
        ):
            term: TaxonomyTerm | None = attribute.taxonomy_term
            while term is not None:
                found.add(term.name)
                term = term.parent
        out.append(found)
    return out


@pytest.mark.parametrize(
    "text",
    # An overdose already taken finds the health services (test_risk_round5.py); thoughts of
    # one, crisis help.
    [
        "worried my son is suicidal",
        "suicidle",
        "feel like topping myself",
        "thinking of taking too many tablets",
    ],
)
def test_thoughts_of_suicide_find_crisis_help_and_no_bereavement_service_on_the_demo(
    demo_place, text
):
    top = _categories(search(SearchQuery(text=text)), 3)
    assert len(top) == 3, top
    assert "Crisis support" in top[0], top
    assert not any("Bereavement" in c for c in top), top


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("my boyfriend gets nasty when he drinks", "Domestic abuse"),
        ("my step dad hurts me", "Safeguarding"),
        ("care home staff are rough with my dad", "Safeguarding"),
    ],
)
def test_abuse_the_vocabulary_does_not_read_finds_its_services_first_on_the_demo(
    demo_place, text, wanted
):
    top = _categories(search(SearchQuery(text=text)), 3)
    assert wanted in top[0], top


def test_a_medical_emergency_finds_the_health_services_on_the_demo(demo_place, client):
    text = "my dad is having a stroke"
    assert "data-crisis-panel" in client.get("/", {"q": text}).content.decode()
    top = _categories(search(SearchQuery(text=text)), 3)
    # PostgreSQL's word ranking puts a crisis service second for the stroke: two of three.
    assert "Health" in top[0] and sum("Health" in c for c in top) >= 2, top


@pytest.mark.parametrize(
    "text",
    [
        "im 16 and got kicked out",
        "my 2 year old ate some of my pills",
        "no heating and a newborn baby",
    ],
)
def test_danger_that_is_not_a_crime_does_not_bring_the_police_first_on_the_demo(demo_place, text):
    # Danger's patterns cover a young person put out, a child who swallowed something and a
    # home with no heat and a baby: no need named for danger, so no crime services first.
    top = _categories(search(SearchQuery(text=text)), 3)
    assert not any({"Victims of crime", "Neighbourhood policing"} & c for c in top), top


@pytest.mark.parametrize("text", ["dog grooming", "hearing loss"])
def test_everyday_words_find_no_abuse_or_bereavement_service_first_on_the_demo(demo_place, text):
    top = _categories(search(SearchQuery(text=text)), 3)
    assert not any({"Safeguarding", "Domestic abuse", "Bereavement"} & c for c in top), top


def test_the_page_shows_no_crisis_panel_for_dog_grooming_and_one_for_a_hidden_risk(
    demo_place, client
):
    assert "data-crisis-panel" not in client.get("/", {"q": "dog grooming"}).content.decode()
    page = client.get("/", {"q": "my family would be better off if i wasnt around"})
    assert "data-crisis-panel" in page.content.decode()
