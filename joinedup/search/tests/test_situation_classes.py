"""Twelve classes of situation without risk read in their sense (ADR 14, eighth- and
tenth-session addenda): low mood and worry, carers at the end of their tether, money and housing
emergencies, loneliness, practitioners' shorthand; drink and drugs, food and a cold home,
benefits and work, bereavement and the end of life, older people managing at home, children,
school and SEND. The phrasings are in `situation_classes.py`; each class is checked as a whole
on the demo place, so a failure lists every phrasing that fails."""

from __future__ import annotations

import pytest
from django.db import connection

from joinedup.core import postcodes
from joinedup.directory.models import TaxonomyTerm
from joinedup.search import needs, safety
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index
from joinedup.search.tests import rounds
from joinedup.search.tests import situation_classes as classes
from joinedup.search.tests.test_distress_phrasings import _categories
from joinedup.search.text import content_words

pytestmark = pytest.mark.django_db

ALL = rounds.every_case(classes.CLASSES)
# The phrasings that still miss on the demo place: none since the ninth session (ADR 14), which
# read the five the eighth left (a teenager who "stays in her room", a stroke's carer "doing
# everything for him", "my parents have kicked me out", "my mate has been really low since his
# dad left", "lost my flat ... on my sisters floor") through general understanding: words of
# the setting left to their phrase, a relative who opens the query, a risk's words read whole
# by a phrase of another need. A phrasing that fails again goes back here with why.
KNOWN_MISSES: set[str] = {
    # Tenth session: the need to get back to work is read, but the work need's services
    # include adult learning, so a wellbeing course "covers" it and no employment service is
    # in the first five (finding work and learning are one need in the vocabulary).
    "lost my job because of my mental health and want to get back to work",
    # Tenth session: a crisis pattern reads a partner who "spends all our money" as (economic)
    # abuse; the panel shows and the abuse helpline comes first (ADR 13's patterns decide).
    "my partner smokes weed all day and spends all our money on it",
    # Tenth session: "wheelchair" is not read as a need. Read as help at home (equipment), its
    # words widened Bristol queries in which it is the services' own word (accessible
    # vehicles) and nDCG@10 fell (1.385x to 1.376x BM25); unread, the demo finds two services.
    "need a wheelchair for my mum to get out",
}


def test_the_classes_hold_two_hundred_phrasings_and_a_held_out_third():
    assert len(classes.CLASSES) == 12
    assert len(ALL) >= 200
    assert min(len(cases) for cases in classes.CLASSES.values()) >= 15
    assert len(rounds.every_case(classes.HELD_OUT)) == rounds.a_third(classes.CLASSES) >= 65
    texts = [text for text, _, _ in ALL]
    assert len(set(texts)) == len(texts)


def test_no_situation_shows_the_crisis_panel():
    # But one, by decision (ADR 14, ninth session): parents who threw someone out tonight with
    # nowhere to sleep are often a young person's, a missed crisis costs more than an extra
    # panel, and the panel's numbers (999, 111, Samaritans) are right for a night outside. The
    # results lead with homelessness help all the same
    # (`test_being_thrown_out_by_family_is_homelessness_first_on_the_demo`).
    # And two the tenth session found and kept: a crisis pattern reads a partner who spends
    # all the money as (economic) abuse, and a baby "crying all the time" as a sign of a child
    # left alone, though here the writer is the struggling parent (leaving "a baby" out of the
    # pattern would miss a neighbour's or a teacher's report; the panel's 111 option 2 serves
    # a new parent at the end of their tether). The meaning model's panels on stairs an older
    # father cannot manage and a teenager smoking weed were taken away by two everyday needs
    # among its anchors (ADR 13, tenth session). A home whose gas was cut off with a baby in
    # it is read as "no gas ... baby" always was (ADR 13, thirteenth session): the panel leads
    # with NHS 111 and no silent call, and the results are still the fuel and hardship help.
    assert rounds.with_panel(ALL) == [
        "nowhere to sleep tonight, my parents have kicked me out",
        "my partner smokes weed all day and spends all our money on it",
        "gas has been cut off and we have a baby",
        "struggling with a new baby, not sleeping and crying all the time",
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("been feeling flat and cant be bothered", "mental-health"),
        ("my son seems down", "mental-health"),
        ("she stays in her room all day", "mental-health"),
        ("dont have anyone to talk to", "loneliness"),
        ("i dont see a soul from one week to the next", "loneliness"),
        ("dad cant be left alone any more", "carers"),
        ("drowning in bills", "debt"),
        ("got an s8 notice from the landlord", "homelessness"),
        ("sleeping on my cousins floor", "homelessness"),
        ("needs move on accommodation", "homelessness"),
    ],
)
def test_plain_words_for_these_situations_name_their_need(text, code):
    assert code in needs.understand(text).codes


