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

# The tenth session's classes (ADR 14): who needs the help, what, and how they put it.
DRUGS = ["Drugs and alcohol"]
BENEFITS = ["Benefits advice"]
WORK = ["Finding work"]
BEREAVED = ["Bereavement"]
AT_HOME = ["Help at home", "Equipment and telecare", "Adult social care"]
ADAPTATIONS = ["Equipment and telecare", "Repairs and adaptations"]
SEND = ["Special educational needs and disabilities (SEND)"]
SCHOOL = ["Parenting support", "Mental health", "Youth activities", *SEND]
BABY = ["Early years", "Parenting support", "Mental health"]
DYING = ["Community nursing", "Help at home", "Support for carers", "Breaks and respite"]
# A drink is not a meal: food help first for drinking is a wrong reading, as abuse help is.
NOT_ABUSE_OR_FOOD = ["Domestic abuse", "Food"]
# Someone who needs a wage or benefits is not helped first by unpaid work.
NOT_ABUSE_OR_UNPAID = ["Domestic abuse", "Volunteering"]
# An older person's help is not a child's, and a child's not an older person's.
NOT_CHILDREN = ["Children and families", "Domestic abuse"]
NOT_OLDER = ["Older people", "Domestic abuse"]

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

DRINK_AND_DRUGS: list[Case] = [
    ("i think im drinking too much, a bottle of wine most nights", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("my son is using cannabis every day and wont go to college", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("how do i stop drinking, tried on my own and cant", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("husband drinks every night and im at my wits end with it", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("want to come off heroin, on a script but still using on top", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("pt alcohol dependent, requesting detox referral", [DRUGS], NOT_ABUSE_OR_FOOD),
    (
        "my brother is addicted to cocaine and we dont know how to help him",
        [DRUGS],
        NOT_ABUSE_OR_FOOD,
    ),
    ("cant get through the day without a drink", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("worried about my dads drinking since he lost his job", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("SU using crack, wants harm reduction and clean needles", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("my teenage daughter has been smoking weed and vaping", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("relapsed after 2 years sober, need a meeting", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("im 16 and my mum is an alcoholic, who can i talk to", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("client on methadone, wants to reduce", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("drinking to cope since the divorce", [DRUGS], NOT_ABUSE_OR_FOOD),
    (
        "my partner smokes weed all day and spends all our money on it",
        [DRUGS],
        NOT_ABUSE_OR_FOOD,
    ),
    ("alcohol services near me", [DRUGS], NOT_ABUSE_OR_FOOD),
    ("ket use getting out of hand", [DRUGS], NOT_ABUSE_OR_FOOD),
]

FOOD_AND_A_COLD_HOME: list[Case] = [
    ("cant afford to put the heating on, its freezing in here", [MONEY], NOT_ABUSE),
    ("kids are hungry and ive got nothing in till monday", [FOOD], NOT_ABUSE_OR_HARM),
    ("prepayment meter keeps running out, cant top up", [MONEY], NOT_ABUSE),
    ("where can i get a food parcel today", [FOOD], NOT_ABUSE),
    (
        "elderly mum sitting in her coat because she wont put the heating on",
        [MONEY],
        NOT_ABUSE_OR_HARM,
    ),
    ("pt skipping meals to feed the kids", [FOOD], NOT_ABUSE_OR_HARM),
    ("gas has been cut off and we have a baby", [MONEY], NOT_ABUSE_OR_HARM),
    ("how do i get referred to the food bank", [FOOD], NOT_ABUSE),
    ("energy bills doubled and im eating one meal a day", [["Food", "Money"]], NOT_ABUSE),
    ("house is so cold the kids sleep in their coats", [MONEY], NOT_ABUSE_OR_HARM),
    ("client has no heating or hot water, cant afford oil", [MONEY], NOT_ABUSE),
    ("free school meals over the holidays?", [FOOD], NOT_ABUSE),
    ("living on noodles and toast, cant afford proper food", [FOOD], NOT_ABUSE),
    (
        "somewhere warm to go during the day, cant heat the flat",
        [["Community groups", "Money"]],
        NOT_ABUSE,
    ),
    ("fuel voucher for my meter", [MONEY], NOT_ABUSE),
    ("cant afford baby formula or nappies", [["Food", "Money"]], NOT_ABUSE_OR_HARM),
    ("pensioner, 84, living in one room to save on heating", [MONEY], NOT_ABUSE),
    ("no food and no electric, been like this since tuesday", [["Food", "Money"]], NOT_ABUSE),
]

BENEFITS_AND_WORK: list[Case] = [
    ("got sanctioned for missing an appointment at the jobcentre", [MONEY], NOT_ABUSE_OR_UNPAID),
    ("help filling in the pip form, its so long", [BENEFITS], NOT_ABUSE_OR_UNPAID),
    ("just been made redundant, what am i entitled to", [["Money", *WORK]], NOT_ABUSE_OR_UNPAID),
    (
        "zero hours contract and no shifts this week, how do i pay rent",
        [MONEY],
        NOT_ABUSE_OR_UNPAID,
    ),
    ("how do i apply for universal credit", [BENEFITS], NOT_ABUSE_OR_UNPAID),
    ("pip assessment next week and im dreading it", [BENEFITS], NOT_ABUSE_OR_UNPAID),
    (
        "lost my job because of my mental health and want to get back to work",
        [WORK],
        NOT_ABUSE_OR_UNPAID,
    ),
    ("client needs help with a UC50 and WCA", [BENEFITS], NOT_ABUSE_OR_UNPAID),
    ("mandatory reconsideration was refused, want to appeal", [BENEFITS], NOT_ABUSE_OR_UNPAID),
    (
        "my dad is 67 and not claiming pension credit, can someone check",
        [BENEFITS],
        NOT_ABUSE_OR_UNPAID,
    ),
    ("cant find work since i got out of prison", [WORK], NOT_ABUSE_OR_UNPAID),
    ("need help writing a cv and finding a job", [WORK], NOT_ABUSE_OR_UNPAID),
    ("UC deductions leave me with hardly anything", [MONEY], NOT_ABUSE_OR_UNPAID),
    ("carers allowance stopped because i earned too much", [MONEY], NOT_ABUSE_OR_UNPAID),
    ("am i entitled to help with council tax, on low income", [MONEY], NOT_ABUSE_OR_UNPAID),
    ("wages dont cover the bills even working full time", [MONEY], NOT_ABUSE_OR_UNPAID),
    (
        "been off sick for months and work want to sack me",
        [["Money", *WORK, "General advice"]],
        NOT_ABUSE_OR_UNPAID,
    ),
]

BEREAVEMENT_AND_END_OF_LIFE: list[Case] = [
    ("my mum died last month and i cant stop crying", [BEREAVED], NOT_PRACTICAL),
    ("lost my husband in the summer and the house feels so empty", [BEREAVED], NOT_PRACTICAL),
    ("how do i tell my kids their grandad has died", [BEREAVED], NOT_PRACTICAL),
    ("cant afford the funeral, what help is there", [["Money", *BEREAVED]], NOT_ABUSE),
    ("dad has weeks left and wants to be at home at the end", [DYING], NOT_ABUSE),
    ("my wife is terminally ill and i am looking after her at home", [CARERS], NOT_ABUSE),
    ("palliative care at home for my nan", [DYING], NOT_ABUSE),
    ("miscarriage last week and i feel empty", [[*BEREAVED, *MH]], NOT_PRACTICAL),
    ("my best friend died suddenly and i cant concentrate at work", [BEREAVED], NOT_PRACTICAL),
    ("grieving for my son, nothing helps", [BEREAVED], NOT_PRACTICAL),
    ("our baby died and we dont know where to turn", [BEREAVED], NOT_PRACTICAL),
    ("client recently widowed, struggling with grief", [BEREAVED], NOT_PRACTICAL),
    (
        "need to register a death and sort out his things, no idea where to start",
        [[*BEREAVED, "General advice"]],
        NOT_ABUSE,
    ),
    ("mum is dying of cancer, need help caring for her at home", [DYING], NOT_ABUSE),
    (
        "my little boy keeps asking where his daddy went since he passed",
        [BEREAVED],
        NOT_PRACTICAL,
    ),
    ("anniversary of my wifes death coming up and i am dreading it", [BEREAVED], NOT_PRACTICAL),
    (
        "someone to sit with dad at night, he hasnt got long",
        [DYING],
        NOT_ABUSE,
    ),
]

OLDER_PEOPLE_AT_HOME: list[Case] = [
    ("mum keeps falling and cant get up on her own", [AT_HOME], NOT_CHILDREN),
    ("dad cant manage the stairs anymore", [ADAPTATIONS], NOT_CHILDREN),
    ("my gran needs help getting washed and dressed", [AT_HOME], NOT_CHILDREN),
    ("being discharged from hospital next week and i live alone", [AT_HOME], NOT_CHILDREN),
    ("grab rails for the bathroom", [ADAPTATIONS], NOT_CHILDREN),
    ("nan had a fall last night and lay on the floor for hours", [AT_HOME], NOT_CHILDREN),
    ("elderly father not eating properly and losing weight", [[*AT_HOME, "Food"]], NOT_CHILDREN),
    ("pendant alarm for my mum", [["Equipment and telecare"]], NOT_CHILDREN),
    ("pt frail, lives alone, struggling with personal care", [AT_HOME], NOT_CHILDREN),
    ("how do i get a care assessment for my dad", [["Adult social care"]], NOT_CHILDREN),
    ("my aunt cant get to the shops anymore", [[*AT_HOME, "Getting about"]], NOT_CHILDREN),
    ("she cant get in the bath anymore, needs a walk in shower", [ADAPTATIONS], NOT_CHILDREN),
    ("husband came home from hospital after a hip op and needs help", [AT_HOME], NOT_CHILDREN),
    ("grandad keeps forgetting his tablets", [[*AT_HOME, *DEMENTIA]], NOT_CHILDREN),
    (
        "older neighbour struggling to cope on her own, house is a mess",
        [AT_HOME],
        NOT_CHILDREN,
    ),
    ("need a wheelchair for my mum to get out", [[*ADAPTATIONS, "Disability"]], NOT_CHILDREN),
    ("mum is 90 and cant look after herself, what are the options", [AT_HOME], NOT_CHILDREN),
]

CHILDREN_SCHOOL_AND_SEND: list[Case] = [
    ("my son has been excluded from school again", [SCHOOL], NOT_OLDER),
    ("how long is the wait for an autism assessment for my daughter", [SEND], NOT_OLDER),
    ("my daughter is being bullied at school and wont go in", [SCHOOL], NOT_OLDER),
    ("struggling with a new baby, not sleeping and crying all the time", [BABY], NOT_OLDER),
    ("school says he needs an ehcp, where do we start", [SEND], NOT_OLDER),
    (
        "my 6 year old has meltdowns and i think he might have adhd",
        [[*SEND, "Mental health", "Parenting support"]],
        NOT_OLDER,
    ),
    ("teenage son refusing to go to school", [SCHOOL], NOT_OLDER),
    ("need help with my toddlers behaviour, tantrums all day", [BABY], NOT_OLDER),
    ("SENCo not listening, child needs more support in class", [SEND], NOT_OLDER),
    ("my son is getting picked on online and its affecting him", [SCHOOL], NOT_OLDER),
    ("first time mum, feel like im not coping with the baby", [BABY], NOT_OLDER),
    ("pupil persistently absent, family need early help", [["Parenting support"]], NOT_OLDER),
    (
        "something for my autistic son to do in the holidays",
        [[*SEND, "Youth activities"]],
        NOT_OLDER,
    ),
    ("cant get my kids into nursery, need free childcare", [["Early years"]], NOT_OLDER),
    ("my daughter has stopped eating and is obsessed with her weight", [MH], NOT_OLDER),
    ("health visitor for my baby, we just moved here", [["Early years"]], NOT_OLDER),
    ("year 7, anxious about secondary school, not sleeping", [MH], NOT_OLDER),
]

CLASSES: dict[str, list[Case]] = {
    "low mood and worry": LOW_MOOD,
    "carers at the end of their tether": CARERS_AT_THE_END,
    "money emergencies": MONEY_EMERGENCY,
    "housing emergencies": HOUSING_EMERGENCY,
    "loneliness and isolation": LONELINESS,
    "practitioners and several needs": PRACTITIONER_AND_SEVERAL,
    "drink and drugs": DRINK_AND_DRUGS,
    "food and a cold home": FOOD_AND_A_COLD_HOME,
    "benefits and work": BENEFITS_AND_WORK,
    "bereavement and the end of life": BEREAVEMENT_AND_END_OF_LIFE,
    "older people managing at home": OLDER_PEOPLE_AT_HOME,
    "children, school and SEND": CHILDREN_SCHOOL_AND_SEND,
}
HELD_OUT: dict[str, list[Case]] = {name: cases[2::3] for name, cases in CLASSES.items()}
TUNED: dict[str, list[Case]] = {
    name: [c for i, c in enumerate(cases) if i % 3 != 2] for name, cases in CLASSES.items()
}

# The tenth session, later (ADR 14, "the carer of an adult"): carers whose cared-for person is
# an adult (a parent, a partner, a grandparent, "elderly", "older") and who name no child. An
# adult carers' service (support for carers, breaks and respite) must be among the first five
# and no carers' service for the carers of children (filed under SEND) among them. The lead's
# sentence ("my elderly mother lives with me ...") is in CARERS_AT_THE_END. Every third is held
# out (`CARERS_OF_ADULTS[2::3]`), not looked at while the rule was written.
CARERS_OF_ADULTS: list[str] = [
    "my elderly aunt lives with us and cant be left on her own, we need a break",
    "i look after my dad who had a stroke and i really need a break",
    "caring for my husband full time and i never get a day off",
    "my wife has dementia and i cant leave her alone, i need some respite",
    "looking after my gran who is 92 and im exhausted",
    "my older father needs help all day and im worn out from looking after him",
    "i am my mums carer and i need some time for myself",
    "need a sitting service so i can get out, my husband cant be left alone",
    "my partner is disabled and i do everything for him, who supports carers",
    "grandad lives with us and needs constant supervision, we could do with a break",
    "my mother in law has parkinsons and i care for her, where can i get help as a carer",
    "both my elderly parents need looking after and im their only carer",
    "caring for mum round the clock, desperate for respite",
    "looking after my elderly dad on my own and struggling to cope",
    "my wife had a stroke and i am her carer now, i need a break",
]
# Parent carers of a disabled child: the carers' services for children's carers (short breaks,
# filed under SEND) stay among the first three.
PARENT_CARERS: list[str] = [
    "my son is disabled and i need a break from caring for him",
    "parent carer of a disabled child, need short breaks",
    "i look after my autistic daughter and havent had a break in months",
    "caring for my disabled 8 year old, we need respite",
    "our son has severe learning disabilities and we need some respite",
    "my daughter has complex needs and im her full time carer, i need a rest",
]
