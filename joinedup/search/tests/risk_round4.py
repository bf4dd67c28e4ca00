"""The fourth crisis round (ADR 13, twelfth session), written for joinedup before any change:
risk phrasings over every kind, with three classes the lead found wrong in the real search (a
child or an adult who has swallowed, taken, eaten or drunk pills or a household poison; a
home, a room or a vehicle on fire; someone with a weapon, breaking in or attacking now), and
everyday look-alikes that share their words (a partner who hurts someone's feelings, cutting
school, harm to an animal, fire safety, kitchen knives, a child's own medicine).

`RISK` is (class, phrasing, the safety kind it must be read as at least: that kind or a more
urgent one in `safety.KINDS` order). The poisoning class must be read as a medical emergency
(the health services then come beneath the panel), the fire class as a fire and the attack
class as an attack now. Every third phrasing of each list (`risk_by_kind.held_out`: the 3rd,
6th, 9th...) is held out: measured before the change and not tuned on.

The figures, before and after, are in ADR 13's twelfth-session addendum.

Borderline look-alikes, decided:

- "my boyfriend hurts my feelings a lot" and its like: no panel, as the third round decided;
  hurt feelings are the everyday words of being upset. "hurts me" or fear of a partner names harm.
- "my girl is cutting school": no panel. Cutting (or skipping, bunking, skiving) school or class
  is truancy; "cutting herself" is in `RISK`.
- harm to an animal ("neighbour hits her dog", "kicks his cat"): no panel. Animal cruelty is
  the RSPCA's, not a risk to a person; threatening a pet to control a partner is abuse and is
  read by the threat ("he threatened to kill the dog if I leave").
- a child's own medicine given or taken as it should be ("my son takes his tablets at school",
  "toddler wont take his medicine"): no panel.
- a fire in the past, or fire safety ("kitchen fire last year need help with repairs", "fire
  alarm fitted"): no panel; the help is housing and fire safety services.
"""

from __future__ import annotations

