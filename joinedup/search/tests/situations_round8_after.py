"""The eighth situations round's second set (ADR 14, sixteenth session): 16 phrasings written
once the round's changes to the engine were done, of the same classes as
`situations_round8.py`, and measured once with no change after: the round's honest figure of
how far its general rules carry. Same shape and judges as the round.
"""

from __future__ import annotations

from joinedup.search.tests import situations_round8 as round8
from joinedup.search.tests.situation_classes import (
    CARERS,
    COMPANY,
    DRUGS,
    MH,
    NOT_ABUSE_OR_UNPAID,
    WORK,
    Case,
)

AFTER: list[Case] = [
    (
        "im a bloke and my partner keeps hitting me, she says no one will believe me",
        [round8.ABUSE],
        round8.NOT_WOMEN,
    ),
    (
        "wife controls all our money and smashes things when im home",
        [round8.ABUSE],
        round8.NOT_WOMEN,
    ),
    (
        "came home to find the back door kicked in and my laptop gone",
        [round8.CRIME],
        round8.NOT_FIRE,
    ),
    ("burglars got into my nans bungalow, she wont sleep now", [round8.CRIME], round8.NOT_FIRE),
    (
        "worried older boys are grooming my 14 year old to sell drugs",
        [round8.EXPLOITATION],
        round8.NOT_SEXUAL_OR_FIRE,
    ),
    (
        "dealers have moved into my brothers flat and he cant get rid of them",
        [[*round8.EXPLOITATION, *round8.CRIME]],
        round8.NOT_SEXUAL_OR_FIRE,
    ),
    (
        "only been in this town a few weeks and havent made any friends",
        [COMPANY],
        round8.NOT_BEREAVEMENT,
    ),
    (
        "caring for my mum with dementia round the clock and need a rest",
        [CARERS],
        round8.NOT_CONDITION,
    ),
    (
        "partner had a stroke, im his carer and could do with a day off",
        [CARERS],
        round8.NOT_CONDITION,
    ),
    (
        "concerned the old man next door is being financially abused by his nephew",
        [round8.SAFEGUARDING],
        round8.NOT_FIRE,
    ),
    (
        "teenagers keep throwing stones at my windows every night",
        [round8.CRIME],
        round8.NOT_FIRE,
    ),
    ("been smoking skunk for years and want to stop", [DRUGS], round8.NOT_STOP_SMOKING),
    (
        "need a job that actually pays, been on universal credit too long",
        [WORK],
        NOT_ABUSE_OR_UNPAID,
    ),
    (
        "my 8 year old wont go to school, gets stomach aches every morning",
        [round8.SCHOOL_AGE],
        round8.NOT_EARLY_YEARS,
    ),
    (
        "newborn screams after every feed and we dont know what to do",
        [round8.CRYING_BABY],
        round8.NOT_WARM_SPACE,
    ),
    ("work stress is making me ill and i dread mondays", [MH], round8.NOT_CLINIC),
]

CLASSES: dict[str, list[Case]] = {"written after the changes": AFTER}
BRISTOL_WORDS = round8.BRISTOL_WORDS

# Measured once on the sixteenth session's final code (SQLite): on the demo 13 of 16 pass, the
# first result expected 11 of 16 (on the code before the round 11, first 10); on the Bristol
# import 11 of 16, first 9 of 16 (before the round 6, first 9). See ADR 14.
PASSED_ON_THE_DEMO = 13
FIRST_ON_THE_DEMO = 11
