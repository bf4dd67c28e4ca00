"""Risk said by kind (ADR 13, tenth-session addendum), written for joinedup: twelve kinds of
risk a person may type without the words the earlier corpora hold (indirect talk of suicide,
self-harm, overdose, stalking, coercive control and economic abuse, forced marriage and
honour-based abuse, sexual violence told indirectly, a child at risk, an older person's abuse,
immediate danger, exploitation, a young person thrown out or needing somewhere safe), and
look-alikes in an everyday sense.

Every third phrasing of each list (the 3rd, 6th, 9th...) was held out: its panel was recorded
before any change and no change was made for it. `RISK` is (kind of risk, phrasing, the safety
kind it must be read as at least).
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

RISK: list[tuple[str, str, str]] = [
    ("suicide_indirect", "the people i love would be happier if i just wasnt here", "suicide"),
    ("suicide_indirect", "so tired of everything, i just want it to stop", "suicide"),
    (
        "suicide_indirect",
        "given my dog to my sister and sorted my will, wont need anything after this week",
        "suicide",
    ),
    ("suicide_indirect", "i keep thinking about driving into a wall on the motorway", "suicide"),
    ("suicide_indirect", "my sister says she cant keep living like this much longer", "suicide"),
    ("suicide_indirect", "cant see myself still being here at christmas", "suicide"),
    ("suicide_indirect", "my dad has bought rope and keeps going to the garage", "suicide"),
    ("suicide_indirect", "left letters for my children on the kitchen table", "suicide"),
    ("self_harm", "i bang my head against the wall when it gets too much", "self_harm"),
    ("self_harm", "my daughter has plasters all up her arms and wont say why", "self_harm"),
    ("self_harm", "been carving words into my thigh", "self_harm"),
    ("self_harm", "found razor blades hidden in my sons pencil case", "self_harm"),
    ("self_harm", "i stop eating to punish my body", "self_harm"),
    ("self_harm", "she keeps burning her skin with a hot spoon", "self_harm"),
    ("self_harm", "picking at my skin till its raw because i deserve it", "self_harm"),
    ("overdose", "my mum swallowed a whole pack of her sleeping tablets", "suicide"),
    ("overdose", "took 30 paracetamol an hour ago and feel sick", "suicide"),
    ("overdose", "drank a bottle of vodka with my antidepressants on purpose", "suicide"),
    ("overdose", "found my boyfriend unconscious with empty pill packets round him", "suicide"),
    ("overdose", "injected double my insulin to make it all go away", "suicide"),
    ("overdose", "ive had 20 co-codamol tonight", "suicide"),
    ("stalking", "a man from work keeps turning up outside my house", "abuse"),
    ("stalking", "my ex made a fake account to message me after i blocked him", "abuse"),
    ("stalking", "someone has put a tracker on my car", "abuse"),
    ("stalking", "he sits in his car at the end of my road every night", "abuse"),
    ("stalking", "getting hundreds of messages a day from a guy i went on one date with", "abuse"),
    ("stalking", "he leaves notes on my doorstep even though i moved house to get away", "abuse"),
    ("coercive", "my husband gives me an allowance and checks every receipt", "abuse"),
    ("coercive", "he took out loans in my name and i cant say no to him", "abuse"),
    ("coercive", "i have to ask his permission to see my own mum", "abuse"),
    ("coercive", "she goes mad if i spend any money without asking her", "abuse"),
    ("coercive", "he tells me what to wear and who i am allowed to talk to", "abuse"),
    ("coercive", "my partner keeps my wages and gives me ten pounds a week", "abuse"),
    ("forced_marriage", "my parents are taking me abroad to marry a man ive never met", "abuse"),
    (
        "forced_marriage",
        "my family say i have brought shame on them and my brothers watch everything i do",
        "abuse",
    ),
    ("forced_marriage", "they have booked a flight for my wedding and i dont want to go", "abuse"),
    ("forced_marriage", "my cousin will be punished for having a boyfriend", "abuse"),
    (
        "forced_marriage",
        "my uncle said they will disown me or worse if i marry who i want",
        "abuse",
    ),
    ("forced_marriage", "they took my passport so i cant leave before the wedding", "abuse"),
    ("sexual", "woke up at his flat and dont remember what happened and i hurt", "abuse"),
    ("sexual", "i said no but he didnt stop", "abuse"),
    ("sexual", "he made me do stuff i didnt want to at the party", "abuse"),
    ("sexual", "my date wouldnt take no for an answer", "abuse"),
    (
        "sexual",
        "i think something happened to me when i was drunk last night and i feel dirty",
        "abuse",
    ),
    ("sexual", "my manager corners me in the stockroom and puts his hands on me", "abuse"),
    ("child", "a girl in my class told me her dad comes into her room at night", "abuse"),
    ("child", "my sons friend said he gets locked in the shed when hes naughty", "abuse"),
    ("child", "the baby next door cries constantly and i never see an adult", "abuse"),
    ("child", "my 10 year old nephew says mummys boyfriend hurts him", "abuse"),
    ("child", "pupil came in with a handprint on her face", "abuse"),
    ("child", "my niece is too scared to go home because of her stepdad", "abuse"),
    ("elder", "my grandson has moved in and wont let me see my friends", "abuse"),
    ("elder", "the lady next door is 89 and her son screams at her for hours", "abuse"),
    ("elder", "my dads new wife wont let us visit him and is selling his things", "abuse"),
    ("elder", "staff at the home leave my mum in the dark without her call bell", "abuse"),
    ("elder", "my nephew makes me hand over my pension every week", "abuse"),
    ("elder", "grandad cries when the carer arrives and has stopped eating", "abuse"),
    ("danger", "hes outside the door shouting that hell get me", "danger"),
    ("danger", "hes got a knife", "danger"),
    ("danger", "my neighbour is coming at me with a hammer", "danger"),
    ("danger", "there are men in balaclavas outside my house", "danger"),
    ("danger", "my partner has locked us in and taken my phone", "danger"),
    ("danger", "hes drunk and smashing up the house and the kids are upstairs", "danger"),
    ("danger", "someone is kicking my door in", "danger"),
    ("danger", "he just poured petrol through my letterbox", "danger"),
    (
        "exploitation",
        "my son comes home with new trainers and cash and disappears for days",
        "abuse",
    ),
    ("exploitation", "strangers are using my flat to deal from and i cant get them out", "abuse"),
    ("exploitation", "my boss keeps my passport and i work seven days for no pay", "abuse"),
    ("exploitation", "the men who brought me here say i owe them for the journey", "abuse"),
    (
        "exploitation",
        "my 15 year old keeps going missing and came back with a second phone",
        "abuse",
    ),
    ("exploitation", "a gang has taken over my brothers flat", "abuse"),
    (
        "thrown_out",
        "im 16 and got kicked out, staying with an older guy who wants stuff in return",
        "abuse",
    ),
    ("thrown_out", "sofa surfing and the man whose flat it is keeps coming into my room", "abuse"),
    ("thrown_out", "my stepdad threw me out after he hit me and ive nowhere to go", "abuse"),
    ("thrown_out", "need somewhere safe to sleep tonight", "abuse"),
    ("thrown_out", "17 and sleeping in the park because home isnt safe", "abuse"),
    ("thrown_out", "looking for somewhere safe to live with my kids", "abuse"),
]

# Everyday needs with the same words (dying to, killer, safe from an illness, the weather or
# scams, safe places for things, weddings, missing phones): no panel.
LOOK_ALIKES: list[str] = [
    "dying to see the new exhibition",
    "killer deals on school uniform",
    "how to stay safe from covid at the day centre",
    "keeping safe in the heatwave",
    "staying safe from scams online",
    "my phone is dead and i need to charge it",
    "somewhere to hang the washing in my flat",
    "fireworks safety for dogs",
    "my dog is scared of the hoover",
    "shooting stars astronomy evening",
    "the heat is killing my tomato plants",
    "i could murder a cup of tea",
    "forced to move house because the rent went up",
    "dead tired after night shifts",
    "escape room for team building",
    "cutting edge computer course",
    "marriage preparation course",
    "help arranging my daughters wedding",
    "safe place to park my mobility scooter",
    "somewhere safe to store my bike",
    "safe spaces for autistic teenagers",
    "staying safe on the roads as an older driver",
    "debt collectors keep ringing me",
    "my neighbours dog barks all night",
    "lost my passport, how do i get a new one",
    "tablets to help me sleep on a long flight",
    "stop my toddler climbing out of his cot",
    "girls night out ideas",
    "registering a marriage at the register office",
    "my son is moving out to live with his girlfriend",
    "temporary accommodation while my house is repaired",
    "somewhere to stay after leaving hospital",
    "need somewhere to stay while my flat is treated for bedbugs",
    "protect my house from flooding",
    "stay safe from the cold this winter",
    "keeping chickens safe from bird flu",
    "scouts gang show tickets",
    "sofa bed for the spare room",
    "my daughter keeps losing her phone",
    "new trainers for my son's football club",
    "second hand phone shop",
    "my mum keeps her pension in the post office",
    "how to keep safe from falls at home",
]


# Written after the patterns had been changed for RISK (held-out third included), before any
# further change: 11 of these 24 got the panel. All but one of the misses then became classes of
# pattern; "looked up the tide times and the cliffs near here" is left unread (no pattern or
# prototype read it without reading walking groups and tide tables too).
FRESH: list[tuple[str, str, str]] = [
    ("suicide_indirect", "ive been saying goodbye to people without them knowing", "suicide"),
    ("suicide_indirect", "looked up the tide times and the cliffs near here", "suicide"),
    ("self_harm", "my 13 year old has been hurting her arms with a compass at school", "self_harm"),
    (
        "self_harm",
        "i snap a hair band on my wrist until it bleeds and its not enough any more",
        "self_harm",
    ),
    ("overdose", "my brother necked a load of his methadone and is really drowsy", "suicide"),
    ("overdose", "swallowed everything in the medicine cabinet", "suicide"),
    ("stalking", "the same car has followed me home three nights running", "danger"),
    ("stalking", "my ex knows everything i post and where i go, hes hacked my accounts", "abuse"),
    (
        "coercive",
        "my wife has all the passwords and i have to show her my bank app every night",
        "abuse",
    ),
    (
        "coercive",
        "he says no one else would ever want me and im not allowed a bank account",
        "abuse",
    ),
    (
        "forced_marriage",
        "my dad says im marrying my cousin this summer whether i like it or not",
        "abuse",
    ),
    ("forced_marriage", "my friends family are sending her back home to be married at 15", "abuse"),
    ("sexual", "a taxi driver did something to me on the way home and i froze", "abuse"),
    ("sexual", "my step brother makes me do things when mums at work", "abuse"),
    (
        "child",
        "the little boy across the landing is always alone and has marks on his legs",
        "abuse",
    ),
    (
        "child",
        "my daughters dance teacher messages her at night and tells her to keep it secret",
        "abuse",
    ),
    ("elder", "my aunts lodger has got her to sign her house over to him", "abuse"),
    ("elder", "my gran is left sitting in her own mess for hours at the home", "abuse"),
    ("danger", "someones setting fire to the bins outside my door and shouting my name", "danger"),
    ("danger", "hes got a gun and says hell use it", "danger"),
    (
        "exploitation",
        "the car wash guys sleep in a container and hand their wages to the boss",
        "abuse",
    ),
    (
        "exploitation",
        "older lads gave my son weed and now say he has to pay them back by running stuff",
        "abuse",
    ),
    (
        "thrown_out",
        "15 and mums new partner told me to get out, sleeping in the stairwell",
        "danger",
    ),
    ("thrown_out", "need a safe bed tonight away from him", "abuse"),
]

FRESH_LOOK_ALIKES: list[str] = [
    "looking for a cliff top walking group",
    "tide times for the beach clean",
    "my son is hurting after his exam results",
    "my grandad sleeps in his chair all day",
    "kids football team needs a new coach",
    "lodger wanted for my spare room",
    "help signing my house over to my children",
    "car wash fundraiser for the school",
    "stairwell lights broken in our block",
    "bins keep getting set on fire in our area",
    "safe bed for my baby, cot advice",
    "marrying my partner next year, need venue ideas",
]


def held_out(items: list[T]) -> list[T]:
    """Every third item: the phrasings no change was made for."""
    return [x for i, x in enumerate(items) if i % 3 == 2]
