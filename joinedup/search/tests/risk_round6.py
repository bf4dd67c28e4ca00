"""The sixth crisis round (ADR 13, fourteenth session): does the panel generalise to the way
residents, worried friends and practitioners type when something is wrong? Written for joinedup
before any change of this round, none repeating an earlier corpus or the shared examples file.

Each risk phrasing belongs to a class; the class says which kinds count as reading it
(`ACCEPTED`: any one of them must be among the signal's kinds) and, for some, which national
number the panel must put first and whether it shows the silent-call line (`FIRST`):

- `suicide`, `self_harm`: thoughts or acts of the writer or of someone they are worried about.
- `overdose`: too much of a medicine or a drug already taken: a medical emergency first.
- `abuse`: harm, threats or control by a partner, an ex or a relative, said by the person or
  by someone worried about them. The domestic abuse helpline first, and the silent call.
- `sexual`: rape, sexual assault, a drink spiked, coercion into sex, a child exposed to it.
- `child`: a child at risk from the adults around them or from an adult seeking them out.
- `older`: an older person harmed, robbed or neglected by a carer or a relative.
- `attack`: someone not named as a partner or relative attacking, threatening or armed now.
  999 stays the first words and the silent call stays (someone dangerous may be near), but the
  first number is not the domestic abuse helpline: a stranger at the door is not a partner.

`LOOK_ALIKES` must show no panel: everyday low mood, stress, loneliness, housing and money
trouble without danger, services and training named for a risk, knives as tools, a contact
dispute with an ex, and bereavement by suicide with no risk of the writer's own.

Decided, borderline: a parent kept from seeing their children by an ex is a contact dispute, not
abuse, unless fear or harm is said ("my ex wont let me see the kids" no panel; "my ex wont let
me see the kids and threatens me" a panel). Grief after someone's suicide is not a risk to the
writer's life unless the writer says one of their own (the masks, ADR 13).

`RISK` and `LOOK_ALIKES` were measured before any change and tuned on; `FRESH` and
`FRESH_LOOK_ALIKES` were written after the tuning and measured without any further change. The
figures are in ADR 13's fourteenth-session addendum.
"""

from __future__ import annotations

# Any one of these kinds read counts as reading the class.
ACCEPTED: dict[str, frozenset[str]] = {
    "suicide": frozenset({"suicide", "medical"}),
    "self_harm": frozenset({"self_harm", "suicide"}),
    "overdose": frozenset({"medical"}),
    "abuse": frozenset({"abuse"}),
    "sexual": frozenset({"abuse"}),
    "child": frozenset({"abuse"}),
    "older": frozenset({"abuse"}),
    "attack": frozenset({"attack", "danger"}),
}

# The first national number and the silent call, for the classes where they are decided.
FIRST: dict[str, tuple[str, bool]] = {
    "overdose": ("NHS 111", False),
    "abuse": ("National Domestic Abuse Helpline", True),
    "attack": ("NHS 111", True),
}

RISK: list[tuple[str, str]] = [
    # thoughts of suicide: the writer, someone worried, a practitioner, text-speak
    ("suicide", "i dont wanna be alive no more"),
    ("suicide", "thinking of ending my life tonight"),
    ("suicide", "gonna jump off the bridge after work"),
    ("suicide", "ive written letters to my kids and bought rope"),
    ("suicide", "whats the point in me even being here"),
    ("suicide", "my brother keeps saying hes going to kill himself"),
    ("suicide", "my best mate posted a goodbye message on snap"),
    ("suicide", "client disclosed suicidal thoughts with a plan"),
    ("suicide", "everyone would be better off if i wasnt around"),
    ("suicide", "wanna kms"),
    ("suicide", "cant do this no more im done with life"),
    ("suicide", "my dad says he has nothing left to live for"),
    # self-harm
    ("self_harm", "been cutting my arms again"),
    ("self_harm", "my daughter is self harming and hiding it"),
    ("self_harm", "i keep burning myself with a lighter"),
    ("self_harm", "relapsed and cut last night"),
    ("self_harm", "cant stop hurting myself"),
    ("self_harm", "pupil has fresh cuts on her wrists"),
    ("self_harm", "worried my mate is going to hurt himself"),
    # an overdose taken
    ("overdose", "my mate has taken a load of pills and wont wake up"),
    ("overdose", "i took a whole strip of co codamol"),
    ("overdose", "just swallowed all my nans tablets"),
    ("overdose", "resident has taken an overdose of her insulin"),
    # abuse by a partner, an ex or a relative
    ("abuse", "my husband chokes me when he is drunk"),
    ("abuse", "bf smashed my phone and punched the wall next to my head"),
    ("abuse", "my ex keeps turning up at my work and threatening me"),
    ("abuse", "im scared of my wife she hits me"),
    ("abuse", "my son takes my money and pushes me around"),
    ("abuse", "partner wont let me leave the house"),
    ("abuse", "my dad beats my mum every weekend"),
    ("abuse", "ex said hell kill me if i take the kids"),
    ("abuse", "he grabbed me by the throat last night"),
    ("abuse", "he hit me agen and im scared"),
    ("abuse", "my friend told me her boyfriend hits her what do i do"),
    ("abuse", "my daughter says her partner controls everything and she is scared of him"),
    ("abuse", "patient disclosed domestic violence from her husband"),
    # sexual violence
    ("sexual", "i was raped at a party"),
    ("sexual", "my uncle touched me when i was little and still comes round"),
    ("sexual", "someone spiked my drink and i woke up in a strangers flat"),
    ("sexual", "my boyfriend forces me to have sex"),
    ("sexual", "a man exposed himself to my daughter"),
    # a child at risk
    ("child", "the kids next door are always screaming and the dad hits them"),
    ("child", "my 13 year old is talking to a grown man online who sends her gifts"),
    ("child", "teacher here a year 4 boy has bruises on his back and wont say how"),
    ("child", "my sisters boyfriend is hurting her baby"),
    ("child", "little girl across the road left on her own for days"),
    # an older person harmed
    ("older", "my nans carer is taking her money"),
    ("older", "the care home staff are rough with my dad and hes covered in bruises"),
    ("older", "i think my elderly neighbours son is hitting her"),
    ("older", "my grandad is being starved by his wife"),
    # an attack, a threat or a weapon now, no partner or relative named
    ("attack", "theres a man outside with a knife shouting"),
    ("attack", "someone is trying to kick my door in"),
    ("attack", "got jumped on the way home and they took my phone"),
    ("attack", "a gang is chasing my son"),
    ("attack", "a stranger is following me home"),
    ("attack", "someone has a gun in the park"),
    ("attack", "man threatening people with a bottle in the high street"),
    ("attack", "pls help theres someone in my garden with a machete"),
]

