"""The fourth round of everyday situations (ADR 14, twelfth session): 66 new phrasings, written
before any change to the engine, of what residents (on a phone, in their own words) and
practitioners (between appointments, in shorthand) bring to a directory when no one's life or
safety is at stake: feeling overwhelmed, drink and drugs in a practitioner's framing, pregnancy
and young children, young people themselves, disability and access, money and work, immigration
and language, loneliness and loss in later life, digital help and getting about, a home that is
unfit or unaffordable, and carers of any age.

Same shape as `situation_classes.py` and `situations_round3.py`: each case is (text, expected,
forbidden); every group of category names in `expected` has one result among the first five,
no category in `forbidden` is among the first three. The names are the demo place's categories.
Every third case of each class (`HELD_OUT`) was not looked at while the engine was changed for
the rest (`TUNED`).

For a directory without categories (the Bristol feed) `BRISTOL_WORDS` says, roughly, which
services are of a category by the words of their name and description: a judge for the bench
(`bench/situations_round3.py --corpus situations_round4`), never read by the product.
"""

from __future__ import annotations

from joinedup.search.tests import situations_round3 as round3
from joinedup.search.tests.situation_classes import (
    ADAPTATIONS,
    AT_HOME,
    BABY,
    BENEFITS,
    BEREAVED,
    CARERS,
    COMPANY,
    DISABILITY,
    DRUGS,
    HOUSING,
    MH,
    MONEY,
    NOT_ABUSE,
    NOT_ABUSE_OR_FOOD,
    NOT_ABUSE_OR_UNPAID,
    NOT_CHILDREN,
    NOT_OLDER,
    NOT_PRACTICAL,
    SEND,
    WORK,
    Case,
)

HOUSING_OR_HOMELESS = ["Housing", "Homelessness"]
YOUTH = ["Youth activities"]
LEARNING = ["Adult learning", "Finding work"]
DIGITAL = ["Digital skills and devices"]
TRAVEL = ["Getting about"]
IMMIGRATION = ["Refugees, asylum and immigration"]
ADVICE = ["General advice", "Advocacy", "Advice and rights"]
SOCIAL_CARE = ["Adult social care", "Care and support"]
NOT_YOUNG_CARERS = ["Young carers", "Domestic abuse"]

OVERWHELMED: list[Case] = [
    ("its all too much at the moment and i cant think straight", [MH], NOT_PRACTICAL),
    ("i feel like im falling apart", [MH], NOT_PRACTICAL),
    ("not coping very well since the divorce", [MH], NOT_PRACTICAL),
    ("stressed out of my mind with work and home", [MH], NOT_PRACTICAL),
    ("pt says shes overwhelmed and tearful most days", [MH], NOT_PRACTICAL),
    ("my head is all over the place lately", [MH], NOT_PRACTICAL),
]

