"""Understanding a situation, not only its words: the UK needs vocabulary (ADR 14).

`data/needs.json` lists needs (stable codes, plain-English names), the phrases people type for
each ("my husband hits me", "skint", "sofa surfing", "I look after my dad"), who needs the help,
how urgent it tends to be, and the category names and words of the services that meet it.
Partnership managers add phrases of their own (`NeedPhrase`, through
`services.add_need_phrase`).

`understand(text)` reads a query and says which needs it names, whether the person is a carer
(they look after someone, or the need they describe is someone else's), and whether the query is
about a child. The engine uses that on both sides: the needs' words widen the query (words and
meaning), and services whose categories or name fit a need rank higher (`Need.fits`).

Nothing here knows any one directory: needs map to category *names and words*, never to ids, so
the vocabulary works on any directory a place imports.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from joinedup.search.text import STOPWORDS

NEEDS_FILE = Path(__file__).resolve().parent / "data" / "needs.json"
CARERS = "carers"
# Phrases managers add are read from the database at most once per this many seconds per
# process (and at once in the process that changed them), so every app server picks up a new
# phrase within a minute.
PHRASES_TTL_S = 60
# A relative named this many words or fewer before a need ("my dad has had a stroke") makes the
# need theirs, and the person typing their carer.
RELATIVE_WINDOW = 4
# Words that put the person typing back as the subject ("my husband hits me and I'm low"):
# between a relative and a need they mean the need is the person's own.
FIRST_PERSON = frozenset(["i", "im", "me", "ive", "myself", "id", "ill"])
POSSESSIVES = frozenset(["my", "our", "his", "her", "their"])
FILLERS = frozenset(
    ["really", "so", "very", "quite", "pretty", "totally", "completely", "absolutely", "proper"]
)
GAP = "*"
GAP_MAX = 3
# A phrase word written "=weed" matches that form alone, not every word of its stem ("weeding").
EXACT = "="
# The code under which `other_senses` phrases are indexed with the needs' phrases.
OTHER_SENSE = ""
_TOKEN_SPLIT = re.compile(r"[-/]")
# "aged 8 to 17", "ages 11-16", "5 to 18 year olds": an age range that ends before adulthood.
# Either "aged"/"ages" before it or "year olds" after it, so opening hours ("10 to 12") are not
# read as ages.
_DASHES = "-\u2013"
_AGE_RANGE = re.compile(
    rf"\b(?:aged?|ages)\s+(\d{{1,2}})\s*(?:to|[{_DASHES}])\s*(\d{{1,2}})\b"
    rf"|\b(\d{{1,2}})\s*(?:to|[{_DASHES}])\s*(\d{{1,2}})[\s-]*(?:year|yr)s?[\s-]*olds?\b"
)
# Every age range has a number, "to" or a dash, and a number: a text without them is not
# searched for one (a search reads hundreds of candidates' names and categories; this is the
# cheaper search).
RANGE_HINT = re.compile(rf"\d\s*(?:to|[{_DASHES}])\s*\d")


# "8 year old", "a 15 yr old": an age under 18 says the query is about a child ("my 80 year
# old mum" is not).
_CHILDS_AGE = re.compile(r"\b(?:[0-9]|1[0-7]) (?:year|yr)s? olds?\b")


# The length from which a word's final "e" is dropped by `stem`.
LONG_E = 6
# The upper age of services for young people (a young adult carers' group, a foyer): 25.
YOUNG_PEOPLE_MAX_AGE = 25


def stem(word: str) -> str:
    """A light English stem, enough to match phrases ("hits", "hitting" → "hit")."""
    w = word.lower().replace("'", "").replace("\u2019", "")
    stripped = ""
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w, stripped = w[: -len(suffix)], suffix
            break
    else:
        if w.endswith(("ches", "shes", "sses", "xes")) and len(w) > 4:
            w = w[:-2]
        elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            w = w[:-1]
    if stripped and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    # A long word's silent "e" goes, as it does before "-ing" and "-ed": "misuse", "misuses"
    # and "misusing" are one word, "struggle" is "struggling", "overdose" is "overdosed". Not
    # after a vowel ("refugee" is no "refuge") nor in a short word ("care" is no "car").
    if len(w) >= LONG_E and w[-1] == "e" and w[-2] not in "aeiouy":
        w = w[:-1]
    return w


def tokens(text: str) -> list[str]:
    """Lower-case words with apostrophes dropped and hyphens splitting ("can't" → "cant",
    "self-harm" → "self", "harm")."""
    out: list[str] = []
    for word in re.findall(r"[^\W_](?:[\w'\u2019-]*[\w])?", text.lower()):
        out.extend(p for p in _TOKEN_SPLIT.split(word.replace("'", "").replace("\u2019", "")) if p)
    return out


@dataclass(frozen=True)
class Need:
    code: str
    name: str
    who: str  # "self", "someone else" or "child"
    urgency: str  # "crisis", "urgent", "soon" or "routine"
    phrases: tuple[str, ...]
    categories: tuple[str, ...]
    words: tuple[str, ...]
    avoid: tuple[str, ...] = ()
    care: bool = False  # someone else's need makes the person their carer
    weak: bool = False  # counts only when no other need is recognised
    # Codes of needs whose services are a second answer to this one's, though their words
    # differ (somewhere warm to go for a cold home): half the lift (`situations.related`).
    related: tuple[str, ...] = ()

    @functools.cached_property
    def fit_pattern(self) -> re.Pattern[str] | None:
        """What `fits` looks for (None: nothing fits)."""
        return _alternation(self.categories)

    @functools.cached_property
    def avoid_pattern(self) -> re.Pattern[str] | None:
        """What `misread` looks for (None: nothing is a misreading)."""
        return _alternation(self.avoid)

    def fits(self, text: str) -> bool:
        """Whether a service's categories or name (lower case) say it meets this need."""
        fit = self.fit_pattern
        return bool(fit and fit.search(text)) and not self.misread(text)

    def misread(self, text: str) -> bool:
        """Whether a service fits a wrong reading of the need (a bereavement service for a
        person who wants to end their life)."""
        avoid = self.avoid_pattern
        return bool(avoid and avoid.search(text))


