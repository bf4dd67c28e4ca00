"""The shapes the demo content is written in, and the deterministic ids that make loading
idempotent (the same key always gives the same UUID)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

# Fixed for ever: changing it would give every demo record a new id on the next load.
NAMESPACE = uuid.UUID("5b0f3c1e-7a4d-4f51-9a6c-2d8e0a6b1f00")

# The place is on real districts (for proximity) but BS12 is terminated, so it is not used.
PLACE_DISTRICTS = [f"BS{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)]
PLACE_AREA = " ".join(PLACE_DISTRICTS)

# Invented neighbourhood names for each district of Ashdown.
NEIGHBOURHOODS = {
    "BS1": "Ashdown Town Centre",
    "BS2": "Kingsgate",
    "BS3": "Southbank",
    "BS4": "Knollwood",
    "BS5": "Eastfield",
    "BS6": "Redhill Park",
    "BS7": "Northgate",
    "BS8": "Cliffside",
    "BS9": "Westbury Vale",
    "BS10": "Brookmead",
    "BS11": "Portway",
    "BS13": "Hartwell",
    "BS14": "Stockley",
    "BS15": "Kingsmead",
    "BS16": "Fernhill",
}


def demo_id(kind: str, key: str) -> uuid.UUID:
    """The stable UUID of one demo record."""
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def stable_number(key: str, modulo: int) -> int:
    """A number in range(modulo) that depends only on `key` (not on Python's hash seed)."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % modulo


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    sector: str
    description: str
    site: str  # key of the main Site
    intake: str = "signposting"  # default intake mode of its services
    area: str = PLACE_AREA
    alternate_name: str = ""
    year: int | None = None
    legal_status: str = ""


@dataclass(frozen=True)
class Site:
    """A physical location. The postcode's inward code is made up; its district is real."""

    key: str
    org: str
    name: str
    street: str
    district: str
    description: str = ""
    transport: str = ""
    access: str = "Step-free entrance and an accessible toilet."


Hours = tuple[tuple[str, str, str], ...]  # (byday, opens_at, closes_at)

OFFICE: Hours = (("MO,TU,WE,TH,FR", "09:00", "17:00"),)
GP: Hours = (("MO,TU,WE,TH,FR", "08:00", "18:30"),)


@dataclass(frozen=True)
class Svc:
    org: str
    key: str
    name: str
    description: str
    terms: str  # space-separated taxonomy term codes
    who: str = ""  # eligibility
    how: str = ""  # application process; a default follows from the intake mode
    sites: tuple[str, ...] = ()  # () means the organisation's main site, unless remote
    remote: str = ""  # "phone": no location; "online": a virtual location
    areas: str = ""  # outcodes served; "" means the organisation's area
    hours: Hours = OFFICE
    intake: str = ""  # "" means the organisation's default
    capacity: str = "accepting"
    wait: str = ""
    note: str = ""
    ages: tuple[int | None, int | None] = (None, None)
    fees: str = ""  # "" means free
    costs: tuple[tuple[str, str], ...] = ()  # (option, amount in GBP)
    languages: tuple[str, ...] = ()  # extra to English: ISO 639 codes
    status: str = "active"
    stale: bool = False  # last checked more than a year ago
    url_path: str = ""
    docs: tuple[str, ...] = field(default=())