RISK: list[tuple[str, str, str]] = [
    # suicide
    ("suicide", "i keep thinking everyone would cope fine without me", "suicide"),
    ("suicide", "planning to end my life this weekend", "suicide"),
    ("suicide", "my brother posted that hes done with life", "suicide"),
    ("suicide", "dont want to wake up tomorrow", "suicide"),
    ("suicide", "resident says she has no reason to go on living", "suicide"),
    ("suicide", "feel like killing myself tonight", "suicide"),
    ("suicide", "my dad talks about ending his life", "suicide"),
    ("suicide", "i wanna disappear for good", "suicide"),
    ("suicide", "suicidal and alone", "suicide"),
    # self-harm
    ("self_harm", "my daughter is cutting herself", "self_harm"),
    ("self_harm", "i burn my arms with cigarettes", "self_harm"),
    ("self_harm", "been self harming for months and its getting worse", "self_harm"),
    ("self_harm", "my son bangs his head on the wall until it bleeds", "self_harm"),
    ("self_harm", "young person with fresh self harm wounds", "self_harm"),
    ("self_harm", "urge to hurt myself again", "self_harm"),
    # domestic abuse
    ("domestic", "my partner kicked me in the stomach", "abuse"),
    ("domestic", "my husband chokes me when hes angry", "abuse"),
    ("domestic", "scared to go home to my boyfriend", "abuse"),
    ("domestic", "my ex keeps threatening to take the kids and hurt me", "abuse"),
    ("domestic", "wife slaps me and controls all the money", "abuse"),
    ("domestic", "my girlfriend punches me", "abuse"),
    ("domestic", "he smashed my phone and wont let me leave", "abuse"),
    ("domestic", "my dad beats my mum", "abuse"),
    ("domestic", "my 17 year old son gets violent with me", "abuse"),
    # a child at risk, sexual violence, an older person
    ("child", "the boy next door has bruises on his face again", "abuse"),
    ("child", "my step dad touches me at night", "abuse"),
    ("child", "a grown man is messaging my 12 year old", "abuse"),
    ("sexual", "i was raped at the weekend", "abuse"),
    ("sexual", "someone assaulted me on the way home", "abuse"),
    ("elder", "her carer takes her pension and shouts at her", "abuse"),
    # poisoning: who x verb x substance
    ("poison", "toddler has taken my pills", "medical"),
    ("poison", "my toddler swallowed some tablets", "medical"),
    ("poison", "baby drank some bleach", "medical"),
    ("poison", "my 3 year old has eaten some of my tablets", "medical"),
    ("poison", "the kids got into the medicine cupboard and ate pills", "medical"),
    ("poison", "my son swallowed a button battery", "medical"),
    ("poison", "my 2yo drank washing up liquid", "medical"),
    ("poison", "my daughter has eaten a dishwasher tablet", "medical"),
    ("poison", "grandad drank bleach thinking it was squash", "medical"),
    ("poison", "toddler got into the bleach", "medical"),
    ("poison", "baby has had some of my methadone", "medical"),
    ("poison", "my little boy ate some of nannys heart tablets", "medical"),
    ("poison", "my 4 year old took my paracetamol", "medical"),
    ("poison", "child swallowed a magnet", "medical"),
    ("poison", "my grandson has drunk some antifreeze", "medical"),
    ("poison", "the baby swallowed a battery", "medical"),
    ("poison", "my son drank weedkiller", "medical"),
    ("poison", "my kid ate my vitamin tablets", "medical"),
    # a fire now
    ("fire", "my flat is on fire", "danger"),
    ("fire", "fire in the kitchen", "danger"),
    ("fire", "house fire", "danger"),
    ("fire", "theres smoke coming from next doors flat", "danger"),
    ("fire", "the block of flats is on fire", "danger"),
    ("fire", "our house is burning", "danger"),
    ("fire", "my car is on fire", "danger"),
    ("fire", "the chip pan caught fire", "danger"),
    ("fire", "fire in the hallway and we cant get out", "danger"),
    ("fire", "the bedroom is on fire and my kids are inside", "danger"),
    ("fire", "neighbours house is on fire", "danger"),
    ("fire", "smoke pouring under the front door", "danger"),
    # someone attacking, breaking in or with a weapon now
    ("attack", "man with a knife outside", "danger"),
    ("attack", "someone broke into my house and is still here", "danger"),
    ("attack", "theres a burglar downstairs", "danger"),
    ("attack", "somebody is trying to get in through the window", "danger"),
    ("attack", "a gang with machetes on our street", "danger"),
    ("attack", "i just got stabbed", "danger"),
    ("attack", "someones kicking the front door down", "danger"),
    ("attack", "man outside with a gun", "danger"),
    ("attack", "my mate has been stabbed outside the chippy", "danger"),
    ("attack", "intruder in the house", "danger"),
    ("attack", "i have been mugged at knifepoint", "danger"),
    ("attack", "a lad is waving a knife around in the park", "danger"),
    # other medical emergencies
    ("medical", "my wife collapsed and isnt breathing", "medical"),
    ("medical", "grandad cant wake up", "medical"),
    ("medical", "baby fitting and wont stop", "medical"),
    ("medical", "my friend is unconscious", "medical"),
    ("medical", "husband face drooping and cant speak", "medical"),
    ("medical", "need an ambulance for my mum", "medical"),
    # a mental health crisis
    ("crisis", "my head is falling apart and i cant cope any more", "crisis"),
    ("crisis", "having a massive panic attack", "crisis"),
    ("crisis", "my brother is psychotic and not making sense", "crisis"),
    ("crisis", "going through a mental breakdown", "crisis"),
]

