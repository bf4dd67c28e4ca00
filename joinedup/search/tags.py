"""Filter tags: the index row's filters and place, as words the full-text engine can intersect.

On SQLite the FTS5 table has a `tags` column (weight 0 in bm25, never searched by what a person
types) holding one made-up word per filter value an entry has ("tfree1", "tdmo1", a grid cell
of each of its places). A search ANDs the tags its filters and place need with the words, so
FTS5 intersects posting lists and computes bm25 only for entries that can be results, instead
of for every entry that mentions "advice" anywhere in the country.

Tags only narrow the candidates: the filters are still applied in SQL to the rows a search
returns, so a tag can make a search faster but never let a wrong result through. A search
requires only the tags of filters that usually exclude most services (the place, a category,
a language, an accessibility feature, an intake mode): intersecting with a tag most entries
have ("free", "in person") costs FTS5 more than it saves, so those filters are left to SQL.
PostgreSQL does not need them: its planner combines the GIN index with the filter columns.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

# The grid the places are filed under: cells of 0.2° latitude (22 km) by 0.3° longitude
# (about 20 km in the UK), small enough that the cells around a 30 km search box hold little
# more than the box.
CELL_LAT = 0.2
CELL_LNG = 0.3
NO_PLACE = "gnone1"
# Boxes spanning more cells than this are not worth listing: the search falls back to the
# bounding-box filter alone.
MAX_CELLS = 64
_UNSAFE = re.compile(r"[^a-z0-9]+")
# Every tag this module makes has one of these shapes (see `entry_tags`).
_TAG_SHAPE = re.compile(r"t[a-z0-9]+1|g[0-9]+x[0-9]+|gnone1")


def _tag(prefix: str, value: object) -> str:
    # Letters and digits only (FTS5's tokenizer splits on anything else), ending in a digit so
    # the porter stemmer leaves it alone.
    return f"{prefix}{_UNSAFE.sub('', str(value).lower())}1"


def looks_like_a_tag(token: str) -> bool:
    """Whether a word someone typed could be one of the tags (as FTS5's tokenizer would read
    it: lower case, accents removed). The full-text query leaves such words out, so what a
    person types never matches the tags column even without a column filter (`lexical`)."""
    folded = unicodedata.normalize("NFKD", token.lower())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _TAG_SHAPE.fullmatch(plain) is not None


def _cell(lat: float, lng: float) -> tuple[int, int]:
    return math.floor((lat + 90) / CELL_LAT), math.floor((lng + 180) / CELL_LNG)


def _cell_tag(cell: tuple[int, int]) -> str:
    return f"g{cell[0]}x{cell[1]}"


def entry_tags(entry: Any) -> str:
    """The tags of one SearchEntry (or anything with its fields), space separated."""
    found = []
    if entry.published:
        found.append("tpub1")
    if entry.is_free:
        found.append("tfree1")
    for mode, code in (("in_person", "din"), ("online", "don"), ("phone", "dph")):
        if getattr(entry, mode):
            found.append(_tag("t", code))
    found.extend(_tag("td", day) for day in entry.days.split())
    if entry.capacity_status:
        found.append(_tag("tcap", entry.capacity_status))
    if entry.intake_mode:
        found.append(_tag("tim", entry.intake_mode))
    found.extend(_tag("tl", word) for word in entry.languages.split())
    found.extend(_tag("tax", feature) for feature in entry.accessibility.split())
    outcodes = entry.outcodes.split()
    found.extend([_tag("tar", code) for code in outcodes] or ["tarall1"])
    found.extend(_tag("tt", term) for term in entry.term_ids.split())
    points = entry.points or []
    found.extend([_cell_tag(_cell(lat, lng)) for lat, lng in points] or [NO_PLACE])
    return " ".join(dict.fromkeys(found))


def box_tags(box: tuple[float, float, float, float]) -> list[str] | None:
    """The cell tags covering a (south, north, west, east) box plus "no place", or None when
    the box spans too many cells to list."""
    south, north, west, east = box
    (lat0, lng0), (lat1, lng1) = _cell(south, west), _cell(north, east)
    if (lat1 - lat0 + 1) * (lng1 - lng0 + 1) > MAX_CELLS:
        return None
    cells = [_cell_tag((i, j)) for i in range(lat0, lat1 + 1) for j in range(lng0, lng1 + 1)]
    return [*cells, NO_PLACE]


def query_tags(
    *,
    intake_mode: str = "",
    language: str = "",
    accessibility: str = "",
    term: object = None,
    box: tuple[float, float, float, float] | None = None,
) -> list[list[str]]:
    """What a search's selective filters require, as an AND of groups of alternative tags."""
    groups: list[list[str]] = []
    if intake_mode:
        groups.append([_tag("tim", intake_mode)])
    groups.extend([_tag("tl", word)] for word in language.lower().split())
    if accessibility:
        groups.append([_tag("tax", accessibility)])
    if term is not None:
        groups.append([_tag("tt", term)])
    cells = box_tags(box) if box is not None else None
    if cells:
        groups.append(cells)
    return groups


def fts5_tag_filter(groups: Iterable[Sequence[str]]) -> str:
    """The FTS5 expression requiring the groups in the tags column."""
    return " AND ".join("tags : (" + " OR ".join(group) + ")" for group in groups if group)
