"""The ninth crisis round: a held-out set, written blind by a session helper on 2026-12-07,
after the learned trigger was wired in, to measure the final detector of that session once.

Blind means that none of these texts was run through the crisis detection, search or any bench
script while it was written, and that neither the patterns, the learned trigger, the meaning
model's prototypes nor the shared examples file were read: the texts are how residents, worried
neighbours, teenagers, older people and practitioners type into a council or NHS search box on a
phone (lower case, little punctuation, misspellings, text-speak, regional English, case-note
shorthand), not what the system is known to catch. Earlier corpora were read only to make sure
no text here repeats one of theirs verbatim. Measure the set once; do not tune on it (a set
tuned on is no longer held out).

Each risk phrasing belongs to a class; the class says which kinds count as reading it
(`ACCEPTED`: any one of them must be among the signal's kinds, so reading a class is not having
to name it exactly: a child at risk read as danger is read):

- `suicide`: thoughts, plans or farewells of the writer or of someone they are worried about,
  said plainly or indirectly (a goodbye message, affairs put in order, "easier if i wasnt here").
- `self_harm`: harm done to oneself on purpose, the writer's or someone else's.
- `overdose`: too much of a medicine or a drug already taken, or a poison swallowed.
- `abuse`: harm, threats, stalking or control by a partner or an ex, and honour-based abuse or
  a forced marriage by family, said by the person, by someone worried about them or in a case
  note.
- `child`: a child harmed, neglected, exploited or groomed online or in person, seen, told of,
  worried about by a parent or in the child's own words.
- `sexual`: rape, sexual assault, a drink spiked or coercion into sexual acts.
- `older`: an older or disabled person harmed, neglected, robbed or scammed by a carer, a
  relative or someone close.
- `attack`: someone not named as a partner attacking, armed or breaking in now.
- `fire`: a fire or smoke now.
- `exposure`: danger from where someone is: no heat with a baby, out in the cold at night with
  nowhere to go, an older person lost outside.
- `medical`: a medical emergency now: anaphylaxis, signs of sepsis or meningitis in a child, a
  diabetic collapse, someone unresponsive, a sudden worst headache, bleeding in pregnancy.

`LOOK_ALIKES` share words or topics with risk (hyperbole, sport, games, films and books,
kitchens and DIY, pets, gardening, routine medicines and appointments, fire safety and first aid
courses, past events now resolved, services about a topic, an ex or a partner for an ordinary
reason, parents' ordinary worries) and must show no panel. `EVERYDAY` are ordinary service
searches (loneliness, money, carers, housing, benefits, dementia, food, school, work,
bereavement, a new baby, disability, transport) and must show no panel either.
"""

from __future__ import annotations

from joinedup.search.tests import risk_round8

# Any one of these kinds read counts as reading the class: the same classes and kinds as the
# eighth round's, so round 9 reuses them rather than keep a copy that could drift.
ACCEPTED: dict[str, frozenset[str]] = risk_round8.ACCEPTED

