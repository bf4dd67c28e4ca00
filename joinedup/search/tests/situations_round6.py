"""The sixth round of everyday situations (ADR 14, fourteenth session): 45 new phrasings, written
before any change to the engine, across the kinds of help people type for most often without
risk: low mood and worry, carers of a parent or partner, parents caring for a disabled child
(a carer's service, not a young carers' one, unless the writer is a child), a death in later
life (bereavement or company first, not carers' services), money, food, a home without danger,
loneliness, an older person's care at home, a child's additional needs, drink and drugs,
work, immigration, and aids and adaptations.

Same shape as `situations_round5.py`: each case is (text, expected, forbidden); every group of
category names in `expected` has one result among the first five, no category in `forbidden`
is among the first three. The names are the demo place's categories. This round was looked at
while the engine was changed; `AFTER` (in `situations_round6_after.py`) was written once the
changes were done and measured without any change after it: that is the round's figure of how
far the changes carry.

`BRISTOL_WORDS` is the rough judge for a directory without categories (the Bristol feed):
read by the bench (`bench/situations_round3.py --corpus situations_round6`), never by the
product.
"""

from __future__ import annotations

from joinedup.search.tests import situations_round5 as round5
from joinedup.search.tests.situation_classes import (
    ADAPTATIONS,
    AT_HOME,
    BENEFITS,
    BEREAVED,
    CARERS,
    COMPANY,
    DEBT,
    DEMENTIA,
    DISABILITY,
    DRUGS,
    FOOD,
    HOMELESS,
    MH,
    MONEY,
    NOT_ABUSE,
    NOT_ABUSE_OR_FOOD,
    NOT_ABUSE_OR_UNPAID,
    NOT_CHILDREN,
    NOT_OLDER,
    NOT_PRACTICAL,
    SCHOOL,
    SEND,
    WORK,
    Case,
)

HOUSING_OR_HOMELESS = round5.HOUSING_OR_HOMELESS
YOUTH = round5.YOUTH
TRAVEL = round5.TRAVEL
IMMIGRATION = ["Refugees, asylum and immigration"]
OLDER_COMPANY = round5.OLDER_COMPANY
NOT_YOUNG_CARERS = ["Young carers", "Domestic abuse"]
# A death in later life is met by bereavement help and company first: a carers' service is the
# wrong reading for a widow, and a child's service for an older person.
NOT_CARERS_OR_CHILDREN = [
    "Support for carers",
    "Breaks and respite",
    "Young carers",
    "Children and families",
    "Domestic abuse",
]

LOW_MOOD_AND_WORRY: list[Case] = [
    ("been really anxious since christmas and cant eat properly", [MH], NOT_PRACTICAL),
    ("feel on edge all the time and cant relax", [MH], NOT_PRACTICAL),
    ("my neighbour seems really depressed and never goes out", [[*MH, *COMPANY]], NOT_PRACTICAL),
    ("client reports low mood and panic attacks, not at risk", [MH], NOT_PRACTICAL),
]

CARERS_OF_A_PARENT_OR_PARTNER: list[Case] = [
    ("looking after mum full time and have no life of my own", [CARERS], NOT_YOUNG_CARERS),
    (
        "my wife had a stroke and i do all her care now, i need a break",
        [CARERS],
        NOT_YOUNG_CARERS,
    ),
    ("client cares for her husband who has copd, shes worn out", [CARERS], NOT_YOUNG_CARERS),
]

PARENTS_OF_A_DISABLED_CHILD: list[Case] = [
    ("my daughter has cerebral palsy and im her full time carer", [CARERS], NOT_YOUNG_CARERS),
    ("parent of an autistic boy, never get a minute to myself", [CARERS], NOT_YOUNG_CARERS),
    ("mum of a disabled child, need some support for me", [CARERS], NOT_YOUNG_CARERS),
    ("im 14 and i look after my mum she has ms", [["Young carers"]], NOT_ABUSE),
]

A_DEATH_IN_LATER_LIFE: list[Case] = [
    (
        "my husband passed away, we were together 52 years",
        [[*BEREAVED, *COMPANY]],
        NOT_CARERS_OR_CHILDREN,
    ),
    (
        "my dad is 90 and lost mum last month",
        [[*BEREAVED, *COMPANY]],
        NOT_CARERS_OR_CHILDREN,
    ),
    (
        "grandma lost grandad after 60 years and is so lonely",
        [[*BEREAVED, *COMPANY]],
        NOT_CARERS_OR_CHILDREN,
    ),
    ("pt is 79, recently bereaved, wife died in october", [BEREAVED], NOT_CARERS_OR_CHILDREN),
]