LOOK_ALIKES: list[str] = [
    # hurt feelings
    "my boyfriend hurts my feelings a lot",
    "my husband hurt my feelings",
    "my best friend really hurt my feelings",
    "my mum always hurts my feelings",
    # cutting school and other cuts
    "my girl is cutting school",
    "my son keeps skipping school",
    "my daughter has been cutting class",
    "teenager bunking off school",
    "cutting my working hours",
    # harm to an animal
    "neighbour hits her dog",
    "man down the road kicks his dog",
    "someone is hurting the cats on our street",
    "worried my neighbour is neglecting his horse",
    # fire, not a fire now
    "fire alarm fitted for free",
    "free smoke alarm check for elderly",
    "fire door repairs in council flat",
    "kitchen fire last year need help with repairs",
    "bonfire night events for families",
    "fired from my job",
    "log burner advice",
    "firework display this weekend",
    "fire service cadets for teenagers",
    # knives and break-ins, not now
    "kitchen knives for my new flat",
    "bread knife and chopping board",
    "our shed was broken into last month",
    "new locks after a burglary",
    "home security advice",
    "victim support after being burgled",
    # medicine as it should be, everyday swallowing and eating
    "my son takes his tablets at school",
    "toddler wont take his medicine",
    "my dad has taken his tablets",
    "baby had calpol for teething",
    "help with swallowing tablets",
    "my toddler eats everything in sight",
    "the kids had chips for tea",
    "my dad got into debt",
    "my daughter drank too much at a party",
    "battery for my mobility scooter",
    "cheap bleach and cleaning products",
    "pill organiser for my nan",
    "my child swallows air when she eats",
    # other everyday words
    "dad is on blood thinners and bruises easily",
    "my partner snores and i cant sleep",
    "my husband is always on his phone",
    "my daughter is struggling at school",
    "my son wants to join the army",
    "stab vest for security job",
    "burning question about benefits",
    "my heart is broken after the break up",
    "the boiler is making a banging noise",
    "knock at the door from the council",
    "smoke alarm keeps beeping",
    "someone keeps parking outside my house",
]

# Written after the second pass (the held-out misses made classes), when no more changes were
# planned, and measured before any: the honest figure of how far the classes carry.
FRESH: list[tuple[str, str, str]] = [
    ("poison", "my niece drank some perfume", "medical"),
    ("poison", "toddler chewed a dishwasher pod", "medical"),
    ("poison", "grandson swallowed two of my blood pressure tablets", "medical"),
    ("poison", "my baby girl got into the washing tablets", "medical"),
    ("poison", "our 18 month old ate a slug pellet", "medical"),
    ("poison", "my mum drank white spirit by accident", "medical"),
    ("poison", "my little one has swallowed a coin battery", "medical"),
    ("poison", "the twins ate some of my antidepressants", "medical"),
    ("fire", "fire upstairs and smoke everywhere", "danger"),
    ("fire", "my kitchen is in flames", "danger"),
    ("fire", "flat below is on fire and smoke in our hallway", "danger"),
    ("fire", "the tumble dryer caught fire", "danger"),
    ("fire", "caravan on fire", "danger"),
    ("attack", "a man is smashing my window with a hammer", "danger"),
    ("attack", "someone just broke into our flat", "danger"),
    ("attack", "theres men with knives fighting outside", "danger"),
    ("attack", "my son was stabbed tonight", "danger"),
    ("attack", "somebody pulled a knife on me", "danger"),
    ("attack", "intruders in my garden with torches", "danger"),
    ("suicide", "i have the pills ready to end it", "suicide"),
    ("suicide", "my friend says she wants to die", "suicide"),
    ("self_harm", "my boy has been cutting his arms", "self_harm"),
    ("domestic", "my husband threw me down the stairs", "abuse"),
    ("domestic", "boyfriend locks me in the flat", "abuse"),
    ("child", "a man keeps messaging my 11 year old on snapchat", "abuse"),
    ("elder", "my nans carer is stealing from her", "abuse"),
    ("medical", "dad collapsed and is not breathing", "medical"),
    ("medical", "my son hit his head and is being sick and drowsy", "medical"),
    ("crisis", "my wife is having a psychotic episode", "crisis"),
    ("crisis", "cant cope any more and everything is falling apart", "crisis"),
]

FRESH_EVERYDAY: list[str] = [
    "fire extinguisher training for our staff",
    "my son wants to be a firefighter",
    "fire and rescue open day",
    "knife skills class for teenagers",
    "burglary prevention advice for older people",
    "my daughter swallowed her pride and said sorry",
    "toddler eats sand at the park",
    "my son takes tablets for his adhd",
    "childproof locks for cupboards",
    "my husbands words hurt my feelings",
    "my son is skipping lessons",
    "my cat was hit by a car",
    "my dog bit my neighbour",
    "our landlord has cut the heating hours",
    "the kids are fighting over the ipad",
    "my partner slams doors when hes in a mood",
    "smoke from next doors bbq",
    "bonfire smoke from the allotments",
    "hot water bottle for my nan",
    "my dad has a burglar alarm that keeps going off",
]
