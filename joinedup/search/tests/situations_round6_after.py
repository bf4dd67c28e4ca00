"""The sixth situations round's second set (ADR 14, fourteenth session): 12 everyday phrasings
written once the round's changes to the engine were done, of the same kinds as
`situations_round6.py`, and measured once with no change after: the round's honest figure of
how far its general rules carry. Same shape and judges as the round.
"""

from __future__ import annotations

from joinedup.search.tests import situations_round6 as round6
from joinedup.search.tests.situation_classes import (
    ADAPTATIONS,
    AT_HOME,
    BEREAVED,
    CARERS,
    COMPANY,
    DEBT,
    DRUGS,
    FOOD,
    MH,
    NOT_ABUSE,
    NOT_ABUSE_OR_FOOD,
    NOT_CHILDREN,
    NOT_OLDER,
    NOT_PRACTICAL,
    SEND,
    Case,
)

AFTER: list[Case] = [
    ("so stressed i cant think and keep having palpitations", [MH], NOT_PRACTICAL),
    (
        "my partner has early onset dementia and i do everything",
        [CARERS],
        round6.NOT_YOUNG_CARERS,
    ),
    (
        "our son is severely disabled and we are exhausted caring for him",
        [CARERS],
        round6.NOT_YOUNG_CARERS,
    ),
    (
        "mum lost dad in the summer after 48 years, shes 81",
        [[*BEREAVED, *COMPANY]],
        round6.NOT_CARERS_OR_CHILDREN,
    ),
    ("got a final demand from the gas company", [DEBT], NOT_ABUSE),
    ("cupboards are bare and payday is next week", [FOOD], NOT_ABUSE),
    (
        "sister says i cant stay with her after friday",
        [round6.HOUSING_OR_HOMELESS],
        NOT_ABUSE,
    ),
    ("my gran hardly speaks to anyone from one week to the next", [round6.OLDER_COMPANY], []),
    ("dad needs someone to help him get up and dressed", [AT_HOME], NOT_CHILDREN),
    ("our little girl might have dyspraxia, who can assess her", [SEND], NOT_OLDER),
    ("partner wont stop drinking and spends all our money on it", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("need a raised toilet seat and a shower chair for mum", [ADAPTATIONS], NOT_CHILDREN),
]

CLASSES: dict[str, list[Case]] = {"written after the changes": AFTER}

# Measured once on the demo place (SQLite) when written, 9 of 12 (on the Bristol feed by the
# rough judge 11 of 12): the floor its test holds.
PASSED_ON_THE_DEMO = 9

BRISTOL_WORDS = round6.BRISTOL_WORDS
