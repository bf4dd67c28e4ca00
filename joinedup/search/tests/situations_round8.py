"""The eighth round of situations (ADR 14, sixteenth session): phrasings written before any
change to the engine, in the classes of wrong first results the lead found on the final code of
the fifteenth session: a man harmed by his partner (women's services first), a break-in (fire
safety first), criminal exploitation (sexual abuse support first), a newcomer's loneliness (a
bereavement group first), a carer who needs a break (the cared-for person's condition's services
first), safeguarding and crime met by a service named for another need (arson and hoarding), and
smaller ones (cannabis and stop smoking, a wage and volunteering, school refusal and early years,
a crying baby and rhyme time, stress at work and a menopause course).

Same shape as `situations_round7.py`: each case is (text, expected, forbidden); every group of
category names in `expected` has one result among the first five, no category in `forbidden`
is among the first three. The round is about first results, so its test also asks that the
first result is of an expected category (`bench/situations_round3.py` reports it as "first").
The names are the demo place's categories. This round was looked at while the engine was
changed; `AFTER` (in `situations_round8_after.py`) was written once the changes were done and
measured once.

Before any change (the fifteenth session's final code, SQLite): on the demo 22 of 31 pass,
the first result expected 23 of 31; on the Bristol import 18 of 31, first 22 of 31.

`BRISTOL_WORDS` is the rough judge for a directory without categories (the Bristol feed):
read by the bench (`bench/situations_round3.py --corpus situations_round8`), never by the
product. "Women only" and "Sexual violence" are read there from a service's name.
"""

from __future__ import annotations

from joinedup.search.tests import situations_round5 as round5
from joinedup.search.tests import situations_round7 as round7
from joinedup.search.tests.situation_classes import (
    BABY,
    CARERS,
    COMPANY,
    DRUGS,
    MH,
    NOT_ABUSE_OR_UNPAID,
    SEND,
    WORK,
    Case,
)

ABUSE = ["Domestic abuse"]
# A service for women only put first for a man harmed by his partner says "not for you".
NOT_WOMEN = ["Women only"]
CRIME = ["Victims of crime", "Community safety", "Neighbourhood policing"]
SAFEGUARDING = ["Safeguarding"]
EXPLOITATION = [*SAFEGUARDING, "Victims of crime", "Youth activities"]
# Sexual violence services for exploitation where no sexual harm is named; fire safety (a
# home fire safety visit, arson reduction) for a break-in or abuse.
NOT_SEXUAL_OR_FIRE = ["Sexual violence", "Sexual health", "Fire safety at home"]
NOT_FIRE = ["Fire safety at home"]
NOT_BEREAVEMENT = ["Bereavement", "Domestic abuse"]
# The carer's own help first, not the cared-for person's condition's.
NOT_CONDITION = ["Long-term conditions"]
# A crying baby: health visiting, feeding, parenting help; not a song group or a warm space.
CRYING_BABY = ["Parenting support", "GP and primary care", "Community nursing", "Mental health"]
NOT_WARM_SPACE = ["Community groups", "Community meals"]
# A child who will not go to school is not an early years question.
SCHOOL_AGE = ["Parenting support", "Mental health", "Youth activities", *SEND]
NOT_EARLY_YEARS = ["Early years", "Older people"]
NOT_CLINIC = ["GP and primary care", "Long-term conditions", "Domestic abuse"]
NOT_STOP_SMOKING = ["Long-term conditions", "Food", "Domestic abuse"]

A_MAN_HARMED: list[Case] = [
    (
        "my wife hits me when she's been drinking and im a grown man, who do i tell",
        [ABUSE],
        NOT_WOMEN,
    ),
    ("girlfriend smashed my phone and scratched my face, im a guy", [ABUSE], NOT_WOMEN),
    ("male victim, my ex wife keeps threatening me and turning up at my work", [ABUSE], NOT_WOMEN),
    ("my husband pushes me around and im a man so nobody believes me", [ABUSE], NOT_WOMEN),
    ("client is a man whose wife is violent towards him", [ABUSE], NOT_WOMEN),
]

A_BREAK_IN: list[Case] = [
    ("someone broke into our house while we were at work", [CRIME], NOT_FIRE),
    ("got burgled last night and feel scared in my own home", [CRIME], NOT_FIRE),
    ("our shed was broken into and the bikes taken", [CRIME], NOT_FIRE),
    ("my mums flat got burgled and shes really shaken", [CRIME], NOT_FIRE),
]

