"""The demo place: Ashdown, a fictional town written by us and placed on Bristol's real postcode
districts so that distances work. Every organisation, service, street and person is invented.

It sits above the apps it fills (directory, partnerships, referrals, search: ADR 18) and is
loaded by `joinedup load_demo`, or from code by `joinedup.demo.load_demo()`.
"""

from __future__ import annotations


def load_demo(*, reset: bool = False) -> str:
    """Load the whole demo place (idempotent; `reset` restores it); returns one summary line."""
    # Imported here, not above: Django imports this package while it sets up the apps, before
    # the models the loader needs can be imported.
    from joinedup.demo.loader import load_demo as load

    return load(reset=reset)
