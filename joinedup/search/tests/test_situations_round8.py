"""The eighth situations round (ADR 14, sixteenth session): 31 phrasings in the classes of wrong
first results the lead found (`situations_round8.py`, written before the engine was changed)
and 14 more written after the changes and not tuned to (`situations_round8_after.py`), checked
on the demo place, and the general rules the round brought: a man harmed by his partner does
not see women's services first, and sees men's come up (ADR 40); a service whose name says
another risk, or another need, goes after those that meet the need read though filed under it;
a carer who asks for a break names the carer's need first; a child of school age is too old for
early years services; "older lads" are not older people; volunteering is a need of its own
beside work; and the vocabulary's new readings (a break-in, exploitation, a newcomer, school
refusal, a crying baby, pressure at work, fire safety)."""

from __future__ import annotations

from typing import Any

import pytest

from joinedup.search import audiences, needs, situations
from joinedup.search.tests import rounds
from joinedup.search.tests import situations_round8 as round8
from joinedup.search.tests import situations_round8_after as after
from joinedup.search.tests.rounds import ranked_item

pytestmark = pytest.mark.django_db

ALL = rounds.every_case(round8.CLASSES)
AFTER = rounds.every_case(after.CLASSES)

# The phrasings that miss on the demo place (SQLite) after the sixteenth session, with why. The
# first result of each is of an expected kind; the miss is further down.
KNOWN_MISSES: dict[str, str] = {
    "got burgled last night and feel scared in my own home": (
        "the fire service's safe and well visits third, by 'home' and 'safe'; filed under no "
        "need read, and named for none"
    ),
    "looking after dad with copd day and night, i need a break": (
        "the COPD reviews second: the condition's service, after the carers' breaks grant"
    ),
    "think a child in my street is being neglected": (
        "the arson and hoarding service third: it is last of the three that meet the need"
    ),
}
# On PostgreSQL (its words search finds other candidates) one more misses, its first result
# still of an expected kind.
KNOWN_MISSES_POSTGRESQL: dict[str, str] = {
    **KNOWN_MISSES,
    "worried my 15 year old is caught up in county lines": (
        "the arson and hoarding service third: it is last of the three that meet the need"
    ),
}


def _first_is_expected(case: Any) -> bool:
    text, expected, _ = case
    first = rounds.top_categories(text, 1)
    return bool(first) and any(set(group) & first[0] for group in expected)


def test_the_round_holds_new_phrasings():
    texts = [text for text, _, _ in ALL + AFTER]
    assert len(ALL) >= 30
    assert len(round8.CLASSES) >= 7
    assert len(AFTER) >= 14
    assert len(set(texts)) == len(texts)
    assert not rounds.earlier_situation_texts(8) & set(texts)


@pytest.mark.parametrize("case", rounds.case_params(ALL, KNOWN_MISSES, KNOWN_MISSES_POSTGRESQL))
def test_each_phrasing_of_the_round_finds_the_help_it_needs_on_the_demo(demo_place, case):
    assert rounds.fails([case]) == []


@pytest.mark.parametrize("case", [pytest.param(c, id=c[0][:50]) for c in ALL])
def test_each_phrasing_of_the_round_opens_with_the_right_kind_of_help_on_the_demo(demo_place, case):
    # 23 of 31 before the sixteenth session's changes, 31 after.
    assert _first_is_expected(case), rounds.top_names(case[0])


def test_the_round_meets_its_figure_on_the_demo(demo_place):
    # 22 of 31 before the sixteenth session's changes, 28 after (27 on PostgreSQL).
    known = rounds.misses_here(KNOWN_MISSES, KNOWN_MISSES_POSTGRESQL)
    assert rounds.passed(ALL) >= len(ALL) - len(known)


def test_the_set_written_after_the_changes_meets_its_figure_on_the_demo(demo_place):
    # Written once the changes were done and measured once (ADR 14, sixteenth session).
    assert rounds.passed(AFTER) >= after.PASSED_ON_THE_DEMO
    assert sum(_first_is_expected(case) for case in AFTER) >= after.FIRST_ON_THE_DEMO


# --- Women's and men's services (ADR 40, sixteenth session) ----------------------------------


@pytest.mark.parametrize(
    ("text", "harmed", "sex"),
    [
        ("im a guy and my girlfriend hits me", True, "man"),
        ("male victim of domestic abuse", True, "man"),
        ("client is a man whose wife is violent towards him", True, "man"),
        ("my husband pushes me around and im a man", True, "man"),
        ("as a mum of two i need help", False, "woman"),
        # Someone else named as a man says nothing of the writer.
        ("my son is a young man now and wont leave his room", False, None),
        ("he is a grown man and his wife hits him", True, None),
        # A partner named says the writer's sex only when the partner harms them.
        ("my wife threatens me with a knife", True, "man"),
        ("my boyfriend wont let me leave the flat", True, "woman"),
        ("my wife is pregnant and anxious", False, None),
        ("my wife hits me", False, None),
        # Someone else's partner says nothing of the writer.
        ("her husband hits her", True, None),
        ("my partner hits me", True, None),
    ],
)
def test_the_writers_sex_is_read_only_when_said_or_from_a_partner_who_harms(text, harmed, sex):
    assert audiences.writer_sex(text, harmed_by_partner=harmed) == sex


