"""The third round of everyday situations (ADR 14, eleventh session): 71 new phrasings, written
before any change to the engine, of the common situations a resident or a practitioner brings
to a directory when no one's life or safety is at stake.

Same shape as `situation_classes.py`: each case is (text, expected, forbidden); every group of
category names in `expected` has one result among the first five, no category in `forbidden`
is among the first three. The names are the demo place's categories. Every third case of each
class (`HELD_OUT`) was not looked at while the engine was changed for the rest (`TUNED`).

For a directory without categories (the Bristol feed) `BRISTOL_WORDS` says, roughly, which
services are of a category by the words of their name and description: a judge for the bench
(`bench/situations_round3.py`), never read by the product.

Before any change to the engine (`bench/situations_round3.py`, the eleventh session's start): on
the demo place (SQLite) held out 17 of 20 pass, tuned 47 of 51 (first result of an expected
category: 14 of 20 and 40 of 51); on the Bristol import, judged by `BRISTOL_WORDS`, held out 19
of 20, tuned 50 of 51 (first result expected: 16 of 20 and 38 of 51). The rough judge is
lenient (a carers' word anywhere in the first five passes), so on Bristol the first result is
the figure that moves.
"""

from __future__ import annotations

from joinedup.search.tests.situation_classes import (
    AT_HOME,
    BABY,
    BENEFITS,
    BEREAVED,
    CARERS,
    COMPANY,
    DEBT,
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
    Case,
)

HOUSING_OR_HOMELESS = ["Homelessness", "Housing"]
# An adult's carer is not helped first by a service for carers under 18.
NOT_YOUNG_CARERS = ["Young carers", "Domestic abuse"]
# Help with a benefits form is not home care (the care agencies a "client" and "help" find).
NOT_CARE_OR_UNPAID = [*NOT_ABUSE_OR_UNPAID, "Help at home"]

LOW_MOOD_AND_SLEEP: list[Case] = [
    ("feel rubbish all the time and dont know why", [MH], NOT_PRACTICAL),
    ("cant stop crying lately", [MH], NOT_PRACTICAL),
    ("havent slept properly in weeks, head wont stop", [MH], NOT_PRACTICAL),
    ("client presents with anxiety, struggling to leave the house", [MH], NOT_PRACTICAL),
    ("feeling really anxous and on edge", [MH], NOT_PRACTICAL),
    ("everything is getting on top of me", [MH], NOT_PRACTICAL),
    ("referral for low level mental health support, mild depression", [MH], NOT_PRACTICAL),
]

CARERS_OF_ADULTS: list[Case] = [
    ("im shattered from looking after her, my mum has alzheimers", [CARERS], NOT_YOUNG_CARERS),
    ("caring for my wife whos got cancer, i need someone to talk to", [CARERS], NOT_YOUNG_CARERS),
    ("looking after him is wearing me down, my dad had a stroke", [CARERS], NOT_YOUNG_CARERS),
    ("my husband has parkinsons and i do everything, no time for me", [CARERS], NOT_YOUNG_CARERS),
    (
        "client is sole carer for her elderly father, carer breakdown risk",
        [CARERS],
        NOT_YOUNG_CARERS,
    ),
    ("i care for my mother and im burnt out", [CARERS], NOT_YOUNG_CARERS),
    ("support for someone looking after their mum with dementia", [CARERS], NOT_YOUNG_CARERS),
    ("been looking after her for years and nobody helps me", [CARERS], NOT_YOUNG_CARERS),
]

HOMELESS_AND_EVICTION: list[Case] = [
    (
        "landlord wants me out by the end of the month, nowhere to go",
        [HOUSING_OR_HOMELESS],
        NOT_ABUSE,
    ),
    ("sleeping on mates sofas for weeks now", [HOMELESS], NOT_ABUSE),
    ("got an eviction notice today what do i do", [HOUSING_OR_HOMELESS], NOT_ABUSE),
    ("referral for a rough sleeper, male 40s, near the bus station", [HOMELESS], NOT_ABUSE),
    ("bailiffs evicting us next week, 2 kids", [HOUSING_OR_HOMELESS], NOT_ABUSE),
    ("homeless tonight need a bed", [HOMELESS], NOT_ABUSE),
    ("client has been sofa surfing since leaving care", [HOMELESS], NOT_ABUSE),
]