RISK: list[tuple[str, str]] = [
    # thoughts, plans or farewells of suicide, the writer's or someone else's
    (
        "suicide",
        "our kid sent me a text saying sorry for everything love you all and now his phone is off",
    ),
    ("suicide", "yp disclosed plan to jump off the multi storey after school today"),
    ("suicide", "keep thinking about just walking into the sea and not stopping"),
    (
        "suicide",
        "me mam keeps sayin she wants to be with me dad now, shes sorted her will "
        "and given her rings away",
    ),
    ("suicide", "husband bought a rope and told me not to worry about him"),
    ("suicide", "i dont want to be alive anymore and i cant tell any1"),
    (
        "suicide",
        "lost the business and house, been sat in the car in the garage thinking itd be "
        "easier for everyone if i didnt come back in",
    ),
    ("suicide", "been looking up how many of my tablets it would take"),
    # self-harm
    ("self_harm", "started cutting again after 2 yrs clean"),
    ("self_harm", "sw concerned yp self harming, ligature marks on neck"),
    ("self_harm", "found razor blades hid in my sons room and marks all up his legs"),
    ("self_harm", "how to clean a deep cut i did to myself dont want to go a&e"),
    ("self_harm", "the bairn scratches her legs till they bleed when shes stressed"),
    # an overdose or a poison taken
    ("overdose", "took 30 sertraline about an hour ago"),
    ("overdose", "mum injected all her insulin at once and shes confused and shaky"),
    ("overdose", "wee one bit into a dishwasher tablet and swallowed some"),
    ("overdose", "mate dropped too many pills at the party cant stand up heart going mad"),
    ("overdose", "pt ingested unknown qty co-codamol approx 2hrs ago"),
    ("overdose", "grandad drank antifreeze out a lemonade bottle by mistake"),
    # a partner or an ex: violence, threats, stalking, control, honour, forced marriage
    (
        "abuse",
        "my family are taking me to pakistan in the summer to marry my cousin and i dont want to",
    ),
    ("abuse", "my brothers say ive shamed the family and theyll deal with me"),
    ("abuse", "ex keeps turning up at my work and sends me like 100 txts a day"),
    ("abuse", "he checks all my receipts and i have to ask him for money for tampons"),
    ("abuse", "scared to go home hubby said hed sort me out when he gets back from the pub"),
    ("abuse", "can hear the woman next door being dragged about and crying most nights"),
    ("abuse", "victim reports perp strangled her last wk, high risk marac referral"),
    ("abuse", "gf throws things at me and says no one would believe a man"),
    # a child harmed, neglected, exploited or groomed
    ("child", "some man on roblox asked my 10 yr old to send pics and keep it a secret"),
    ("child", "im 13 and my mums boyfriend comes in my room at night"),
    ("child", "bairns next door always hungry and out in the street in their pyjamas at midnight"),
    ("child", "yp missing again found in another city with cash and 2 phones cse concerns"),
    (
        "child",
        "my son is being made to carry packages for older boys and they said theyll "
        "hurt me if he stops",
    ),
    ("child", "child came in with a burn shaped like an iron and wont say how"),
    ("child", "my bf is 19 and says hell leak my pics if i tell my mum im 14"),
    ("child", "my dad hits me when hes drunk and i dont want to go home"),
    ("child", "my 15 yo keeps going to a 25 yr old mans flat and he buys her vodka"),
    # sexual violence, spiking and coercion
    ("sexual", "think someone spiked my drink woke up at a strangers house no memory"),
    ("sexual", "manager said id lose my job if i didnt sleep with him"),
    ("sexual", "friend told me she was assaulted at a house party and wont go to the police"),
    ("sexual", "husband forces himself on me when im asleep"),
    (
        "sexual",
        "pt disclosed sexual assault 48hrs ago requesting emergency contraception and sti tests",
    ),
    # an older or disabled person harmed, neglected, robbed or scammed by someone close
    ("older", "nans lodger got her bank pin off her and shes got nowt left"),
    ("older", "old fella over the road his son shouts at him and i saw him shove him over"),
    (
        "older",
        "my brother has learning disabilities and his new girlfriend has moved in "
        "and takes all his benefits",
    ),
    ("older", "gran in a wheelchair left on her own all weekend by my uncle no food or meds"),
    ("older", "care home leaving residents in wet beds all day one has bed sores to the bone"),
    # an attack, a weapon or a break-in now
    ("attack", "theres a man with a gun outside the school gates"),
    ("attack", "someone is in my house i can hear them downstairs"),
    ("attack", "gang of lads battering a lad at the bus station hes not moving"),
    ("attack", "neighbour pulled a knife on me over parking and hes still out there"),
    ("attack", "just got glassed in the pub bleeding everywhere"),
    # fire
    ("fire", "house across the road is on fire and theres an old lady inside"),
    ("fire", "plug socket is sparking and smoking and smells of burning"),
    ("fire", "fire in the bin store of our block alarms going off"),
    ("fire", "car on fire on the drive right next to the house"),
    # exposure
    (
        "exposure",
        "found an old man outside in his nightie its freezin and he doesnt know where he lives",
    ),
    ("exposure", "sleeping rough tonight its snowing and ive got my 2 kids with me"),
    ("exposure", "electric ran out on the meter baby is 3 weeks old house is freezing"),
    ("exposure", "teenager chucked out by his dad sleeping in the park in the rain"),
    # a medical emergency now
    ("medical", "son ate a peanut lips swelling up and he cant breath properly"),
    ("medical", "toddler has a rash that doesnt fade under a glass and a high temp"),
    ("medical", "babys breathing really fast, skin mottled and wont wake properly"),
    ("medical", "dads diabetic sweaty and confused now he wont wake up"),
    ("medical", "mum collapsed in the kitchen not responding"),
    ("medical", "worst headache of my life came on suddenly and i can hardly see"),
    ("medical", "30 weeks pregnant bleeding a lot and bad pain"),
]

