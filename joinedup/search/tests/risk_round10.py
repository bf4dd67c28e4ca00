"""The tenth crisis round: a held-out set, written blind by a session helper on 2026-12-07,
after the ninth round was taught, to measure the final detector of that session once.

Blind means that none of these texts was run through the crisis detection, search or any bench
script while it was written, and that neither the patterns, the learned trigger, the meaning
model's prototypes nor the shared examples file were read: the texts are how residents, worried
relatives, neighbours, teachers, teenagers, older people and practitioners type into a council
or NHS search box on a phone (lower case, little punctuation, misspellings, text-speak, regional
English, case-note shorthand, indirect and euphemistic wording), not what the system is known to
catch. Earlier corpora were read only to make sure no text here repeats one of theirs verbatim.
It was scored once (ADR 13, sixteenth session: a panel on 51 of 65 risk phrasings, 47 read as
their class, 6 of 70 look-alikes and everyday searches with a panel, none from the trigger);
then its misses were looked at, patterns written for some and the round taught to the trigger,
so it is now a guard (`test_risk_round10.py`), not a measure.

Each risk phrasing belongs to a class; the class says which kinds count as reading it
(`ACCEPTED`: any one of them must be among the signal's kinds, so reading a class is not having
to name it exactly: a child at risk read as danger is read):

- `suicide`: thoughts, plans or farewells of the writer or of someone they are worried about,
  said plainly or indirectly (a goodbye by text, a noose, the top of a car park).
- `self_harm`: harm done to oneself on purpose, the writer's or someone else's, including voices
  telling someone to hurt themselves.
- `overdose`: too much of a medicine or a drug already taken, or a poison swallowed.
- `abuse`: harm, threats, stalking or control by a partner or an ex (money, medication, intimate
  images threatened), and honour-based abuse or a forced marriage trip abroad by family, said by
  the person, by someone worried about them or in a case note.
- `child`: a child harmed, neglected, exploited or groomed online or in person (a baby shaken, a
  child left in a hot car, a teenager held in a trap house), seen, told of, worried about by a
  parent or teacher or in the child's own words.
- `sexual`: rape, sexual assault, a drink spiked or coercion into sexual acts.
- `older`: an older or disabled person harmed, neglected, robbed or scammed by a carer, a
  relative or someone close.
- `attack`: someone not named as a partner attacking, armed, threatening with acid or breaking
  in now, or a person in psychosis hearing voices telling them to hurt someone.
- `fire`: a fire, smoke or a smell of gas now.
- `exposure`: danger from where someone is: carbon monoxide at home, out in the cold, a
  vulnerable person missing, in the water.
- `medical`: a medical emergency now: anaphylaxis, a severe asthma attack, a head injury on blood
  thinners, hypothermia, someone pulled from the water, an older person's fall.

`LOOK_ALIKES` share words or topics with risk (idioms, sport, games, films, cooking, DIY, pets,
gardening, routine medicines, training courses about a topic, survivors' services about the
past, ordinary worries) and must show no panel. `EVERYDAY` are ordinary service searches
residents make (bins, council tax, housing, benefits, school, parking, libraries, carers) and must
show no panel either.
"""

from __future__ import annotations

from joinedup.search.tests import risk_round8

# Any one of these kinds read counts as reading the class: the same classes and kinds as the
# eighth round's, so round 10 reuses them rather than keep a copy that could drift.
ACCEPTED: dict[str, frozenset[str]] = risk_round8.ACCEPTED