@pytest.mark.parametrize(
    ("name", "served"),
    [
        ("Jewish Women's Aid", "women"),
        ("Changes Mental Health Support Group - Women Only", "women"),
        ("Mothers for Mothers", "women"),
        ("Men's Aid", "men"),
        ("ManKind Initiative Telephone Helpline", "men"),
        ("Weekly Male Talking Group", "men"),
        ("Bristol Next Link Domestic Abuse Services", None),
        ("Manor Farm Community Centre", None),
        ("Men and women's walking group", None),
        # Often open to dads: not read as for women only.
        ("Mums and tots group", None),
    ],
)
def test_a_services_name_says_whether_it_is_for_one_sex(name, served):
    assert audiences.sex_served(name) == served


def _ranked(*names: str, met: tuple[str, ...] = ("Domestic abuse",)) -> list[list[Any]]:
    # In the order given, each a little below the one before.
    return [ranked_item(name, met, score=1.0 - at / 100) for at, name in enumerate(names)]


def test_a_women_only_service_is_not_for_a_man_who_says_he_is_one():
    ranked = _ranked("Women's Aid", "Domestic abuse service", "Men's Aid")
    audiences.later(ranked, "im a guy and my girlfriend hits me", situations.order)
    assert [item[2]["name"] for item in ranked] == [
        "Men's Aid",
        "Domestic abuse service",
        "Women's Aid",
    ]
    assert ranked[-1][4]


def test_a_women_only_service_comes_after_one_for_everyone_for_a_man_harmed_by_his_wife():
    ranked = _ranked("Women's Aid", "Domestic abuse service")
    audiences.later(ranked, "my wife threatens me", situations.order, harmed_by_partner=True)
    assert ranked[0][2]["name"] == "Domestic abuse service"
    # Still among the results, and not marked as not for him (his sex was not said).
    assert not ranked[1][4]


def test_women_and_men_are_left_alone_when_the_writer_is_not_known():
    ranked = _ranked("Women's Aid", "Men's Aid", "Domestic abuse service")
    audiences.later(ranked, "my partner threatens me", situations.order, harmed_by_partner=True)
    assert [item[2]["name"] for item in ranked] == [
        "Women's Aid",
        "Men's Aid",
        "Domestic abuse service",
    ]


def test_harm_by_the_writers_partner_is_read_from_the_abuse_and_the_partner():
    assert situations.harmed_by_partner(needs.understand("my wife hits me"), "my wife hits me")
    text = "my wife has dementia"
    assert not situations.harmed_by_partner(needs.understand(text), text)


# --- A service's name: another risk, another need -------------------------------------------


def test_a_service_named_for_another_risk_goes_after_those_for_the_risk_read():
    abuse = needs.shipped().needs["domestic-abuse"].name
    ranked = [
        ranked_item("Rape and Sexual Abuse Support", (abuse,), "abuse"),
        ranked_item("Domestic abuse helpline", (abuse,), "domestic abuse"),
        ranked_item("Independent domestic violence advisers", (abuse,), "domestic abuse"),
    ]
    situations.cover(ranked, needs.understand("my wife threatens me and hits me"))
    assert ranked[-1][2]["name"] == "Rape and Sexual Abuse Support"
    # Named with the sexual harm, it keeps its place.
    ranked.insert(0, ranked.pop())
    situations.cover(ranked, needs.understand("my husband raped me"))
    assert ranked[0][2]["name"] == "Rape and Sexual Abuse Support"


def test_a_service_named_for_another_need_goes_after_though_filed_under_the_need_read():
    safeguarding = needs.shipped().needs["safeguarding"].name
    ranked = [
        ranked_item("Arson reduction and hoarding support", (safeguarding,), "safeguarding"),
        ranked_item("Report concerns about a child", (safeguarding,), "safeguarding"),
        ranked_item("Report concerns about an adult at risk", (safeguarding,), "safeguarding"),
    ]
    situations.cover(ranked, needs.understand("a child in my street is being neglected"))
    assert ranked[-1][2]["name"] == "Arson reduction and hoarding support"


def test_a_name_in_a_need_reads_own_service_words_is_that_needs():
    # "accommodation" reads housing, but a refuge is domestic abuse's own word.
    abuse = needs.shipped().needs["domestic-abuse"].name
    ranked = [
        ranked_item("Refuge accommodation", (abuse,), "domestic abuse"),
        ranked_item("Domestic abuse helpline", (abuse,), "domestic abuse"),
    ]
    situations.cover(ranked, needs.understand("my partner hits me"))
    assert ranked[0][2]["name"] == "Refuge accommodation"