def _alternation(phrases: Sequence[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    # A category word matches its plural and possessive too ("carer" in "Carers' breaks"). A
    # word ending in "e" makes its plural with "s" alone: "refuge" and "es" is "refugees", a
    # need of its own (a refugee service is no refuge, and no wrong reading of a housing need).
    body = "|".join(
        re.escape(p) + ("(?:s|'s|s')?" if p.endswith("e") else "(?:s|es|'s|s')?")
        for p in sorted({p.lower() for p in phrases}, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{body})\b")


@dataclass(frozen=True)
class Vocabulary:
    needs: dict[str, Need]
    slots: dict[str, frozenset[str]]  # slot name → stems
    about_a_child: tuple[tuple[str, ...], ...]  # phrases as stems
    for_under_18s: tuple[str, ...]
    front_door: tuple[str, ...]
    # Phrases (as stems) that say the person is an adult: "adult", "grown up", "over 18" (the
    # phrase whole: "up" in "turns up" or "over" in "over the road" say nothing of age).
    adult_words: tuple[tuple[str, ...], ...] = ()
    # Words of a carers' service's name or categories that say the people its carers look
    # after are children ("parent carers", "foster carers", "SEND"): not the help for the carer
    # of an adult (`Understanding.cares_for_an_adult`).
    cared_for_children: tuple[str, ...] = ()
    # Words of a carers' service's name or categories that say its carers must be of an age
    # ("young adult carers", "older carers"): for the carer of an adult whose own age is unsaid
    # the carers' services with no age limit come first (`situations.cover`).
    carers_of_an_age: tuple[str, ...] = ()
    # Words of a carers' service's name or categories that say its carers are children or
    # young adults ("young carers", "young adult carers"): not the help for a parent who looks
    # after their own child (`Understanding.cares_for_their_child`).
    carers_who_are_young: tuple[str, ...] = ()
    # Typed words that say when or for how long ("years", "march", "ago"), as typed: beside a
    # need read they are not searched for (`_whose`).
    when: frozenset[str] = frozenset()
    # Words of a query that say the writer's own age, or that they are young ("im 19",
    # "student", "young carer"): the carers' services of an age are then not put after.
    own_age_words: tuple[tuple[str, ...], ...] = ()
    # Stems of the words a practitioner frames a query with ("client", "pt", "referral"): who
    # asks, not which help. Beside a need read, they are not searched for (`understand`).
    practice: frozenset[str] = frozenset()
    # Practitioners' framings of several words ("service user"), as stems: framing too.
    practice_phrases: tuple[tuple[str, ...], ...] = ()
    # Phrases in which a need's word means something else ("fall asleep", "my car broke
    # down"): a need's phrase sharing a word with one is not read unless it is the longer
    # (`_in_their_sense`), and their words are not searched for alone (`_idiom_words`).
    other_senses: tuple[str, ...] = ()
    # Phrases (as stems) in which a carer asks for a break for themselves ("i need a break",
    # "time for myself", "a few hours off"): read only when the writer is a carer (a relative's
    # need makes them one), when they name the carer's need, and put it first: the services
    # for the carer lead, the cared-for person's condition's follow (`understand`).
    carers_breaks: tuple[tuple[str, ...], ...] = ()
    # Words of a service's name or categories that say it is for children under five and their
    # parents ("early years", "nursery", "toddler", "children's centre"): not the first help
    # for a child of school age (`Understanding.school_age`).
    early_years: tuple[str, ...] = ()
    # Need code → everyday words that are also its slang ("grass", "pot", "gear" for drugs).
    slang: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Stems of everyday words that say where a person is or how they are ("room", "floor",
    # "low"), never which help: inside a need's phrase they are left to it (`_idiom_words`).
    setting: frozenset[str] = frozenset()
    # Words of a service's name or categories that say it is for young people up to their
    # mid-twenties ("youth", "young adults", "care leavers"), beside those for under-18s:
    # not the help for an older person or a husband or wife (`for_young_people`).
    for_young_people: tuple[str, ...] = ()

    @functools.cached_property
    def under_18_pattern(self) -> re.Pattern[str] | None:
        return _alternation(self.for_under_18s)

    @functools.cached_property
    def young_people_pattern(self) -> re.Pattern[str] | None:
        return _alternation((*self.for_under_18s, *self.for_young_people, *self.cared_for_children))

    @functools.cached_property
    def cared_for_children_pattern(self) -> re.Pattern[str] | None:
        return _alternation(self.cared_for_children)

    @functools.cached_property
    def carers_of_an_age_pattern(self) -> re.Pattern[str] | None:
        return _alternation(self.carers_of_an_age)

    @functools.cached_property
    def carers_who_are_young_pattern(self) -> re.Pattern[str] | None:
        return _alternation(self.carers_who_are_young)

    @functools.cached_property
    def early_years_pattern(self) -> re.Pattern[str] | None:
        return _alternation(self.early_years)

    @functools.cached_property
    def known_words(self) -> frozenset[str]:
        """Every word of the vocabulary as typed: never "corrected" into another word."""
        found: set[str] = set()
        for need in self.needs.values():
            for phrase in need.phrases:
                found.update(w for w in re.findall(r"[\w']+", phrase.lower()) if w != GAP)
        return frozenset(found)

    @functools.cached_property
    def service_words(self) -> dict[str, frozenset[str]]:
        """Stem → codes of the needs whose services' own words (`categories`, `words`) have it:
        "sleep" is a homelessness word ("rough sleeping"), "fall" a help-at-home one
        ("falls")."""
        found: dict[str, set[str]] = {}
        for need in self.needs.values():
            for phrase in (*need.categories, *need.words):
                for token in tokens(phrase):
                    if token not in STOPWORDS:
                        found.setdefault(stem(token), set()).add(need.code)
        return {word: frozenset(codes) for word, codes in found.items()}

    @functools.cached_property
    def cues(self) -> dict[str, frozenset[str]]:
        """Stem → codes of the needs an everyday word is also slang for (`slang`: "grass",
        "pot", "crack" for drugs). Crisis needs are never ruled out: a missed crisis costs more
        than an extra service."""
        found: dict[str, set[str]] = {}
        for code, words in self.slang.items():
            if code in self.needs and self.needs[code].urgency != "crisis":
                for word in words:
                    found.setdefault(stem(word), set()).add(code)
        return {word: frozenset(codes) for word, codes in found.items()}

    @functools.cached_property
    def service_phrases(self) -> dict[str, tuple[frozenset[str], ...]]:
        """Need code → the stems of each of its services' own words, one set per phrase: a
        need has "loss" as a word of its own in "bereavement | loss", only inside "sight loss"
        in disability's."""
        return {
            need.code: tuple(
                frozenset(stem(t) for t in tokens(phrase) if t not in STOPWORDS)
                for phrase in (*need.categories, *need.words)
            )
            for need in self.needs.values()
        }


def _owns(code: str, word: str, said: frozenset[str]) -> bool:
    """Whether a word is a need's own where it was typed: a service word of the need alone
    ("loss" for bereavement), or inside one of its phrases that was typed whole ("loss" in
    "sight loss", not in "hearing loss")."""
    return any(word in words and words <= said for words in shipped().service_phrases[code])


@functools.cache
def shipped() -> Vocabulary:
    """The vocabulary shipped with the project (`data/needs.json`)."""
    with NEEDS_FILE.open(encoding="utf-8") as f:
        raw = json.load(f)
    needs = {}
    for item in raw["needs"]:
        needs[item["code"]] = Need(
            code=item["code"],
            name=item["name"],
            who=item["who"],
            urgency=item["urgency"],
            phrases=tuple(item["phrases"]),
            categories=tuple(item["categories"]),
            words=tuple(item["words"]),
            avoid=tuple(item.get("avoid", ())),
            care=bool(item.get("care", False)),
            weak=bool(item.get("weak", False)),
            related=tuple(item.get("related", ())),
        )
    return Vocabulary(
        needs=needs,
        slots={name: frozenset(stem(w) for w in words) for name, words in raw["slots"].items()},
        about_a_child=tuple(tuple(stem(t) for t in tokens(p)) for p in raw["about_a_child"]),
        for_under_18s=tuple(raw["for_under_18s"]),
        front_door=tuple(raw["front_door"]),
        adult_words=tuple(
            tuple(stem(t) for t in tokens(w)) for w in raw.get("adult_words", ()) if tokens(w)
        ),
        cared_for_children=tuple(raw.get("cared_for_children", ())),
        carers_of_an_age=tuple(raw.get("carers_of_an_age", ())),
        carers_who_are_young=tuple(raw.get("carers_who_are_young", ())),
        when=frozenset(raw.get("when_words", ())),
        own_age_words=tuple(
            tuple(stem(t) for t in tokens(w)) for w in raw.get("own_age_words", ()) if tokens(w)
        ),
        other_senses=tuple(raw.get("other_senses", ())),
        practice=frozenset(stem(w) for w in raw.get("practice_words", ()) if len(tokens(w)) == 1),
        practice_phrases=tuple(
            tuple(stem(t) for t in tokens(w))
            for w in raw.get("practice_words", ())
            if len(tokens(w)) > 1
        ),
        slang={code: tuple(words) for code, words in raw.get("slang", {}).items()},
        setting=frozenset(stem(w) for w in raw.get("setting_words", ())),
        for_young_people=tuple(raw.get("for_young_people", ())),
        early_years=tuple(raw.get("early_years", ())),
        carers_breaks=tuple(
            tuple(stem(t) for t in tokens(w)) for w in raw.get("carers_breaks", ()) if tokens(w)
        ),
    )


def need_choices() -> list[tuple[str, str]]:
    """(code, name) of every need, for a form."""
    return sorted(((n.code, n.name) for n in shipped().needs.values()), key=lambda c: c[1])


# A compiled phrase: each element a stem, a set of stems (a slot) or GAP.
Pattern = tuple[str | frozenset[str], ...]


def compile_phrase(phrase: str, slots: dict[str, frozenset[str]]) -> Pattern:
    out: list[str | frozenset[str]] = []
    for part in phrase.lower().split():
        if part == GAP:
            out.append(GAP)
        elif part.startswith(EXACT):
            out.extend(EXACT + t for t in tokens(part[len(EXACT) :]))
        elif part.startswith("{") and "}" in part:
            name = part[1 : part.index("}")]
            out.append(slots.get(name, frozenset()))
            # "{child}'s" → the slot, then nothing: the possessive is dropped by tokens().
        else:
            out.extend(stem(t) for t in tokens(part) if t not in FILLERS)
    return tuple(out)


class _Phrases:
    """Every phrase (shipped and added by managers) compiled and indexed by its first word."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded_at = -float(PHRASES_TTL_S)
        self.by_first: dict[str, list[tuple[Pattern, str]]] = {}
        self.added_words: frozenset[str] = frozenset()
        self.added: list[tuple[str, str]] | None = None  # None: compile at the next `get`

    def forget(self) -> None:
        with self.lock:
            self.loaded_at = -float(PHRASES_TTL_S)
            self.added = None

    def get(self) -> _Phrases:
        if time.monotonic() - self.loaded_at < PHRASES_TTL_S:
            return self
        with self.lock:
            added = _added_phrases()
            if added == self.added:
                # The managers' phrases are as they were: the index stands (compiling the
                # two thousand phrases again cost the search that found it stale 0.1-0.4 s).
                self.loaded_at = time.monotonic()
                return self
            vocabulary = shipped()
            pairs = [(p, n.code) for n in vocabulary.needs.values() for p in n.phrases]
            pairs += [(p, OTHER_SENSE) for p in vocabulary.other_senses]
            pairs += added
            index: dict[str, list[tuple[Pattern, str]]] = {}
            for phrase, code in pairs:
                pattern = compile_phrase(phrase, vocabulary.slots)
                if not pattern or pattern[0] == GAP:
                    continue
                first = pattern[0]
                for key in [first] if isinstance(first, str) else sorted(first):
                    index.setdefault(key, []).append((pattern, code))
            self.by_first = index
            self.added_words = frozenset(w for phrase, _ in added for w in tokens(phrase))
            self.added = added
            self.loaded_at = time.monotonic()
        return self


phrases = _Phrases()


def _added_phrases() -> list[tuple[str, str]]:
    from joinedup.search.models import NeedPhrase

    known = shipped().needs
    return [
        (phrase, code)
        for phrase, code in NeedPhrase.objects.values_list("phrase", "need")
        if code in known
    ]


def _match_at(
    pattern: Pattern, stems: Sequence[str], at: int, raw: Sequence[str] | None = None
) -> int | None:
    """The end of a match of `pattern` starting at `at`, or None. A word written "=weed"
    matches the typed word `raw[at]` exactly; every other word its stem."""
    if not pattern:
        return at
    head, rest = pattern[0], pattern[1:]
    if head == GAP:
        for skip in range(GAP_MAX + 1):
            end = _match_at(rest, stems, at + skip, raw)
            if end is not None:
                return end
            if at + skip >= len(stems):
                break
        return None
    if at >= len(stems):
        return None
    if isinstance(head, str) and head.startswith(EXACT):
        ok = raw is not None and EXACT + raw[at] == head
    else:
        ok = stems[at] == head if isinstance(head, str) else stems[at] in head
    return _match_at(rest, stems, at + 1, raw) if ok else None


@dataclass(frozen=True)
class Found:
    need: Need
    start: int
    end: int


@dataclass(frozen=True)
class Understanding:
    """What a query says about the person's situation."""

    needs: tuple[Need, ...] = ()  # recognised needs, strongest reading first; carers included
    carer: bool = False  # the person looks after someone (their needs are in `needs` too)
    # The carer asks for a break for themselves (`Vocabulary.carers_breaks`): the carer's need
    # is named, and first.
    carer_asks_a_break: bool = False
    # A child of school age is named: an age from 5 to 17 ("my 10 year old"), or school
    # ("refuses to go to school"), and no younger child ("nursery", "toddler", "baby").
    school_age: bool = False
    # Codes of every need a phrase of the query reads, though a longer phrase of another need
    # holds it ("raped" in "my husband raped me", read whole as domestic abuse): what the query
    # says, for a service named for a risk (`situations._named_for_another_crisis`).
    read_anywhere: frozenset[str] = frozenset()
    about_a_child: bool = False  # the query is about a child or young person
    found: tuple[Found, ...] = field(default=(), repr=False)
    # Typed words read as part of a phrase of several words ("end my life", "can't sleep")
    # that on their own would search for another need ("end of life care", "rough sleeping"):
    # the phrase means its need, not its words one by one (`_idiom_words`).
    idiom_words: frozenset[str] = frozenset()
    # Needs named in words the services' own vocabulary does not use ("skint", "feeling low"):
    # the meaning side reads their names too. "carer" or "dementia" it reads well as typed.
    translated: tuple[Need, ...] = ()
    # Every word that says something is part of a phrase found: nothing else was said.
    nothing_else: bool = False
    # Codes of needs whose sense the vocabulary ruled out for a typed word: a word that is
    # also their slang (`Vocabulary.cues`) read inside another need's phrase or a phrase in
    # another sense ("grass" in "grass verge cutting", "crack" in "a crack in my wall",
    # "rehab" in "rehab after a stroke"), and the need not read. Services tied to the query by
    # that need alone come after those that fit it (`situations.fit`).
    ruled_out: frozenset[str] = frozenset()
    # Stems of the typed words that say something and are part of no phrase found ("nan" in
    # "cutting the grass for my nan"): the words a service can still share with the query in
    # a sense the vocabulary did not decide.
    unread: frozenset[str] = frozenset()
    # A child is who the query is about, not an adult beside them: a child is named (by a
    # word or an age under 18), and neither an older person nor an adult of the writer's ("my
    # mum", "my nan") is, nor is the writer a carer. Services for adults then do not meet the
    # risk it names (`situations.fit`): a neglected child is the children's front door's.
    a_child_is_the_subject: bool = False
    # The writer is a carer and the person they look after is an adult: an adult of the
    # family, a partner or an older person is named ("my elderly mother", "my husband",
    # "grandad"), and no child. Carers' services for the carers of children (parent carers,
    # SEND short breaks) are then a wrong reading of the carer's need (`situations.fit`). What
    # the carer's own age is does not enter: a young carer may look after a grandparent.
    cares_for_an_adult: bool = False
    # The writer is a carer who looks after their own child ("my daughter has cerebral palsy
    # and I'm her carer", "parent of an autistic boy") and says no age of their own: a parent.
    # Carers' services for carers who are children or young adults (young carers, a siblings'
    # club filed under them) are then a wrong reading of the carer's need (`situations.fit`):
    # the child is the one cared for, not the one who cares.
    cares_for_their_child: bool = False
    # The help is for an adult: not about a child, and the writer cares for an adult, or names
    # an older person, a husband or wife, or an age past the mid-twenties ("my grandad", "lost
    # my wife of 50 years", "hes 80"). Services for children and young people (an upper age
    # of 25 or under, or their words) come after the rest (`situations.fit`), but for a
    # carer's own carers' services: a youth club is no lunch club for a grandad, nor a
    # children's bereavement service for a widow.
    for_an_adult: bool = False
    # The writer says how old they are, or that they are young ("im 19 and look after my
    # mum", "young carer"): the carers' services for an age may be theirs.
    own_age_said: bool = False
    # The writer gives an age under 18 ("im 12 and i help look after my brother"): a carer who
    # is a child, whom the young carers' services are for (`situations.cover`).
    writer_under_18: bool = False
    # Typed words that frame a practitioner's query ("client needs help with a UC50"), when a
    # need is read: left out of the words query and of what the meaning side reads, as a
    # care agency's "our clients" is not help with a benefits form.
    framing: frozenset[str] = frozenset()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(n.code for n in self.needs)

    @property
    def urgency(self) -> str:
        order = ("crisis", "urgent", "soon", "routine")
        return min((n.urgency for n in self.needs), key=order.index, default="")

    @property
    def firm(self) -> tuple[Need, ...]:
        """The needs named firmly enough to widen the words and lift services: not a weak
        reading alone ("struggling to cope" says little about which service)."""
        return tuple(n for n in self.needs if not n.weak)

    @property
    def derived(self) -> frozenset[str]:
        """Codes of needs read from the situation rather than named (the carer of a person
        whose need is named): they count for less than the named ones."""
        named = {f.need.code for f in self.found}
        return frozenset(n.code for n in self.needs if n.code not in named)

    def expansion(self) -> list[str]:
        """The words of the needs named in everyday words ("skint", "my partner hits me"), to
        widen the words side of the search. A need named in the services' own words ("food
        bank", "sight loss") is searched for as typed: its other words would only blur it.
        A need read from the situation (the carer's) is left to the meaning side. A weak
        reading widens the words only when it is all that was said ("I can't cope" finds the
        services for someone to talk to, not only those whose text says "cope"); beside other
        words ("struggling with hoarding") those words say more than it does."""
        alone = not self.firm and self.nothing_else
        return list(
            dict.fromkeys(
                w
                for need in self.translated
                if (alone or not need.weak) and need.code not in self.derived
                for w in need.words
            )
        )

    def situation_words(self) -> list[str]:
        """The words of the needs read from the situation rather than named (the carer's of
        "my mum has dementia"), and of those the vocabulary says are a second answer to a
        need named (`Need.related`: company after a death, advice after a separation): not
        searched beside the typed words, but their services are candidates, for the lift and
        `situations.cover` to place."""
        vocabulary = shipped()
        second = [
            vocabulary.needs[code]
            for need in self.firm
            for code in need.related
            if code in vocabulary.needs
        ]
        derived = [need for need in self.needs if need.code in self.derived]
        return list(dict.fromkeys(w for need in (*derived, *second) for w in need.words))

    def meaning_text(self, typed: str) -> str:
        """What the meaning side reads: the person's words (but a practitioner's framing),
        then the needs they name."""
        if self.framing:
            kept = [w for w in typed.split() if w.lower().strip(",.;:") not in self.framing]
            typed = " ".join(kept) or typed
        if not self.translated:
            return typed
        return f"{typed}. {'; '.join(n.name for n in self.translated)}."


def _someone_elses(found: Found, stems: Sequence[str], raw: Sequence[str]) -> bool:
    """Whether a need found in the query belongs to a relative the person names ("my dad has
    had a stroke"), not to the person ("my husband hits me and I'm depressed")."""
    relatives = shipped().slots["relative"] | shipped().slots["child"]
    if any(stems[i] in relatives for i in range(found.start, found.end)):
        return True
    for i in range(max(0, found.start - RELATIVE_WINDOW), found.start):
        if raw[i] in POSSESSIVES and i + 1 < len(stems) and stems[i + 1] in relatives:
            between = raw[i + 2 : found.start]
            return not any(w in FIRST_PERSON for w in between)
    # A relative who opens the query needs no "my": "husband had a stroke", "mum has dementia".
    if 0 < found.start <= RELATIVE_WINDOW and stems[0] in relatives:
        return not any(w in FIRST_PERSON for w in raw[1 : found.start])
    # Asked for on a relative's behalf, just after the need: "a blue badge for my mum", "a
    # wheelchair for her dad", "on behalf of my elderly father".
    for i in range(found.end, min(len(raw) - 1, found.end + RELATIVE_WINDOW)):
        if raw[i] in ("for", "of") and raw[i + 1] in POSSESSIVES:
            after = stems[i + 2 : i + 2 + 2]  # the relative, or an adjective and the relative
            return any(s in relatives for s in after)
    return False


def understand(text: str) -> Understanding:
    """The needs a query names, whether the person is a carer, and whether it is about a child."""
    vocabulary = shipped()
    # Intensifiers are skipped: "feeling really down" is "feeling down".
    raw = [t for t in tokens(text) if t not in FILLERS]
    stems = [stem(t) for t in raw]
    index = phrases.get().by_first
    found: list[Found] = []
    others: list[tuple[int, int]] = []
    for at, word in enumerate(stems):
        for pattern, code in [*index.get(word, ()), *index.get(EXACT + raw[at], ())]:
            end = _match_at(pattern, stems, at, raw)
            if end is None:
                continue
            if code == OTHER_SENSE:
                others.append((at, end))
            else:
                found.append(Found(vocabulary.needs[code], at, end))
    anywhere = frozenset(f.need.code for f in found)
    found = _in_their_sense(found, others)
    strong = [f for f in found if not f.need.weak]
    kept = strong or found
    carer = any(f.need.code == CARERS for f in kept) or any(
        f.need.care and _someone_elses(f, stems, raw) for f in kept
    )
    ordered = sorted(kept, key=lambda f: f.start)
    needs = list(dict.fromkeys(f.need for f in ordered))
    if carer and vocabulary.needs[CARERS] not in needs:
        needs.append(vocabulary.needs[CARERS])
    asked_a_break = False
    if carer and not any(f.need.code == CARERS for f in kept):
        asked = _a_carers_break(stems)
        asked_a_break = asked is not None
        if asked is not None:
            # The carer asks for a break: their own need, named and first.
            kept = [*kept, Found(vocabulary.needs[CARERS], *asked)]
            found = [*found, Found(vocabulary.needs[CARERS], *asked)]
            needs = [vocabulary.needs[CARERS], *(n for n in needs if n.code != CARERS)]
    child = not _an_adult_is_the_subject(raw, stems) and (
        any(
            _match_at(phrase, stems, at) is not None
            for phrase in vocabulary.about_a_child
            for at in range(len(stems))
            if phrase and stems[at] == phrase[0]
        )
        or bool(_CHILDS_AGE.search(" ".join(raw)))
    )
    translated = [f.need for f in ordered if f.end - f.start > 1 or not f.need.fits(raw[f.start])]
    covered = {i for f in kept for i in range(f.start, f.end)}
    said = {i for i, t in enumerate(raw) if t not in STOPWORDS and t not in FIRST_PERSON}
    if asked_a_break:
        translated.insert(0, vocabulary.needs[CARERS])
    elif carer and not any(f.need.code == CARERS for f in kept):
        translated.append(vocabulary.needs[CARERS])
    read_spans = [(f.start, f.end, f.need.code) for f in kept] + [(s, e, "") for s, e in others]
    ruled_out = {
        code
        for start, end, reader in read_spans
        for i in range(start, end)
        for code in vocabulary.cues.get(stems[i], frozenset())
        if code != reader
    } - {n.code for n in needs}
    read_at = {i for start, end, _ in read_spans for i in range(start, end)}
    framed = _framed_at(stems) if kept else set()
    framing = frozenset(raw[i] for i in framed if i not in read_at)
    under_18 = bool(_OWN_AGE_UNDER_18.search(" ".join(raw)))
    child = child or under_18 or any(n.who == "child" for n in needs)
    return Understanding(
        a_child_is_the_subject=child and not carer and not _an_adult_named(raw, stems),
        cares_for_an_adult=carer and not child and _an_adult_cared_for(raw, stems),
        cares_for_their_child=carer
        and not under_18
        and not _own_age_said(raw, stems)
        and _the_writers_child_named(raw, stems),
        for_an_adult=not child
        and ((carer and _an_adult_cared_for(raw, stems)) or _an_older_adult_named(raw, stems)),
        own_age_said=_own_age_said(raw, stems),
        writer_under_18=under_18,
        ruled_out=frozenset(ruled_out),
        unread=frozenset(stems[i] for i in said - read_at),
        idiom_words=_idiom_words(kept, others, raw, stems)
        | framing
        | _whose(kept, raw, stems, read_at),
        framing=framing,
        translated=tuple(dict.fromkeys(translated)),
        nothing_else=bool(kept) and said <= covered,
        needs=tuple(needs),
        carer=carer,
        carer_asks_a_break=asked_a_break,
        school_age=_school_age(raw),
        read_anywhere=anywhere,
        about_a_child=child,
        found=tuple(found),
    )


def _a_carers_break(stems: Sequence[str]) -> tuple[int, int] | None:
    """Where a carer asks for a break for themselves (`Vocabulary.carers_breaks`), if they do."""
    for phrase in shipped().carers_breaks:
        for at in range(len(stems) - len(phrase) + 1):
            if tuple(stems[at : at + len(phrase)]) == phrase:
                return at, at + len(phrase)
    return None


def _framed_at(stems: Sequence[str]) -> set[int]:
    """Where a practitioner's framing words are typed: a word of `practice_words` ("client",
    "pt") or each word of one of its phrases ("service user": "service" alone may be what is
    looked for)."""
    vocabulary = shipped()
    at = {i for i, s in enumerate(stems) if s in vocabulary.practice}
    for phrase in vocabulary.practice_phrases:
        for i in range(len(stems) - len(phrase) + 1):
            if tuple(stems[i : i + len(phrase)]) == phrase:
                at.update(range(i, i + len(phrase)))
    return at


# Words that say an adult named is absent, not the subject: "no adult at home", "without a
# grown-up", "never seem to have an adult in".
ABSENT = frozenset(["no", "without", "never", "not", "nobody", "any", "dont", "doesnt", "isnt"])
ABSENT_WINDOW = 5


def _an_adult_is_the_subject(raw: Sequence[str], stems: Sequence[str]) -> bool:
    """Whether a word saying the person is an adult is typed ("my adult son", "I'm an adult
    with autism"), and not as the adult who is missing ("5 year old out at 11pm with no
    adult", "the children upstairs never seem to have an adult at home")."""
    return any(
        not ABSENT & set(raw[max(0, i - ABSENT_WINDOW) : i])
        and not AGENT & set(raw[max(0, i - AGENT_WINDOW) : i])
        and not _older_child_at(raw, stems, i)
        for i in _adult_words_at(stems)
    )


# Words before an adult who does something to the person, not the person ("my 15 year old is
# being groomed by an older man", "messages from a grown man").
AGENT = frozenset(["by", "from"])
AGENT_WINDOW = 3


def _adult_words_at(stems: Sequence[str]) -> list[int]:
    """Where a phrase saying the person is an adult (`Vocabulary.adult_words`) begins."""
    return [
        at
        for at in range(len(stems))
        for phrase in shipped().adult_words
        if _match_at(phrase, stems, at) is not None
    ]


# Words that name an older person: beside a child, they may be who a query is about ("my gran
# is frightened of her grandson").
OLDER_PERSON = frozenset(
    stem(w)
    for w in [
        *("elderly", "older", "pensioner", "pension", "dementia"),
        *("nan", "nana", "nanna", "gran", "granny", "grandma", "grandmother"),
        *("grandad", "grandpa", "grandfather"),
    ]
)


def _an_adult_named(raw: Sequence[str], stems: Sequence[str]) -> bool:
    """Whether an older person, an adult of the writer's ("my mum", "our dad", "my son in
    law") or the writer's carer is named: the query may be about them, not a child."""
    vocabulary = shipped()
    adults = vocabulary.slots["relative"] - vocabulary.slots["child"]
    if any(
        _older_person_at(raw, stems, i) and not AGENT & set(raw[max(0, i - AGENT_WINDOW) : i])
        for i in range(len(stems))
    ):
        return True
    for i in range(len(raw) - 1):
        if raw[i] in ("my", "our") and (
            stems[i + 1] in adults
            or stems[i + 1] in ("carer", "care")
            or raw[i + 2 : i + 4] == ["in", "law"]
        ):
            return True
    return False


# Words that name an adult past their mid-twenties as who the query is about: a husband or
# wife, someone widowed, married or retired (beside `OLDER_PERSON`).
GROWN_UP = frozenset(
    stem(w)
    for w in ("husband", "wife", "spouse", "widow", "widowed", "widower", "married", "retired")
)
# An age past the mid-twenties said of the writer or of someone named ("im 82", "hes 80",
# "aged 70", "dad is 85", "she turned 90"; not a sum, "rent is 95 a week"), or years of a
# marriage ("my wife of 50 years", "married 55 years").
_GROWN_UP_AGE = re.compile(
    r"\b(?:im|i am|hes|he is|shes|she is|is|turned|aged?|at) (?:2[6-9]|[3-9][0-9]|1[01][0-9])\b"
    r"(?! (?:weeks?|months?|days?|hours?|mins?|minutes?|pence|p|percent|pounds?|quid|a|an|per"
    r"|miles?)\b)"
    r"|\b(?:of|married|together|after) [2-9][0-9] years\b|\b[2-9][0-9] years (?:together|married)\b"
)


def _an_older_adult_named(raw: Sequence[str], stems: Sequence[str]) -> bool:
    """Whether the query names an older person, a husband or wife, or an adult's age (see
    `Understanding.for_an_adult`)."""
    return (
        any(_older_person_at(raw, stems, i) for i in range(len(stems)))
        or bool(GROWN_UP & set(stems))
        or bool(_GROWN_UP_AGE.search(" ".join(raw)))
    )


# Young people named after "older" ("older lads", "older kids", "his older brother"): older
# than the child, not an older person.
YOUNG_AFTER_OLDER = frozenset(
    stem(w)
    for w in (
        *("lad", "lads", "boy", "boys", "girl", "girls", "kid", "kids", "children", "child"),
        *("teenager", "teenagers", "teens", "youths", "pupils", "students", "brother", "sister"),
        *("brothers", "sisters", "sibling", "siblings", "cousin", "cousins", "gang"),
    )
)


def _older_person_at(raw: Sequence[str], stems: Sequence[str], i: int) -> bool:
    """Whether the word at `i` names an older person (`OLDER_PERSON`), not an older child
    ("made to carry drugs for older lads")."""
    return stems[i] in OLDER_PERSON and not _older_child_at(raw, stems, i)


def _older_child_at(raw: Sequence[str], stems: Sequence[str], i: int) -> bool:
    return raw[i] == "older" and i + 1 < len(stems) and stems[i + 1] in YOUNG_AFTER_OLDER


# Words that make a child named the writer's own: "my son", "our daughter", "parent of a
# disabled child", "mum of an autistic boy" (with at most one word between).
THE_WRITERS = frozenset(["my", "our"])
PARENT_OF = frozenset(stem(w) for w in ("parent", "mum", "mom", "mam", "mother", "dad", "father"))


def _the_writers_child_named(raw: Sequence[str], stems: Sequence[str]) -> bool:
    """Whether a child of the writer's is named: "my daughter", "our little boy", "parent of
    an autistic son" (a word of the `child` slot after "my"/"our", or after "of a/an" that
    follows a word for a parent), with at most one word between."""
    children = shipped().slots["child"]
    for at, word in enumerate(stems):
        if word not in children:
            continue
        before = raw[max(0, at - 2) : at]
        if THE_WRITERS & set(before):
            return True
        of = next((i for i in range(max(0, at - 3), at) if raw[i] == "of"), None)
        if of is not None and of > 0 and stems[of - 1] in PARENT_OF:
            return True
    return False


# Words before a word for a relative that make it the writer's own description ("I'm a mum",
# "as a dad", "single mum"), not someone they look after.
THE_WRITER_AS = frozenset(["a", "an", "single", "im"])


def _an_adult_cared_for(raw: Sequence[str], stems: Sequence[str]) -> bool:
    """Whether a carer's query names an adult they may look after: an adult of the family or a
    partner ("mum", "my husband", "grandad"), an older person ("elderly", "nan") or a word
    saying the person is an adult ("my adult son"). Not a word that names the carer ("parent
    carer", "older carer"; "mums carer" is the mum's), nor the writer ("I'm a mum"). A brother
    or sister may be a child or an adult: they name neither."""
    vocabulary = shipped()
    siblings = {stem(w) for w in ("brother", "sister")}
    adults = (vocabulary.slots["relative"] - vocabulary.slots["child"] - siblings) | OLDER_PERSON
    starts = {
        at: len(phrase)
        for at in range(len(stems))
        for phrase in vocabulary.adult_words
        if _match_at(phrase, stems, at) is not None
    }
    for at, word in enumerate(stems):
        length = starts.get(at, 1 if word in adults else 0)
        if not length:
            continue
        names_the_carer = (
            at + length < len(stems)
            and stems[at + length] == "carer"
            and raw[at + length - 1] == stems[at + length - 1]
        )
        by_the_writer = at > 0 and raw[at - 1] in THE_WRITER_AS
        if not (names_the_carer or by_the_writer):
            return True
    return False


# A writer's own age: "im 19", "i am 23", "aged 20", "age 17".
_OWN_AGE = re.compile(r"\b(?:im|i am|aged?) (?:[1-9][0-9])\b")
# The writer's own age under 18, said as "im 12" or "i am 15" ("aged 12" may be anyone's).
_OWN_AGE_UNDER_18 = re.compile(r"\b(?:im|i am) (?:[0-9]|1[0-7])\b(?! (?:month|week|day)s?\b)")


def _own_age_said(raw: Sequence[str], stems: Sequence[str]) -> bool:
    """Whether the writer gives their own age ("im 19") or a word that says they are young
    (`own_age_words`: "student", "young carer")."""
    if _OWN_AGE.search(" ".join(raw)):
        return True
    return any(
        _match_at(phrase, stems, at) is not None
        for phrase in shipped().own_age_words
        for at in range(len(stems))
        if stems[at] == phrase[0]
    )


def for_carers_of_an_age(
    text: str, *, minimum_age: int | None = None, maximum_age: int | None = None
) -> bool:
    """Whether a carers' service is only for carers of an age: an upper age where the
    directory has one (a young adult carers' group for 16 to 25), else its name or categories
    ("young adult carers", "older carers"). For the carer of an adult whose age is unsaid, the
    carers' services open to any adult carer are likelier to be theirs."""
    if maximum_age is not None:
        return True
    pattern = shipped().carers_of_an_age_pattern
    return bool(pattern and pattern.search(text.lower()))


def for_the_carers_of_children(text: str) -> bool:
    """Whether a service's name or categories (lower case) say it is for the carers of
    children: it meets the carer's need, and its words say the people cared for are children
    ("Parent carer SEND workshops", a short breaks club filed under SEND), not the carers'
    age (a young carers' service is for a child who may look after a grandparent)."""
    return _a_carers_service_saying(shipped().cared_for_children_pattern, text)


_SCHOOL_AGE = re.compile(
    r"\b(?:[5-9]|1[0-7]) ?(?:year|yr)s? olds?\b|\b(?:[5-9]|1[0-7]) ?yos?\b"
    r"|\baged? (?:[5-9]|1[0-7])\b|\bschool\b|\bteenagers?\b|\bteens?\b"
)
_UNDER_FIVE = re.compile(
    r"\b(?:nursery|preschool|pre school|toddlers?|babys?|babies|newborn|[0-4] ?(?:year|yr)s? olds?"
    r"|months? old)\b"
)


def _school_age(raw: Sequence[str]) -> bool:
    """`Understanding.school_age` of a query's words."""
    said = " ".join(raw)
    return bool(_SCHOOL_AGE.search(said)) and not _UNDER_FIVE.search(said)


def for_early_years(text: str) -> bool:
    """Whether a service's name or categories (lower case) say it is for children under five
    and their parents (`Vocabulary.early_years`)."""
    pattern = shipped().early_years_pattern
    return bool(pattern and pattern.search(text))


def for_carers_who_are_young(text: str) -> bool:
    """Whether a service's name or categories (lower case) say it is for carers who are
    children or young adults ("Young carers service", "Young adult carers group") and it meets
    the carer's need: not the help for a parent who looks after their own child."""
    return _a_carers_service_saying(shipped().carers_who_are_young_pattern, text)


def _a_carers_service_saying(pattern: re.Pattern[str] | None, text: str) -> bool:
    """Whether a service's name or categories (lower case) match `pattern` and meet the
    carer's need."""
    return bool(pattern and pattern.search(text)) and shipped().needs[CARERS].fits(text)


def for_adults(
    text: str, *, minimum_age: int | None = None, maximum_age: int | None = None
) -> bool:
    """Whether a service is only for adults: its eligibility ages where the directory has
    them, else its name or categories ("Report concerns about an adult at risk", "Adult social
    care")."""
    if minimum_age is not None and minimum_age >= 18:
        return True
    if maximum_age is not None and maximum_age < 18:
        return False
    return bool(_adult_words_at([stem(t) for t in tokens(text)]))


def _in_their_sense(found: list[Found], others: list[tuple[int, int]]) -> list[Found]:
    """The needs found, each read in the sense its neighbouring words give it.

    A need's phrase that shares a word with a phrase in which that word means something else
    ("falling" in "falling out with my sister", "broke" in "my car broke down") is not read,
    unless it is the longer of the two ("can't fall asleep" beside "fall asleep"), or as long
    and reaching past it ("carer's allowance" in "my carer's allowance"). A crisis
    need is read unless a phrase in another sense holds the whole of its phrase and more
    ("grooming" in "dog grooming"): a missed crisis costs more than an extra reading, so a
    mere overlap is not enough. A need named inside a longer phrase of another need ("after
    suicide" in bereavement, "kicked out" in "kicked out of school") is read as the longer
    phrase."""

    def other_sense(f: Found) -> bool:
        if f.need.urgency == "crisis":
            return any(
                start <= f.start and f.end <= end and end - start > f.end - f.start
                for start, end in others
            )
        return any(
            start < f.end and f.start < end and _not_longer(f, start, end) for start, end in others
        )

    found = [f for f in found if not other_sense(f)]
    return [
        f
        for f in found
        if not any(
            g.need.code != f.need.code
            and g.start <= f.start
            and f.end <= g.end
            and (g.end - g.start) > (f.end - f.start)
            for g in found
        )
    ]


def _not_longer(f: Found, start: int, end: int) -> bool:
    """Whether a need's phrase is no longer than a phrase in another sense it overlaps, and
    does not reach past its end when as long: "my carer" is someone who cares for the writer,
    but "carer's allowance" in "my carer's allowance" goes on where it stops."""
    length, other = f.end - f.start, end - start
    return length < other or (length == other and f.end <= end)


def _idiom_words(
    kept: Sequence[Found],
    others: Sequence[tuple[int, int]],
    raw: Sequence[str],
    stems: Sequence[str],
) -> frozenset[str]:
    """Typed words whose sense their phrase of several words gives, which on their own would
    search for something else: left out of the words query (the phrase's need stands for
    them on the words side, and the meaning side reads them in place).

    - Every word of a crisis need's phrase: "end my life" is not "end of life care", "self
      harming" not "harm reduction".
    - A word of another need's services' own words, not of this need's: "sleep" in "I can't
      sleep" (mental health) is a homelessness word ("rough sleeping"), so searched alone it
      finds rough sleepers' services; in "sleeping rough" it is the need's own word and stays.
      Likewise the words of a phrase that names no need ("falling" in "falling out with my
      sister" would find falls services).

    - A word that is another need's service word on its own but this need's only inside a
      phrase not typed: "loss" in "hearing loss" would find bereavement services ("loss"),
      though "sight loss" is a disability service's own words.
    - A word of the setting (`setting_words`: "room", "floor", "low"), not this need's
      services' own: "room" in "stays in her room" says where a low teenager is, and searched
      alone it finds "a check in a private room"; "low" in "been low" finds "low income".
      So is a word for a person (the `relative`, `child` and `partner` slots): "kids" in
      "can't afford to feed my kids" says whose the need is, and searched alone it put a
      disabled children's charity named "KIDS" among the food banks.

    Elsewhere the words of a phrase are often the services' own ("food bank", "sight loss")
    and are kept."""
    vocabulary = shipped()
    owners = vocabulary.service_words
    setting = vocabulary.setting | _people(vocabulary)
    spans: list[tuple[int, int, Need | None]] = [
        (f.start, f.end, f.need) for f in kept if f.end - f.start > 1
    ]
    spans += [(start, end, None) for start, end in others]
    idiom: set[str] = set()
    # The needs read at each typed word: a word is no idiom where a need it is a service
    # word of was read too ("pregnancy" in "unplanned pregnancy", read as health and pregnancy).
    here: dict[int, set[str]] = {}
    for f in kept:
        for i in range(f.start, f.end):
            here.setdefault(i, set()).add(f.need.code)
    for start, end, need in spans:
        for i in range(start, end):
            met = owners.get(stems[i], frozenset())
            crisis = need is not None and need.urgency == "crisis"
            of_setting = need is not None and stems[i] in setting and need.code not in met
            if crisis or of_setting or (met and (need is None or not met & here.get(i, set()))):
                idiom.add(raw[i])
            elif need is not None and len(met) > 1:
                said = frozenset(stems[start:end])
                word = stems[i]
                alone = any(_owns(code, word, frozenset([word])) for code in met - {need.code})
                if alone and not _owns(need.code, word, said):
                    idiom.add(raw[i])
    return frozenset(idiom)


# Words for a child that also say which services: baby groups, teenagers' services.
AGE_STAGES = frozenset(stem(w) for w in ("baby", "babies", "toddler", "teenager", "teen"))


def _people(vocabulary: Vocabulary) -> frozenset[str]:
    """Stems of the words for a person (`relative`, `child`, `partner`): who a need is for,
    but a stage of childhood ("my baby"), which is also which services."""
    slots = vocabulary.slots
    return (slots["relative"] | slots["child"] | slots["partner"]) - AGE_STAGES


def _whose(
    kept: Sequence[Found], raw: Sequence[str], stems: Sequence[str], read_at: set[int]
) -> frozenset[str]:
    """Typed words in no phrase read that say whose the need is or when, not which help,
    beside a need read: left out of the words query as a practitioner's "client" is (the
    meaning side still reads them).

    - A word for an adult of the writer's after "my", "our", "his", "her" or "their" ("mum"
      in "a blue badge for my mum", "husband" in "help for my husband who drinks"): searched
      alone, "mum" put a group for new mums second for a blue badge, and "husband" finds the
      domestic abuse services. A word for a child ("my baby") stays: services are for
      children by their words.
    - The same word as the first of the query, its subject ("mum needs a walking frame",
      "husband has parkinsons"), and a relative by marriage ("mother in law"): "mother" and
      "law" found a mothers' group and legal advice for a carer.
    - A word of time (`when_words`: "years", "march", "ago"): "years" in "we were married 55
      years" found a perinatal service ("the first two years after birth")."""
    if not kept:
        return frozenset()
    vocabulary = shipped()
    adults = vocabulary.slots["relative"] - vocabulary.slots["child"]
    owned = {f.need.code for f in kept}

    def of_an_adult(i: int) -> bool:
        return (
            i not in read_at
            and stems[i] in adults
            and not owned & vocabulary.service_words.get(stems[i], frozenset())
        )

    whose = {
        raw[i]
        for i in range(len(raw))
        if of_an_adult(i) and ((i > 0 and raw[i - 1] in POSSESSIVES) or i == 0)
    }
    for i in range(len(raw) - 2):
        if stems[i] in vocabulary.slots["relative"] and raw[i + 1 : i + 3] == ["in", "law"]:
            whose |= {w for at, w in enumerate(raw[i : i + 3], start=i) if at not in read_at}
    when = {raw[i] for i in range(len(raw)) if i not in read_at and raw[i] in vocabulary.when}
    return frozenset(whose | when)


# A parent or carer named, and the writer as the one it happens to ("my stepdad touches me",
# "mum hits me and my brother"): most likely a child's own words; unless words say the writer
# is an adult (a partner, children of their own, an age of 19 or more).
_PARENT = (
    r"(step ?(dad|mum|mom|father|mother|parents?)|dad|mum|mom|mummy|daddy|father|mother"
    r"|parents|(mums|moms|dads) (boyfriend|girlfriend|partner)|foster (carer|carers|mum|dad"
    r"|parents)|carers at the home)"
)
_CHILD_WRITER = re.compile(rf"(^|\bmy ){_PARENT}\b")
_WRITER = frozenset({"me", "i", "im", "my", "myself"})
_ADULT_WRITER = re.compile(
    r"\b(my|our) (husband|wife|partner|kids|children|son|daughter|baby|grandchildren|grandson"
    r"|granddaughter)\b|\b(i am|im|aged) ([2-9][0-9]|19)\b"
)


def a_childs_own_words(text: str) -> bool:
    """Whether a text reads as a child's own about a parent or carer: "my stepdad touches me",
    "dad keeps hitting me" (not "im 45 and my mum hits me", "my dad hits me and my kids"). The
    crisis panel then leads with Childline and the results are the children's safeguarding
    services; what is said to happen is read elsewhere (the crisis patterns)."""
    said = " ".join(tokens(text))
    return (
        bool(_CHILD_WRITER.search(said))
        and bool(_WRITER & set(said.split()))
        and not _ADULT_WRITER.search(said)
    )


def known_word(word: str) -> bool:
    """Whether a typed word is part of the needs vocabulary (so never a misspelling)."""
    w = word.lower()
    return w in shipped().known_words or w in phrases.get().added_words


# Words saying a service is for adults and their children alike (a refuge for "women and
# children"): its words for children ("a children's team") do not make it only theirs.
_ADULTS_TOO = re.compile(
    r"\b(women|mothers|mums|adults|men|fathers|dads|parents) and (their )?(children|kids)\b"
    r"|\b(children|kids|young people) and adults\b|\ball ages\b"
)


def for_under_18s(
    text: str, *, minimum_age: int | None = None, maximum_age: int | None = None
) -> bool:
    """Whether a service is only for children and young people under 18: its eligibility ages
    where the directory has them, else its words ("young carers", "aged 8 to 17")."""
    if maximum_age is not None:
        return maximum_age < 18
    if minimum_age is not None and minimum_age >= 18:
        return False
    lowered = text.lower()
    pattern = shipped().under_18_pattern
    if pattern is not None and pattern.search(lowered):
        # "housing for women and children", then "a children's team": adults are served too.
        return not _ADULTS_TOO.search(lowered)
    if not RANGE_HINT.search(lowered):
        return False
    for match in _AGE_RANGE.finditer(lowered):
        low, high = (int(g) for g in match.groups() if g is not None)
        if low < high < 18:
            return True
    return False


def for_young_people(
    text: str, *, minimum_age: int | None = None, maximum_age: int | None = None
) -> bool:
    """Whether a service is for children or young people up to their mid-twenties: an upper
    age of 25 or under where the directory has one, else its words (for under-18s, young
    people, youth, the carers of children)."""
    if maximum_age is not None:
        return maximum_age <= YOUNG_PEOPLE_MAX_AGE
    if minimum_age is not None and minimum_age >= 18:
        return False
    pattern = shipped().young_people_pattern
    return bool(pattern and pattern.search(text.lower()))


def front_door_terms() -> list[str]:
    """Words of services that are a general way in (advice lines, single points of access)."""
    return list(shipped().front_door)


def describe(codes: Iterable[str]) -> list[str]:
    """Plain-English names of need codes."""
    known = shipped().needs
    return [known[c].name for c in codes if c in known]