RISK: list[tuple[str, str]] = [
    # thoughts, plans or farewells of suicide, the writer's or someone else's
    (
        "suicide",
        "my sister texted me goodbye look after the dog for me and now shes not picking up",
    ),
    ("suicide", "found a noose in the loft my husband made"),
    ("suicide", "sat on top floor of the car park thinking of jumping"),
    ("suicide", "whats the point of carrying on nobody would even notice"),
    (
        "suicide",
        "my dad has been really quiet since mum passed and today he paid off all his bills "
        "and said hes put everything in order for us, said its time he joined her",
    ),
    ("suicide", "pupil wrote in her english book she wont be here after christmas"),
    ("suicide", "wanna end it tnite"),
    ("suicide", "client expressed suicidal ideation with plan, has access to firearms (farm)"),
    ("suicide", "thinking of stepping in front of a train on the way home"),
    # self-harm
    (
        "self_harm",
        "voices keep telling me to hurt myself and i dont know how long i can ignore them",
    ),
    ("self_harm", "my 12 yr old has been pulling her hair out and biting her arms till they bleed"),
    ("self_harm", "burned myself with the iron on purpose it's blistering"),
    ("self_harm", "yp presenting with superficial lacerations to thighs, ongoing sh"),
    ("self_harm", "cut myself how deep is too deep"),
    # an overdose or a poison taken
    ("overdose", "took a whole box of paracetamol last night feel ok now do i still need to go"),
    ("overdose", "toddler got into nanas handbag and ate some of her heart tablets"),
    ("overdose", "mates gone blue after taking something in the toilets"),
    ("overdose", "my son drank bleach"),
    ("overdose", "double dosed my methadone by accident feel really drowsy"),
    # a partner or an ex: violence, threats, stalking, control, honour, forced marriage
    ("abuse", "my ex says hell send my nudes to my family and work if i dont go back to him"),
    (
        "abuse",
        "partner hides my epilepsy meds and only gives them me if ive done what he says",
    ),
    (
        "abuse",
        "dad booked a one way flight to bangladesh for my sister shes 17 they found her a husband",
    ),
    ("abuse", "he tracks my phone and took my car keys so i cant leave"),
    ("abuse", "ive got a black eye and told work i walked into a door"),
    ("abuse", "dv disclosure, perp threatened to kill her and the kids if she leaves, dash high"),
    ("abuse", "my bf put his hands round my throat last nite is that normal when angry"),
    (
        "abuse",
        "my uncles said if my cousin keeps seeing that lad they will make sure she disappears",
    ),
    # a child harmed, neglected, exploited or groomed
    ("child", "the babysitter shook the baby hes floppy and being sick"),
    ("child", "kid left alone in a car in the supermarket car park its boiling and hes crying"),
    (
        "child",
        "my 15yo hasnt been home in 3 days, snapchat shows him in a flat in another town, "
        "think hes being kept there selling for them",
    ),
    (
        "child",
        "a girl in my class said her step dad touches her and she made me promise not to tell",
    ),
    ("child", "toddler from next door wandering on the main road on his own again"),
    ("child", "im 12 and theres a man on tiktok who wants to meet me and said not to tell my mum"),
    ("child", "neighbours kids locked in the house all day no adults shouting for food"),
    ("child", "6mth old bruising to ears and torso, parents no explanation, s47 needed"),
    # sexual violence, spiking and coercion
    ("sexual", "got raped last night and dont know where to go"),
    ("sexual", "pretty sure my drink got spiked at the club, mate cant remember how she got home"),
    ("sexual", "landlord said i can pay the rent another way and keeps coming round"),
    ("sexual", "was held down at a party last weekend and cant stop shaking"),
    # an older or disabled person harmed, neglected, robbed or scammed by someone close
    (
        "older",
        "my brother has got power of attorney for mum and has been emptying her savings "
        "into his own account",
    ),
    ("older", "grandads carer keeps taking cash out his wallet and he's too scared to say"),
    ("older", "lady upstairs is 90 and her son locks her in her room when he goes out"),
    (
        "older",
        "my auntie is in a home and has bruises on her arms like finger marks, staff said she fell",
    ),
    ("older", "nephew moved in with my disabled dad and now dad doesnt get fed"),
    # an attack, a weapon or a break-in now
    ("attack", "man just threatened to throw acid in my face outside the shop"),
    (
        "attack",
        "my brother says the voices are telling him to hurt the neighbours and hes got a knife",
    ),
    ("attack", "lads with machetes chasing someone down our street"),
    ("attack", "someone tryin to kick my front door in right now"),
    ("attack", "getting jumped at the park pls help"),
    # fire
    ("fire", "strong smell of gas in the flat and hallway"),
    ("fire", "black smoke coming out the window of the flat below"),
    ("fire", "chip pan caught fire spreading up the wall"),
    ("fire", "smell gas outside can hear hissing from the meter"),
    # exposure
    ("exposure", "everyone in the house has headaches and feels sick boiler's been acting up"),
    (
        "exposure",
        "my dad has dementia and walked out 3 hours ago in his slippers, its getting dark "
        "and hes not answering",
    ),
    ("exposure", "someone in the river near the bridge shouting for help"),
    ("exposure", "stuck outside all night no coat minus 3 cant feel my fingers"),
    ("exposure", "autistic son 14 gone missing hes non verbal and not been seen since lunch"),
    # a medical emergency now
    ("medical", "nan fell and hit her head shes on warfarin and being sick now"),
    ("medical", "son's inhaler isnt working cant talk in sentences lips going blue"),
    ("medical", "stung by a wasp throat feels tight and face swelling"),
    ("medical", "old man found on bench shivering uncontrollably and very confused"),
    ("medical", "pulled my son out of the pool hes coughing and drowsy"),
    ("medical", "grandad fell down the stairs wont move and his leg looks wrong"),
    ("medical", "wife's face has dropped one side and her speech is slurred"),
]

