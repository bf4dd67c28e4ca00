"""UK postcodes: validation, normalisation and postcode-district geography.

Distances are measured from the centroid of a postcode's district (its outcode, e.g. "BS5"),
from a table shipped in `joinedup/core/data/` (see docs/adr/0004-postcode-districts.md): good
to a few kilometres in a city, enough to rank services by "near me", and it needs no licence
for full-postcode data or any network call.
"""

from __future__ import annotations

import csv
import functools
import math
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np

TABLE = Path(__file__).resolve().parent / "data" / "postcode_districts.csv"
EARTH_RADIUS_M = 6_371_008.8  # the IUGG mean radius

# Outward code shapes A9, A99, A9A, AA9, AA99, AA9A; inward code 9AA, whose letters never
# include C, I, K, M, O or V (Royal Mail leaves them out as easily misread).
_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL_RE = re.compile(rf"({_OUTWARD})({_INWARD})")
_OUTWARD_RE = re.compile(_OUTWARD)

# In running text, a postcode is a whole word (not the tail of "COVID19" or a phone number).
_FULL_IN_TEXT = re.compile(rf"(?<![A-Za-z0-9])({_OUTWARD}) ?({_INWARD})(?![A-Za-z0-9])", re.I)
_OUTWARD_IN_TEXT = re.compile(rf"(?<![A-Za-z0-9])({_OUTWARD})(?![A-Za-z0-9])", re.I)
# "Room B1 2nd floor" must not read as B1 2ND: ordinal endings typed in lower case are words.
_ORDINAL = re.compile(r"[0-9](st|nd|rd|th)", re.I)
# Real districts that are more often something else in a sentence (vitamin B12, CO2, the M6,
# a section 21 or section 8 eviction notice written "s21", "s8").
# They count only after a word that introduces a place: "in B12", "postcode M6".
_AMBIGUOUS = frozenset(
    {"B12", "CO2", "G7", "G20", "M1", "M3", "M4", "M5", "M6", "M60", "E10", "S21", "S8"}
)
_PLACE_WORDS = frozenset({"in", "near", "around", "postcode", "area", "from", "at", "to"})
# "Room B1", "vitamin D3": after these words a code-like token names a thing, not a place.
_THING_WORDS = frozenset({"room", "flat", "unit", "block", "floor", "level", "vitamin", "junction"})

# Girobank's GIR 0AA is a valid postcode with no place: proximity cannot use it.
_NON_GEOGRAPHIC = frozenset({"GIR 0AA"})


class PostcodeError(ValueError):
    """The text is not a UK postcode, or not one whose place we know. The message says which."""


class District(NamedTuple):
    outcode: str
    latitude: float
    longitude: float
    area: str
    region: str


@functools.cache
def districts() -> dict[str, District]:
    """The shipped table of live, geographic postcode districts, loaded once per process."""
    with TABLE.open(newline="", encoding="utf-8") as f:
        return {
            row["outcode"]: District(
                row["outcode"],
                float(row["latitude"]),
                float(row["longitude"]),
                row["area"],
                row["region"],
            )
            for row in csv.DictReader(f)
        }


def normalise(text: str) -> str:
    """A full postcode as "BS5 6XX" or an outcode as "BS5"; PostcodeError for any other shape."""
    compact = re.sub(r"\s+", "", str(text)).upper()
    if compact == "GIR0AA":
        return "GIR 0AA"
    full = _FULL_RE.fullmatch(compact)
    if full:
        return f"{full.group(1)} {full.group(2)}"
    if _OUTWARD_RE.fullmatch(compact):
        return compact
    shown = text.strip() if isinstance(text, str) else text
    if not shown:
        raise PostcodeError("Enter a postcode, like BS5 6XX, or the first part of one, like BS5")
    raise PostcodeError(
        f"“{shown}” is not a valid UK postcode: enter one like BS5 6XX, or the first part, like BS5"
    )


def is_full_postcode(text: str) -> bool:
    """True for a complete postcode (outward and inward code), in any case or spacing."""
    try:
        return " " in normalise(text)
    except PostcodeError:
        return False


def outcode(postcode: str) -> str:
    """The outward code (district) of a full postcode or an outcode: "bs5 6xx" → "BS5"."""
    return normalise(postcode).split(" ")[0]


def district(postcode: str) -> District | None:
    """The known district a postcode belongs to, or None if the table does not have it."""
    return districts().get(outcode(postcode))


def locate(postcode: str) -> tuple[float, float]:
    """(latitude, longitude) of the postcode's district centroid; PostcodeError if unknown."""
    normalised = normalise(postcode)
    if normalised in _NON_GEOGRAPHIC:
        raise PostcodeError(f"{normalised} is not linked to a place, so we cannot measure from it")
    found = districts().get(normalised.split(" ")[0])
    if found is None:
        raise PostcodeError(f"{normalised} is not a UK postcode we know")
    return found.latitude, found.longitude


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distances_m(lat: float, lng: float, points: np.ndarray) -> np.ndarray:
    """`distance_m` from one point to each row of an (n, 2) array of (latitude, longitude)."""
    phi1 = math.radians(lat)
    phi2 = np.radians(points[:, 0])
    dlmb = np.radians(points[:, 1] - lng)
    a = np.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    distances: np.ndarray = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return distances


def find_postcode_in_text(text: str) -> str | None:
    """The postcode or district someone typed inside a sentence, normalised, or None.

    A full postcode wins over a bare district. A bare district counts only when it is one we
    know, so "A38" or "Y2K" are never mistaken for places.
    """
    for match in _FULL_IN_TEXT.finditer(text):
        inward = match.group(2)
        if _ORDINAL.fullmatch(inward) and not inward.isupper():
            continue
        return f"{match.group(1).upper()} {inward.upper()}"
    known = districts()
    for match in _OUTWARD_IN_TEXT.finditer(text):
        code = match.group(1).upper()
        if code not in known:
            continue
        before = text[: match.start()].split()
        previous = before[-1].lower().strip(",:;") if before else ""
        if previous in _THING_WORDS:
            continue
        if code in _AMBIGUOUS and previous not in _PLACE_WORDS:
            continue
        return code
    return None
