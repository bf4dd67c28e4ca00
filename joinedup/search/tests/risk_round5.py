"""The fifth crisis round (ADR 13, thirteenth session): does the crisis panel lead with the
right help? Written for joinedup before any change, none repeating an earlier corpus or the
shared examples file. Each phrasing belongs to a class, and the class says what the panel must
do (`LEADS`): which kind leads it, which national number comes first, and whether it shows the
silent-call line (press 55).

- `overdose`: someone (the writer or another adult) has already taken too much of a medicine
  or a drug. A medical emergency first: the panel says to call 999 for someone seriously ill,
  lists NHS 111 first and Samaritans still, and no silent call (the caller must speak to be
  sent an ambulance).
- `intent`: thoughts or plans of an overdose with nothing taken yet. Thoughts of suicide:
  Samaritans first, no silent call.
- `weapon`: someone with a knife, a gun or another weapon here now, not named as a partner or
  relative. An attack: the silent call stays (someone dangerous is near). Since the sixth
  round (ADR 13, fourteenth session) NHS 111 comes first, not the abuse helpline; "my son has
  been carrying a knife" moved to `abuser_weapon` then, as the son is a relative.
- `abuser_weapon`: a partner or relative with a weapon. Abuse and an attack: the National
  Domestic Abuse Helpline first and the silent call.
- `family_abuse`: harm or threats from a partner or relative, a young person put out with a
  blow or a threat among the words. Abuse: the helpline first and the silent call.
- `cold`: someone vulnerable (a baby, a child, an older or ill person) in a home without heat
  or power. `put_out`: a young person put out by their family or with nowhere to sleep
  tonight, no blow or threat said. `hunger`: days without food. These are danger to health
  from where someone is, not from a person near: NHS 111 first, then Samaritans, and no
  silent call (ADR 13, thirteenth-session addendum).

`RISK` and `LOOK_ALIKES` were measured before any change and tuned on; `FRESH` and
`FRESH_LOOK_ALIKES` were written after the first pass and measured before the second. The
figures are in ADR 13's thirteenth-session addendum.

`LOOK_ALIKES` are everyday searches for services that share the words (knife crime projects,
fire safety, a prescription, first aid, cold weather payments, a medicine review), which must
not show a panel. Borderline, decided: "my son has been carrying a knife" shows the panel (a
child carrying a weapon is a risk now; a missed one costs more), "knife crime prevention youth
project" does not.
"""

from __future__ import annotations

# What each class's panel must lead with: the kind read first (`Signal.leading[0]`), the first
# national number (a name in `crisis.NATIONAL_ORDER`'s contacts) and the silent call.
LEADS: dict[str, tuple[str, str, bool]] = {
    "overdose": ("medical", "NHS 111", False),
    "intent": ("suicide", "Samaritans", False),
    "weapon": ("attack", "NHS 111", True),
    "abuser_weapon": ("attack", "National Domestic Abuse Helpline", True),
    "family_abuse": ("abuse", "National Domestic Abuse Helpline", True),
    "cold": ("exposure", "NHS 111", False),
    "put_out": ("exposure", "NHS 111", False),
    "hunger": ("exposure", "NHS 111", False),
}

RISK: list[tuple[str, str]] = [
    # an overdose taken
    ("overdose", "i took too many pills"),
    ("overdose", "ive taken an overdose"),
    ("overdose", "swallowed a whole packet of paracetamol"),
    ("overdose", "just necked a load of my antidepressants"),
    ("overdose", "my mum has overdosed on her sleeping tablets"),
    ("overdose", "my flatmate took a whole box of ibuprofen an hour ago"),
    ("overdose", "i swallowed all my sertraline"),
    ("overdose", "my son has taken an overdose"),
    ("overdose", "took 30 paracetamol last night and feel sick"),
    ("overdose", "my sister took loads of tablets and is really drowsy"),
    ("overdose", "think my boyfriend has overdosed"),
    ("overdose", "my friend od'd on heroin"),
    ("overdose", "i have taken all of my insulin"),
    ("overdose", "dad took double his morphine on purpose"),
    ("overdose", "she swallowed a bottle of pills to end it"),
    ("overdose", "partner has taken too much methadone"),
    ("overdose", "overdosed"),
    ("overdose", "i just took 20 co codamol with vodka"),
    # thoughts or plans of an overdose, nothing taken
    ("intent", "thinking about taking an overdose"),
    ("intent", "i want to take all my pills and never wake up"),
    ("intent", "been saving up my tablets to end it"),
    ("intent", "how many sleeping tablets would kill me"),
    ("intent", "going to overdose tonight"),
    ("intent", "planning to take all my meds at once"),
    ("intent", "i keep thinking about swallowing the whole packet"),
    # a weapon here now, no partner or relative named
    ("weapon", "someone has a knife"),
    ("weapon", "theres a man with a knife outside"),
    ("weapon", "hes got a gun"),
    ("weapon", "a lad in the shop has a blade"),
    ("weapon", "someone in the street has a gun"),
    ("weapon", "guy on the bus has a knife"),
    ("weapon", "they have got knives"),
    ("weapon", "kids at the bus stop have got machetes"),
    ("weapon", "a man has a knife to my friends throat"),
    ("weapon", "she has a knife and says she will use it"),
    ("weapon", "someone pulled a gun"),
    ("weapon", "the man next door has a shotgun and is shouting"),
    ("weapon", "theres a bloke with a machete"),
    # a partner or relative with a weapon
    ("abuser_weapon", "my husband has got a knife"),
    ("abuser_weapon", "my ex has a gun and says hes coming here"),
    ("abuser_weapon", "boyfriend is holding a knife to me"),
    ("abuser_weapon", "my stepdad has a knife and is drunk"),
    ("abuser_weapon", "my son has been carrying a knife"),
    # harm or threats from a partner or relative
    ("family_abuse", "my dad hit me and kicked me out"),
    ("family_abuse", "mum threw me out after she slapped me"),
    ("family_abuse", "my partner threatened to kill me if i leave"),
    ("family_abuse", "my brother beats me when our parents are out"),
    ("family_abuse", "husband strangled me last night"),
    ("family_abuse", "my girlfriend pushed me down the stairs"),
    # a cold home with someone vulnerable
    ("cold", "no heating and my baby is freezing"),
    ("cold", "gas has been cut off and my newborn is freezing"),
    ("cold", "electric ran out and the toddler is freezing"),
    ("cold", "my dad is on oxygen and we have no power"),
    ("cold", "power cut and my mum needs her oxygen"),
    ("cold", "no heating and a 3 month old baby"),
    ("cold", "nan is freezing in her flat"),
    ("cold", "run out of gas and our baby is so cold"),
    # a young person put out, nowhere to sleep
    ("put_out", "my parents kicked me out and i have nowhere to sleep tonight"),
    ("put_out", "im 15 and mum told me to leave"),
    ("put_out", "my 16 year old was thrown out and is sleeping in a park"),
    ("put_out", "17 and sleeping rough"),
    ("put_out", "my dad kicked me out and im only 16"),
    ("put_out", "im 14 and got chucked out"),
    ("put_out", "my stepmum threw me out im 17 and sleeping in a car"),
    # days without food
    ("hunger", "we havent eaten for three days"),
    ("hunger", "kids have not had any food since friday"),
    ("hunger", "i havent eaten in days"),
]

