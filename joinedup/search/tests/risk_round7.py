"""The seventh crisis round (ADR 13, fifteenth session): classes the sixth round left open, said
the way residents, worried friends and practitioners type. Written for joinedup before any
change of this round, none repeating an earlier corpus or the shared examples file.

Each risk phrasing belongs to a class; the class says which kinds count as reading it
(`ACCEPTED`: any one of them must be among the signal's kinds) and, for some, which national
number the panel must put first and whether it shows the silent-call line (`FIRST`):

- `suicide`, `self_harm`: thoughts or acts of the writer or of someone they are worried about.
- `overdose`: too much of a medicine or a drug already taken: a medical emergency first.
- `ex_near`: a partner or an ex turning up, waiting or watching outside, at the door, at work
  or at the children's school, or breaching an order that keeps them away. Danger from someone
  close: the domestic abuse helpline first, and the silent call.
- `someone_else`: a friend, a relative, a neighbour or a colleague harmed by their partner,
  said by the person worried about them. The helpline first, the silent call.
- `child`: a child harmed or at risk, seen, told of or worried about.
- `sexual`: rape, sexual assault, a drink drugged, coercion into sexual acts.
- `older`: an older person harmed, robbed or neglected by a carer, a lodger or a relative.
- `attack`: someone not named as a partner or relative attacking, abducting, threatening to
  kill or armed now, in public or at home. 999 first in words, NHS 111 the first number, the
  silent call.

`LOOK_ALIKES` must show no panel: following on social media, hyperbole ("will kill me if"),
tools that are blades, money chased, an ex or a partner at the door for an everyday reason,
fighting and shooting in their everyday senses.

`RISK` and `LOOK_ALIKES` were measured before any change and tuned on; `FRESH` and
`FRESH_LOOK_ALIKES` (below, when written) were written after the tuning and measured without
any further change. The figures are in ADR 13's fifteenth-session addendum.
"""

from __future__ import annotations

# Any one of these kinds read counts as reading the class.
ACCEPTED: dict[str, frozenset[str]] = {
    "suicide": frozenset({"suicide", "medical"}),
    "self_harm": frozenset({"self_harm", "suicide"}),
    "overdose": frozenset({"medical"}),
    "ex_near": frozenset({"abuse", "attack", "danger"}),
    "someone_else": frozenset({"abuse"}),
    "child": frozenset({"abuse", "attack", "danger"}),
    "sexual": frozenset({"abuse"}),
    "older": frozenset({"abuse"}),
    "attack": frozenset({"attack", "danger"}),
}

# The first national number and the silent call, for the classes where they are decided.
FIRST: dict[str, tuple[str, bool]] = {
    "overdose": ("NHS 111", False),
    "ex_near": ("National Domestic Abuse Helpline", True),
    "someone_else": ("National Domestic Abuse Helpline", True),
    "attack": ("NHS 111", True),
}

RISK: list[tuple[str, str]] = [
    # thoughts or plans of suicide
    ("suicide", "ive decided tonights the night im going to end it"),
    ("suicide", "my son texted sorry for everything and now his phone is off"),
    ("suicide", "service user expressing intent to end life"),
    ("suicide", "dont see the point of living anymore"),
    ("suicide", "been looking up how to hang myself"),
    ("suicide", "my girlfriend is standing on the edge of the multi storey"),
    ("suicide", "no reason to carry on since the divorce i want out"),
    # self-harm
    ("self_harm", "i hurt myself on purpose when it gets too much"),
    ("self_harm", "my 15 yr old has been cutting her thighs"),
    ("self_harm", "yp disclosed self harming with blades"),
    ("self_harm", "been banging my head against the wall till it bleeds"),
    ("self_harm", "my wife has started cutting herself again"),
    # an overdose taken
    ("overdose", "my mum has taken all her antidepressants at once"),
    ("overdose", "client took 30 paracetamol this morning"),
    ("overdose", "boyfriend injected way too much heroin and hes gone blue"),
    ("overdose", "i swallowed a full box of sleeping tablets an hour ago"),
    # a partner or an ex near, watching or breaching an order
    ("ex_near", "my ex is sat outside my house in his car"),
    ("ex_near", "ex boyfriend keeps waiting for me outside work"),
    ("ex_near", "he has a non molestation order but hes at my door right now"),
    ("ex_near", "my ex partner is hammering on the front door"),
    ("ex_near", "ex has broken his restraining order and is outside the kids school"),
    ("ex_near", "my ex keeps showing up at my flat at night"),
    ("ex_near", "my husband found out where i live and is outside"),
    ("ex_near", "the kids dad is parked at the end of my road watching the house"),
    # someone else harmed by their partner
    ("someone_else", "think my best friends boyfriend is beating her"),
    ("someone_else", "my neighbour keeps getting black eyes from her husband"),
    ("someone_else", "worried about my mum her new partner is violent to her"),
    ("someone_else", "my brothers girlfriend hits him and he wont say anything"),
    ("someone_else", "i can hear the man upstairs battering his wife"),
    ("someone_else", "colleague came in with marks on her neck and says her partner did it"),
    # a child harmed or at risk
    ("child", "just watched a woman slap her toddler round the face in the shop"),
    ("child", "the lad next door has burns on his arms and his stepdad is rough with him"),
    ("child", "a man at the bus stop keeps trying to take photos of my daughter"),
    ("child", "my 11 year old has been asked to send pics by someone online"),
    ("child", "child in my class says her dad hurts her when mum is out"),
    # sexual violence
    ("sexual", "someone put something in my drink and i think they did stuff to me"),
    ("sexual", "woke up with no memory and my clothes off after a night out"),
    ("sexual", "my manager forced himself on me at the christmas party"),
    ("sexual", "my cousin keeps making me do sexual things"),
    ("sexual", "pt disclosed being raped by an acquaintance last week"),
    # an older person harmed
    ("older", "carer leaves my granddad in soiled sheets all day and shouts at him"),
    ("older", "elderly lady down the road says her grandson hits her"),
    ("older", "my nan is frightened of her lodger he takes her pension"),
    ("older", "my aunties son has moved in and she is too scared to say no to him"),
    # an attack, an abduction, a threat to kill or a weapon now, no one close named
    ("attack", "a van pulled up and two men tried to drag my son in"),
    ("attack", "someone tried to pull me into their car on the way home"),
    ("attack", "group of teens kicking a man on the floor outside the chippy"),
    ("attack", "lads jumping a boy by the station"),
    ("attack", "man on the bus says hes going to stab everyone"),
    ("attack", "a guy in the shop is threatening to shoot people"),
    ("attack", "people fighting with knives on my street"),
    ("attack", "someone is smashing my windows and trying to get in"),
    ("attack", "a man is following me and i think hes got a knife"),
    ("attack", "my neighbour is threatening to burn my house down"),
    ("attack", "strangers keep trying to get my daughter into their car after school"),
    ("attack", "my son has been stabbed and hes losing blood"),
]