DRUGS_IN_PRACTICE: list[Case] = [
    ("SU disclosed heroin use, wants to get on a script", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("my partner is using again and i dont know what to do", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("client drinking daily, wants to reduce", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("worried about my brother, hes on cocaine every weekend", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("referral to substance misuse service, alcohol dependent", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("i think im addicted to painkillers", [DRUGS], NOT_ABUSE_OR_FOOD),
]

PREGNANCY_AND_LITTLE_ONES: list[Case] = [
    ("found out im pregnant and dont know where to turn", [BABY], NOT_OLDER),
    ("expecting my first baby and have no family nearby", [BABY], NOT_OLDER),
    ("toddler tantrums are driving me mad, need parenting help", [BABY], NOT_OLDER),
    ("teenage mum needs support, baby due in march", [BABY], NOT_OLDER),
    ("my 2 year old isnt talking yet, worried", [[*BABY, *SEND]], NOT_OLDER),
    ("single dad struggling with 3 kids on my own", [BABY], NOT_OLDER),
]

YOUNG_PEOPLE: list[Case] = [
    ("im 16 and cant live at home anymore", [HOUSING_OR_HOMELESS], NOT_OLDER),
    ("im 17 and want to find an apprenticeship", [[*LEARNING, *YOUTH]], NOT_OLDER),
    ("bored teenager nothing to do round here", [YOUTH], NOT_OLDER),
    ("teenage son getting in with the wrong crowd", [[*YOUTH, "Parenting support"]], NOT_OLDER),
    ("im 19 and feel really lonely at uni", [[*MH, *COMPANY]], NOT_PRACTICAL),
    (
        "young person leaving care needs help with money and a flat",
        [[*HOUSING_OR_HOMELESS, *MONEY]],
        NOT_OLDER,
    ),
]

DISABILITY_AND_ACCESS: list[Case] = [
    ("im deaf and need help making phone calls", [[*DISABILITY, *ADVICE]], NOT_ABUSE),
    (
        "my son has learning disabilities and turns 18 soon, what support is there",
        [[*DISABILITY, *SOCIAL_CARE]],
        NOT_ABUSE,
    ),
    ("need a blue badge for my mum", [[*TRAVEL, *DISABILITY]], NOT_CHILDREN),
    (
        "wheelchair user and my flat isnt accessible",
        [[*ADAPTATIONS, *HOUSING, *DISABILITY]],
        NOT_ABUSE,
    ),
    ("losing my sight and struggling to read letters", [DISABILITY], NOT_ABUSE),
    ("client with autism needs help with daily living", [[*DISABILITY, *SOCIAL_CARE]], NOT_ABUSE),
]

MONEY_AND_WORK: list[Case] = [
    (
        "lost my job last week and dont know what im entitled to",
        [[*BENEFITS, *MONEY]],
        NOT_ABUSE_OR_UNPAID,
    ),
    ("wages dont cover the rent anymore", [[*MONEY, *HOUSING]], NOT_ABUSE_OR_UNPAID),
    ("need a job but havent worked in 10 years", [WORK], NOT_ABUSE_OR_UNPAID),
    ("my employer isnt paying me what im owed", [ADVICE], NOT_ABUSE_OR_UNPAID),
    ("universal credit got my payment wrong", [[*BENEFITS, *MONEY]], NOT_ABUSE_OR_UNPAID),
    ("want to learn new skills to get a better job", [LEARNING], NOT_ABUSE),
]

IMMIGRATION_AND_LANGUAGE: list[Case] = [
    ("my asylum claim was refused what now", [IMMIGRATION], NOT_ABUSE),
    ("just arrived in the uk as a refugee and need help", [IMMIGRATION], NOT_ABUSE),
    ("need english classes for my mum", [["Adult learning", *IMMIGRATION]], NOT_ABUSE),
    ("my visa is running out and i cant work", [IMMIGRATION], NOT_ABUSE),
    ("client has no recourse to public funds, no food", [[*IMMIGRATION, "Food"]], NOT_ABUSE),
    ("need an interpreter for my doctors appointment", [[*IMMIGRATION, *ADVICE]], NOT_ABUSE),
]

LATER_LIFE_AND_LOSS: list[Case] = [
    ("my dad sits alone all day since mum died", [[*COMPANY, *BEREAVED]], NOT_CHILDREN),
    ("would like someone to chat to now and then, im 80", [COMPANY], NOT_CHILDREN),
    ("lost my wife of 50 years, the house is so quiet", [[*BEREAVED, *COMPANY]], NOT_CHILDREN),
    ("had a miscarriage last month and cant stop thinking about it", [[*BEREAVED, *MH]], []),
    (
        "elderly mum isnt eating properly and lives alone",
        [[*AT_HOME, "Food", "Community meals"]],
        NOT_CHILDREN,
    ),
    ("looking for a lunch club for my grandad", [[*COMPANY, "Community meals"]], NOT_CHILDREN),
]

DIGITAL_AND_GETTING_ABOUT: list[Case] = [
    ("dont know how to use a computer, need to apply for jobs online", [DIGITAL], NOT_ABUSE),
    ("need help setting up my phone so i can video call the grandkids", [DIGITAL], NOT_ABUSE),
    ("cant get to my hospital appointments, no car", [TRAVEL], NOT_ABUSE),
    ("no internet at home and need to do my universal credit journal", [DIGITAL], NOT_ABUSE),
    ("mum cant drive anymore and cant get to the shops", [[*TRAVEL, *AT_HOME]], NOT_CHILDREN),
    ("bus pass for a disabled person, how do i apply", [[*TRAVEL, *DISABILITY]], NOT_ABUSE),
]

UNFIT_OR_UNAFFORDABLE_HOME: list[Case] = [
    ("damp flat making the kids ill and landlord wont do anything", [HOUSING], NOT_ABUSE),
    ("need to move, our flat is too small for us", [HOUSING], NOT_ABUSE),
    ("behind with my rent and scared ill lose the house", [[*HOUSING, *MONEY]], NOT_ABUSE),
    (
        "client in temporary accommodation with 3 children, needs a permanent home",
        [HOUSING],
        NOT_ABUSE,
    ),
    ("boiler broken for 2 weeks and the council wont fix it", [HOUSING], NOT_ABUSE),
    ("need help bidding for a council house", [HOUSING], NOT_ABUSE),
]

CARERS_OF_ANY_AGE: list[Case] = [
    ("im 12 and i help look after my little brother who is disabled", [["Young carers"]], []),
    (
        "caring for my son who has schizophrenia and no one listens to me",
        [CARERS],
        NOT_ABUSE,
    ),
    ("my wifes got MND and im struggling to keep going", [CARERS], NOT_YOUNG_CARERS),
    ("need a break from caring for my mum for a week", [CARERS], NOT_YOUNG_CARERS),
    ("clients husband is her full time carer and is exhausted", [CARERS], NOT_YOUNG_CARERS),
    ("i look after my dad and my kids and work full time", [CARERS], NOT_ABUSE),
]

CLASSES: dict[str, list[Case]] = {
    "feeling overwhelmed": OVERWHELMED,
    "drink and drugs in a practitioner's framing": DRUGS_IN_PRACTICE,
    "pregnancy and little ones": PREGNANCY_AND_LITTLE_ONES,
    "young people": YOUNG_PEOPLE,
    "disability and access": DISABILITY_AND_ACCESS,
    "money and work": MONEY_AND_WORK,
    "immigration and language": IMMIGRATION_AND_LANGUAGE,
    "later life and loss": LATER_LIFE_AND_LOSS,
    "digital help and getting about": DIGITAL_AND_GETTING_ABOUT,
    "an unfit or unaffordable home": UNFIT_OR_UNAFFORDABLE_HOME,
    "carers of any age": CARERS_OF_ANY_AGE,
}
HELD_OUT: dict[str, list[Case]] = {name: cases[2::3] for name, cases in CLASSES.items()}
TUNED: dict[str, list[Case]] = {
    name: [c for i, c in enumerate(cases) if i % 3 != 2] for name, cases in CLASSES.items()
}

# The rough judge of the third round, with the kinds of service this round adds (written for
# the Bristol feed's kinds of service, before any change). Two corrections made after its first
# run, before any change to the engine: "refuge" began "Refugee Women of Bristol", so the judge
# called a refugee service domestic abuse (it now wants the word whole); and "Housing" holds its
# repairs, as the demo's "Repairs and adaptations" is under "Housing".
REPAIRS = ["repair", "adaptation", "handyperson", "handyman", "home improvement"]
BRISTOL_WORDS: dict[str, list[str]] = {
    **round3.BRISTOL_WORDS,
    "Domestic abuse": [
        *(w for w in round3.BRISTOL_WORDS["Domestic abuse"] if w != "refuge"),
        "refuge ",
        "refuges",
    ],
    "Housing": [*round3.BRISTOL_WORDS["Housing"], *REPAIRS],
    "Refugees, asylum and immigration": [
        "refugee",
        "asylum",
        "immigration",
        "migrant",
        "sanctuary",
        "esol",
        "interpret",
    ],
    "Adult learning": ["learning", "esol", "english", "course", "college", "skills", "training"],
    "Finding work": ["employment", "job", "work", "career", "apprentice"],
    "Digital skills and devices": ["digital", "computer", "online", "internet", "device", "laptop"],
    "Getting about": ["transport", "travel", "bus", "blue badge", "dial-a-ride", "community car"],
    "Disability": [
        "disab",
        "deaf",
        "sight",
        "blind",
        "autis",
        "learning difficult",
        "wheelchair",
        "sensory",
    ],
    "General advice": ["advice", "citizens advice", "law centre", "legal"],
    "Advocacy": ["advocacy", "advocate"],
    "Advice and rights": ["advice", "rights"],
    "Adult social care": ["social care", "care direct", "adult care", "care and support"],
    "Care and support": ["care and support", "social care", "support at home"],
    "Repairs and adaptations": REPAIRS,
    "Equipment and telecare": ["equipment", "telecare", "careline", "alarm", "aids", "adaptation"],
    "Community meals": ["meal", "lunch", "community kitchen", "cafe"],
}
