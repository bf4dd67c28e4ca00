"""Six classes of situation without risk, written for joinedup (ADR 14, eighth-session addendum):
what residents and practitioners type when something is wrong but no one's life or safety is at
stake, each with what the first results must hold on the demo place.

- low mood and worry;
- carers at the end of their tether (carers' help, and the cared-for person's);
- money emergencies (debt, no money for food or energy, benefits stopped, bailiffs);
- housing emergencies (eviction, sofa surfing, sleeping rough, damp and disrepair, rent);
- loneliness and isolation;
- practitioners' shorthand for these ("pt", "SU", "NFA", "UC sanction", "s21"), and long
  sentences that name several of them.

Each case is (text, expected, forbidden): every group of category names in `expected` has one
result among the first five (a result has a category when one of its terms, or a parent's, has
that name), no category in `forbidden` is among the first three, and no crisis panel is shown.
`HELD_OUT` (every third case of each class) was not looked at while the vocabulary and the
rules were changed for the rest (`TUNED`): its figures say how far the changes carry.
"""

from __future__ import annotations

Case = tuple[str, list[list[str]], list[str]]

MH = ["Mental health"]
CARERS = ["Support for carers", "Breaks and respite"]
MONEY = ["Money"]
DEBT = ["Debt advice", "Money"]
FOOD = ["Food"]
HOUSING = ["Housing"]
HOMELESS = ["Homelessness"]
COMPANY = ["Befriending", "Community groups"]
DEMENTIA = ["Dementia support"]
CONDITION = ["Long-term conditions"]
DISABILITY = ["Disability", "Special educational needs and disabilities (SEND)"]
# Help for a practical or a social need put first in a query about how a person feels, or the
# other way round, is the wrong help first.
NOT_PRACTICAL = ["Housing", "Money", "Domestic abuse"]
NOT_ABUSE = ["Domestic abuse"]
NOT_ABUSE_OR_HARM = ["Domestic abuse", "Safeguarding"]

LOW_MOOD: list[Case] = [
    ("been feeling really flat for weeks and cant be bothered with anything", [MH], NOT_PRACTICAL),
    ("i just feel so down all the time lately", [MH], NOT_PRACTICAL),
    ("cant shake this low feeling, everything feels grey", [MH], NOT_PRACTICAL),
    (
        "my husband has been really withdrawn and miserable since he retired",
        [MH],
        NOT_PRACTICAL,
    ),
    ("worried sick about everything and my mind races at night", [MH], NOT_PRACTICAL),
    ("constant worrying, cant switch my brain off", [MH], NOT_PRACTICAL),
    ("anxiety thru the roof since starting my new job", [MH], NOT_PRACTICAL),
    ("my teenage daughter seems really down and stays in her room", [MH], NOT_PRACTICAL),
    ("pt reports low mood and poor motivation, no thoughts of harm", [MH], NOT_PRACTICAL),
    ("feeling a bit depressed since having the baby", [MH], NOT_PRACTICAL),
    ("stressed and teary all the time, just not myself", [MH], NOT_PRACTICAL),
    ("dont feel like me anymore, no energy, no interest in anything", [MH], NOT_PRACTICAL),
    ("keep getting panicky in supermarkets", [MH], NOT_PRACTICAL),
    ("SU presenting with anxiety and low mood, would like talking therapy", [MH], NOT_PRACTICAL),
    ("how do i get counselling for depression without waiting months", [MH], NOT_PRACTICAL),
    ("i worry about my health all the time, health anxiety", [MH], NOT_PRACTICAL),
    ("so fed up and miserable, nothing is going right", [MH], NOT_PRACTICAL),
    ("my mate has been really low since his dad left", [MH], NOT_PRACTICAL),
]