LOOK_ALIKES: list[str] = [
    # following on social media
    "loads of people started following me on twitter",
    "how do i stop randoms following my account",
    "a famous footballer followed me back on insta",
    "my ex keeps liking my posts on facebook",
    # hyperbole
    "my mum will kill me if i fail my exams",
    "im going to murder my brother for eating my last biscuit",
    "my boss will kill me if im late again",
    "my kids are driving me to an early grave",
    "this commute is murder",
    # tools that are blades, and other tools
    "where to buy a billhook for hedge laying",
    "axe for chopping firewood",
    "stanley knife for carpet fitting course",
    "sharpening my garden shears",
    "my dad needs a new hammer for his shed",
    # money chased
    "being hounded by my energy supplier for arrears",
    "debt collectors keep phoning me every day",
    "the council are chasing me for council tax",
    "bailiffs turned up at my door today",
    # an ex or a partner near for an everyday reason
    "my ex turned up late to collect the kids",
    "my ex is outside waiting to pick up our son",
    "my partner is waiting for me outside the gp",
    "ex husband wont pay for school uniform",
    # fighting, shooting, cars in their everyday senses
    "my son got into a scrap at school",
    "boxing club for my son",
    "need someone to drive me to my hospital appointment",
    "shot a video at the park for school",
    "my toddler hits other kids at nursery",
    "my husband is shouting at the football on tv",
    "my teenage son keeps slamming doors",
    "gang show at the scout hut",
    "car boot sale this sunday",
    "fighting fit exercise class for over 60s",
]

# Written after the tuning, when no more changes were planned, and measured before any: how far
# the round carries to phrasings it was not tuned on (ADR 13, fifteenth session).
FRESH: list[tuple[str, str]] = [
    ("suicide", "my uncle keeps saying he wont be around much longer and gave me his watch"),
    ("suicide", "cant keep going like this ive got the tablets ready"),
    ("suicide", "su has made a plan to end things on friday"),
    ("self_harm", "girl in my class burns herself with cigarettes"),
    ("self_harm", "started cutting again after 2 years clean"),
    ("overdose", "my flatmate drank a bottle of methadone and is really drowsy"),
    ("overdose", "dad took his whole weeks worth of heart tablets in one go"),
    ("ex_near", "my ex is banging on the window screaming my name"),
    ("ex_near", "ex keeps parking across the road from my flat at night"),
    ("ex_near", "the guy i left has been waiting by my car after work"),
    ("ex_near", "my ex boyfriend was spotted outside my new place and i have a court order"),
    ("someone_else", "pretty sure my sisters fella is knocking her about"),
    ("someone_else", "neighbour came round crying with a bloody nose said her husband did it"),
    ("someone_else", "my granddaughters boyfriend keeps pushing her around"),
    ("child", "boy in my sons class says his mum burns him with a lighter"),
    ("child", "some older lads are paying my 13 yr old to carry packages"),
    ("child", "my niece is being messaged by a 30 year old man who wants to meet her"),
    ("sexual", "a guy at uni keeps pressuring me into sex and wont take no"),
    ("sexual", "something was slipped into my drink at the club"),
    ("older", "my grandmas neighbour has been taking her shopping money and shes frightened"),
    ("older", "great aunts nephew has taken over her bank and she hasnt eaten properly in weeks"),
    ("attack", "some men are hitting a woman outside the shop"),
    ("attack", "a car keeps circling and the man inside tried to grab my daughter"),
    ("attack", "bloke on the tram waving a screwdriver at people"),
    ("attack", "someones just been stabbed outside the kebab shop"),
    ("attack", "a guy has threatened to come back and shoot us all"),
]

FRESH_LOOK_ALIKES: list[str] = [
    "my followers on tiktok keep dropping",
    "i could kill for a cup of tea",
    "my coach will kill us if we lose on saturday",
    "axe throwing party ideas",
    "need a saw to cut up an old wardrobe",
    "bought a machete for the jungle trek",
    "the gas company keeps chasing me for a bill i paid",
    "being harassed by a debt collection agency",
    "my ex is picking up the kids from school today",
    "my ex boyfriend keeps texting asking to get back together",
    "my son came home with a bloody nose from rugby",
    "my daughter was late home from the party",
    "kids playing hide and seek in the car park",
    "my husband is standing outside the school waiting for our son",
    "stray cat keeps following me home",
    "spider in the bath help",
]