def test_a_teenage_son_or_daughter_is_a_child():
    assert needs.understand("my teenage son is struggling").about_a_child


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A section 21 or section 8 notice is not a Sheffield district.
        ("s21 served, family of 4", None),
        ("tenant got a s8 notice", None),
        ("advice centre in S21", "S21"),
        ("near S8", "S8"),
    ],
)
def test_eviction_notices_are_not_postcodes(text, found):
    assert postcodes.find_postcode_in_text(text) == found


# --- On the demo place ----------------------------------------------------------------------


# On PostgreSQL (its words search finds other candidates) one more misses, still after the
# ninth session: the young adult carers' group is the only carers' service in the first five for
# an elderly mother's carer. The refuge that came first there for "approved premises ... move on
# accommodation" does not since the refuge became a wrong reading of a housing need (ADR 14,
# ninth session, later).
KNOWN_MISSES_POSTGRESQL = {
    "my elderly mother lives with me and needs watching all the time, i need a rest",
    # Tenth session, found on PostgreSQL at its end and not yet read (its words search ranks
    # other candidates): tuned, a crack user's harm reduction, a widow's bereavement, an
    # autism assessment, work after prison; held out, a relapse and a CV.
    "SU using crack, wants harm reduction and clean needles",
    "lost my husband in the summer and the house feels so empty",
    "how long is the wait for an autism assessment for my daughter",
    "cant find work since i got out of prison",
    "relapsed after 2 years sober, need a meeting",
    "need help writing a cv and finding a job",
}


@pytest.mark.parametrize("name", list(classes.CLASSES))
def test_each_class_finds_the_help_it_needs_on_the_demo(demo_place, name):
    # Every group of expected categories in the first five, nothing forbidden in the first
    # three: all of the class but its known misses.
    known = KNOWN_MISSES | (KNOWN_MISSES_POSTGRESQL if connection.vendor == "postgresql" else set())
    failed = [f for f in rounds.fails(classes.CLASSES[name]) if f[0] not in known]
    assert failed == []


def test_the_held_out_third_meets_its_figure_on_the_demo(demo_place):
    # Phrasings not looked at while the vocabulary was changed in the eighth session: 28 of 37
    # met both checks on the results (expected in the first five, nothing forbidden in the
    # first three) before it, 33 after, all 37 after the ninth (which looked at the four it
    # left, and generalised from them). The panel is checked in
    # `test_no_situation_shows_the_crisis_panel`. The tenth session's six classes: 28 of 32
    # before it, 32 of 32 after (69 of 69 with the first six).
    # On PostgreSQL 67 of 69 (two of the tenth session's held out miss there).
    held = rounds.every_case(classes.HELD_OUT)
    assert rounds.passed(held) >= (69 if connection.vendor == "sqlite" else 67)


