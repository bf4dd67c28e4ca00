"""A query's situation in the ranking (ADR 14): who needs the help and what the need is.

The needs a query names (`needs.understand`) change a search in five places, all here: their
words stand beside the typed words (`combine`), typed words of the vocabulary are never
spelling-corrected away (`keep_known_words`), a service is lifted in proportion to how much of
what it says it is for meets the named needs (`fit`), services only for under-18s come last for
a query not about a child (`fit`, `young_by_description`), and each named need is among the
first results when a service meets it (`cover`). `engine` calls these; none reads the database
except `families` and `young_by_description`, for the candidates' categories and descriptions.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from joinedup.search import categories, needs, safety, text

# The words of the needs a query names count this much beside the typed words' own score
# (each normalised to its best).
NEED_WORDS_WEIGHT = 0.5
# Added when a service's categories or name fit a need the query names; taken away when they
# fit only a wrong reading of it (a bereavement service for a person who wants to end their life).
NEED_WEIGHT = 0.15
# Taken away when a service fits only a wrong reading of a crisis need and no other need the
# query names: a bereavement service is harmful among the first results for a person who wants
# to end their life, so it goes well below the services that fit, not just a little.
MISREAD_CRISIS_WEIGHT = 1.0
# When the query names a risk to life or abuse (a crisis need), the fit counts this much more:
# the services that meet it come before those its other words find ("my boyfriend gets nasty
# when he drinks" is a person at risk first, and a drinks service second).
CRISIS_FIT_FACTOR = 2.0
# Taken away from a service tied to the query only by a need whose sense the vocabulary ruled
# out for a typed word (`needs.Understanding.ruled_out`): a drugs service for "grass verge
# cutting", found by "cut" ("cut down drinking") or by the model putting "grass" near cannabis,
# goes below the services that fit what was understood, as a misread crisis service does.
RULED_OUT_WEIGHT = MISREAD_CRISIS_WEIGHT
# The need of the vocabulary that meets each kind of risk the crisis detection signals
# (`safety.KINDS`), for a query whose words the vocabulary did not read ("im done with life",
# "feel like topping myself"): the panel and the results then say the same thing. Abuse of
# someone the person looks after or of a child is a safeguarding concern, otherwise domestic
# abuse. A medical emergency ("my son swallowed bleach", "my dad is having a stroke") is met by
# the health services, after the panel's numbers: only when the reviewed patterns read it and no
# other kind but danger is read (abuse's services meet a partner's threat, the crisis services an
# overdose: `ALONE_KINDS`); a child who swallowed pills or bleach is a medical emergency, so
# the health services. An attack now (someone with a weapon, breaking in, a stabbing: the
# reviewed `attack` patterns) is met by the victims of crime and community safety services,
# again only when no other kind is read ("my ex is outside with a knife" is abuse's). A fire
# and the rest of immediate danger (a young person put out, a home with no heat and a baby, a
# threat said without an act) have no need of their own: mapped to crime, danger put the police
# first for those. An overdose taken, or a wound to oneself that will not stop bleeding, is a
# medical emergency before it is a crisis: when the patterns read one beside thoughts of suicide
# or self-harm (and nothing else), the health services meet it, as for a child who
# swallowed pills; the panel above still lists Samaritans and the partnership's crisis services
# (ADR 13, thirteenth session).
SIGNALLED_NEEDS = {
    "attack": "crime",
    "medical": "health",
    "suicide": "suicide-self-harm",
    "self_harm": "suicide-self-harm",
    "crisis": "suicide-self-harm",
    "abuse": "domestic-abuse",
}
SOMEONE_ELSES_ABUSE = "safeguarding"
# Kinds whose need is added only when no other kind (danger's sorts aside) is read.
ALONE_KINDS = frozenset({"attack", "fire", "danger", "medical", "exposure"})
SELF_KINDS = frozenset({"suicide", "self_harm"})
# A service only for under-18s comes after every other result of a query not about a child:
# an adult carer is not eligible for a young carers' service. The best this many results are
# also checked by their description for one ("aged 8 to 17").
AGE_WINDOW = 20
# Each need a query names is among the first this many results when a service fits it (a
# carer's query shows carers' services and the cared-for person's).
COVER_TOP = 5
COVER_NEEDS = 3


# Words that make abuse the writer's own: domestic abuse, not safeguarding.
SELF_AS_VICTIM = frozenset(["me", "us", "myself"])
PRONOUNS = frozenset(["he", "she", "him", "her", "they", "them"])


def _someone_elses(understood: needs.Understanding, text: str) -> bool:
    """Whether abuse a query signals is someone else's, not the writer's or between partners:
    "care staff are rough with my dad", "the kid next door is being hurt", "grandma has
    bruises and says she fell but I don't believe her", against "my boyfriend gets nasty",
    "my son is violent towards me" and "I was touched on the bus". The writer's partner, then
    the writer as the one harmed, then a child, someone they look after or a relative named."""
    said = needs.tokens(text)
    stems = [needs.stem(w) for w in said]
    if _writers_partner(said, stems) or SELF_AS_VICTIM & set(said):
        return False
    if FIRST_PERSON_HARMED.search(" ".join(said)):
        return False
    if understood.carer or understood.about_a_child or _others(stems):
        return True
    if needs.FIRST_PERSON & set(said):
        return False
    # Someone named by a pronoun or a word for a person ("she has bruises and says she fell",
    # "the man next door takes money off the old lady upstairs"); no one named at all ("need
    # somewhere safe to stay", "being hit every day") is the writer's own risk.
    return bool((PRONOUNS | PEOPLE) & set(said))


# The writer as the one harmed, in the passive: "I was hit by my dad", "I'm being bullied".
FIRST_PERSON_HARMED = re.compile(
    r"\b(i|im|ive) (was|got|am|been|being|have been|had been|keep getting|get)( [a-z]+)? "
    r"(hit|hurt|beaten|attacked|abused|raped|assaulted|touched|groped|pushed|slapped|kicked"
    r"|punched|threatened|bullied|harassed|stalked|robbed|mugged|spiked|exploited|neglected"
    r"|locked|controlled|strangled|choked)\b"
)
# Words for a person, neither the writer nor a relative: the harm is someone else's.
PEOPLE = frozenset(
    [
        "man",
        "men",
        "woman",
        "women",
        "lady",
        "ladies",
        "gentleman",
        "bloke",
        "guy",
        "fella",
        "person",
        "people",
        "girl",
        "boy",
        "lad",
        "lass",
    ]
)
# Besides relatives, the people whose harm a writer reports (an elderly neighbour, a resident).
OTHERS = frozenset(["neighbour", "neighbor", "resident", "patient", "elderly", "pensioner"])


def _others(stems: list[str]) -> bool:
    vocabulary = needs.shipped()
    relatives = (vocabulary.slots["relative"] | vocabulary.slots["child"]) - vocabulary.slots[
        "partner"
    ]
    return bool((relatives | OTHERS) & set(stems))


def _writers_partner(said: list[str], stems: list[str]) -> bool:
    """Whether a partner named is the writer's: "my boyfriend", "husband", not "her husband"
    or "my dad's new girlfriend" (someone else's partner, and someone else harmed)."""
    vocabulary = needs.shipped()
    partner = vocabulary.slots["partner"] - PRONOUNS
    relatives = vocabulary.slots["relative"] - partner
    for i, word in enumerate(stems):
        if word not in partner:
            continue
        before = said[max(0, i - 2) : i]
        if not any(w in ("his", "her", "their") or _possessive_of(w, relatives) for w in before):
            return True
    return False


def writers_partner_named(text: str) -> bool:
    """Whether a text names the writer's own partner or ex ("my husband", "boyfriend"), not
    someone else's ("her husband", "my dad's girlfriend")."""
    said = needs.tokens(text)
    return _writers_partner(said, [needs.stem(w) for w in said])


def harmed_by_partner(understood: needs.Understanding, text: str) -> bool:
    """Whether a query reads domestic abuse and names the writer's own partner: the partner
    named is the one harming them ("my wife hits me"), so the partner's sex says the writer's
    (`audiences.writer_sex`)."""
    return DOMESTIC_ABUSE in understood.codes and writers_partner_named(text)


DOMESTIC_ABUSE = "domestic-abuse"


def _possessive_of(word: str, relatives: frozenset[str]) -> bool:
    # "dads" in "my dads girlfriend" ("dad's" with its apostrophe dropped).
    return word.endswith("s") and needs.stem(word) in relatives


# Someone paid or trusted to care for a person ("my carer", "care staff", "the lady who looks
# after me"): abuse by them is a safeguarding concern, even when the writer is the one harmed.
CARE_GIVERS = re.compile(
    r"\b(carers?|careworkers?|care (workers?|staff|assistants?|home|agency)|support workers?"
    r"|home help|personal assistant|pa|nurses?|staff|cleaner|lodger"
    r"|(who|that) (cares|looks) (for|after) (me|us|her|him|them))\b"
)


def _by_someone_who_cares(understood: needs.Understanding, text: str) -> bool:
    """Whether abuse a query signals is by someone who cares for the person, not a partner:
    "my carer shouts at me", "my son is my carer and takes my pension", against "my husband
    is my carer and he hits me" (domestic abuse) and "I'm a carer and my son hits me" (the
    writer cares; the need they name is theirs)."""
    said = needs.tokens(text)
    partner = needs.shipped().slots["partner"] - PRONOUNS
    if understood.carer or partner & {needs.stem(w) for w in said}:
        return False
    return bool(CARE_GIVERS.search(" ".join(said)))


# People neither close to the writer nor caring for them: threats or harm by them are a crime
# against the writer, not domestic abuse ("some lads keep threatening me", "my neighbour says
# he will kill me").
NOT_CLOSE = frozenset(
    [
        *("lad", "lads", "boys", "youths", "teenagers", "gang", "gangs", "group"),
        *("man", "men", "guy", "guys", "bloke", "blokes", "stranger", "strangers"),
        *("neighbour", "neighbours", "neighbor", "neighbors", "dealer", "dealers"),
    ]
)


def _by_someone_not_close(understood: needs.Understanding, text: str) -> bool:
    """Whether the writer's own harm or threat a query signals is by people it names who are
    neither a partner, an ex nor a relative ("some lads keep threatening me and they know
    where i live"): the victims of crime services meet it, not the domestic abuse ones. No one
    named ("being hit every day") stays the writer's own domestic abuse risk."""
    said = needs.tokens(text)
    stems = [needs.stem(w) for w in said]
    close = needs.shipped().slots["relative"] | needs.shipped().slots["partner"]
    if understood.carer or _writers_partner(said, stems) or (close - PRONOUNS) & set(stems):
        return False
    return bool(NOT_CLOSE & set(said))


def harmed_by_someone_not_close(text: str) -> bool:
    """Whether a text's harm or threat is the writer's own, by people it names who are neither a
    partner, an ex nor a relative ("my neighbour says he will kill me"): a crime against the
    writer. Someone else harmed ("my niece is being messaged by a 30 year old man") is not."""
    understood = needs.understand(text)
    return _by_someone_not_close(understood, text) and not _someone_elses(understood, text)


def _unread_risk(understood: needs.Understanding, text: str) -> bool:
    """Whether a pattern said a risk in words none of the vocabulary's phrases read whole."""
    raw = [t for t in needs.tokens(text) if t not in needs.FILLERS]
    read = [" " + " ".join(raw[f.start : f.end]) + " " for f in understood.found if not f.need.weak]
    return any(
        not any(f" {' '.join(words)} " in phrase for phrase in read)
        for words in safety.matched_words(text)
    )


def with_signalled_needs(
    understood: needs.Understanding, signal: safety.Signal, text: str = ""
) -> needs.Understanding:
    """The query's reading with the need that meets the risk its words or meaning signal,
    first and as named, so its words widen the query and its services rise: when the
    vocabulary read no need ("feel like topping myself", "my boyfriend gets nasty when he
    drinks"), or read others in words that are not the risk's ("alone" in "my ex won't leave
    me alone", "carer" in "my nan's carer is taking her money"). Where the vocabulary read the
    very words that said the risk, or the model alone said it, the vocabulary's reading
    stands: "racist abuse" is a hate crime, not domestic abuse, and adding the risk's need
    there put its services in place of the right ones. The panel shows the help either way."""
    if not signal.shown or (understood.firm and not _unread_risk(understood, text)):
        return understood
    known = needs.shipped().needs
    # What the reviewed patterns read comes before what only the model read: "I can't get my
    # breath and I'm terrified" is panic by its words, whatever the model makes of "terrified".
    worded = safety.kinds_by_words(text) if text else set()
    kinds = sorted(signal.kinds, key=lambda k: k not in worded)
    # What the patterns read decides the services; the model's further kinds show in the
    # panel only ("someone is breaking in and im terrified" is an attack, not abuse).
    if worded & set(kinds):
        kinds = [k for k in kinds if k in worded]
    if "medical" in worded and not set(kinds) - ALONE_KINDS - SELF_KINDS:
        # An overdose taken on purpose is a medical emergency first and a crisis second: the
        # health services lead, and the urgent mental health services are named beside them,
        # so that what follows is not any GP clinic (a menopause clinic came fourth).
        kinds = ["medical", *(k for k in kinds if k in SELF_KINDS)]
    elif any(k not in ALONE_KINDS for k in kinds):
        kinds = [k for k in kinds if k not in ALONE_KINDS]
    # A medical emergency the model alone might read is not sure enough to turn the results.
    kinds = [k for k in kinds if k not in ALONE_KINDS or k in worded]
    codes = [SIGNALLED_NEEDS[k] for k in kinds if k in SIGNALLED_NEEDS]
    # A child's own words about a parent or carer harming them ("my stepdad hits me") are the
    # children's safeguarding services' (ADR 13, fifteenth session), as a child harmed is.
    if "domestic-abuse" in codes and needs.a_childs_own_words(text):
        understood = dataclasses.replace(
            understood, about_a_child=True, a_child_is_the_subject=True
        )
        # Both: the writer may be an adult still harmed by a parent (domestic abuse second).
        codes.insert(codes.index("domestic-abuse"), SOMEONE_ELSES_ABUSE)
    elif "domestic-abuse" in codes and (
        _someone_elses(understood, text) or _by_someone_who_cares(understood, text)
    ):
        codes[codes.index("domestic-abuse")] = SOMEONE_ELSES_ABUSE
    elif "domestic-abuse" in codes and _by_someone_not_close(understood, text):
        codes[codes.index("domestic-abuse")] = "crime"
    added = tuple(known[c] for c in dict.fromkeys(codes) if c in known)
    if not added:
        return understood
    return dataclasses.replace(
        understood,
        needs=tuple(dict.fromkeys((*added, *understood.needs))),
        translated=tuple(dict.fromkeys((*added, *understood.translated))),
        # Named, not derived: an empty span at the start (no typed word is its phrase). What
        # else the vocabulary read becomes the risk's situation, read rather than named (half
        # the lift, no words of its own): the services that meet the risk come first, then
        # those ("hungry" beside a child left outside late, "elderly" beside a carer's abuse).
        found=tuple(needs.Found(n, 0, 0) for n in added),
        # The words that said the risk are left to it, as a crisis phrase's are: "can't breathe"
        # is panic, not the asthma clinic; "carer shouts at me" is not the carers' centre.
        # So are the words saying when ("tonight"): beside a risk they say how soon, not which
        # help (the out-of-hours homelessness line is for "nowhere to sleep tonight").
        idiom_words=understood.idiom_words
        | {w for words in safety.matched_words(text) for w in words}
        | {w for w in needs.tokens(text) if w in needs.shipped().when},
    )


def _medical_first(understood: needs.Understanding) -> bool:
    """Whether a medical emergency's need was named first for a signalled risk (an overdose
    taken): a crisis need named beside it then meets the query without the crisis factor, so
    the health services stay first and the urgent mental health services follow."""
    signalled = [f for f in understood.found if f.start == f.end == 0]
    return bool(signalled) and signalled[0].need.code == SIGNALLED_NEEDS["medical"]


def keep_known_words(parsed: text.ParsedText) -> text.ParsedText:
    """The parse without spelling corrections of words of the needs vocabulary: "feeling low"
    is not "fleeing", "hurts" not "hours"."""
    undo = {typed: used for typed, used in parsed.corrections.items() if needs.known_word(typed)}
    if not undo:
        return parsed
    back = {used: typed for typed, used in undo.items()}
    words = tuple(back.get(w, w) for w in parsed.words)
    synonyms = {
        phrase: related
        for phrase, related in parsed.synonyms.items()
        if not set(phrase.split()) & set(back)
    }
    terms = tuple(dict.fromkeys([*words, *(s for group in synonyms.values() for s in group)]))
    corrections = {k: v for k, v in parsed.corrections.items() if k not in undo}
    return text.ParsedText(words, terms, corrections, synonyms)


def without_idioms(parsed: text.ParsedText, understood: needs.Understanding) -> text.ParsedText:
    """The parse without the words that are part of a need's phrase of several words: their
    need's words stand for them on the words side."""
    drop = {w for w in parsed.words if w.replace("'", "") in understood.idiom_words}
    if not drop:
        return parsed
    words = tuple(w for w in parsed.words if w not in drop)
    synonyms = {p: r for p, r in parsed.synonyms.items() if not set(p.split()) & drop}
    terms = tuple(dict.fromkeys([*words, *(s for group in synonyms.values() for s in group)]))
    return text.ParsedText(words, terms, parsed.corrections, synonyms)


def combine(typed: dict[int, float], widened: dict[int, float]) -> dict[int, float]:
    """The typed words' lexical scores with the needs' words', each normalised to its best."""
    if not widened:
        return typed
    top_typed = max(typed.values(), default=0.0) or 1.0
    top_widened = max(widened.values(), default=0.0) or 1.0
    out = {i: v / top_typed for i, v in typed.items()}
    for i, v in widened.items():
        out[i] = out.get(i, 0.0) + NEED_WORDS_WEIGHT * v / top_widened
    return out


@dataclasses.dataclass(frozen=True)
class Reading:
    """A query's situation worked out once per search, for every candidate to be read
    against: the firm needs, and the codes of the named, derived and related needs."""

    understood: needs.Understanding
    firm: tuple[needs.Need, ...]
    named: frozenset[str]
    derived: frozenset[str]
    nearby: frozenset[str]
    # The needs whose sense was ruled out for a typed word, and are not read after all (a
    # signalled risk's need is never ruled out).
    ruled_out: tuple[needs.Need, ...] = ()


def read(understood: needs.Understanding) -> Reading:
    firm = understood.firm
    codes = {n.code for n in firm}
    named = frozenset(codes - understood.derived)
    derived = frozenset(codes & understood.derived)
    nearby = frozenset().union(*(related(code) for code in named | derived))
    known = needs.shipped().needs
    ruled_out = tuple(
        known[c] for c in sorted(understood.ruled_out - set(understood.codes)) if c in known
    )
    return Reading(understood, firm, named, derived, nearby, ruled_out)


def _label(row: dict[str, Any]) -> str:
    """What a candidate's name and categories say, lower case, as the needs' patterns read it."""
    return f"{row['name']} | {row['terms']}".lower()


def fit(
    row: dict[str, Any], reading: Reading, families: dict[str, tuple[str, ...]]
) -> tuple[float, tuple[str, ...], bool]:
    """(score adjustment, names of the needs it meets, too young?) of a candidate for the
    query's situation, one candidate at a time: the reference `fit_all` (which the engine
    calls) is checked against."""
    understood = reading.understood
    if not understood.needs and understood.about_a_child:
        return 0.0, (), False
    label = _label(row)
    childs_carer = (
        (understood.cares_for_an_adult and needs.for_the_carers_of_children(label))
        or (understood.cares_for_their_child and needs.for_carers_who_are_young(label))
        or (_no_one_cared_for(reading) and _carers_need().fits(label))
    )
    fitted = [] if childs_carer else [n for n in reading.firm if n.fits(label)]
    met = tuple(n.name for n in fitted)
    if reading.ruled_out and _only_ruled_out(row, label, reading, families):
        adjust = -RULED_OUT_WEIGHT
    elif not reading.firm:
        adjust = 0.0
    elif childs_carer:
        adjust = -NEED_WEIGHT
    elif not fitted and any(n.misread(label) for n in reading.firm):
        crisis = any(n.urgency == "crisis" and n.misread(label) for n in reading.firm)
        adjust = -(MISREAD_CRISIS_WEIGHT if crisis else NEED_WEIGHT)
    elif _adults_help_for_a_child(row, label, reading):
        adjust = -NEED_WEIGHT
    else:
        crisis = not _medical_first(understood) and any(
            n.urgency == "crisis" and n.code in reading.named for n in reading.firm
        )
        adjust = (
            NEED_WEIGHT
            * (CRISIS_FIT_FACTOR if crisis else 1.0)
            * fit_share(_said_for(row, families, by_name=bool(understood.translated)), reading)
        )
        if _childs_help_for_a_child(row, label, reading, fitted):
            adjust += NEED_WEIGHT
    ages = {"minimum_age": row["minimum_age"], "maximum_age": row["maximum_age"]}
    young = not understood.about_a_child and needs.for_under_18s(label, **ages)
    if understood.for_an_adult and not young and needs.for_young_people(label, **ages):
        young = not (understood.carer and _carers_need().fits(label))
    return adjust, met, young


def fit_all(
    rows: Sequence[dict[str, Any]], reading: Reading, families: dict[str, tuple[str, ...]]
) -> list[tuple[float, tuple[str, ...], bool]]:
    """`fit` of every candidate, the same values: each need's patterns run once over all the
    candidates' labels rather than once a candidate (a search reads hundreds), what depends on
    the query alone is worked out once, and a service's share of the needs once for what it
    says it is for (many share categories)."""
    understood = reading.understood
    if not understood.needs and understood.about_a_child:
        return [(0.0, (), False)] * len(rows)
    labels = [_label(row) for row in rows]
    found = _Labels(labels)
    firm = [(n, found.fitting(n)) for n in reading.firm]
    ruled_out = frozenset().union(*(found.fitting(n) for n in reading.ruled_out))
    misread = {n.code: found.matching(n.avoid_pattern) for n in reading.firm}
    misread_any = frozenset().union(*misread.values())
    misread_crisis = frozenset().union(
        *(misread[n.code] for n in reading.firm if n.urgency == "crisis")
    )
    young = found.matching(needs.shipped().under_18_pattern)
    hinted = found.matching(needs.RANGE_HINT)
    carers = found.fitting(_carers_need())
    childs_carers = (
        found.matching(needs.shipped().cared_for_children_pattern) & carers
        if understood.cares_for_an_adult
        else frozenset()
    )
    # A parent who looks after their own child: carers' services for young carers are not theirs.
    young_carers = (
        found.matching(needs.shipped().carers_who_are_young_pattern) & carers
        if understood.cares_for_their_child
        else frozenset()
    )
    # A care leaver's query (`_no_one_cared_for`): every carers' service is a wrong reading.
    wrong_carers = (
        childs_carers | young_carers | (carers if _no_one_cared_for(reading) else frozenset())
    )
    young_people = (
        found.matching(needs.shipped().young_people_pattern) | hinted
        if understood.for_an_adult
        else frozenset()
    )
    a_child = understood.a_child_is_the_subject
    adults_for_a_child = a_child and any(n.urgency == "crisis" for n in reading.firm)
    named_crisis = not _medical_first(understood) and any(
        n.urgency == "crisis" and n.code in reading.named for n in reading.firm
    )
    weight = NEED_WEIGHT * (CRISIS_FIT_FACTOR if named_crisis else 1.0)
    by_name = bool(understood.translated)
    shares: dict[tuple[str, str, str], float] = {}
    out: list[tuple[float, tuple[str, ...], bool]] = []
    for at, (row, label) in enumerate(zip(rows, labels, strict=True)):
        fitted = [] if at in wrong_carers else [n for n, fitting in firm if at in fitting]
        if at in ruled_out and _only_ruled_out(row, label, reading, families):
            adjust = -RULED_OUT_WEIGHT
        elif not firm:
            adjust = 0.0
        elif at in wrong_carers:
            adjust = -NEED_WEIGHT
        elif not fitted and at in misread_any:
            adjust = -(MISREAD_CRISIS_WEIGHT if at in misread_crisis else NEED_WEIGHT)
        elif adults_for_a_child and _adults_help_for_a_child(row, label, reading):
            adjust = -NEED_WEIGHT
        else:
            # What `_said_for` reads of the row.
            key = (row["term_ids"], row["terms"], row["name"] if by_name else "")
            share = shares.get(key)
            if share is None:
                share = shares[key] = fit_share(_said_for(row, families, by_name=by_name), reading)
            adjust = weight * share
            if a_child and _childs_help_for_a_child(row, label, reading, fitted):
                adjust += NEED_WEIGHT
        too_young = _too_young(
            understood,
            row,
            label,
            (at in young, at in hinted, at in young_people),
            carers_service=at in carers,
        )
        out.append((adjust, tuple(n.name for n in fitted), too_young))
    return out


def _too_young(
    understood: needs.Understanding,
    row: dict[str, Any],
    label: str,
    matched: tuple[bool, bool, bool],
    *,
    carers_service: bool,
) -> bool:
    """`fit`'s "too young" of a label whose patterns were run already (`matched`: its words
    say under-18s, it may hold an age range, its words say young people): only for under-18s
    for a query not about a child, or for young people when the help is for an older person
    or a spouse (`Understanding.for_an_adult`), but for a carer's own carers' services."""
    named, hinted, young_words = matched
    if not understood.about_a_child and _under_18s(row, label, named, hinted):
        return True
    if understood.for_an_adult and not (understood.carer and carers_service):
        return _young_people(row, label, young_words)
    return False


def _young_people(row: dict[str, Any], label: str, matched: bool) -> bool:
    """`needs.for_young_people` of a label whose patterns were run already (`matched`: its
    words say young people, or it may hold an age range)."""
    if row["maximum_age"] is not None or row["minimum_age"] is not None or matched:
        return needs.for_young_people(
            label, minimum_age=row["minimum_age"], maximum_age=row["maximum_age"]
        )
    return False


def _carers_need() -> needs.Need:
    return needs.shipped().needs[needs.CARERS]


def _no_one_cared_for(reading: Reading) -> bool:
    """Whether the query reads a need that says "care" in another sense than caring (a care
    leaver was looked after, and looks after no one: the need's `avoid` holds the carers'
    words) and the writer is no carer: a carers' service is then a wrong reading, even one
    that fits another need read (a young carers' service is a youth service too)."""
    return not reading.understood.carer and any(
        n.misread(_CARERS_LABEL) for n in reading.firm if n.urgency != "crisis"
    )


# What a carers' service says it is, for `_no_one_cared_for`.
_CARERS_LABEL = "carers"


def _under_18s(row: dict[str, Any], label: str, named: bool, hinted: bool) -> bool:
    """`needs.for_under_18s` of a label whose patterns were run already (`named`: its words
    say under-18s; `hinted`: it may hold an age range, which is then read in full)."""
    if row["maximum_age"] is not None or (
        row["minimum_age"] is not None and row["minimum_age"] >= 18
    ):
        return needs.for_under_18s(
            label, minimum_age=row["minimum_age"], maximum_age=row["maximum_age"]
        )
    if named:
        return True
    return hinted and needs.for_under_18s(label)


# Pattern text → label → whether the pattern finds a match in it, kept between searches: the
# same services are candidates again and again, and a label is its own key (an edited service
# has a new one). Past LABELS_KEPT answers, all are dropped.
LABELS_KEPT = 100_000
_answers: dict[str, dict[str, bool]] = {}
_kept = [0]


def _joined_matches(pattern: re.Pattern[str], labels: Sequence[str]) -> set[int]:
    """The numbers of the labels in which the pattern finds a match, in one run over all of
    them joined by a NUL: no pattern matches a NUL (nor \\s), and it is not a word character,
    so a word boundary at a label's ends is one as in the label alone, and a label has a match
    of the joined text if and only if a search of the label alone finds one."""
    starts = list(itertools.accumulate((len(label) + 1 for label in labels), initial=0))
    return {
        bisect.bisect_right(starts, match.start()) - 1
        for match in pattern.finditer("\0".join(labels))
    }


class _Labels:
    """Candidates' labels, for each pattern to be run once over all those it has not read
    before (`_joined_matches`), its earlier answers read from `_answers`."""

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = labels

    def matching(self, pattern: re.Pattern[str] | None) -> frozenset[int]:
        """The numbers of the labels in which the pattern finds a match."""
        if pattern is None:
            return frozenset()
        known = _answers.setdefault(pattern.pattern, {})
        answers = [known.get(label) for label in self.labels]
        unread = [at for at, answer in enumerate(answers) if answer is None]
        if unread:
            labels = [self.labels[at] for at in unread]
            found = _joined_matches(pattern, labels)
            if _kept[0] + len(unread) > LABELS_KEPT:
                _answers.clear()
                _kept[0] = 0
                known = _answers.setdefault(pattern.pattern, {})
            _kept[0] += len(unread)
            for n, (at, label) in enumerate(zip(unread, labels, strict=True)):
                answers[at] = known[label] = n in found
        return frozenset(at for at, answer in enumerate(answers) if answer)

    def fitting(self, need: needs.Need) -> frozenset[int]:
        """The labels the need `fits`."""
        return self.matching(need.fit_pattern) - self.matching(need.avoid_pattern)


def _adults_help_for_a_child(row: dict[str, Any], label: str, reading: Reading) -> bool:
    """Whether a service is for adults while the one a query's risk (a crisis need) is about is
    a child: "8 year old neighbour outside late looks hungry" is for the children's front door,
    not the adult at risk team (though both are safeguarding), nor older people's befriending.
    It is not lifted for any need the query names, and comes after the services that are."""
    return (
        reading.understood.a_child_is_the_subject
        and any(n.urgency == "crisis" for n in reading.firm)
        and needs.for_adults(label, minimum_age=row["minimum_age"], maximum_age=row["maximum_age"])
    )


def _childs_help_for_a_child(
    row: dict[str, Any], label: str, reading: Reading, fitted: list[needs.Need]
) -> bool:
    """Whether a service for under-18s meets the risk (a crisis need) a query names about a
    child: it comes before the other services its words find ("a child in my class comes to
    school hungry every day" is the children's front door first, then the breakfast club)."""
    return (
        reading.understood.a_child_is_the_subject
        and any(n.urgency == "crisis" for n in fitted)
        and needs.for_under_18s(
            label, minimum_age=row["minimum_age"], maximum_age=row["maximum_age"]
        )
    )


def _only_ruled_out(
    row: dict[str, Any], label: str, reading: Reading, families: dict[str, tuple[str, ...]]
) -> bool:
    """Whether a service's only tie to the query is a need whose sense was ruled out: it is
    filed under that need's categories, neither its name nor any category it is filed under
    (the branch's own name, not its parents': "drugs and alcohol", not "health") fits a need
    the query names, and its name and categories share no typed word the vocabulary left
    unread (a word the query may still mean in the service's sense). A drugs service found for
    "grass verge cutting" by "cut" ("cut down drinking") or by meaning is; a service filed
    under drugs and under help at home is not."""
    if not any(n.fits(label) for n in reading.ruled_out):
        return False
    if any(n.fits(row["name"].lower()) for n in reading.firm):
        return False
    leaves = [branch.split(" | ")[0] for branch in _said_for(row, families, by_name=False)]
    if any(n.fits(leaf) for n in reading.firm for leaf in leaves):
        return False
    unread = reading.understood.unread
    return not unread & {needs.stem(w) for w in needs.tokens(label)}


def _said_for(
    row: dict[str, Any], families: dict[str, tuple[str, ...]], *, by_name: bool
) -> list[str]:
    """What a service says it is for, lower case: each of its categories with their parents'
    names ("crisis support | mental health"), and its name when the query named a need in
    everyday words. A need typed in the services' own words ("dementia") already lifts the
    services whose name has them through the words' score: counting the name again would put
    a "Dementia café" across town above the memory clinic at the person's door."""
    branches = families.get(row["term_ids"], ())
    if not branches and row["terms"].strip():
        branches = (row["terms"].lower(),)
    return [row["name"].lower(), *branches] if by_name else list(branches)


def fit_share(said: list[str], situation: Reading | needs.Understanding) -> float:
    """How far what a service says it is for meets the needs the query names, from 1 (all of
    it) to -1 (all of it meets unrelated needs). Each part counts 1 when it meets a named need,
    0.5 when only a need read from the situation (the carer's) or one related to a named need
    (mental health for thoughts of suicide), -1 when it meets only unrelated needs; a part
    that meets no need of the vocabulary does not count. A service filed under "Homelessness"
    and "Crisis support" is not lifted like a mental health service for a query about anxiety."""
    reading = situation if isinstance(situation, Reading) else read(situation)
    half = reading.derived | reading.nearby
    shares = []
    for part in said:
        meets = _needs_met(part)
        if meets & reading.named:
            shares.append(1.0)
        elif meets & half:
            shares.append(0.5)
        elif meets:
            shares.append(-1.0)
    return sum(shares) / len(shares) if shares else 0.0


@functools.lru_cache(maxsize=256)
def related(code: str) -> frozenset[str]:
    """The needs whose services' words overlap this need's ("mental health crisis" is both a
    mental health and a crisis word; "money" both debt and benefits), and those the vocabulary
    says are related (`Need.related`: a warm space for a cold home, either way round)."""
    vocabulary = needs.shipped().needs
    own = {other for phrase in vocabulary[code].categories for other in _needs_met(phrase)}
    own.update(other for other in vocabulary[code].related if other in vocabulary)
    back = {
        other
        for other, need in vocabulary.items()
        if code in need.related or any(code in _needs_met(phrase) for phrase in need.categories)
    }
    return frozenset(own | back)


@functools.lru_cache(maxsize=256)
def _near_for_a_name(code: str) -> frozenset[str]:
    """`related`, but without the needs that name this one as their second answer only
    (`Need.related` read one way): near for `_named_for_another_need`."""
    vocabulary = needs.shipped().needs
    only_back = {
        other
        for other, need in vocabulary.items()
        if code in need.related
        and other not in vocabulary[code].related
        and not any(code in _needs_met(phrase) for phrase in need.categories)
        and not any(other in _needs_met(phrase) for phrase in vocabulary[code].categories)
    }
    return related(code) - only_back


@functools.lru_cache(maxsize=16384)
def _needs_met(label: str) -> frozenset[str]:
    # Category names repeat across services: each is read against the vocabulary once.
    return frozenset(code for code, need in needs.shipped().needs.items() if need.fits(label))


def families(rows: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Each candidate's categories (keyed by its `term_ids`) as the branches it is filed on:
    the category's name, then its parents' ("crisis support | mental health")."""
    keys = {row["term_ids"] for row in rows if row["term_ids"].strip()}
    ids = {term for key in keys for term in key.split()}
    if not ids:
        return {}
    tree = categories.names_and_parents(sorted(ids))
    chains: dict[str, str] = {}  # each leaf's branch, worked out once for every key it is in
    out: dict[str, tuple[str, ...]] = {}
    for key in keys:
        own = [term for term in key.split() if term in tree]
        parents = {tree[term][1] for term in own}
        branches = []
        for leaf in (term for term in own if term not in parents):
            if leaf not in chains:
                chain: list[str] = []
                current: str | None = leaf
                while current in tree and tree[current][0].lower() not in chain:
                    chain.append(tree[current][0].lower())
                    current = tree[current][1]
                chains[leaf] = " | ".join(chain)
            branches.append(chains[leaf])
        out[key] = tuple(dict.fromkeys(branches))
    return out


def young_by_description(
    ranked: list[Any],
    understood: needs.Understanding,
    bodies: Callable[[list[int]], Mapping[int, str]],
) -> None:
    """Mark the services only for under-18s that only their description shows ("aged 8 to
    17"), among the best AGE_WINDOW of a query not about a child (bodies are read for those
    alone, by `bodies`: entry ids → descriptions), and put them after the rest."""
    if understood.about_a_child or not ranked:
        return
    window = [item for item in ranked[:AGE_WINDOW] if item[2]["maximum_age"] is None]
    if not window:
        return
    read = bodies([item[2]["id"] for item in window])
    for item in window:
        row = item[2]
        young = needs.for_under_18s(read.get(row["id"], ""), minimum_age=row["minimum_age"])
        if young:
            item[4] = True
    ranked.sort(key=order)


def too_old_for_early_years(ranked: list[Any], understood: needs.Understanding) -> None:
    """For a query about a child of school age (`Understanding.school_age`), mark the services
    among the best AGE_WINDOW whose name or categories say they are for children under five
    (`needs.for_early_years`: a nursery, a rhyme time, a children's centre) as not for the
    child, as a service for under-18s is not for an adult, and put them after the rest: an
    early years SEND drop-in led for a 10-year-old who will not go to school."""
    if not understood.school_age:
        return
    marked = False
    for item in ranked[:AGE_WINDOW]:
        if not item[4] and needs.for_early_years(_label(item[2])):
            item[4] = marked = True
    if marked:
        ranked.sort(key=order)


def order(item: list[Any]) -> tuple[bool, float, str]:
    # Services too young for the person last, then best first, then by name.
    return (item[4], -item[0], item[2]["name"])


def cover(ranked: list[Any], understood: needs.Understanding) -> None:
    """Bring the best service of each named need into the first COVER_TOP results when none
    is there (a carer's query shows carers' services and the cared-for person's); and when the
    query names a risk (a crisis need), put first the best service that meets it, unless the
    first already does: "husband calls me worthless and won't give me money for food" is
    domestic abuse help first, then food, though its words match the food services better.
    Before both, a wrong reading is put after the services that meet a need
    (`_wrong_readings_later`)."""
    _wrong_readings_later(ranked, understood)
    _carers_of_any_age_first(ranked, understood)
    _young_carers_first(ranked, understood)
    risks = {n.name for n in understood.firm if n.urgency == "crisis"}
    if understood.carer_asks_a_break and not risks:
        # A carer asking for a break names their own need first: its best service leads,
        # as a risk's does (a carers' service filed under advice too is lifted by half).
        risks = {_carers_need().name}
    if _medical_first(understood):
        crises = [n for n in understood.firm if n.urgency == "crisis"]
        _health_first(ranked, understood.found[0].need.name, crises)
    elif risks and ranked and not risks & set(ranked[0][3]):
        best = next(
            (i for i, item in enumerate(ranked) if risks & set(item[3]) and not item[4]), None
        )
        if best is not None:
            ranked.insert(0, ranked.pop(best))
    wanted = [n.name for n in understood.firm]
    carers = _carers_need().name
    # The carer's own need is always among those shown, however many the cared-for person's
    # are ("my mum has dementia, keeps falling and can't get to appointments": dementia, help
    # at home, getting about, then the carer's, in place of getting about).
    if carers in wanted[COVER_NEEDS:]:
        wanted = [*wanted[: COVER_NEEDS - 1], carers]
    wanted = wanted[:COVER_NEEDS]
    chosen: list[list[Any]] = []
    for name in wanted:
        # The carer's need is met by a service for the carer, not by one for the person they
        # look after that is filed under carers too (dementia advisers): "my mum has dementia
        # and I can't cope" shows a carers' service beside the dementia services.
        others = set(wanted) - {name} if name == carers else set()

        def meets(item: list[Any], name: str = name, others: set[str] = others) -> bool:
            return name in item[3] and not others & set(item[3])

        best = next((item for item in ranked[:COVER_TOP] if meets(item)), None)
        if best is None:
            best = next((item for item in ranked if meets(item) and not item[4]), None)
        if best is not None and not any(best is c for c in chosen):
            chosen.append(best)
    _bring_into_the_top(ranked, chosen)


def _health_first(ranked: list[Any], health: str, crises: list[needs.Need]) -> None:
    """An overdose taken (`_medical_first`): the best service filed under health alone first (a
    mental health crisis line, or support after a suicide, is filed under health by its words
    too), the urgent mental health services after it as their fit orders them."""

    others = [n for n in needs.shipped().needs.values() if n.name != health]

    def only_health(item: list[Any]) -> bool:
        # Filed under health and under no other need: a needle exchange (drugs and alcohol,
        # health) came first for a bottle of paracetamol.
        label = _label(item[2])
        return health in item[3] and not any(
            n.fits(label) or (n in crises and n.misread(label)) for n in others
        )

    def misread(item: list[Any]) -> bool:
        label = _label(item[2])
        return any(n.misread(label) and not n.fits(label) for n in crises)

    # Support after a suicide meets the health need by its words ("mental health") but is a
    # wrong reading of the crisis: after the rest of the window, as it would be without health.
    window = ranked[:AGE_WINDOW]
    ranked[:AGE_WINDOW] = [
        *(item for item in window if not misread(item)),
        *(item for item in window if misread(item)),
    ]
    if not ranked or only_health(ranked[0]):
        return
    # Only from among the first results: on a directory without categories "health" is read
    # in names alone, and one far down may be health by a word ("GPS Fall Alarms").
    best = next(
        (i for i, item in enumerate(ranked[:COVER_TOP]) if only_health(item) and not item[4]),
        None,
    )
    if best is not None:
        ranked.insert(0, ranked.pop(best))


def _bring_into_the_top(ranked: list[Any], chosen: list[list[Any]]) -> None:
    """Put the `chosen` services that are not among the first COVER_TOP at the end of them, in
    their order, in place of the last of the others there: one brought in never pushes out
    another chosen one (a carers' service and the cared-for person's disability service)."""
    top = ranked[:COVER_TOP]
    missing = [item for item in chosen if not any(item is t for t in top)]
    if not missing:
        return
    chosen_there = [any(item is c for c in chosen) for item in top]
    # The others keep the places the chosen ones leave, best first.
    room = COVER_TOP - len(missing) - sum(chosen_there)
    kept = []
    for item, is_chosen in zip(top, chosen_there, strict=True):
        if is_chosen or room > 0:
            kept.append(item)
            room -= not is_chosen
    new_top = [*kept, *missing]
    rest = [item for item in ranked if not any(item is t for t in new_top)]
    ranked[:] = [*new_top, *rest]


def _wrong_readings_later(ranked: list[Any], understood: needs.Understanding) -> None:
    """Put a service that meets none of the named needs and is a wrong reading of one after
    the first COVER_TOP services that meet one: a refuge, for people fleeing abuse, for a
    person who needs somewhere to live and names no abuse. Its lift (`fit`) is taken away,
    but the words can still put it first: "temporary accommodation" is a refuge's own words.
    A carers' service for the carers of children (`needs.for_the_carers_of_children`) goes
    after every carers' service too, for the carer of an adult: "a rest" is a short break's
    own words, and the carer of an elderly mother sees the carers' services for her first; so
    does a young carers' service (`needs.for_carers_who_are_young`) for a parent who looks after
    their own child."""
    avoiding = [n for n in understood.firm if n.avoid]
    meeting = [at for at, item in enumerate(ranked) if item[3] and not item[4]]
    if not meeting:
        return
    end = meeting[min(COVER_TOP, len(meeting)) - 1] + 1
    if avoiding:

        def misread(label: str) -> bool:
            return any(n.misread(label) for n in avoiding)

        # Only when one is among the first COVER_TOP, as a refuge's lower down is left alone.
        if any(not item[3] and misread(_label(item[2])) for item in ranked[:COVER_TOP]):
            _after(ranked, end, misread)
    _named_for_others_later(ranked, end, understood)
    carers = needs.shipped().needs[needs.CARERS].name
    for applies, wrong in (
        (understood.cares_for_an_adult, needs.for_the_carers_of_children),
        # A parent who looks after their child sees the carers' services for parents before
        # those for young carers (a siblings' club filed under young carers came first).
        (understood.cares_for_their_child, needs.for_carers_who_are_young),
    ):
        if applies:
            last = max((at for at, item in enumerate(ranked) if carers in item[3]), default=-1)
            _after(ranked, max(end, last + 1), wrong)


def _named_for_others_later(ranked: list[Any], end: int, understood: needs.Understanding) -> None:
    """`_wrong_readings_later` for what a service's name says: a crisis nobody asked about,
    another risk than the one read, another need than those read."""
    unasked = _unasked_crises(understood)
    if unasked:
        _named_later(ranked, end, unasked)
    other_crisis = _named_for_another_crisis(understood)
    if other_crisis:
        _named_for_a_crisis_later(ranked, end, other_crisis)
    named_for = _named_for_another_need(understood)
    if named_for:
        # Filed under a need read, but named for another: after those whose name does not say
        # another need ("Arson reduction and hoarding support", filed under safeguarding too,
        # came third for a neglected child).
        _named_later(ranked, end, named_for)


def _named_later(ranked: list[Any], end: int, wrong: Callable[[str], bool]) -> None:
    """Those among the first `end` whose label is `wrong` after the rest: first those meeting
    no need (when one is among the first COVER_TOP), then those filed under a need read."""
    if any(not item[3] and wrong(_label(item[2])) for item in ranked[:COVER_TOP]):
        _after(ranked, end, wrong)
    _named_for_a_crisis_later(ranked, end, wrong)


def _named_for_a_crisis_later(ranked: list[Any], end: int, unasked: Callable[[str], bool]) -> None:
    """Move the services among the first `end` whose name says a crisis need nobody asked for
    after the rest of them, though their categories meet a need read: a domestic abuse
    helpline filed under mental health too came third for a lad who panics and barely eats.
    What a service is called says what it is first for; its categories say what else."""
    later = [unasked(item[2]["name"].lower()) for item in ranked[:end]]
    if any(later):
        ranked[:end] = [
            *(item for item, out in zip(ranked[:end], later, strict=True) if not out),
            *(item for item, out in zip(ranked[:end], later, strict=True) if out),
        ]


def _named_for_another_need(understood: needs.Understanding) -> Callable[[str], bool] | None:
    """For a query that reads a need, whether a label's service name reads only needs the
    query did not (nor any need near them, `related`): a service that meets none of the
    needs read and is called for another one is there by its description or its meaning,
    and goes after those that meet one. On a directory without categories the name is all
    the fit reads: a menopause course or a dental clinic for someone feeling low. Not for a
    carer: the needs of the person they look after are often unsaid, and a service named for
    one of them may be theirs."""
    if not understood.firm or (understood.carer and not understood.carer_asks_a_break):
        return None
    read = {n.code for n in understood.needs}
    # Health in general is near every need whose services say "health" (mental health, a
    # long-term condition) by that word alone; its own services (a menopause clinic, stop
    # smoking) are not near them unless it is read.
    # A need that names one read as its second answer is not near it the other way round for
    # a name: bereavement's second answer is company, but a bereavement group is no first
    # answer to loneliness ("just moved here and dont know anybody" opened with one).
    near = set().union(*(_near_for_a_name(code) for code in read)) - {SIGNALLED_NEEDS["medical"]}
    read |= near

    firm = understood.firm

    def named_for(label: str) -> bool:
        name = label.split(" | ", 1)[0]
        codes = _needs_a_name_reads(name)
        # A name in a need's own service words is that need's ("Refuge accommodation" is
        # domestic abuse's though "accommodation" reads housing).
        return bool(codes) and not codes & read and not any(n.fits(name) for n in firm)

    return named_for


def _needs_a_name_reads(name: str) -> frozenset[str]:
    return frozenset(n.code for n in needs.understand(name).needs if not n.weak)


def _named_for_another_crisis(understood: needs.Understanding) -> Callable[[str], bool] | None:
    """For a query that reads a risk (a crisis need), whether a service's name reads another
    crisis need the query did not, and none it did: the service is there by a word its need
    shares ("abuse" in "Rape and Sexual Abuse Support" is domestic abuse's category word too)
    and goes after those whose names do not say another risk. A rape and sexual abuse service
    led for a man threatened by his wife and for a child made to carry drugs; named with the
    sexual harm ("he raped me"), it keeps its place."""
    if not any(n.urgency == "crisis" for n in understood.firm):
        return None
    read = {n.code for n in understood.needs} | understood.read_anywhere
    known = needs.shipped().needs

    def named_for(name: str) -> bool:
        codes = _needs_a_name_reads(name)
        return not codes & read and any(known[c].urgency == "crisis" for c in codes)

    return named_for


def _unasked_crises(understood: needs.Understanding) -> Callable[[str], bool] | None:
    """For a query that names a need and no risk (neither the vocabulary nor the crisis
    detection read one), whether a label is a crisis need's service: one that meets none of
    the needs read is a wrong reading of the query, put after those that do. A husband or
    wife named beside a blue badge or a separation is near domestic abuse in meaning, and
    the helpline came third for "my husband can't walk far now". A risk the person states is
    read (`with_signalled_needs`), so its services are never moved by this."""
    if not understood.firm or any(n.urgency == "crisis" for n in understood.firm):
        return None
    crises = [n for n in needs.shipped().needs.values() if n.urgency == "crisis"]

    def crisis_service(label: str) -> bool:
        return any(n.fits(label) for n in crises)

    return crisis_service


def _carers_of_any_age_first(ranked: list[Any], understood: needs.Understanding) -> None:
    """For the carer of an adult who does not say how old they are, put the carers' services
    open to any adult carer before those only for carers of an age (a young adult carers'
    group for 16 to 25, `needs.for_carers_of_an_age`), in the places the carers' services
    hold: most people who look after a parent or a partner are past 25, and a group they are
    too old for was the only carers' service in the first five for "looking after my elderly
    dad on my own". Not a wrong reading (the writer may be 19), so nothing else moves."""
    if not understood.cares_for_an_adult or understood.own_age_said:
        return

    def of_any_age(label: str, **ages: int | None) -> bool:
        return not needs.for_carers_of_an_age(label, **ages)

    _carers_services_first(ranked, of_any_age)


def _young_carers_first(ranked: list[Any], understood: needs.Understanding) -> None:
    """For a carer who says they are under 18 ("im 12 and i help look after my brother"), put
    the carers' services for under-18s (young carers) before the other carers' services, in
    the places the carers' services hold: a family carers' service for adults is not where a
    child who cares starts. The mirror of `_carers_of_any_age_first`; nothing else moves."""
    if not (understood.carer and understood.writer_under_18):
        return
    _carers_services_first(ranked, needs.for_under_18s)


def _carers_services_first(ranked: list[Any], chosen: Callable[..., bool]) -> None:
    """Put the carers' services that are `chosen` (by their name and categories, and their
    eligibility ages) before the other carers' services, in the places the carers' services
    hold, each group in its order; nothing else moves."""
    carers = needs.shipped().needs[needs.CARERS].name
    places = [at for at, item in enumerate(ranked) if carers in item[3] and not item[4]]
    rows = {at: ranked[at][2] for at in places}
    first = {
        at
        for at, row in rows.items()
        if chosen(_label(row), minimum_age=row["minimum_age"], maximum_age=row["maximum_age"])
    }
    items = [ranked[at] for at in places if at in first]
    items += [ranked[at] for at in places if at not in first]
    for at, item in zip(places, items, strict=True):
        ranked[at] = item


def _after(ranked: list[Any], end: int, wrong: Callable[[str], bool]) -> None:
    """Move the services among the first `end` that meet no need and whose label is `wrong`
    after the rest of them, in their order."""
    later = [not item[3] and wrong(_label(item[2])) for item in ranked[:end]]
    if not any(later):
        return
    ranked[:end] = [
        *(item for item, out in zip(ranked[:end], later, strict=True) if not out),
        *(item for item, out in zip(ranked[:end], later, strict=True) if out),
    ]