DEBT_AND_ARREARS: list[Case] = [
    ("council tax arrears and they sent the enforcement agents", [DEBT], NOT_ABUSE),
    ("owe loads on credit cards and cant keep up", [DEBT], NOT_ABUSE),
    ("bailiff letter came this morning, im panicking", [DEBT], NOT_ABUSE),
    ("client has multiple debts, wants a debt relief order", [DEBT], NOT_ABUSE),
    ("behind on my water bill and gas bill", [DEBT], NOT_ABUSE),
    ("loan sharks and catalogue debt, dont know who to call", [DEBT], NOT_ABUSE),
    ("in debt and scared to open letters", [DEBT], NOT_ABUSE),
]

FOOD_AND_FUEL: list[Case] = [
    ("no food in the house and no money till payday", [FOOD], NOT_ABUSE),
    ("need a foodbank voucher", [FOOD], NOT_ABUSE),
    ("cold home, cant afford to heat it", [MONEY], NOT_ABUSE),
    ("referral for food parcel, family of 5, benefits delayed", [FOOD], NOT_ABUSE),
    ("my electric key is on emergency credit", [MONEY], NOT_ABUSE),
    ("struggling to feed the kids this week", [FOOD], NOT_ABUSE),
    ("help with energy bills for a pensioner", [MONEY], NOT_ABUSE),
]

LONELINESS_AND_BEREAVEMENT: list[Case] = [
    ("my husband died last year and i feel so alone", [[*COMPANY, *BEREAVED]], NOT_ABUSE),
    ("lost my mum recently and cant cope with the grief", [BEREAVED], NOT_PRACTICAL),
    ("so lonley, no one ever visits", [COMPANY], NOT_PRACTICAL),
    (
        "client recently widowed, isolated, would benefit from a group",
        [[*COMPANY, *BEREAVED]],
        NOT_PRACTICAL,
    ),
    ("grieving for my son, need to talk to someone", [BEREAVED], NOT_PRACTICAL),
    ("want to meet new people, i live on my own", [COMPANY], NOT_PRACTICAL),
    ("my dad passed away and my mum is on her own now", [[*COMPANY, *BEREAVED]], NOT_ABUSE),
]

BENEFITS_FORMS: list[Case] = [
    ("need help filling in a pip form", [BENEFITS], NOT_CARE_OR_UNPAID),
    ("client needs support completing UC50 questionnaire", [BENEFITS], NOT_CARE_OR_UNPAID),
    (
        "help with my universal credit claim its been stopped",
        [[*BENEFITS, *MONEY]],
        NOT_CARE_OR_UNPAID,
    ),
    ("referral for benefits check, single parent on low income", [BENEFITS], NOT_CARE_OR_UNPAID),
    ("dwp turned down my pip, want to challenge it", [BENEFITS], NOT_CARE_OR_UNPAID),
    (
        "can someone help me fill in the attendance allowance form for my mum",
        [BENEFITS],
        NOT_CARE_OR_UNPAID,
    ),
]

OLDER_PERSON_AT_HOME: list[Case] = [
    ("my mum is 88 and struggling at home on her own", [AT_HOME], NOT_CHILDREN),
    ("dad keeps falling and wont use his frame", [AT_HOME], NOT_CHILDREN),
    ("elderly neighbour cant manage her shopping or cleaning anymore", [AT_HOME], NOT_CHILDREN),
    ("referral for care at home, 91 year old, lives alone", [AT_HOME], NOT_CHILDREN),
    ("nan needs a carer to come in and help her wash", [AT_HOME], NOT_CHILDREN),
    ("need a pendant alarm for my gran", [AT_HOME], NOT_CHILDREN),
]

CHILD_AND_SEND: list[Case] = [
    ("my son has autism and school cant meet his needs", [SEND], NOT_OLDER),
    ("daughter getting no support at school for her dyslexia", [SCHOOL], NOT_OLDER),
    ("think my little boy might be autistic, hes 3 and not talking", [SEND], NOT_OLDER),
    ("referral for a child with additional needs, family need support", [SEND], NOT_OLDER),
    ("my kid wont go to school, anxiety, what help is there", [SCHOOL], NOT_OLDER),
    ("applying for an ehcp for my son, need advice", [SEND], NOT_OLDER),
]

