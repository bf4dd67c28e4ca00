"""The seventh situations round's second set (ADR 14, fifteenth session): 14 everyday phrasings
written once the round's changes to the engine were done, of the same kinds as
`situations_round7.py`, and measured once with no change after (and on the code before the
round, for comparison): the round's honest figure of how far its general rules carry. Same
shape and judges as the round.
"""

from __future__ import annotations

from joinedup.search.tests import situations_round7 as round7
from joinedup.search.tests.situation_classes import (
    ADAPTATIONS,
    AT_HOME,
    CARERS,
    COMPANY,
    CONDITION,
    DEBT,
    DRUGS,
    FOOD,
    HOUSING,
    MH,
    NOT_ABUSE,
    NOT_ABUSE_OR_FOOD,
    NOT_ABUSE_OR_UNPAID,
    NOT_CHILDREN,
    NOT_OLDER,
    NOT_PRACTICAL,
    SCHOOL,
    WORK,
    Case,
)

AFTER: list[Case] = [
    (
        "my partner has ms and i do all the lifting and washing, im worn down",
        [CARERS],
        round7.NOT_YOUNG_CARERS,
    ),
    ("got a letter from debt collectors about my old phone contract", [DEBT], NOT_ABUSE),
    ("the ceiling is leaking and the council wont come out to fix it", [HOUSING], NOT_ABUSE),
    ("just relocated for a new job and evenings are really lonely", [COMPANY], NOT_PRACTICAL),
    ("my anxiety stops me leaving the house some days", [MH], NOT_PRACTICAL),
    (
        "mum cant get in and out of her chair, is there equipment for that",
        [[*ADAPTATIONS, *AT_HOME]],
        NOT_CHILDREN,
    ),
    (
        "my 7 year old wets the bed and has meltdowns, who can help",
        [[*round7.FAMILY, *SCHOOL]],
        NOT_OLDER,
    ),
    (
        "client has been out of work since covid and lacks confidence",
        [WORK],
        NOT_ABUSE_OR_UNPAID,
    ),
    ("my brother is seeking asylum and needs a solicitor", [round7.IMMIGRATION], NOT_ABUSE),
    ("smoking too much weed and its making me paranoid", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("cant stretch the money to cover food this week", [FOOD], NOT_ABUSE),
    (
        "my aunt is 92 and wont eat unless someone sits with her",
        [[*AT_HOME, *round7.OLDER_COMPANY]],
        NOT_CHILDREN,
    ),
    ("my brother downed a bottle of paracetamol", [round7.URGENT], round7.NOT_PRACTICAL_OR_YOUTH),
    ("long covid has left me exhausted, any support groups", [CONDITION], NOT_ABUSE),
]

CLASSES: dict[str, list[Case]] = {"written after the changes": AFTER}

# Measured once on the demo place (SQLite) when written, 13 of 14 (12 on the code before the
# round; on the Bristol feed by the rough judge 14 of 14, and 14 before): the floor its test
# holds.
PASSED_ON_THE_DEMO = 13

BRISTOL_WORDS = round7.BRISTOL_WORDS