def test_a_service_named_for_a_need_whose_second_answer_is_the_need_read_goes_after():
    # Bereavement's second answer is company, not the other way round: a bereavement group is
    # no first answer to a newcomer's loneliness (it opened "just moved here and dont know
    # anybody" on Bristol).
    loneliness = needs.shipped().needs["loneliness"].name
    ranked = [
        ranked_item("Bereavement peer support group", ()),
        ranked_item("Art group", ()),
        ranked_item("Befriending service", (loneliness,), "befriending"),
    ]
    situations.cover(ranked, needs.understand("just moved here and dont know anybody"))
    names = [item[2]["name"] for item in ranked]
    assert names.index("Bereavement peer support group") > names.index("Befriending service")
    # For a death, company stays near: a befriending service keeps its place.
    bereavement = needs.shipped().needs["bereavement"].name
    ranked = [
        ranked_item("Befriending service", ()),
        ranked_item("Bereavement support", (bereavement,), "bereavement"),
    ]
    situations.cover(ranked, needs.understand("my wife died last month"))
    assert ranked[0][2]["name"] == "Befriending service"


# --- A carer's break -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "husband has parkinsons and i need a break",
        "my wife has ms and i desperately need a few hours off",
        "mum has dementia and i never get time for myself",
    ],
)
def test_a_carer_asking_for_a_break_names_the_carers_need_first(text):
    understood = needs.understand(text)
    assert understood.carer_asks_a_break
    assert understood.codes[0] == needs.CARERS
    assert needs.CARERS not in understood.derived


@pytest.mark.parametrize(
    "text", ["stressed at work and i need a break", "husband has parkinsons and needs a walker"]
)
def test_a_break_is_the_carers_only_when_the_writer_is_a_carer_asking_for_one(text):
    assert not needs.understand(text).carer_asks_a_break


def test_a_carer_asking_for_a_break_sees_a_carers_service_first():
    carers = needs.shipped().needs[needs.CARERS].name
    condition = needs.shipped().needs["long-term-condition"].name
    ranked = [
        ranked_item("Memory cafes", ()),
        ranked_item("Tai chi for Parkinson's", (condition,), "long-term conditions"),
        ranked_item("Carers centre", (carers,), "carers"),
    ]
    situations.cover(ranked, needs.understand("husband has parkinsons and i need a break"))
    assert ranked[0][2]["name"] == "Carers centre"


# --- A child of school age, and older children --------------------------------------------


@pytest.mark.parametrize(
    ("text", "school_age"),
    [
        ("my 10 year old refuses to go to school", True),
        ("teenager refusing to go to school", True),
        ("my 3 year old has tantrums", False),
        ("nursery place for my son", False),
        ("baby cries all evening", False),
        ("feeling low", False),
    ],
)
def test_a_child_of_school_age_is_read(text, school_age):
    assert needs.understand(text).school_age is school_age


def test_early_years_services_are_not_for_a_child_of_school_age():
    ranked = [
        ranked_item("Nursery class", ("x",), "early years", score=1.0),
        ranked_item("Children's Centre drop-in", ("x",), score=0.9),
        ranked_item("School family support", ("x",), "parenting", score=0.8),
    ]
    situations.too_old_for_early_years(
        ranked, needs.understand("my 10 year old refuses to go to school")
    )
    assert ranked[0][2]["name"] == "School family support"
    assert ranked[1][4] and ranked[2][4]


def test_older_lads_are_not_older_people():
    understood = needs.understand("my son is being made to carry drugs for older lads")
    assert understood.a_child_is_the_subject
    assert not understood.for_an_adult
    assert needs.understand("lunch club for older people").for_an_adult


# --- The words of a need: what is read --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "read"),
    [
        ("someone broke into our house", "crime", True),
        ("someone broke into our house", "debt", False),
        ("we had a break in last night", "crime", True),
        ("someone keeps following me home", "crime", True),
        ("my neighbour is being taken advantage of", "safeguarding", True),
        ("my daughter keeps going missing", "safeguarding", True),
        ("being made to carry drugs", "safeguarding", True),
        ("they make me run packages", "safeguarding", True),
        ("moved here and dont know a soul", "loneliness", True),
        ("he refuses to go to school", "parenting", True),
        ("baby cries for hours", "parenting", True),
        ("so much pressure at work", "mental-health", True),
        ("need a smoke alarm fitted", "fire-safety", True),
        ("want to do some volunteering", "volunteering", True),
        ("want to do some volunteering", "work", False),
        ("i need a break", "carers", False),
    ],
)
def test_a_need_is_read_from_its_words_in_their_sense(text, code, read):
    assert (code in needs.understand(text).codes) is read


def test_pressure_beside_work_is_not_searched():
    assert "pressure" in needs.understand("so much pressure at work").idiom_words


def test_volunteering_is_a_second_answer_to_work_not_work_itself():
    vocabulary = needs.shipped().needs
    assert not vocabulary["work"].fits("find volunteering | volunteering")
    assert vocabulary["volunteering"].fits("find volunteering | volunteering")
    assert "volunteering" in situations.related("work")