# --- The ninth session: the misses read in general (ADR 14) ---------------------------------


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        # Words of the setting say where a person is or how they are, not which help: inside
        # a need's phrase they are left to it ("a check in a private room", "low income").
        ("my son stays in his room all the time", {"room", "stays"}),
        ("she hides in her room", {"room"}),
        ("my mate has been low for weeks", {"low"}),
        ("sleeping on my cousins floor", {"floor"}),
        ("on my brothers sofa for now", {"sofa"}),
        ("been feeling flat", {"flat"}),
    ],
)
def test_a_word_of_the_setting_is_left_to_its_phrase(text, setting):
    understood = needs.understand(text)
    assert understood.codes
    assert setting <= understood.idiom_words


def test_a_word_of_the_setting_alone_is_searched_as_typed():
    assert not needs.understand("meeting room hire").idiom_words


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("my mate has been really low since his dad left", "mental-health"),
        ("she seems low in herself", "mental-health"),
        ("i feel like a failure", "mental-health"),
        ("on my sisters floor", "homelessness"),
        ("kipping on a mates sofa", "homelessness"),
        ("couch surfing since christmas", "homelessness"),
        ("lost my flat last month", "homelessness"),
        ("my mum has thrown me out", "homelessness"),
        ("im doing everything for him", "carers"),
        ("i do all her care", "carers"),
    ],
)
def test_everyday_words_for_these_situations_name_their_need(text, code):
    assert code in needs.understand(text).codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # "broke" in "broke up" is a relationship, not money; "low on" is running short.
        ("lost my flat after we broke up", "debt"),
        ("been low on petrol all week", "mental-health"),
    ],
)
def test_words_in_another_sense_do_not_name_the_need(text, code):
    assert code not in needs.understand(text).codes


@pytest.mark.parametrize(
    ("text", "carer"),
    [
        # A relative who opens the query needs no "my" to be the one with the need.
        ("husband had a stroke, im exhausted", True),
        ("mum has dementia and i cant cope", True),
        ("I had a stroke last year", False),
        ("husband says im depressed", False),
    ],
)
def test_a_relative_who_opens_the_query_makes_the_writer_their_carer(text, carer):
    assert needs.understand(text).carer is carer


def test_a_risk_read_whole_by_another_need_leaves_that_need_first():
    # "kicked me" is a pattern's abuse; "my parents have kicked me out" is homelessness, read
    # whole by the vocabulary: the panel shows, the results are homelessness help.
    from joinedup.search import situations

    text = "nowhere to sleep tonight, my parents have kicked me out"
    understood = situations.with_signalled_needs(
        needs.understand(text), safety.assess_text(text), text
    )
    assert understood.codes == ("homelessness",)
    hit = "my boyfriend kicked me out and hit me"
    hurt = situations.with_signalled_needs(needs.understand(hit), safety.assess_text(hit), hit)
    assert hurt.codes[0] == "domestic-abuse"


def test_long_term_conditions_are_not_met_by_mental_health_services():
    # "health" is a word of "mental health" (a need of its own) and of every health service:
    # it said a carers' café met a stroke, and the stroke's services were left out.
    condition = needs.shipped().needs["long-term-condition"]
    assert not condition.fits("carers' cafés | carers | mental health")
    assert condition.fits("stop smoking | long-term conditions | health")


def test_doing_is_a_little_word():
    # "doing everything for him" found "you do not pay it back" by "doing".
    assert content_words("im doing everything for him") == ["everything"]


def test_being_thrown_out_by_family_is_homelessness_first_on_the_demo(demo_place):
    for phrase in ["my dad kicked me out last night", "my parents have thrown me out"]:
        top = rounds.top_categories(phrase, 3)
        assert "Domestic abuse" not in top[0], (phrase, top)
        if connection.vendor == "postgresql" and phrase.startswith("my dad"):
            # With bm25 on PostgreSQL (ADR 7, twelfth session) the repairs service ("day or
            # night") comes first by 0.008 of the fused score, then housing options: its
            # words score 0.878 of the best there and 0.854 on SQLite, where FTS5 counts its
            # 33 filter tags (districts, days) in its length beside its text.
            assert "Homelessness" in top[1], (phrase, top)
            continue
        assert "Homelessness" in top[0], (phrase, top)


