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
communities they welcome. Women's and men's services are left alone (who is writing is not
known from "my partner"), as are services whose name says a faith but serve everyone as a
rule (Christians Against Poverty, church food banks: "christian" and "church" are not here).
"""

from __future__ import annotations

import functools
import re
from typing import Any

# What a community-specific service loses when the query does not name its community.
WEIGHT = 0.15
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


def later(ranked: list[list[Any]], text: str, order: Any) -> None:
    """Take `WEIGHT` from the score of each of the best `WINDOW` results (engine rows: [score,
    distance, row, ...]) whose name says it is for a community the query does not name, and
    sort again when any did."""
    named = communities_named(text)
    lowered = [item for item in ranked[:WINDOW] if for_someone_else(item[2]["name"], named)]
    for item in lowered:
        item[0] -= WEIGHT
    if lowered:
        ranked.sort(key=order)