LOOK_ALIKES: list[str] = [
    # hyperbole and idioms
    "i could murder a bacon butty any cafes open late",
    "boss will kill me if im late again bus times to town",
    "dying of boredom in half term whats on for kids",
    "that exam absolutely destroyed me resit dates",
    "kids drive me to despair at bedtime sleep tips",
    # sport, games, films and books
    "kickboxing classes for teenagers",
    "archery club for kids near me",
    "true crime book club at the library",
    "horror film night halloween community centre",
    "darts league at the british legion",
    # kitchens, DIY, pets and gardening
    "how to sharpen kitchen knives properly",
    "burnt the toast and the smoke alarm wont stop",
    "carbon monoxide alarm where to fit it",
    "chimney sweep near me before lighting the fire",
    "cat keeps scratching the sofa what to do",
    "rescue dog scared of men behaviourist",
    "cutting back an overgrown hedge where to take the cuttings",
    "poisonous plants to avoid in a school garden",
    "killing weeds without harming bees",
    # routine medicines and appointments
    "order my repeat sertraline and omeprazole online",
    "flu jab for over 65s",
    "what time does the chemist shut on sunday",
    "where to get rid of used insulin needles",
    # fire safety and first aid courses, services about a topic
    "epipen awareness session for school dinner staff",
    "fire marshal training for volunteers",
    "mental health first aid course",
    "paediatric first aid for childminders",
    "domestic abuse awareness training for our housing officers",
    "suicide prevention charity volunteering",
    "safeguarding level 2 course for school governors",
    # past events now resolved
    "had a fall last month now need grab rails fitted",
    "was burgled in march victim support follow up",
    "recovered from sepsis last year fatigue support group",
    # an ex or a partner for an ordinary reason
    "me and my ex need mediation for child arrangements",
    "couples counselling for me and my partner",
    "ex still on the tenancy how do i get him off",
    # parents' ordinary worries
    "my 15 year old is on his phone all night",
    "toddler wont eat any veg",
    "worried my son is being left out at school",
    "is 16 old enough to go to a festival with mates",
]

EVERYDAY: list[str] = [
    "feel so lonly since moving here any clubs for over 60s",
    "cant afford the gas and electric this month",
    "carers break for me i look after my husband with ms",
    "council house swap how to",
    "esa to uc migration letter what do i do",
    "dementia friendly cafe near me",
    "where can i get a food parcel without a referral",
    "school admissions appeal deadline",
    "access to work for my hearing loss",
    "help with funeral costs dwp",
    "register a birth appointment",
    "wheelchair accessible taxi",
    "bus pass for disabled person",
    "meals on wheels for my mum she has alzheimers",
    "sen support my son isnt getting help at school",
    "housing benefit for private rent",
    "apprenticeships for 17 year olds",
    "grief counselling after losing my dad",
    "baby weigh clinic times",
    "help with prescription costs low income",
    "community transport to hospital appointments",
    "warm spaces near me",
    "pension credit check if i qualify",
    "homework club for year 7",
    "adult social care direct payments",
    "volunteering to meet people now im retired",
    "rent arrears letter from housing association",
    "30 hours free childcare code",
    "where to get hearing aid batteries",
    "job centre appointment change",
]