# --- The ninth session, later: a refuge is not a housing answer without abuse (ADR 14) ------


def test_a_refuge_is_a_wrong_reading_of_a_housing_need():
    vocabulary = needs.shipped().needs
    refuge = "refuge accommodation | domestic abuse homelessness housing"
    for code in ("homelessness", "housing"):
        assert vocabulary[code].misread(refuge)
        assert not vocabulary[code].fits(refuge)
    assert vocabulary["domestic-abuse"].fits(refuge)
    # A general housing service that names abuse among its work is still a housing service.
    assert vocabulary["homelessness"].fits("housing options | homelessness domestic abuse")


def test_a_refugee_service_is_not_a_refuge():
    # "refuge" with "es" is "refugees": the plural of a word ending in "e" is with "s" alone.
    vocabulary = needs.shipped().needs
    refugees = "welcome centre | refugees, asylum and immigration"
    assert not vocabulary["domestic-abuse"].fits(refugees)
    assert not vocabulary["homelessness"].misread(refugees)
    assert vocabulary["domestic-abuse"].fits("refuges | domestic abuse")


@pytest.mark.parametrize(
    "text",
    ["somewhere safe from my ex", "i need to get away from my husband", "hiding from him"],
)
def test_wanting_to_be_safe_from_a_partner_is_domestic_abuse(text):
    assert needs.understand(text).codes[0] == "domestic-abuse"


@pytest.fixture
def refuge_directory(make_service):
    housing = TaxonomyTerm.objects.create(name="Housing")
    homeless = TaxonomyTerm.objects.create(name="Homelessness", parent=housing)
    abuse = TaxonomyTerm.objects.create(name="Domestic abuse")
    make_service(
        "Temporary accommodation refuge",
        "Temporary accommodation, emergency accommodation and a safe bed tonight for women "
        "and children fleeing abuse. Temporary accommodation with support.",
        terms=(abuse, homeless),
    )
    make_service(
        "Housing options",
        "Advice if you are homeless or about to lose your home.",
        terms=(homeless,),
    )
    make_service("Night shelter", "Beds for people sleeping rough.", terms=(homeless,))
    rebuild_index()


def test_a_refuge_is_not_first_for_housing_without_abuse(refuge_directory):
    # Its own words are the query's ("temporary accommodation"), but it is for people fleeing
    # abuse: the services that meet the need come first.
    found = [hit.name for hit in search(SearchQuery(text="need temporary accommodation")).hits]
    assert found.index("Temporary accommodation refuge") == len(found) - 1, found


def test_a_refuge_is_first_for_housing_with_abuse(refuge_directory):
    text = "my boyfriend hits me and i need temporary accommodation"
    found = [hit.name for hit in search(SearchQuery(text=text)).hits]
    assert found[0] == "Temporary accommodation refuge", found


@pytest.mark.parametrize(
    "text",
    [
        "temporary accommodation",
        "emergency accommodation tonight",
        "nowhere to live",
        "got a section 21 notice, need somewhere to go",
        "leaving prison with nowhere to go",
    ],
)
def test_housing_without_abuse_does_not_open_with_abuse_help_on_the_demo(demo_place, text):
    hits = search(SearchQuery(text=text)).hits
    assert not any("refuge" in hit.name.lower() for hit in hits[:3]), [h.name for h in hits[:5]]
    top = rounds.top_categories(text, 3)
    assert all("Domestic abuse" not in found for found in top), (text, top)
    assert "Homelessness" in top[0], (text, top)


@pytest.mark.parametrize(
    "text",
    [
        "my husband hits me and I have nowhere to live",
        "need somewhere safe from my ex",
        "fleeing domestic violence",
        "left my abusive partner and am homeless",
        "scared of my boyfriend, need emergency accommodation",
    ],
)
def test_housing_with_abuse_opens_with_abuse_help_on_the_demo(demo_place, text):
    results = search(SearchQuery(text=text))
    assert "Domestic abuse" in _categories(results, 1)[0], [h.name for h in results.hits[:5]]
    assert any("refuge" in hit.name.lower() for hit in results.hits[:3])