CARERS_AT_THE_END: list[Case] = [
    (
        "looking after mum with dementia 24/7 and i am at the end of my rope",
        [CARERS, DEMENTIA],
        NOT_ABUSE,
    ),
    ("i care for my disabled son and havent had a night off in years", [CARERS], NOT_ABUSE),
    (
        "husband had a stroke, im doing everything for him and im exhausted",
        [CARERS, CONDITION],
        NOT_ABUSE,
    ),
    ("my dad has parkinsons and i do all his care, i need a break", [CARERS], NOT_ABUSE),
    (
        "caring for my wife who has alzheimers, no time for myself",
        [CARERS, DEMENTIA],
        NOT_ABUSE,
    ),
    (
        "nobody helps me look after my brother with learning disabilities and im burning out",
        [CARERS, DISABILITY],
        NOT_ABUSE,
    ),
    (
        "mum keeps wandering at night and i get no sleep, im her only carer",
        [CARERS, DEMENTIA],
        NOT_ABUSE,
    ),
    ("client is main carer for partner with MS, carer strain evident", [CARERS], NOT_ABUSE),
    (
        "i cant do the caring on my own anymore, my mum needs more help than i can give",
        [CARERS],
        NOT_ABUSE,
    ),
    ("sandwich carer, kids plus looking after dad, totally drained", [CARERS], NOT_ABUSE),
    (
        "who helps carers who are struggling, my nan has cancer and lives with us",
        [CARERS],
        NOT_ABUSE,
    ),
    (
        "had to give up work to look after my son with autism and money is tight",
        [CARERS],
        NOT_ABUSE,
    ),
    (
        "my elderly mother lives with me and needs watching all the time, i need a rest",
        [CARERS],
        NOT_ABUSE,
    ),
    (
        "i look after my partner who has severe depression and its wearing me down",
        [CARERS],
        NOT_ABUSE,
    ),
    (
        "cant leave my husband alone since his dementia got worse, need someone to sit with him",
        [CARERS, DEMENTIA],
        NOT_ABUSE,
    ),
    ("pt's daughter is sole carer and close to breaking point", [CARERS], NOT_ABUSE),
    ("im 15 and i look after my mum who is disabled", [["Young carers"]], NOT_ABUSE),
    (
        "my brother and i take turns caring for dad but im running on empty",
        [CARERS],
        NOT_ABUSE,
    ),
]

MONEY_EMERGENCY: list[Case] = [
    ("benefits stopped and i have no money for food or gas", [MONEY], NOT_ABUSE),
    ("uc sanctioned me for 4 weeks, got nothing to live on", [MONEY], NOT_ABUSE),
    ("bailiffs coming tomorrow about council tax what do i do", [DEBT], NOT_ABUSE),
    ("electric key has run out and ive got no money till friday", [MONEY], NOT_ABUSE),
    ("drowning in credit card debt and lying awake over it", [DEBT], NOT_ABUSE),
    ("my pip was stopped after reassessment and i cant pay my bills", [MONEY], NOT_ABUSE),
    (
        "no food in the house and the kids need feeding, payday isnt till next week",
        [FOOD],
        NOT_ABUSE_OR_HARM,
    ),
    ("got a letter saying enforcement agents will take my stuff", [DEBT], NOT_ABUSE),
    (
        "client awaiting first UC payment, no funds, needs food bank voucher",
        [FOOD],
        NOT_ABUSE,
    ),
    ("cant afford to top up the gas and the baby is cold", [MONEY], NOT_ABUSE_OR_HARM),
    ("behind on everything, water bill, council tax, catalogue", [DEBT], NOT_ABUSE),
    ("payday loans spiralling, borrowing to pay off borrowing", [DEBT], NOT_ABUSE),
    (
        "lost my job and dont know how im going to pay the rent this month",
        [["Money", "Housing"]],
        NOT_ABUSE,
    ),
    ("esa stopped while i appeal, need emergency cash", [MONEY], NOT_ABUSE),
    ("literally 2 quid in my account and 3 kids to feed", [["Food", "Money"]], NOT_ABUSE_OR_HARM),
    ("need a crisis grant to replace my broken fridge", [MONEY], NOT_ABUSE),
    ("pt unable to afford prescriptions, debts mounting", [MONEY], NOT_ABUSE),
    ("skint til payday and the cupboards are bare", [["Food", "Money"]], NOT_ABUSE),
]