EXPLOITED: list[Case] = [
    ("my son is being made to carry drugs for older lads", [EXPLOITATION], NOT_SEXUAL_OR_FIRE),
    ("worried my 15 year old is caught up in county lines", [EXPLOITATION], NOT_SEXUAL_OR_FIRE),
    (
        "they make me run packages and say theyll hurt my little brother",
        [EXPLOITATION],
        NOT_SEXUAL_OR_FIRE,
    ),
    (
        "my daughter keeps going missing and comes back with new phones and money",
        [EXPLOITATION],
        NOT_SEXUAL_OR_FIRE,
    ),
]

NEW_AND_LONELY: list[Case] = [
    ("moved to the city last month and dont know a soul", [COMPANY], NOT_BEREAVEMENT),
    ("new round here and have no friends yet", [COMPANY], NOT_BEREAVEMENT),
    (
        "we relocated for my husbands job and im on my own all day",
        [COMPANY],
        NOT_BEREAVEMENT,
    ),
    ("just moved with a baby and dont know any other mums", [[*COMPANY, *BABY]], NOT_BEREAVEMENT),
]

A_CARERS_BREAK: list[Case] = [
    ("my wife has ms and i desperately need a few hours off", [CARERS], NOT_CONDITION),
    ("looking after dad with copd day and night, i need a break", [CARERS], NOT_CONDITION),
    ("husband has parkinsons and i never get any time for myself", [CARERS], NOT_CONDITION),
    ("mum had a stroke and i care for her, is there any respite", [CARERS], NOT_CONDITION),
]

HARM_AND_CRIME: list[Case] = [
    (
        "worried my elderly neighbour is being taken advantage of by her carer",
        [SAFEGUARDING],
        NOT_FIRE,
    ),
    ("think a child in my street is being neglected", [SAFEGUARDING], NOT_FIRE),
    ("a gang of kids keep smashing our windows", [CRIME], NOT_FIRE),
    ("someone keeps following me home from the bus stop", [CRIME], NOT_FIRE),
]

SMALLER: list[Case] = [
    ("smoke cannabis every day and want to cut down", [DRUGS], NOT_STOP_SMOKING),
    ("been unemployed a year and need a proper paid job", [WORK], NOT_ABUSE_OR_UNPAID),
    ("lost my job in the spring and need help finding another", [WORK], NOT_ABUSE_OR_UNPAID),
    ("my 10 year old refuses to go to school every morning", [SCHOOL_AGE], NOT_EARLY_YEARS),
    ("baby cries for hours every evening and we are exhausted", [CRYING_BABY], NOT_WARM_SPACE),
    ("so much pressure at work that im not sleeping", [MH], NOT_CLINIC),
]

CLASSES: dict[str, list[Case]] = {
    "a man harmed by his partner": A_MAN_HARMED,
    "a break-in": A_BREAK_IN,
    "criminal exploitation": EXPLOITED,
    "a newcomer's loneliness": NEW_AND_LONELY,
    "a carer's break": A_CARERS_BREAK,
    "harm and crime": HARM_AND_CRIME,
    "smaller": SMALLER,
}

# The seventh round's rough judge with the words of this round's categories (written before any
# change). A name saying women (or mothers) is "Women only" for the judge, whatever it serves.
BRISTOL_WORDS: dict[str, list[str]] = {
    **round7.BRISTOL_WORDS,
    "Victims of crime": ["victim", "crime", "burglar", "witness", "police", "community safety"],
    "Community safety": ["community safety", "neighbourhood watch", "police"],
    "Neighbourhood policing": ["police", "policing"],
    "Safeguarding": [
        "safeguard",
        "exploitation",
        "exploited",
        "county lines",
        "at risk",
        "child protection",
        "missing",
        "trafficking",
        "slavery",
    ],
    "Sexual violence": ["sexual", "rape", "sarsas", "sarc"],
    "Sexual health": ["sexual health"],
    "Women only": ["women", "woman", "womens", "ladies", "mothers", "girls"],
    "Fire safety at home": ["fire", "arson"],
    "GP and primary care": ["gp", "surgery", "primary care", "health visit", "menopause"],
    "Community nursing": ["nursing", "nurse", "health visit"],
    "Parenting support": [
        *round5.BRISTOL_WORDS["Parenting support"],
        "infant feeding",
        "health visit",
    ],
}
