"""UK charity and company numbers: check their shape and name their org-id.guide scheme.

The schemes are the ones HSDS `organization_identifier` rows use (org-id.guide): GB-CHC for the
Charity Commission for England and Wales, GB-SC for OSCR (Scotland), GB-NIC for Northern Ireland
and GB-COH for Companies House.
"""

from __future__ import annotations

import re

CHARITY_SCHEMES = (
    (re.compile(r"^\d{6,7}$"), "GB-CHC"),
    (re.compile(r"^SC\d{6}$"), "GB-SC"),
    (re.compile(r"^NIC\d{6}$"), "GB-NIC"),
)
# Eight digits, or two letters and six digits (SC, NI, OC, LP, ...). People often leave off
# a company number's leading zeros, so a shorter run of digits is padded.
COMPANY = re.compile(r"^(\d{8}|[A-Z]{2}\d{6}|R0\d{6})$")


def _squash(value: str) -> str:
    return re.sub(r"[\s-]", "", value).upper()


def normalise_charity_number(value: str) -> str:
    """The charity number as registered, or ValueError with what is wrong."""
    number = _squash(value)
    if not number:
        return ""
    if any(pattern.match(number) for pattern, _ in CHARITY_SCHEMES):
        return number
    raise ValueError(
        "Enter a charity number in the right format: 6 or 7 digits (England and Wales), "
        "like 1234567, SC and 6 digits (Scotland) or NIC and 6 digits (Northern Ireland)"
    )


def charity_scheme(number: str) -> str:
    for pattern, scheme in CHARITY_SCHEMES:
        if pattern.match(number):
            return scheme
    raise ValueError(f"Not a charity number: {number}")


def normalise_company_number(value: str) -> str:
    """The Companies House number (8 characters), or ValueError with what is wrong."""
    number = _squash(value)
    if not number:
        return ""
    if number.isdigit() and 5 <= len(number) < 8:
        number = number.zfill(8)
    if COMPANY.match(number):
        return number
    raise ValueError(
        "Enter a company number in the right format: 8 digits, like 01234567, "
        "or 2 letters and 6 digits, like SC123456"
    )