HOUSING_EMERGENCY: list[Case] = [
    ("landlord gave me a section 21, have to be out in 2 months", [HOUSING], NOT_ABUSE),
    ("sleeping on my mates sofa, cant stay much longer", [HOMELESS], NOT_ABUSE),
    ("nowhere to sleep tonight, my parents have kicked me out", [HOMELESS], []),
    (
        "black mould all over the bedroom walls and the landlord ignores me",
        [HOUSING],
        ["Domestic abuse", "Homelessness"],
    ),
    (
        "roof leaking into the kids bedroom and the housing association wont fix it",
        [HOUSING],
        NOT_ABUSE_OR_HARM,
    ),
    ("rent arrears letter says they will take me to court", [["Housing", "Money"]], NOT_ABUSE),
    ("im NFA since leaving prison last week", [HOMELESS], NOT_ABUSE),
    ("bedding down in a shop doorway tonight, anywhere open?", [HOMELESS], NOT_ABUSE),
    ("ive been living out of my car for a month", [HOMELESS], NOT_ABUSE),
    ("cant pay my rent this month what happens", [["Housing", "Money"]], NOT_ABUSE),
    (
        "my flat is freezing and damp and its making my asthma worse",
        [HOUSING],
        NOT_ABUSE,
    ),
    ("client served s21, family of 4, at risk of homelessness", [HOMELESS], NOT_ABUSE),
    ("split up with my partner and have nowhere to go with the kids", [HOMELESS], []),
    (
        "overcrowded 2 bed flat with 6 of us, need to get on the housing list",
        [HOUSING],
        NOT_ABUSE,
    ),
    ("council says i made myself intentionally homeless", [HOMELESS], NOT_ABUSE),
    ("getting evicted on friday and i have a dog, where can we go", [HOMELESS], NOT_ABUSE),
    ("the boiler has been broken for 3 weeks and the landlord wont answer", [HOUSING], NOT_ABUSE),
    ("been dossing at different friends places since xmas", [HOMELESS], NOT_ABUSE),
]

LONELINESS: list[Case] = [
    ("dont have anyone to talk to, most days i dont see a soul", [COMPANY], NOT_PRACTICAL),
    (
        "my dad hasnt left the house since mum died and sees no one",
        [[*COMPANY, "Bereavement"]],
        NOT_PRACTICAL,
    ),
    ("new to the area and dont know anybody", [COMPANY], NOT_PRACTICAL),
    ("so lonely since the kids moved away", [COMPANY], NOT_PRACTICAL),
    ("elderly neighbour sits on her own all day, she would like some company", [COMPANY], []),
    ("looking for a friendly group to meet people my age, im 70", [COMPANY], NOT_PRACTICAL),
    (
        "isolated since my stroke, cant get out much",
        [[*COMPANY, "Getting about"]],
        NOT_PRACTICAL,
    ),
    ("pt socially isolated, lives alone, keen on a befriender", [COMPANY], NOT_PRACTICAL),
    ("i work from home and go days without speaking to anyone", [COMPANY], NOT_PRACTICAL),
    ("want to make friends, i get really lonely at weekends", [COMPANY], NOT_PRACTICAL),
    ("my grandad is lonely and bored in his flat", [COMPANY], NOT_PRACTICAL),
    ("feeling cut off from everyone", [[*COMPANY, "Mental health"]], NOT_PRACTICAL),
    (
        "single mum with no family nearby and i feel very alone",
        [[*COMPANY, "Parenting support"]],
        NOT_PRACTICAL,
    ),
    ("link worker referral for loneliness, client enjoys gardening", [COMPANY], NOT_PRACTICAL),
    ("nobody to go out with since i retired", [COMPANY], NOT_PRACTICAL),
    ("widower, 82, rarely speaks to anyone", [[*COMPANY, "Bereavement"]], NOT_PRACTICAL),
]

