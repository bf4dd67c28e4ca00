"""Partnership fixtures on top of the root cast.

Ashdown Partnership: pam manages it; alice's and bob's Ashdown Carers Centre (vcs) and
Ashdown Council are members. charlie's Brookfield Housing is NOT a member: he is the outsider.
"""

from __future__ import annotations

import pytest

from joinedup.directory.models import Organization, Sector
from joinedup.partnerships import services
from joinedup.partnerships.models import Instrument, Partnership


@pytest.fixture
def council(db) -> Organization:
    return Organization.objects.create(name="Ashdown Council", sector=Sector.COUNCIL)


@pytest.fixture
def partnership(pam, alice, bob, charlie, carers_centre, council) -> Partnership:
    # pam's partnership (the root cast), with Ashdown Carers Centre in it already.
    partnership = Partnership.objects.get(managers=pam)
    services.add_member(actor=pam, partnership=partnership, organization=council)
    return partnership


@pytest.fixture
def instruments(db) -> dict[str, Instrument]:
    services.load_shipped_instruments()
    return {i.key: i for i in Instrument.objects.filter(partnership__isnull=True)}


@pytest.fixture
def foundations(instruments) -> Instrument:
    found: Instrument = instruments["foundations-of-collaboration"]
    return found
