"""Services for one community, after the services for everyone when the query names none
(ADR 40).

A service whose name says it is for one community of faith, heritage or language ("Jewish
Women's Aid", "Bristol Somali Resource Centre"), for LGBTQ+ or trans people, for Deaf or blind
people, or for veterans is the right answer for a person of that community and a poor first
answer for anyone else: "my boyfriend took my phone" led with Jewish Women's Aid on the
Bristol directory, and "can't get up and dressed" with a transgender support group. When the
query names none of a service's communities, the service loses `WEIGHT` of its score (what a
need it meets would add, `situations.NEED_WEIGHT`), so a service for everyone that fits as
well comes first; it stays in the results. When the query names the community ("support for
Chinese-speaking carers", "counselling in BSL", "veterans support"), nothing changes.

Only a service's name is read: descriptions of services for everyone often name the
communities they welcome. Services whose name says a faith but serve everyone as a rule
(Christians Against Poverty, church food banks) are left alone: "christian" and "church" are
not here.

Women's and men's services are read only when the writer's sex is known (ADR 40, sixteenth
session): said ("im a guy", "male victim"), a service only for the other sex is not for them
and comes after every other result; read from the partner who harms them ("my wife threatens
me"), it loses `SEX_WEIGHT`; services for the writer's own sex gain `WEIGHT`. Who is writing is
not known from "my partner", and then nothing changes.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# What a community-specific service loses when the query does not name its community.
WEIGHT = 0.15
# What a service for the other sex than the writer's loses: what meeting a risk the query names
# adds (`situations.NEED_WEIGHT` twice, `CRISIS_FIT_FACTOR`), so a women's domestic abuse
# service does not lead for a man harmed by his wife on the strength of its fit alone.
SEX_WEIGHT = 2 * WEIGHT
# Read among the best this many results (the rest are too far down for it to matter).
WINDOW = 40

# A community → (what in a service's name says it is for that community, the words of a query
# that name it). Both are read on lower-case words without apostrophes (`_said`).
_COMMUNITIES: dict[str, tuple[str, str]] = {
    "jewish": (r"jewish|jews?", r"jewish|jews?|synagogue|kosher|judaism"),
    "muslim": (r"muslims?|islamic|mosque", r"muslims?|islam|islamic|mosque|halal|ramadan"),
    "sikh": (r"sikhs?|gurdwara", r"sikhs?|gurdwara|punjabi"),
    "hindu": (r"hindus?|mandir", r"hindus?|mandir|temple"),
    "buddhist": (r"buddhists?", r"buddhists?|buddhism"),
    "asian": (
        r"asian|south asian|bangladeshi|pakistani|indian|punjabi|gujarati|bengali|urdu",
        r"asian|bangladeshi|pakistani|indian|punjabi|gujarati|bengali|urdu|hindi",
    ),
    "black": (
        r"black|african|caribbean|afro caribbean|bme|bame|windrush",
        r"black|african|caribbean|bme|bame|windrush|ethnic minority|racism|racist",
    ),
    "somali": (r"somali|somalian", r"somali|somalian|somalia"),
    "chinese": (
        r"chinese|hong kong|cantonese|mandarin",
        r"chinese|hong kong|cantonese|mandarin|china",
    ),
    "east european": (
        r"polish|romanian|lithuanian|latvian|bulgarian|slovak|czech|ukrainian"
        r"|russian|eastern european",
        r"polish|poland|romanian|romania|lithuanian|latvian|bulgarian|slovak"
        r"|czech|ukrainian|ukraine|russian|eastern european",
    ),
    "middle east": (
        r"kurdish|arab|arabic|syrian|afghan|iranian|iraqi|yemeni|turkish|eritrean"
        r"|sudanese|ethiopian",
        r"kurdish|kurd|arab|arabic|syrian|syria|afghan|afghanistan|iranian|iran"
        r"|iraqi|iraq|yemeni|turkish|turkey|eritrean|eritrea|sudanese|sudan"
        r"|ethiopian|ethiopia|farsi|dari|pashto|tigrinya",
    ),
    "roma and travellers": (
        r"roma|gypsy|gypsies|travellers?",
        r"roma|gypsy|gypsies|travellers?|traveler|caravan site",
    ),
    "lgbtq": (
        r"lgbt\w*|gay|lesbian|bisexual|queer",
        r"lgbt\w*|gay|lesbian|bisexual|bi|queer|coming out|came out|pride|same sex"
        r"|sexuality|homophobia|homophobic",
    ),
    "trans": (
        r"trans|transgender|non binary|nonbinary|gender identity",
        r"trans|transgender|non binary|nonbinary|gender identity|gender dysphoria"
        r"|transition|transitioning|pronouns|lgbt\w*",
    ),
    "deaf": (
        r"deaf|deafblind|hard of hearing|bsl|sign language",
        r"deaf|deafblind|hard of hearing|hearing|bsl|sign language|signing|tinnitus"
        r"|hearing aid|hearing aids|cochlear",
    ),
    "blind": (
        r"blind|deafblind|sight loss|visually impaired|visual impairment|partially sighted",
        r"blind|sight|eyesight|vision|visually|visual impairment|partially sighted"
        r"|macular|glaucoma|braille|guide dog",
    ),
    "veterans": (
        r"veterans?|armed forces|ex service|forces|military|royal british legion",
        r"veterans?|armed forces|ex service|ex forces|forces|military|army|navy|raf"
        r"|soldier|served|service leaver|royal british legion|ptsd",
    ),
}


def _compiled(which: int) -> dict[str, re.Pattern[str]]:
    return {
        name: re.compile(rf"\b(?:{patterns[which]})\b") for name, patterns in _COMMUNITIES.items()
    }


_IN_NAME = _compiled(0)
_IN_QUERY = _compiled(1)
# Any community's words in a name, read first: most names have none.
_ANY_IN_NAME = re.compile(r"\b(?:" + "|".join(p[0] for p in _COMMUNITIES.values()) + r")\b")


_NOT_A_WORD = re.compile(r"[^a-z0-9]+")


def _said(text: str) -> str:
    """Lower-case words without apostrophes, one space apart ("Women's" → "womens")."""
    return _NOT_A_WORD.sub(" ", text.lower().replace("'", "").replace("\u2019", "")).strip()


def communities_named(text: str) -> frozenset[str]:
    """The communities a query's words name."""
    said = _said(text)
    return frozenset(name for name, pattern in _IN_QUERY.items() if pattern.search(said))


