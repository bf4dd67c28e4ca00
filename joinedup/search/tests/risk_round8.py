"""The eighth crisis round: a held-out set, written blind by a session helper on 2026-12-07,
before the learned trigger was wired in, to measure that change once.

Blind means that none of these texts was run through the crisis detection, search or any bench
script while it was written, and that neither the patterns, the meaning model's prototypes nor
the shared examples file were read: the texts are how residents, worried friends, teenagers,
older people and practitioners type into a council or NHS search box on a phone, not what the
system is known to catch. Earlier corpora were read only to make sure no text here repeats one
of theirs verbatim. Measure the set once; do not tune on it (a set tuned on is no longer held
out).

Each risk phrasing belongs to a class; the class says which kinds count as reading it
(`ACCEPTED`: any one of them must be among the signal's kinds, so reading a class is not having
to name it exactly: a child at risk read as danger is read):

- `suicide`: thoughts, plans or farewells of the writer or of someone they are worried about,
  said plainly or indirectly (a goodbye message, things given away, "no point anymore").
- `self_harm`: harm done to oneself on purpose, the writer's or someone else's.
- `overdose`: too much of a medicine or a drug already taken, or a poison swallowed.
- `abuse`: harm, threats, stalking or control (money, phone, being locked in, kept from family)
  by a partner or an ex, said by the person, by someone worried about them or in a case note.
- `child`: a child harmed, neglected, exploited or groomed online or in person, seen, told of or
  in the child's own words.
- `sexual`: rape, sexual assault or coercion into sexual acts.
- `older`: an older or disabled person harmed, neglected or robbed by a carer or a relative.
- `attack`: someone not named as a partner attacking, armed or breaking in now.
- `fire`: a fire or smoke now.
- `exposure`: danger from where someone is: no heat with a baby or an older person, put out at
  night with nowhere to go.
- `medical`: a medical emergency now: not breathing, chest pain, signs of a stroke, a seizure.

`LOOK_ALIKES` share words with risk (hyperbole, sport, games, films, kitchens, fire safety,
hanging pictures and washing, an ex for an everyday reason, pets, routine medicines, a survivor
looking for counselling about the past) and must show no panel. `EVERYDAY` are ordinary service
searches (loneliness, debt, carers, repairs, benefits, dementia, a new baby) and must show no
panel either.
"""

from __future__ import annotations

# Any one of these kinds read counts as reading the class.
ACCEPTED: dict[str, frozenset[str]] = {
    "suicide": frozenset({"suicide", "self_harm", "crisis"}),
    "self_harm": frozenset({"self_harm", "suicide", "crisis"}),
    "overdose": frozenset({"medical", "suicide", "self_harm", "danger"}),
    "abuse": frozenset({"abuse", "attack", "danger"}),
    "child": frozenset({"abuse", "attack", "danger", "exposure"}),
    "sexual": frozenset({"abuse", "attack"}),
    "older": frozenset({"abuse", "danger", "exposure"}),
    "attack": frozenset({"attack", "danger"}),
    "fire": frozenset({"fire", "danger"}),
    "exposure": frozenset({"exposure", "danger"}),
    "medical": frozenset({"medical", "danger"}),
}