LOOK_ALIKES: list[str] = [
    # idioms and hyperbole
    "my feet are killing me shoe shops open sunday",
    "this rent increase is daylight robbery who do i complain to",
    "im dying to see the christmas lights switch on what time",
    "gas bill nearly gave me a heart attack payment plan",
    "kids are running riot in the holidays free activities",
    # sport, games, films and books
    "fencing club for beginners",
    "boxing gym for over 50s",
    "paintball party for a 12th birthday",
    "murder mystery night at the village hall tickets",
    "wild swimming group safe places",
    "open water swimming lessons for adults",
    # cooking, DIY, pets and gardening
    "how to use a blowtorch on creme brulee",
    "gas safe engineer to service my boiler",
    "carbon monoxide alarm battery keeps beeping",
    "how long to rest a turkey so it doesnt dry out",
    "dog keeps eating grass is that normal",
    "slug pellets that are safe for pets",
    "chainsaw course for tree surgeon",
    "bonfire permission in my garden",
    "cat has fleas best treatment",
    # routine medicines and appointments
    "can i take ibuprofen with my blood thinners for a sore back",
    "asthma review appointment with the nurse",
    "hay fever tablets for children what age",
    "repeat prescription for my epipens before school starts",
    "how to book a smear test",
    # training courses and services about a topic
    "water safety talk for year 5",
    "county lines awareness training for youth workers",
    "scam awareness talk for our pensioners group",
    "forced marriage unit training for teachers",
    "asist suicide intervention course dates",
    "child protection policy template for a football club",
    # survivors' services about the past, resolved events
    "counselling for adults abused as children",
    "support group for people who lost someone to suicide years ago",
    "was scammed last year how to get my credit score back up",
    "had a house fire last year and still need to claim for smoke damage",
    # ordinary worries and everyday use of an ex or partner
    "my ex is late with child maintenance again",
    "partner snores so loud we cant sleep in same room",
    "worried my mum is getting forgetful memory clinic referral",
    "teenage son wants to go into town on his own is 13 too young",
    "my daughter is being excluded from a friendship group",
]

EVERYDAY: list[str] = [
    "when is my bin colection",
    "green bin didnt get emptied again",
    "council tax single person discount",
    "pay parking fine online",
    "renew library books",
    "report a pothole on my road",
    "damp and mould in my council flat who fixes it",
    "blue badge renewal",
    "help paying for school uniform yr 7",
    "free school meal form where do i send it",
    "universal credit sanction appeal",
    "housing register how long is the wait",
    "bulky waste collection sofa",
    "dropped kerb application",
    "where to get a covid booster",
    "register with a gp near me",
    "nursery places for 2 year olds",
    "respite care for my son he has autism",
    "how to get an ehcp assessment",
    "food bank opening times",
    "help with heating bills over 70",
    "pest control mice in kitchen",
    "tip opening times bank holiday",
    "street light not working",
    "garden waste subscription",
    "council jobs part time",
    "marriage certificate copy",
    "attendance allowance form help",
    "noise complaint neighbours music",
    "youth club fridays",
]