@functools.lru_cache(maxsize=8192)
def communities_served(name: str) -> frozenset[str]:
    """The communities a service's name says it is for (kept by name: the best results of
    searches are mostly the same few thousand services)."""
    said = _said(name)
    if not _ANY_IN_NAME.search(said):
        return frozenset()
    return frozenset(c for c, pattern in _IN_NAME.items() if pattern.search(said))


def for_someone_else(name: str, named: frozenset[str]) -> bool:
    """Whether a service's name says it is for a community the query does not name (one it
    names is enough: "Chinese Carers Group" for "support for Chinese-speaking carers")."""
    served = communities_served(name)
    return bool(served) and not served & named


# Women's and men's services (ADR 40, sixteenth session): read only when the writer's sex is
# known, as a service for everyone is right for a writer not known.
_FOR_WOMEN = re.compile(r"\b(?:women|womens|woman|womans|ladies|girls|mothers|womankind|female)\b")
_FOR_MEN = re.compile(r"\b(?:men|mens|man|male|males|mankind|manclub|andysmanclub|dads|fathers)\b")
# The writer says they are a man (or a practitioner says their client is): "im a guy", "as a
# man", "male victim", "client is a man whose wife...".
_WRITER_A_MAN = re.compile(
    r"\b(?:im|i m|i am|as|being|(?:client|patient|su|service user) is)"
    r"(?: just)? an?(?: grown| young| older)?"
    r" (?:man|guy|bloke|male|lad|fella|fellow|dad|father)\b"
    r"|\b(?:im|i m|i am) male\b|\bmale (?:victim|survivor|client)s?\b"
)
_WRITER_A_WOMAN = re.compile(
    r"\b(?:im|i m|i am|as|being|(?:client|patient|su|service user) is)"
    r"(?: just)? an?(?: grown| young| older)?"
    r" (?:woman|lady|girl|female|mum|mother)\b"
    r"|\b(?:im|i m|i am) female\b|\bfemale (?:victim|survivor|client)s?\b"
)
# The writer's own partner named as a woman, or as a man ("my wife", "my ex girlfriend";
# "wife" as the first word): read for the writer's sex only when the partner harms them (the
# query reads domestic abuse), as "my wife is pregnant" asks for her services.
_WIFE = re.compile(r"(?:^|\b(?:my|our) )(?:ex )?(?:wife|girlfriend|gf|missus|fiancee)\b")
_HUSBAND = re.compile(r"(?:^|\b(?:my|our) )(?:ex )?(?:husband|boyfriend|bf|fiance)\b")


def writer_sex(text: str, *, harmed_by_partner: bool = False) -> str | None:
    """ "man" or "woman" when a query says which the writer is, or (when their partner harms
    them) names their own partner as a wife or a husband; None when it is not known."""
    said = _said(text)
    man, woman = bool(_WRITER_A_MAN.search(said)), bool(_WRITER_A_WOMAN.search(said))
    if man != woman:
        return "man" if man else "woman"
    if man or not harmed_by_partner:
        return None
    wife, husband = bool(_WIFE.search(said)), bool(_HUSBAND.search(said))
    if wife != husband:
        return "man" if wife else "woman"
    return None


@functools.lru_cache(maxsize=8192)
def sex_served(name: str) -> str | None:
    """ "women" or "men" when a service's name says it is for one sex only."""
    said = _said(name)
    women, men = bool(_FOR_WOMEN.search(said)), bool(_FOR_MEN.search(said))
    if women == men:
        return None
    return "women" if women else "men"


def later(
    ranked: list[list[Any]], text: str, order: Any, *, harmed_by_partner: bool = False
) -> None:
    """Take `WEIGHT` from the score of each of the best `WINDOW` results (engine rows: [score,
    distance, row, ...]) whose name says it is for a community the query does not name, or
    for the other sex than the writer's when the query says it; add it to those for the
    writer's sex then (a man harmed by his wife sees the men's services come up); and sort
    again when any moved."""
    named = communities_named(text)
    said = writer_sex(text)
    sex = said or (writer_sex(text, harmed_by_partner=True) if harmed_by_partner else None)
    said_sex = said is not None
    other = {"man": "women", "woman": "men"}.get(sex or "")
    own = {"man": "men", "woman": "women"}.get(sex or "")
    moved = False
    for item in ranked[:WINDOW]:
        name = item[2]["name"]
        served = sex_served(name) if sex else None
        change = -WEIGHT if for_someone_else(name, named) else 0.0
        if served is not None and served == other and said_sex:
            # Not for them, as a service for under-18s is not for an adult: after every other
            # result (`situations.order`).
            item[4] = True
            moved = True
        elif served is not None and served == other:
            change -= SEX_WEIGHT
        elif served is not None and served == own:
            change += WEIGHT
        if change:
            item[0] += change
            moved = True
    if moved:
        ranked.sort(key=order)