DRINK_AND_DRUGS: list[Case] = [
    ("drinking way too much and want to stop", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("my husband is an alcholic and wont get help", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("client misusing substances, wants to engage with treatment", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("son smoking cannabis all day every day", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("need to cut down on the booze", [DRUGS], NOT_ABUSE_OR_FOOD),
]

NEW_PARENTS: list[Case] = [
    ("just had a baby and i feel like im not bonding with her", [BABY], NOT_OLDER),
    ("new dad and struggling, baby wont stop crying", [BABY], NOT_OLDER),
    ("pregnant and on my own, scared", [BABY], NOT_OLDER),
    ("referral for new mum with postnatal depression", [BABY], NOT_OLDER),
    ("breastfeeding help near me", [BABY], NOT_OLDER),
]

CLASSES: dict[str, list[Case]] = {
    "low mood, worry and sleep": LOW_MOOD_AND_SLEEP,
    "carers of adults": CARERS_OF_ADULTS,
    "homelessness and eviction": HOMELESS_AND_EVICTION,
    "debt and arrears": DEBT_AND_ARREARS,
    "food and fuel": FOOD_AND_FUEL,
    "loneliness and bereavement": LONELINESS_AND_BEREAVEMENT,
    "benefits forms": BENEFITS_FORMS,
    "an older person at home": OLDER_PERSON_AT_HOME,
    "a child's needs and SEND": CHILD_AND_SEND,
    "drink and drugs": DRINK_AND_DRUGS,
    "new parents": NEW_PARENTS,
}
HELD_OUT: dict[str, list[Case]] = {name: cases[2::3] for name, cases in CLASSES.items()}
TUNED: dict[str, list[Case]] = {
    name: [c for i, c in enumerate(cases) if i % 3 != 2] for name, cases in CLASSES.items()
}

# A rough judge for a directory without categories: a service is of a category when a word
# here begins a word of its name or of the first 400 characters of its description (expected
# groups), or of its name alone (forbidden categories: a wrong first result is judged by what
# it says it is). Written for the Bristol feed's kinds of service, before any change.
BRISTOL_WORDS: dict[str, list[str]] = {
    "Mental health": [
        "mental health",
        "wellbeing",
        "well-being",
        "counselling",
        "talking therap",
        "anxiety",
        "depression",
        "mind",
        "emotional",
        "iapt",
        "vita",
        "samaritans",
    ],
    "Support for carers": ["carer", "carers"],
    "Breaks and respite": ["respite", "short break", "sitting service"],
    "Young carers": ["young carers", "young adult carers"],
    "Homelessness": [
        "homeless",
        "rough sleep",
        "hostel",
        "emergency accommodation",
        "st mungo",
        "shelter",
        "no fixed",
    ],
    "Housing": ["housing", "tenancy", "landlord", "accommodation", "eviction"],
    "Debt advice": [
        "debt",
        "money advice",
        "stepchange",
        "citizens advice",
        "financial advice",
        "money",
    ],
    "Money": [
        "money",
        "debt",
        "benefit",
        "financial",
        "energy",
        "fuel",
        "warm home",
        "cost of living",
        "grant",
        "welfare",
        "citizens advice",
        "income",
    ],
    "Benefits advice": [
        "benefit",
        "welfare rights",
        "citizens advice",
        "universal credit",
        "pip",
        "advice",
    ],
    "Food": ["food", "foodbank", "larder", "pantry", "meal", "community fridge", "lunch"],
    "Befriending": ["befriend", "friendship", "lonel", "isolat", "companion"],
    "Community groups": ["group", "club", "social", "coffee morning", "cafe", "community"],
    "Bereavement": ["bereave", "grief", "cruse", "loss"],
    "Help at home": [
        "home care",
        "care at home",
        "homecare",
        "domiciliary",
        "live in care",
        "carers",
        "care agency",
        "meals on wheels",
        "home help",
    ],
    "Equipment and telecare": ["equipment", "telecare", "careline", "alarm", "aids"],
    "Adult social care": ["social care", "care direct", "adult care", "care and support"],
    "Special educational needs and disabilities (SEND)": [
        "send",
        "special educational",
        "autis",
        "sendias",
        "disabled children",
        "additional needs",
        "dyslexi",
        "adhd",
    ],
    "Parenting support": ["parent", "family", "families"],
    "Youth activities": ["youth", "young people"],
    "Early years": [
        "children's centre",
        "childrens centre",
        "baby",
        "babies",
        "toddler",
        "early years",
        "health visit",
        "nursery",
        "bump",
        "breastfeed",
    ],
    "Drugs and alcohol": [
        "drug",
        "alcohol",
        "substance",
        "addiction",
        "recovery",
        "aa ",
        "alcoholics",
        "narcotics",
    ],
    "Domestic abuse": ["domestic abuse", "domestic violence", "women's aid", "refuge", "next link"],
    "Volunteering": ["volunteer"],
    "Children and families": ["children", "family", "families", "young people", "youth"],
    "Older people": [
        "older people",
        "over 50",
        "over 60",
        "over 55",
        "age uk",
        "elderly",
        "senior",
    ],
}