@pytest.mark.parametrize(
    "text",
    ["accommodation", "need somewhere to stay", "somewhere to live", "housing advice"],
)
def test_a_need_for_somewhere_to_live_in_few_words_does_not_open_with_a_refuge(demo_place, text):
    # Read as a housing need (the refuge a wrong reading of it), not by the words alone.
    assert set(needs.understand(text).codes) & {"housing", "homelessness"}
    results = search(SearchQuery(text=text))
    assert not any("refuge" in hit.name.lower() for hit in results.hits[:3]), [
        h.name for h in results.hits[:5]
    ]
    top = _categories(results, 1)[0]
    assert top & {"Housing", "Homelessness"}, (text, top)


# --- The tenth session: six more classes (ADR 14) -------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("she drinks every day", "drugs-alcohol"),
        ("worried about his drinking", "drugs-alcohol"),
        ("trying to stay sober", "drugs-alcohol"),
        ("on a script from the clinic", "drugs-alcohol"),
        ("we cant afford to put the heating on", "fuel"),
        ("the house is cold and damp", "fuel"),
        ("our gas got cut off", "fuel"),
        ("mum is skipping meals", "food"),
        ("where do i get nappies", "food"),
        ("my hours got cut at work", "benefits"),
        ("need a fit note", "benefits"),
        ("my boss wants to sack me", "advice"),
        ("she cant manage the stairs", "help-at-home"),
        ("he needs help getting washed", "help-at-home"),
        ("my daughter is being picked on", "parenting"),
    ],
)
def test_everyday_words_for_the_tenth_sessions_situations_name_their_need(text, code):
    assert code in needs.understand(text).codes


def test_online_is_left_to_its_phrase():
    # "online" says where, not which help: bullying online is not a digital skills need.
    assert "online" in needs.understand("bullied online at school").idiom_words


def test_getting_online_keeps_its_word():
    assert "online" not in needs.understand("help getting online").idiom_words


# --- The tenth session, later: the carer of an adult (ADR 14) -------------------------------


@pytest.mark.parametrize(
    ("text", "adult"),
    [
        ("my elderly mother lives with me and needs watching all the time", True),
        ("caring for my husband full time", True),
        ("grandad lives with us and needs constant supervision", True),
        ("i am my mums carer", True),
        ("my grown up son has a brain injury and i am his carer", True),
        # A child named, the carer named as a parent or an older carer, the writer as a mum,
        # a brother or sister of any age, or no one: not known to be an adult.
        ("parent carer of a disabled child, need short breaks", False),
        ("i am a parent carer and need a break", False),
        ("older carer needing a break", False),
        ("im a single mum and a carer, i need a rest", False),
        ("i look after my brother with learning disabilities", False),
        ("im 14 and i look after my gran", False),
        ("sandwich carer, kids plus looking after dad", False),
        ("i need a break from caring", False),
        # Not a carer at all.
        ("my elderly mother is lonely", False),
    ],
)
def test_a_carer_of_an_adult_is_read(text, adult):
    assert needs.understand(text).cares_for_an_adult is adult


@pytest.mark.parametrize(
    ("label", "childs"),
    [
        (
            "after-school and holiday short breaks | "
            "special educational needs and disabilities (send) breaks and respite",
            True,
        ),
        ("parent carer send workshops | ", True),
        ("foster carers singing group | ", True),
        ("siblings club | young carers special educational needs and disabilities (send)", True),
        # The carer's own age is not the cared-for person's.
        ("young carers service | young carers youth activities", False),
        ("young adult carers group | young carers youth activities", False),
        ("carers support and advice | support for carers", False),
        # Not a carers' service.
        ("send local offer | special educational needs and disabilities (send)", False),
    ],
)
def test_a_carers_service_for_the_carers_of_children_is_known_by_its_words(label, childs):
    assert needs.for_the_carers_of_children(label) is childs