LOOK_ALIKES: list[str] = [
    # everyday low mood, stress and loneliness
    "been feeling flat and tired lately",
    "stressed about exams",
    "so lonely since moving here",
    "fed up with work",
    "lost my job and feel useless",
    "cant sleep worrying about money",
    "overwhelmed with the kids",
    "hate my job",
    "the kids are killing me today lol",
    "this heat is killing me",
    # housing and money without danger
    "got kicked out by my landlord and sleeping at a mates",
    "bailiffs coming friday and cant pay",
    "behind on rent and scared of eviction",
    "ex not paying child maintenance",
    # a contact dispute, a relationship's everyday friction
    "my ex wont let me see the kids",
    "ex is stopping contact with my son",
    "my partner and i keep rowing about money",
    "divorce mediation near me",
    # services and training named for a risk
    "domestic abuse training for staff",
    "knife crime awareness",
    "suicide prevention training",
    "mental health first aid for managers",
    "safeguarding adults level 2 course",
    "self defence class for women",
    # knives and weapons as tools and words
    "we have knives in the kitchen",
    "the chef has a knife",
    "my son needs a penknife for his scouts trip",
    "shooting pains in my leg",
    # bereavement by suicide, no risk of the writer's own
    "support after suicide of my brother",
    "my brother died by suicide last year and i need someone to talk to",
    "grief counselling after my wifes suicide",
    # other everyday words near risk
    "my mum is getting forgetful",
    "need help with my dogs aggression",
    "first aid for a burn from the oven",
    "my teenager is glued to his phone",
]

# Written after the tuning, when no more changes were planned, and measured before any: how far
# the round carries to phrasings it was not tuned on (ADR 13, fourteenth session).
FRESH: list[tuple[str, str]] = [
    ("suicide", "my flatmate has been giving away all her stuff and saying goodbye"),
    ("suicide", "i just want it all to end tbh"),
    ("suicide", "pt reports active suicidal ideation"),
    ("suicide", "cant see a way forward and want to die"),
    ("self_harm", "my 14yo has been cutting her legs"),
    ("self_harm", "i scratch my arms till they bleed"),
    ("overdose", "my wife swallowed a load of sleeping pills"),
    ("overdose", "brother took way too many painkillers hes not making sense"),
    ("abuse", "my partner smashes things and im scared what hell do next"),
    ("abuse", "me ex keeps threatning me"),
    ("abuse", "my son hits me when i wont give him money"),
    ("abuse", "worried my sisters husband is hurting her"),
    ("sexual", "i think i was drugged and assaulted last night"),
    ("sexual", "my stepbrother forces me to do things"),
    ("child", "saw the man next door hit his little boy really hard"),
    ("child", "my nephew says his mums boyfriend locks him in his room"),
    ("older", "my dads carer shouts at him and takes his pension"),
    ("older", "neighbour is 90 and her grandson is taking all her money"),
    ("attack", "someones outside my flat with a knife"),
    ("attack", "guy on the train threatening to stab people"),
    ("attack", "men trying to get into my car with me in it"),
    ("attack", "gang of lads beating up a kid in the park"),
]

FRESH_LOOK_ALIKES: list[str] = [
    "feel a bit meh today",
    "stressed with wedding planning",
    "no friends since uni",
    "sleeping on my sisters sofa after the breakup",
    "got a county court judgment letter",
    "my ex is late with the kids again",
    "knife crime education for parents",
    "self harm awareness for youth workers",
    "buying a new chefs knife",
    "my husband sharpens the kitchen knives",
    "support group for parents bereaved by suicide",
    "my sister took her own life and i cant stop thinking about it",
    "martial arts classes for teens",
    "my boss is always shouting",
    "my son got hurt at football",
    "im dying to see the new film",
]