MONEY_MATTERS: list[Case] = [
    ("cant pay my council tax this month", [DEBT], NOT_ABUSE),
    ("my pip has been stopped and im skint", [[*BENEFITS, *MONEY]], NOT_ABUSE),
    ("client has rent arrears and a payday loan", [DEBT], NOT_ABUSE),
]

FOOD_: list[Case] = [
    ("no money for food until my universal credit comes", [FOOD], NOT_ABUSE),
    ("where can i get a free hot meal near me", [FOOD], NOT_ABUSE),
    ("referral for a family who cant afford groceries", [FOOD], NOT_ABUSE),
]

A_HOME_WITHOUT_DANGER: list[Case] = [
    ("my landlord is selling up and i have to leave", [HOUSING_OR_HOMELESS], NOT_ABUSE),
    ("been staying at my brothers but he wants me gone", [HOUSING_OR_HOMELESS], NOT_ABUSE),
    ("client is homeless after release from prison", [HOMELESS], NOT_ABUSE),
]

LONELINESS: list[Case] = [
    ("moved here for work and dont know anyone", [COMPANY], NOT_PRACTICAL),
    ("my neighbour is 90 and never sees anyone", [OLDER_COMPANY], NOT_CHILDREN),
    ("feel so isolated since i retired", [OLDER_COMPANY], NOT_PRACTICAL),
]

CARE_AT_HOME: list[Case] = [
    ("my dad cant wash or dress himself anymore", [AT_HOME], NOT_CHILDREN),
    ("mum is coming out of hospital and needs help at home", [AT_HOME], NOT_CHILDREN),
    (
        "elderly neighbour keeps forgetting to take her tablets",
        [[*AT_HOME, *DEMENTIA]],
        NOT_CHILDREN,
    ),
]

A_CHILD_S_NEEDS: list[Case] = [
    ("my son has adhd and keeps getting excluded", [SCHOOL], NOT_OLDER),
    ("daughter is 6 and we think shes dyslexic", [SCHOOL], NOT_OLDER),
    ("support for a child with downs syndrome", [[*SEND, *DISABILITY]], NOT_OLDER),
]

DRINK_AND_DRUGS: list[Case] = [
    ("my mum drinks every day and its getting worse", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("client wants help to come off spice", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("ketamine is taking over my life", [DRUGS], NOT_ABUSE_OR_FOOD),
]

WORK_: list[Case] = [
    ("been unemployed for a year and really need work", [WORK], NOT_ABUSE_OR_UNPAID),
    ("help writing a cv and finding a job", [WORK], NOT_ABUSE_OR_UNPAID),
    ("im 19 and looking for paid work", [[*WORK, *YOUTH]], NOT_ABUSE_OR_UNPAID),
]

IMMIGRATION_: list[Case] = [
    ("my husbands spouse visa is running out", [IMMIGRATION], NOT_ABUSE),
    ("refugee family needs help getting the kids into school", [IMMIGRATION], NOT_ABUSE),
    ("client is an asylum seeker with no money", [IMMIGRATION], NOT_ABUSE),
]

AIDS_AND_ADAPTATIONS: list[Case] = [
    ("need a grab rail in the bathroom for my dad", [ADAPTATIONS], NOT_CHILDREN),
    ("where can i borrow a wheelchair", [[*ADAPTATIONS, *DISABILITY, *TRAVEL]], NOT_ABUSE),
    ("my mum needs a stair lift", [ADAPTATIONS], NOT_CHILDREN),
]

CLASSES: dict[str, list[Case]] = {
    "low mood and worry": LOW_MOOD_AND_WORRY,
    "carers of a parent or partner": CARERS_OF_A_PARENT_OR_PARTNER,
    "parents of a disabled child": PARENTS_OF_A_DISABLED_CHILD,
    "a death in later life": A_DEATH_IN_LATER_LIFE,
    "money": MONEY_MATTERS,
    "food": FOOD_,
    "a home without danger": A_HOME_WITHOUT_DANGER,
    "loneliness": LONELINESS,
    "care at home": CARE_AT_HOME,
    "a child's needs": A_CHILD_S_NEEDS,
    "drink and drugs": DRINK_AND_DRUGS,
    "work": WORK_,
    "immigration": IMMIGRATION_,
    "aids and adaptations": AIDS_AND_ADAPTATIONS,
}

# The fifth round's rough judge, unchanged (written before any change to the engine).
BRISTOL_WORDS: dict[str, list[str]] = round5.BRISTOL_WORDS
