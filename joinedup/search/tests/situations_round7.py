"""The seventh round of everyday situations (ADR 14, fifteenth session): phrasings written before
any change to the engine, across the kinds of help people type for most often: carers, money, a
home without danger, loneliness, worry and low mood without risk, health, disability and
equipment, family and children, work, immigration, drink and drugs without risk, food, older
age, and an overdose with the crisis panel shown (what comes beneath it).

Same shape as `situations_round6.py`: each case is (text, expected, forbidden); every group of
category names in `expected` has one result among the first five, no category in `forbidden`
is among the first three. The names are the demo place's categories. This round was looked at
while the engine was changed; `AFTER` (in `situations_round7_after.py`) was written once the
changes were done and measured once: that is the round's figure of how far the changes carry.

`BRISTOL_WORDS` is the rough judge for a directory without categories (the Bristol feed):
read by the bench (`bench/situations_round3.py --corpus situations_round7`), never by the
product.
"""

from __future__ import annotations

from joinedup.search.tests import situations_round5 as round5
from joinedup.search.tests import situations_round6 as round6
from joinedup.search.tests.situation_classes import (
    ADAPTATIONS,
    AT_HOME,
    BABY,
    BENEFITS,
    CARERS,
    COMPANY,
    CONDITION,
    DEBT,
    DEMENTIA,
    DISABILITY,
    DRUGS,
    FOOD,
    HOMELESS,
    HOUSING,
    MH,
    MONEY,
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

HOUSING_OR_HOMELESS = round5.HOUSING_OR_HOMELESS
YOUTH = round5.YOUTH
TRAVEL = round5.TRAVEL
FAMILY = round5.FAMILY
SOCIAL_CARE = round5.SOCIAL_CARE
OLDER_COMPANY = round5.OLDER_COMPANY
IMMIGRATION = round6.IMMIGRATION
NOT_YOUNG_CARERS = round6.NOT_YOUNG_CARERS
LEARNING = ["Adult learning", "Finding work"]
# Beneath the crisis panel for an overdose, the urgent mental health services and the health
# services an overdose needs; help for a practical need first is the wrong help.
URGENT = ["Mental health", "Crisis support"]
NOT_PRACTICAL_OR_YOUTH = [*NOT_PRACTICAL, "Youth activities", "Food"]

CARERS_: list[Case] = [
    (
        "caring for my brother with a brain injury and havent had a day off in months",
        [CARERS],
        NOT_YOUNG_CARERS,
    ),
    ("mother in law moved in with us and needs looking after, im shattered", [CARERS], []),
    (
        "client is unpaid carer for her adult son with autism, wants a carers assessment",
        [CARERS],
        NOT_YOUNG_CARERS,
    ),
    ("husband has parkinsons and i help him with everything now", [CARERS], NOT_YOUNG_CARERS),
]

MONEY_: list[Case] = [
    ("bailiffs keep writing to me about an old parking fine", [DEBT], NOT_ABUSE),
    ("universal credit sanctioned me and i have nothing left", [[*BENEFITS, *MONEY]], NOT_ABUSE),
    ("credit card debt spiralling out of control", [DEBT], NOT_ABUSE),
    ("how do i claim attendance allowance for my nan", [[*BENEFITS, *MONEY]], NOT_ABUSE),
]

HOME_: list[Case] = [
    ("landlord gave us two months notice to get out", [HOUSING_OR_HOMELESS], NOT_ABUSE),
    ("black mould all over the bedroom and the landlord ignores me", [HOUSING], NOT_ABUSE),
    ("been sofa surfing at mates places for weeks", [HOMELESS], NOT_ABUSE),
    ("client sleeping in his car since the weekend, nfa", [HOMELESS], NOT_ABUSE),
]

LONELINESS_: list[Case] = [
    ("new to the area and would like to make some friends", [COMPANY], NOT_PRACTICAL),
    (
        "since the kids left home i rattle around the house with nobody to talk to",
        [COMPANY],
        NOT_PRACTICAL,
    ),
    ("widowed neighbour sits indoors on her own all day", [OLDER_COMPANY], NOT_CHILDREN),
]

WORRY_AND_LOW_MOOD: list[Case] = [
    ("lie awake every night worrying about everything", [MH], NOT_PRACTICAL),
    ("down in the dumps for ages since i lost my job", [MH], NOT_PRACTICAL),
    ("my ocd is ruining my life, cant stop checking the locks", [MH], NOT_PRACTICAL),
    ("client struggling with her nerves and would like someone to talk to", [MH], NOT_PRACTICAL),
    ("our lad barely eats now and panics about everything", [MH], NOT_PRACTICAL),
]

HEALTH_AND_EQUIPMENT: list[Case] = [
    ("mum needs a walking frame after her fall", [[*ADAPTATIONS, *AT_HOME]], NOT_CHILDREN),
    ("where can i hire a mobility scooter", [[*ADAPTATIONS, *DISABILITY, *TRAVEL]], NOT_ABUSE),
    (
        "worried dad will have a fall at home, can we get him a pendant alarm",
        [[*ADAPTATIONS, *AT_HOME]],
        NOT_CHILDREN,
    ),
    ("newly diagnosed type 2 diabetic, want some support", [CONDITION], NOT_ABUSE),
    ("losing my sight and need help getting out and about", [[*DISABILITY, *TRAVEL]], NOT_ABUSE),
]

FAMILY_AND_CHILDREN: list[Case] = [
    ("my 3 year old has tantrums all day, any parenting help", [FAMILY], NOT_OLDER),
    ("teenager refusing to go to school for weeks now", [SCHOOL], NOT_OLDER),
    ("first time mum and finding the newborn stage really hard", [BABY], NOT_OLDER),
    (
        "free things for the kids to do in half term",
        [[*YOUTH, *FAMILY, "Children and families"]],
        NOT_OLDER,
    ),
]

WORK_: list[Case] = [
    ("made redundant last week and need a new job", [WORK], NOT_ABUSE_OR_UNPAID),
    ("client wants to get back into work after long term sickness", [WORK], NOT_ABUSE_OR_UNPAID),
    ("looking for an apprenticeship, im 17", [[*WORK, *YOUTH, *LEARNING]], NOT_ABUSE_OR_UNPAID),
]

IMMIGRATION_: list[Case] = [
    ("need help with my leave to remain application", [IMMIGRATION], NOT_ABUSE),
    ("we just arrived in the uk and need help settling in", [IMMIGRATION], NOT_ABUSE),
    ("client has no recourse to public funds and two children", [IMMIGRATION], NOT_ABUSE),
    ("want to learn english, only been in england a few months", [[*IMMIGRATION, *LEARNING]], []),
]

DRINK_AND_DRUGS: list[Case] = [
    ("drinking a bottle of wine every night and want to cut down", [DRUGS], NOT_ABUSE_OR_FOOD),
    (
        "client using nitrous oxide daily and wants support to stop",
        [DRUGS],
        NOT_ABUSE_OR_FOOD,
    ),
    ("client on a methadone script wants to get clean", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("hooked on codeine from the chemist", [DRUGS], NOT_ABUSE_OR_FOOD),
]

FOOD_: list[Case] = [
    ("fridge is empty and nothing coming in till friday", [FOOD], NOT_ABUSE),
    ("need a food parcel for me and my two kids", [FOOD], NOT_ABUSE),
    ("client needs a foodbank voucher asap", [FOOD], NOT_ABUSE),
]

OLDER_AGE: list[Case] = [
    ("my nan is 88 and not managing at home anymore", [[*AT_HOME, *SOCIAL_CARE]], NOT_CHILDREN),
    ("grandad keeps getting lost and forgetting things", [DEMENTIA], NOT_CHILDREN),
    ("things to do for retired people round here", [OLDER_COMPANY], NOT_CHILDREN),
]

AN_OVERDOSE: list[Case] = [
    ("my flatmate swallowed a load of pills", [URGENT], NOT_PRACTICAL_OR_YOUTH),
    ("i took too many of my tablets on purpose", [URGENT], NOT_PRACTICAL_OR_YOUTH),
    ("client disclosed an overdose last night", [URGENT], NOT_PRACTICAL_OR_YOUTH),
]

CLASSES: dict[str, list[Case]] = {
    "carers": CARERS_,
    "money": MONEY_,
    "a home without danger": HOME_,
    "loneliness": LONELINESS_,
    "worry and low mood": WORRY_AND_LOW_MOOD,
    "health and equipment": HEALTH_AND_EQUIPMENT,
    "family and children": FAMILY_AND_CHILDREN,
    "work": WORK_,
    "immigration": IMMIGRATION_,
    "drink and drugs": DRINK_AND_DRUGS,
    "food": FOOD_,
    "older age": OLDER_AGE,
    "an overdose": AN_OVERDOSE,
}

# The fifth round's rough judge with the crisis services' words (written before any change).
BRISTOL_WORDS: dict[str, list[str]] = {
    **round6.BRISTOL_WORDS,
    "Crisis support": ["crisis", "samaritans", "urgent", "emergency", "a&e", "sanctuary"],
}
