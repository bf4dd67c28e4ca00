"""Seven classes of phrasing read in their sense (ADR 13 and 14, sixth- and seventh-session
addenda): abuse of an older person by a carer or relative, neglect of a child seen by a neighbour
or teacher, panic and breathlessness in distress, slang for drugs in its everyday sense, "loss"
of a sense or a function, "my carer ..." as the one who mistreats the writer, and risk said in
new ways. The phrasings are in
`distress_classes.py`; each class is checked as a whole, so a failure lists every phrasing that
fails."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from joinedup.search import needs, safety, situations
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.tests import distress_classes as classes
from joinedup.search.tests.test_distress_phrasings import _categories

pytestmark = pytest.mark.django_db

ABUSE = classes.OLDER_PERSON_ABUSE + classes.CHILD_NEGLECT + classes.CARER_MISTREATS
EVERYDAY = (
    classes.OLDER_PERSON_ORDINARY
    + classes.CHILD_ORDINARY
    + classes.PANIC_ORDINARY
    + classes.SLANG_ORDINARY
    + classes.SLANG_DRUGS
    + classes.LOSS_NOT_BEREAVEMENT
    + classes.LOSS_BEREAVEMENT
    + classes.CARER_CARES
)
CARERS_SERVICES = {"Support for carers", "Young carers", "Breaks and respite"}


def test_each_class_has_at_least_sixty_phrasings():
    sizes = {
        "older person": len(classes.OLDER_PERSON_ABUSE) + len(classes.OLDER_PERSON_ORDINARY),
        "child neglect": len(classes.CHILD_NEGLECT) + len(classes.CHILD_ORDINARY),
        "panic": len(classes.PANIC) + len(classes.PANIC_ORDINARY),
        "slang": len(classes.SLANG_ORDINARY) + len(classes.SLANG_DRUGS),
        "loss": len(classes.LOSS_NOT_BEREAVEMENT) + len(classes.LOSS_BEREAVEMENT),
        "my carer": len(classes.CARER_MISTREATS) + len(classes.CARER_CARES),
        "new ways": len(classes.NEW_RISK) + len(classes.NEW_ORDINARY),
    }
    assert min(sizes.values()) >= 60, sizes


# --- The panel ------------------------------------------------------------------------------


def _fails(texts: list[str], ok: Callable[[str], bool]) -> list[str]:
    return [t for t in texts if not ok(t)]


@pytest.mark.parametrize(
    ("texts", "kind"),
    [(ABUSE, "abuse"), (classes.PANIC, "crisis")],
    ids=["abuse", "panic"],
)
def test_the_reviewed_patterns_alone_show_the_panel(texts, kind):
    # A server without the model still shows help.
    assert _fails(texts, lambda t: kind in safety.kinds_by_words(t)) == []


def test_everyday_senses_show_no_panel():
    assert _fails(EVERYDAY, lambda t: not safety.assess_text(t).shown) == []


def _with_danger(text: str) -> set[str]:
    kinds = safety.kinds_by_words(text)
    return kinds | {"danger"} if kinds & safety.DANGER_SORTS else kinds


def test_risk_said_in_new_ways_shows_the_panel_by_the_patterns_alone():
    # 40+ phrasings written after the patterns caught 6 of 15 new ones: the kind each says is
    # read by the reviewed patterns, without the model; and everyday words near them (cutting,
    # knives, bridges, tablets, locked out, freezing) show no panel, by words or meaning.
    assert len(classes.NEW_RISK) >= 40
    assert len(classes.NEW_ORDINARY) >= 20
    # An attack now or a fire is a sort of immediate danger (`safety.DANGER_SORTS`).
    assert [(t, k) for t, k in classes.NEW_RISK if k not in _with_danger(t)] == []
    assert _fails(classes.NEW_ORDINARY, lambda t: not safety.assess_text(t).shown) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A blanked phrase no longer joins the words either side of it into a risk.
        ("my mum can't cut her grass any more", None),
        ("i cant do this any more", "crisis"),
        ("my nan bruises easily after her falls", None),
        ("my nan has bruises", "abuse"),
        ("drowning in debt", None),
        ("i feel like im drowning in debt and want to die", "suicide"),
        ("can't breathe through my nose", None),
    ],
)
def test_blanked_and_bounded_phrases(text, kind):
    found = safety.kinds_by_words(text)
    assert (kind in found) if kind else not found, (text, found)


# --- The vocabulary -------------------------------------------------------------------------


def test_my_carer_is_someone_who_cares_for_the_writer_not_a_need_for_carers():
    assert (
        _fails(
            [*classes.CARER_MISTREATS, "my carer is lovely", "my carer is leaving"],
            lambda t: not needs.understand(t).carer,
        )
        == []
    )
    assert _fails(classes.WRITER_IS_A_CARER, lambda t: needs.understand(t).carer) == []


def test_slang_in_its_everyday_sense_names_no_drugs_need():
    assert _fails(classes.SLANG_ORDINARY, lambda t: "drugs-alcohol" not in _codes(t)) == []
    assert _fails(classes.SLANG_DRUGS, lambda t: "drugs-alcohol" in _codes(t)) == []


@pytest.mark.parametrize(
    ("text", "ruled_out"),
    [
        # The slang word read inside another need's phrase, or a phrase in another sense.
        ("grass verge cutting", True),
        ("help cutting the grass", True),
        ("weeding", True),
        ("a crack in my wall", True),
        ("rehab after a stroke", True),
        # The drugs sense read, or the word not read at all (nothing ruled out).
        ("smoking too much grass", False),
        ("my son is on the gear", False),
        ("pension pot", False),
        ("grass", False),
    ],
)
def test_the_drugs_sense_of_slang_is_ruled_out_where_the_vocabulary_reads_another(text, ruled_out):
    assert ("drugs-alcohol" in needs.understand(text).ruled_out) is ruled_out


def test_a_service_tied_only_by_a_ruled_out_need_comes_after_those_that_fit():
    reading = situations.read(needs.understand("grass verge cutting"))
    drugs = {"id": 1, "name": "Turning Point", "terms": "Drugs and alcohol Health"}
    drugs |= {"term_ids": "", "minimum_age": None, "maximum_age": None}
    families = {"": ("drugs and alcohol | health",)}
    assert situations.fit(drugs, reading, families)[0] == -situations.RULED_OUT_WEIGHT
    # Filed under help at home too, or sharing a typed word left unread: not lowered.
    both = drugs | {"term_ids": "x"}
    families["x"] = ("drugs and alcohol | health", "help at home | care and support")
    assert situations.fit(both, reading, families)[0] >= -situations.NEED_WEIGHT
    nan = situations.read(needs.understand("cutting the grass for nan"))
    named = drugs | {"terms": "Drugs and alcohol Health Nan"}
    assert situations.fit(named, nan, {})[0] > -situations.RULED_OUT_WEIGHT


def test_a_child_named_is_the_subject_not_an_adult_beside_them():
    # The child neglect class is about the child; an older person's abuse, or a writer
    # harmed by their son, is not, though a child or a son is named.
    subject = [t for t in classes.CHILD_NEGLECT if not needs.understand(t).a_child_is_the_subject]
    assert subject == []
    named_adult = [
        "my gran is frightened of her grandson",
        "my son in law shouts at my mum and she's scared of him",
        "my son is my carer and he takes my pension",
        "elderly mum being bullied by her carer",
        "5 year old out at 11pm with no adult",
    ]
    assert [t for t in named_adult if needs.understand(t).a_child_is_the_subject] == [
        "5 year old out at 11pm with no adult"
    ]
    # "up" in "turns up", "over" in "over the road" say nothing of an adult.
    assert needs.understand("the little girl over the road is locked out").about_a_child
    assert not needs.understand("my adult son has been arrested").a_child_is_the_subject


def test_loss_of_a_sense_or_a_function_is_not_searched_as_loss():
    # "loss" alone is bereavement's word: in these it is left to the phrase.
    with_loss = [t for t in classes.LOSS_NOT_BEREAVEMENT if "loss" in t.lower().split()]
    assert len(with_loss) >= 25
    assert _fails(with_loss, lambda t: "loss" in needs.understand(t).idiom_words) == []
    assert _fails(classes.LOSS_NOT_BEREAVEMENT, lambda t: "bereavement" not in _codes(t)) == []
    assert "bereavement" in _codes("dealing with the loss of my mum")
    assert "bereavement" in _codes("loss of a parent")


def _codes(text: str) -> tuple[str, ...]:
    return needs.understand(text).codes


def _first_need(text: str) -> str:
    understood = situations.with_signalled_needs(
        needs.understand(text), safety.assess_text(text), text
    )
    return understood.codes[0] if understood.codes else ""


def test_the_risk_is_the_first_need_read():
    partner = needs.shipped().slots["partner"] - situations.PRONOUNS
    someone_elses = [
        t
        for t in ABUSE
        if not partner & {needs.stem(w) for w in needs.tokens(t)} and "scared of him" not in t
    ]
    assert _fails(someone_elses, lambda t: _first_need(t) == "safeguarding") == []
    assert _fails(classes.PANIC, lambda t: _first_need(t) == "suicide-self-harm") == []
    # A partner who is the writer's carer is domestic abuse; someone else's partner is not.
    assert _first_need("my husband is my carer and he hits me") == "domestic-abuse"
    assert _first_need("my dad's new girlfriend is draining his bank account") == "safeguarding"
    # A parent harming the writer reads as a child's own words (ADR 14, fifteenth session).
    assert _first_need("I was hit by my dad") == "safeguarding"
    assert _first_need("im 40 and i was hit by my dad") == "domestic-abuse"
    assert _first_need("I'm a carer and my son hits me") == "domestic-abuse"
    # No one named at all: the writer's own risk (it was read as someone else's, and the
    # adult safeguarding team came first for someone who needs somewhere safe to sleep).
    assert _first_need("need somewhere safe to stay") == "domestic-abuse"
    assert _first_need("somewhere safe to sleep tonight") == "domestic-abuse"
    assert _first_need("she has bruises and wont say how she got them") == "safeguarding"


# --- On the demo place ----------------------------------------------------------------------


def _top(text: str, n: int = 5) -> list[set[str]]:
    return _categories(search(SearchQuery(text=text)), n)


def _abuse_help_near_the_top(top: list[set[str]]) -> bool:
    first = top[0] if top else set()
    return bool({"Safeguarding", "Domestic abuse"} & first) or any(
        "Safeguarding" in c for c in top[:3]
    )


RESULTS: dict[str, tuple[list[str], Callable[[list[set[str]]], bool]]] = {
    "older person abuse": (classes.OLDER_PERSON_ABUSE, _abuse_help_near_the_top),
    "child neglect": (classes.CHILD_NEGLECT, _abuse_help_near_the_top),
    "risk said in new ways": (
        [t for t, kind in classes.NEW_RISK if kind == "abuse"],
        _abuse_help_near_the_top,
    ),
    "my carer mistreats me": (
        classes.CARER_MISTREATS,
        lambda top: (
            bool(top)
            and bool({"Safeguarding", "Domestic abuse"} & top[0])
            and not any(CARERS_SERVICES & c for c in top[:3])
        ),
    ),
    "panic": (classes.PANIC, lambda top: any("Crisis support" in c for c in top[:2])),
    "slang in its everyday sense": (
        classes.SLANG_ORDINARY,
        lambda top: not any("Drugs and alcohol" in c for c in top[:5]),
    ),
    "slang for drugs": (
        classes.SLANG_DRUGS,
        lambda top: any("Drugs and alcohol" in c for c in top[:3]),
    ),
    "loss of a sense or a function": (
        classes.LOSS_NOT_BEREAVEMENT,
        lambda top: not any("Bereavement" in c for c in top[:3]),
    ),
    "loss as bereavement": (
        classes.LOSS_BEREAVEMENT,
        lambda top: any("Bereavement" in c for c in top[:3]),
    ),
    "the writer is a carer": (
        classes.WRITER_IS_A_CARER,
        lambda top: any("Support for carers" in c for c in top),
    ),
}


@pytest.mark.parametrize("name", list(RESULTS))
def test_each_class_finds_the_help_it_needs_on_the_demo(demo_place, name):
    texts, ok = RESULTS[name]
    failed = [(t, [sorted(c)[:2] for c in top]) for t in texts if not ok(top := _top(t))]
    assert failed == []


def test_a_neglected_child_opens_with_childrens_safeguarding_on_the_demo(demo_place):
    # A child named is the subject: the children's front door first, the adult at risk team
    # (also safeguarding) after it.
    failed = [
        (t, names[:2])
        for t in classes.CHILD_NEGLECT
        if not (names := [h.name for h in search(SearchQuery(text=t)).hits[:3]])
        or not names[0].startswith("Report concerns about a child")
    ]
    assert failed == []


@pytest.mark.parametrize(
    ("text", "wanted", "within"),
    [
        ("my gran has bruises and her carer is short with her", "about an adult", 1),
        ("my carer shouts at me", "about an adult", 1),
        ("8 year old neighbour outside late looks hungry", "about a child", 1),
    ],
)
def test_the_reported_phrasings_open_with_safeguarding(demo_place, client, text, wanted, within):
    page = client.get("/", {"q": text}).content.decode()
    assert "data-crisis-panel" in page
    names = [h.name for h in search(SearchQuery(text=text)).hits[:within]]
    assert any(n.startswith(f"Report concerns {wanted}") for n in names), names


@pytest.mark.parametrize(
    ("text", "wanted", "not_wanted"),
    [
        ("i feel like im drowning and cant breathe", "Crisis support", None),
        ("cutting the grass for my nan", "Help at home", "Drugs and alcohol"),
        ("sight loss", "Disability", "Bereavement"),
    ],
)
def test_the_other_reported_phrasings_on_the_demo(demo_place, client, text, wanted, not_wanted):
    panel = "data-crisis-panel" in client.get("/", {"q": text}).content.decode()
    assert panel is (wanted == "Crisis support")
    top = _top(text)
    assert any(wanted in c for c in top[:3]), top
    assert not_wanted is None or not any(not_wanted in c for c in top[:3]), top