PRACTITIONER_AND_SEVERAL: list[Case] = [
    ("SU NFA, sofa surfing, UC sanction, no food", [HOMELESS, ["Food", "Money"]], NOT_ABUSE),
    ("pt c/o low mood, struggling financially, arrears", [MH, MONEY], NOT_ABUSE),
    ("client recently released, no fixed abode, needs ID and a bank account", [HOMELESS], []),
    (
        "on licence, approved premises bed ends friday, needs move on accommodation",
        [["Homelessness", "Housing"]],
        NOT_ABUSE,
    ),
    ("s21 served, client has 2 children, LA homelessness duty?", [HOMELESS], NOT_ABUSE),
    (
        "referral: isolated older man, bereaved 6 months, lives alone",
        [[*COMPANY, "Bereavement"]],
        NOT_PRACTICAL,
    ),
    ("SU has rent arrears and fuel debt, prepay meter self disconnecting", [MONEY], NOT_ABUSE),
    ("pt is carer for wife with dementia, carer stress, requests respite", [CARERS], NOT_ABUSE),
    ("client awaiting MR decision on PIP, no income", [MONEY], NOT_ABUSE),
    ("hh in fuel poverty, needs energy advice", [MONEY], NOT_ABUSE),
    ("cl rough sleeping, refuses hostel, has dog", [HOMELESS], NOT_ABUSE),
    ("YP 17 kicked out by parents, sofa surfing", [HOMELESS], NOT_ABUSE),
    ("UC sanction, client has no money for gas and electric", [MONEY], NOT_ABUSE),
    ("pt anxious re debts, not sleeping, requests debt advice", [DEBT], NOT_ABUSE),
    ("social prescribing referral, low mood and isolation", [[*MH, *COMPANY]], NOT_ABUSE),
    (
        "since my partner left ive got behind on the rent and council tax and i feel so low i "
        "dont know where to start",
        [["Money", "Housing"], MH],
        NOT_ABUSE,
    ),
    (
        "i look after my mum whos got dementia and my hours at work got cut so now im in debt "
        "and so tired",
        [CARERS, MONEY],
        NOT_ABUSE,
    ),
    (
        "lost my flat after we broke up, on my sisters floor, no money, feel like a failure",
        [["Homelessness", "Housing"]],
        NOT_ABUSE,
    ),
    (
        "my nan lives on her own and is lonely and her house is cold because she cant afford "
        "the heating",
        [COMPANY, MONEY],
        NOT_ABUSE,
    ),
    (
        "benefits messed up after moving, landlord threatening to evict, living on toast",
        [["Homelessness", "Housing"]],
        NOT_ABUSE,
    ),
    (
        "got out of jail last month, nowhere to live, no money, my probation officer said ask here",
        [HOMELESS],
        NOT_ABUSE,
    ),
    (
        "my wife has MS and im her carer, we are drowning in bills and i never see anyone",
        [CARERS, MONEY],
        NOT_ABUSE,
    ),
    (
        "anxious all the time about money, cant open the post, scared the bailiffs will come",
        [DEBT],
        NOT_ABUSE,
    ),
    (
        "my son is 19 and autistic and i care for him full time and the dla has been stopped",
        [CARERS, MONEY],
        NOT_ABUSE,
    ),
]

CLASSES: dict[str, list[Case]] = {
    "low mood and worry": LOW_MOOD,
    "carers at the end of their tether": CARERS_AT_THE_END,
    "money emergencies": MONEY_EMERGENCY,
    "housing emergencies": HOUSING_EMERGENCY,
    "loneliness and isolation": LONELINESS,
    "practitioners and several needs": PRACTITIONER_AND_SEVERAL,
}
HELD_OUT: dict[str, list[Case]] = {name: cases[2::3] for name, cases in CLASSES.items()}
TUNED: dict[str, list[Case]] = {
    name: [c for i, c in enumerate(cases) if i % 3 != 2] for name, cases in CLASSES.items()
}