LOOK_ALIKES: list[str] = [
    # knives, guns and weapons as services or tools
    "knife crime prevention youth project",
    "knife crime awareness talk for schools",
    "youth work on knife crime",
    "knife amnesty bin near me",
    "knife sharpening service",
    "gun club for beginners",
    "weapons awareness workshop",
    # fire as safety or a service
    "fire safety check",
    "free fire safety visit",
    "home fire risk assessment",
    "fire alarm for a deaf person",
    # medicines as prescriptions and advice
    "paracetamol prescription",
    "repeat prescription for my sertraline",
    "medicine review with a pharmacist",
    "my dad forgets to take his tablets",
    "overdose awareness training for staff",
    "naloxone training",
    "pill dispenser for my mum",
    "how to get my methadone script moved",
    # first aid
    "first aid training for parents",
    "paediatric first aid session",
    "defibrillator training",
    # cold, heat and food as hardship
    "cold weather payment",
    "help with heating costs",
    "warm spaces this winter",
    "winter fuel payment",
    "my flat is cold and damp",
    "help with energy bills with a baby",
    "help from a food pantry",
    "free school meals",
    # housing and leaving home as services
    "supported housing for 16 to 17 year olds",
    "my son wants to move out",
    "leaving care at 18",
    "moving out of my parents house",
    "homeless advice",
]

# Written after the first pass, when no more changes were planned, and measured before any: how
# far the classes carry to phrasings they were not tuned on (ADR 13, thirteenth session).
FRESH: list[tuple[str, str]] = [
    ("overdose", "my husband swallowed a month of his tramadol"),
    ("overdose", "i took a bunch of diazepam and now i feel scared"),
    ("overdose", "teenage son took 16 paracetamol at school"),
    ("overdose", "my housemate has od'd and is making weird noises"),
    ("overdose", "gran took her tablets twice by mistake"),
    ("overdose", "i took too much ketamine"),
    ("intent", "want to swallow everything in the medicine cabinet"),
    ("intent", "tonight i'm going to take every pill i have"),
    ("weapon", "guy outside the pub has got a blade"),
    ("weapon", "some lads have knives by the park gates"),
    ("weapon", "a man is holding a gun in the car park"),
    ("weapon", "a woman is waving a knife at people"),
    ("weapon", "theres someone with a gun at school"),
    ("abuser_weapon", "my brother has a knife and says he will kill me"),
    ("abuser_weapon", "ex boyfriend has a machete outside"),
    ("family_abuse", "my son punches me when he wants money"),
    ("cold", "boiler has packed up and my 6 week old is freezing"),
    ("cold", "electricity has been cut off and dad needs his oxygen machine"),
    ("cold", "my granny is so cold in bed and the heating is broken"),
    ("put_out", "my mum threw me out and im 15 with nowhere to go"),
    ("put_out", "my foster parents kicked me out and i have nowhere to stay"),
    ("put_out", "16 and sleeping on a bench"),
    ("hunger", "i have not eaten anything for four days"),
    ("hunger", "the children havent had a meal since yesterday"),
]

FRESH_LOOK_ALIKES: list[str] = [
    "anti knife crime charity",
    "knife safety for chefs",
    "gun licence renewal",
    "fire safety training for carers",
    "paracetamol for a fever in a toddler",
    "tablets to help me sleep",
    "medication review at the pharmacy",
    "first aid kit for the car",
    "heating grant for families",
    "warm home discount",
    "boiler repair grant",
    "moving out at 17",
    "youth homelessness prevention",
    "my son is always hungry",
]
# Measured with the look-alikes above and decided otherwise: "overdose prevention service" keeps
# its panel (thoughts of suicide, Samaritans first), as "suicide prevention" does (ADR 13): the
# words of a service about a risk to life, where a missed crisis costs more than a panel.
DECIDED_PANELS: list[str] = ["overdose prevention service"]