CARERS_FOR_ADULTS = set(classes.CARERS)
CARERS_FOR_CHILDREN = {"Special educational needs and disabilities (SEND)"}


def _carer_of_an_adult_fails(texts: list[str]) -> list[tuple[str, list[list[str]]]]:
    failed = []
    for text in texts:
        top = rounds.top_categories(text, 5)
        met = any(CARERS_FOR_ADULTS & c and not CARERS_FOR_CHILDREN & c for c in top)
        childs = any(
            CARERS_FOR_CHILDREN & c and (CARERS_FOR_ADULTS | {"Young carers"}) & c for c in top
        )
        if not met or childs:
            failed.append((text, [sorted(c)[:3] for c in top]))
    return failed


# None since the eleventh session: "looking after my elderly dad on my own and struggling to
# cope" had the young adult carers' group (16 to 25) as its only carers' service in the first
# five; the carers' services open to any age now come first for an adult's carer who gives no
# age of their own (ADR 14, `situations._carers_of_any_age_first`).
CARER_OF_AN_ADULT_MISSES: set[str] = set()


# On PostgreSQL (its words search finds other candidates) the lead's sentence still misses as
# in `KNOWN_MISSES_POSTGRESQL` (the young adult carers' group is its only carers' service in
# the first five), and one parent carer finds no SEND carers' service in the first three;
# "looking after my elderly dad on my own" passes there.
CARERS_MISSES_POSTGRESQL = {
    "my elderly mother lives with me and needs watching all the time, i need a rest",
    "my daughter has complex needs and im her full time carer, i need a rest",
}


def _known_carers_misses() -> set[str]:
    if connection.vendor == "postgresql":
        return CARERS_MISSES_POSTGRESQL
    return CARER_OF_AN_ADULT_MISSES


def test_a_carer_of_an_adult_finds_adults_carers_services_first_on_the_demo(demo_place):
    # Before the rule 6 of 15 passed (tuned 3 of 10, held out 3 of 5); after it 14 of 15 (tuned
    # 9 of 10, held out 5 of 5); 15 of 15 since the eleventh session. The lead's sentence is in
    # `CARERS_AT_THE_END`.
    failed = _carer_of_an_adult_fails(classes.CARERS_OF_ADULTS)
    assert {text for text, _ in failed} <= _known_carers_misses(), failed
    if connection.vendor != "postgresql":
        assert [text for text, _ in failed] == sorted(CARER_OF_AN_ADULT_MISSES), failed


def test_the_elderly_mothers_carer_is_not_offered_childrens_short_breaks_on_the_demo(demo_place):
    text = "my elderly mother lives with me and needs watching all the time, i need a rest"
    found = [hit.name for hit in search(SearchQuery(text=text, page_size=100)).hits]
    carers = [name for name in found if "carer" in name.lower() or "break" in name.lower()]
    # After every carers' service for the carers of adults (the young carers' last, as too
    # young for a query that names no child).
    assert carers.index("After-school and holiday short breaks") > max(
        carers.index(name)
        for name in ("Carer's assessment", "Carers support and advice", "Carers' breaks grants")
    ), carers
    if text not in _known_carers_misses():
        assert _carer_of_an_adult_fails([text]) == []


def test_a_parent_carer_still_finds_short_breaks_on_the_demo(demo_place):
    for text in classes.PARENT_CARERS:
        if text in _known_carers_misses():
            continue
        top = rounds.top_categories(text, 3)
        assert any(CARERS_FOR_CHILDREN & c and CARERS_FOR_ADULTS & c for c in top), (text, top)


def test_a_young_carer_of_a_grandparent_still_finds_young_carers_on_the_demo(demo_place):
    found = [hit.name for hit in search(SearchQuery(text="im 14 and i look after my gran")).hits]
    assert found[0] == "Young carers service", found