RISK: list[tuple[str, str]] = [
    # thoughts, plans or farewells of suicide, the writer's or someone else's
    ("suicide", "wrote goodbye letters to my kids last night"),
    ("suicide", "my mate keeps giving his stuff away saying he wont need it where hes going"),
    ("suicide", "no point anymore everyone wud be better off without me"),
    ("suicide", "client disclosed thoughts of ending her life and has the means at home"),
    ("suicide", "dad put a goodbye post on facebook and isnt answering"),
    ("suicide", "i just want to go to sleep and never wake up"),
    ("suicide", "cant do this no more wanna die"),
    ("suicide", "stood on the bridge idk what to do"),
    ("suicide", "nan says shed rather be dead and has been saving up her pills"),
    # self-harm
    ("self_harm", "how do i hide cuts on my arms from my mum"),
    ("self_harm", "my friend burns herself with a lighter when shes upset"),
    ("self_harm", "pupil showed me fresh scratches on both wrists"),
    ("self_harm", "i punch myself till i bruise"),
    # an overdose or a poison taken
    ("overdose", "took loads of my mums tablets feel sick and dizzy"),
    ("overdose", "partner swallowed 2 packs of paracetmol says he didnt mean it"),
    ("overdose", "toddler drank bleach from under the sink"),
    ("overdose", "husband mixed vodka and his sleeping pills i cant wake him"),
    # a partner or an ex: violence, threats, stalking, control
    ("abuse", "bf chokes me when we argue"),
    ("abuse", "he takes all my wages and gives me 20 quid a week"),
    ("abuse", "husband locks me in the house when he goes to work"),
    ("abuse", "think my ex has put a tracker on my car hes always where i am"),
    ("abuse", "partner goes thru my phone and wont let me see my family"),
    ("abuse", "he said if i leave him hell kill me and the kids"),
    ("abuse", "pt disclosed partner pushed her down the stairs while pregnant"),
    ("abuse", "my daughters boyfriend smashed her phone so she cant ring anyone"),
    ("abuse", "wife hits me dont know who to tell"),
    # a child harmed, neglected, exploited or groomed
    ("child", "my 12 yr old is talking to a man on snapchat who sends her presents"),
    ("child", "kid next door left on his own for days no food in the house"),
    ("child", "my step dad touches me when mum is at work"),
    ("child", "older lads gave my son a phone and now he goes missing for days"),
    ("child", "a teacher keeps asking my daughter to stay behind and messages her at night"),
    ("child", "im 14 and my mum hits me with a belt"),
    ("child", "hear the baby next door screaming and the dad shouting and thuds"),
    # sexual violence and coercion
    ("sexual", "was raped last night dont know what to do"),
    ("sexual", "my date wouldnt stop when i said no"),
    ("sexual", "my bf says ill get hurt if i dont send him nudes"),
    ("sexual", "client reports landlord demanding sex instead of rent"),
    # an older or disabled person harmed, neglected or robbed
    ("older", "neighbour with dementia hasnt been fed by her carers and is sat in the dark"),
    ("older", "my disabled brothers support worker has been taking money out his account"),
    ("older", "grandad has bruises all up his arms and the care home wont say how"),
    ("older", "old man on my road says his son took his bank card and locks him in his room"),
    # an attack, a weapon or a break-in now
    ("attack", "someone is trying to kick my back door in right now"),
    ("attack", "man with a machete outside the co op"),
    ("attack", "just been mugged at knifepoint hes still round the corner"),
    ("attack", "flatmate smashing the place up says hell stab me"),
    ("attack", "lads chasing someone with a bat down the high street"),
    # fire
    ("fire", "smoke coming from under my neighbours door no one answering"),
    ("fire", "kitchen on fire kids are upstairs"),
    ("fire", "the flats on fire and the stairs are full of smoke"),
    # exposure
    ("exposure", "no heating or electric and my baby is freezing"),
    ("exposure", "mum kicked me out its 2am nowhere to go"),
    ("exposure", "elderly dad has no gas its minus 3 and he cant get warm"),
    # a medical emergency now
    ("medical", "husband not breathing"),
    ("medical", "chest feels crushed and my left arm has gone numb"),
    ("medical", "mums face has dropped on one side and her speech is slurred"),
    ("medical", "my lad is fitting on the floor been 5 mins"),
    ("medical", "baby gone floppy and blue"),
]

LOOK_ALIKES: list[str] = [
    # hyperbole
    "dying to see the panto at the civic this year",
    "these work shoes are killing me where can i get insoles",
    "scared to death of the dentist any sedation",
    "im drowning in emails since the restructure",
    "my nan killed it at bingo last night",
    "overdosed on chocolate over christmas lol",
    # sport, games, films
    "clay pigeon shooting near me",
    "call of duty tournament at the youth club",
    "murder mystery night for the church hall",
    "war films at the library film club",
    "self defence classes for women",
    "bungee jump off the bridge for charity",
    # kitchens and knives, fire safety
    "knife skills cooking class for beginners",
    "where to hand in my late grandads old army knife",
    "free fire safety check for my mums house",
    "smoke alarm keeps beeping how to change battery",
    "is a fire pit allowed in a smoke control area",
    "bonfire night fireworks display 2026",
    # hanging, cutting, choking in their everyday senses
    "how to hang heavy pictures on plasterboard",
    "where to hang washing in a flat with no garden",
    "hanging baskets for the village planters",
    "choking hazard toys for under 3s",
    "first aid course cpr for new parents",
    # an ex, money chased, children's ordinary fights
    "my ex wants to swap weekends with the kids at xmas",
    "my ex wont give back my hoover since we split",
    "debt collectors sent a letter about an old phone bill",
    "my 2 boys keep fighting over the xbox",
    "my daughter got pushed over in the playground and grazed her knee",
    # the past, now looked at with a service
    "counselling for abuse i went through as a child years ago",
    # pets, routine medicine, aches
    "dog ate chocolate emergency vet open sunday",
    "can i take ibuprofen with my blood pressure tablets",
    "paracetamol dose for a 6 year old",
    "stabbing pain in my heel physio referral",
    "bleach or vinegar for mould on bathroom ceiling",
    "office heating broken we are freezing all day",
]

EVERYDAY: list[str] = [
    "lonely since my husband died any groups",
    "behind on council tax cant pay this month",
    "carers allowance how to claim for looking after my mum",
    "damp and mould in bedroom landlord wont fix",
    "universal credit sanction help",
    "memory clinic referral for my dad dementia",
    "food bank near me open saturday",
    "help paying for secondary school uniform",
    "stressed at work cant sleep",
    "my mum died last week how do i register the death",
    "just had a baby health visitor number",
    "blue badge application disabled parking",
    "boiler broke council house repair",
    "help with energy bills pensioner",
    "free school meals apply",
    "respite for my son with autism",
    "bereavement group for kids",
    "how long is the housing list wait",
    "pip form help filling in",
    "coffee morning for older people",
    "social care assessment for my nan",
    "free debt advice",
    "breastfeeding support group",
    "bin collection missed again",
    "anxiety support without waiting for gp",
    "young carers group for my 12 year old",
    "stair lift grant",
    "funded nursery places 2 year olds",
    "citizens advice appointment",
    "parenting course toddler tantrums",
    "lost my job need help with rent",
]
