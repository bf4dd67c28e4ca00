"""The third crisis round (ADR 13, eleventh session), written for joinedup: short, plain risk
phrasings of the kind a resident or a practitioner types into a search box (first person, about
someone else, "client disclosed...", no apostrophes, lower case, text-speak, two to five words)
over suicide, self-harm, domestic abuse (partner, ex, family), a child at risk, sexual violence,
an older person's abuse, immediate danger and medical emergencies (a nosebleed that will not
stop, drowning, an electric shock, bad burns, someone cut off by the tide or fallen from a
cliff, choking, not breathing, a seizure, stroke signs, an allergic reaction, an overdose); and
everyday look-alikes that share their words.

Every third phrasing of each list (`risk_by_kind.held_out`: the 3rd, 6th, 9th...) is held out:
its panel was recorded before any change and no change was made for it. `RISK` is (kind of
risk, phrasing, the safety kind it must be read as at least: that kind or a more urgent one in
`safety.KINDS` order, so an abuse phrasing read as danger counts).

Before any change (all 92 risk phrasings and 52 look-alikes checked against every earlier
corpus and the examples file for repeats; none):

- held-out third: 24 of 30 read as their kind (25 with any panel: "my son ate peanuts and cant
  breathe" read only as a mental health crisis); by the patterns alone 22 of 30;
- the other two thirds: 55 of 62 (53 by the patterns alone);
- look-alikes with a panel: 0 of 17 held out, 2 of 35 others ("my partner hurts my feelings",
  "my partner and i keep arguing", both as abuse, by meaning).

The misses before: one in four medical emergencies only (a nosebleed, drowning, an electric
shock, burns, the tide, a fall from a cliff, peanuts and breathing, "electrocuted"), a house on
fire, "dad keeps hitting mum" and "a man online keeps asking my daughter for pics".

Borderline look-alikes, decided (a missed crisis costs more than an extra panel, but a panel
on every sad or everyday sentence teaches people to scroll past it):

- "my partner hurts my feelings": no panel. It is the everyday words of being upset by someone;
  "my partner hurts me", "my partner is emotionally abusive" or "he puts me down all the time"
  name harm or a pattern of it and are in `RISK`.
- "bereavement support after my brothers suicide": no panel. A service for the bereaved, as the
  masks of earlier rounds decided ("support after suicide"); the search results are the help.
- "my nan is dying and wants to be at home": no panel; an expected death is end-of-life care.
- "my son gets nosebleeds a lot": no panel (a GP question); a nosebleed that has not stopped
  for a long time is in `RISK`.
- "drowning in debt": no panel; debt advice is the help and the words are an idiom. Despair
  said with it ("drowning in debt and want to end it") would be read by the suicide words.
"""

from __future__ import annotations

RISK: list[tuple[str, str, str]] = [
    # suicide
    ("suicide", "want to die", "suicide"),
    ("suicide", "i dont want to be alive anymore", "suicide"),
    ("suicide", "thinkin bout ending it all", "suicide"),
    ("suicide", "my son says he wants to kill himself", "suicide"),
    ("suicide", "client disclosed suicidal thoughts and a plan", "suicide"),
    ("suicide", "gonna jump off the multi storey tonight", "suicide"),
    ("suicide", "no point going on", "suicide"),
    ("suicide", "wanna end it", "suicide"),
    ("suicide", "my mate texted goodbye and isnt answering", "suicide"),
    ("suicide", "cant do this anymore i want out", "suicide"),
    ("suicide", "thinking about taking my own life", "suicide"),
    ("suicide", "everyone would be better off if i was dead", "suicide"),
    # self-harm
    ("self_harm", "cut myself", "self_harm"),
    ("self_harm", "started cutting again", "self_harm"),
    ("self_harm", "daughter been self harming", "self_harm"),
    ("self_harm", "i hurt myself when im upset", "self_harm"),
    ("self_harm", "client is self-harming and has fresh cuts", "self_harm"),
    ("self_harm", "burning myself with a lighter", "self_harm"),
    ("self_harm", "hurting myself on purpose", "self_harm"),
    ("self_harm", "my teenager scratches her arms till they bleed", "self_harm"),
    ("self_harm", "sh urges really bad tonight", "self_harm"),
    ("self_harm", "my son punches walls till his hands bleed", "self_harm"),
    # domestic abuse: partner, ex, family
    ("domestic", "hes hitting me", "abuse"),
    ("domestic", "my husband beats me", "abuse"),
    ("domestic", "my partner strangled me last night", "abuse"),
    ("domestic", "my ex keeps sending me threats", "abuse"),
    ("domestic", "boyfriend pushed me down the stairs", "abuse"),
    ("domestic", "im scared of my husband", "abuse"),
    ("domestic", "my wife hits me", "abuse"),
    ("domestic", "my son hits me and takes my money", "abuse"),
    ("domestic", "dad keeps hitting mum", "abuse"),
    ("domestic", "client disclosed domestic violence from her partner", "abuse"),
    ("domestic", "afraid of my partner", "abuse"),
    ("domestic", "he said hell kill me if i leave", "abuse"),
    ("domestic", "my brother beats me up", "abuse"),
    ("domestic", "my partner is emotionally abusive", "abuse"),
    ("domestic", "my gf attacks me when shes drunk", "abuse"),
    ("domestic", "he puts me down all the time and checks my phone", "abuse"),
    # a child at risk
    ("child", "my neighbour hits his kids", "abuse"),
    ("child", "i think a child is being abused", "abuse"),
    ("child", "worried the kids next door are being neglected", "abuse"),
    ("child", "my stepdad hurts me", "abuse"),
    ("child", "pupil disclosed being hit at home", "abuse"),
    ("child", "mums boyfriend touches me", "abuse"),
    ("child", "kids left home alone all weekend", "abuse"),
    ("child", "my friend is being hurt by her dad", "abuse"),
    ("child", "a man online keeps asking my daughter for pics", "abuse"),
    # sexual violence
    ("sexual", "got raped", "abuse"),
    ("sexual", "raped last night", "abuse"),
    ("sexual", "sexually assaulted at a party", "abuse"),
    ("sexual", "my uncle touched me when i was little", "abuse"),
    ("sexual", "he forced himself on me", "abuse"),
    ("sexual", "someone spiked my drink and assaulted me", "abuse"),
    ("sexual", "client disclosed rape by her partner", "abuse"),
    ("sexual", "he made me have sex with him", "abuse"),
    ("sexual", "my ex shared nudes of me", "abuse"),
    # an older person's abuse
    ("elder", "my nan is being abused by her carer", "abuse"),
    ("elder", "carer hits my dad", "abuse"),
    ("elder", "old man next door, his son takes all his money and shouts at him", "abuse"),
    ("elder", "worried my mum is being neglected in her care home", "abuse"),
    ("elder", "my grandson takes my pension and threatens me", "abuse"),
    ("elder", "the old lady upstairs has bruises and is scared of her grandson", "abuse"),
    # immediate danger
    ("danger", "someone is trying to break in", "danger"),
    ("danger", "hes threatening me with a knife", "danger"),
    ("danger", "my ex is outside my house banging on the door", "danger"),
    ("danger", "a man is following me home", "danger"),
    ("danger", "im in danger", "danger"),
    ("danger", "theres a man with a gun", "danger"),
    ("danger", "my house is on fire", "danger"),
    ("danger", "they said they will kill me tonight", "danger"),
    ("danger", "my friend has been stabbed", "danger"),
    # medical emergencies
    ("medical", "nosebleed wont stop for an hour", "medical"),
    ("medical", "someone is drowning in the river", "medical"),
    ("medical", "my kid fell in the pool and isnt breathing", "medical"),
    ("medical", "my husband got an electric shock and is not moving", "medical"),
    ("medical", "bad burns from boiling water", "medical"),
    ("medical", "toddler pulled the kettle over and is badly burnt", "medical"),
    ("medical", "people cut off by the tide", "medical"),
    ("medical", "a man has fallen off the cliffs", "medical"),
    ("medical", "baby choking", "medical"),
    ("medical", "my dad is choking on his food", "medical"),
    ("medical", "not breathing", "medical"),
    ("medical", "my friend is having a fit", "medical"),
    ("medical", "face drooping and cant talk properly", "medical"),
    ("medical", "my mums face has dropped and her arm is weak", "medical"),
    ("medical", "allergic reaction lips swelling", "medical"),
    ("medical", "my son ate peanuts and cant breathe", "medical"),
    ("medical", "took an overdose", "suicide"),
    ("medical", "my friend has overdosed", "suicide"),
    ("medical", "electrocuted", "medical"),
    ("medical", "my sons nose has been bleeding for 40 minutes", "medical"),
    ("medical", "someone collapsed in the street", "medical"),
]

LOOK_ALIKES: list[str] = [
    "dying to see the new film",
    "kill time in town",
    "burns advice for cooking",
    "self-employed",
    "cut my hours at work",
    "knife skills cooking class",
    "drowning in paperwork",
    "first aid course for parents",
    "bereavement support after my brothers suicide",
    "my partner hurts my feelings",
    "lonely since my husband passed",
    "killing it at my new job",
    "my feet are killing me",
    "cut the grass for my elderly neighbour",
    "haircut for someone with dementia",
    "swimming lessons for adults who cant swim",
    "water safety talk for school",
    "help with my electricity bill",
    "sunburn cream for kids",
    "tide times for fishing",
    "cliff walk this weekend",
    "choking hazards in toddler toys",
    "baby first aid class",
    "my son gets nosebleeds a lot",
    "seizure alert dog charity",
    "epilepsy support group",
    "stroke rehab exercises",
    "hay fever tablets",
    "allergy friendly cafes",
    "naloxone training for staff",
    "fell over last week and my knee still hurts",
    "breathing exercises for anxiety",
    "hit hard by the bedroom tax",
    "scared of the dentist",
    "fighting the council over my sons ehcp",
    "flu jab for my toddler",
    "free smoke alarm fitting",
    "safeguarding course for volunteers",
    "feeling a bit down lately",
    "my ex wont pay child maintenance",
    "my partner and i keep arguing",
    "my teenager is cutting school",
    "want to cut back on drinking",
    "hanging baskets for the community garden",
    "kill weeds on my allotment",
    "want to end my tenancy",
    "my nan is dying and wants to be at home",
    "drowning in debt",
    "dead end job",
    "bleeding the radiators",
    "electric shock hazard from old wiring",
    "my son keeps fighting at school",
]


# Written after the second pass, before any further change, to measure the rules on phrasings
# none of them was written for: 39 of these 46 read as their kind then (35 by the patterns
# alone), and 3 of the 24 look-alikes showed a panel ("self harm awareness training for
# teachers", "suicide prevention course" by their words, "hit and run on my parked car" as
# suicide by meaning). Misses: a carer handling someone roughly, "severe bleeding", "massive
# nosebleed", "heart attack" alone, a fall followed by "isnt moving" six words on, hit by a
# car, "cant wake my mum up".
FRESH: list[tuple[str, str, str]] = [
    ("suicide", "dont see the point in living", "suicide"),
    ("suicide", "i have a plan to end things", "suicide"),
    ("suicide", "tired of living", "suicide"),
    ("suicide", "wish i could go to sleep and not wake up", "suicide"),
    ("suicide", "my husband says hes going to end it", "suicide"),
    ("suicide", "patient expressing suicidal ideation", "suicide"),
    ("self_harm", "been hurting myself again", "self_harm"),
    ("self_harm", "my son is cutting his arms", "self_harm"),
    ("self_harm", "i harm myself to cope", "self_harm"),
    ("self_harm", "self injury", "self_harm"),
    ("domestic", "my husband is violent", "abuse"),
    ("domestic", "boyfriend chokes me when we argue", "abuse"),
    ("domestic", "partner threw a plate at me", "abuse"),
    ("domestic", "my mums new man beats her", "abuse"),
    ("domestic", "she slapped me again", "abuse"),
    ("domestic", "he locks me in the house", "abuse"),
    ("domestic", "my son is violent towards me", "abuse"),
    ("domestic", "scared of my ex", "abuse"),
    ("child", "child being beaten next door", "abuse"),
    ("child", "my teacher touched me", "abuse"),
    ("child", "my friends dad hits her with a belt", "abuse"),
    ("child", "baby left alone in the flat", "abuse"),
    ("sexual", "got assaulted on a night out", "abuse"),
    ("sexual", "i think i was drugged and raped", "abuse"),
    ("sexual", "was sexually abused as a child", "abuse"),
    ("elder", "nursing home staff handle my gran roughly", "abuse"),
    ("elder", "my mums carer is stealing from her", "abuse"),
    ("elder", "grandson takes nans money and shouts at her", "abuse"),
    ("danger", "someones in my house", "danger"),
    ("danger", "being chased", "danger"),
    ("danger", "my partner threatened me with a knife", "danger"),
    ("danger", "gang outside threatening my son", "danger"),
    ("medical", "my wife is unconscious", "medical"),
    ("medical", "baby not breathing properly", "medical"),
    ("medical", "severe bleeding", "medical"),
    ("medical", "my son swallowed a battery", "medical"),
    ("medical", "he took loads of pills", "suicide"),
    ("medical", "massive nosebleed", "medical"),
    ("medical", "my friend fell in the canal", "medical"),
    ("medical", "heart attack", "medical"),
    ("medical", "chest pain and sweating", "medical"),
    ("medical", "kid fell off the climbing frame and isnt moving", "medical"),
    ("medical", "my daughter got scalded by the kettle", "medical"),
    ("medical", "dad had a fit and wont wake up", "medical"),
    ("medical", "someone got hit by a car", "medical"),
    ("medical", "cant wake my mum up", "medical"),
]

FRESH_LOOK_ALIKES: list[str] = [
    "dying for a coffee",
    "self harm awareness training for teachers",
    "suicide prevention course",
    "cutting costs on my energy bill",
    "bleeding gums",
    "fire door inspection for my block",
    "swimming pool opening hours",
    "my heart is broken after my breakup",
    "chest infection wont go",
    "i feel like a failure",
    "sad all the time",
    "depressed since losing my job",
    "grieving my dad",
    "my dad keeps falling asleep in his chair",
    "allergic to cats",
    "hit my head on the cupboard door, just a bump",
    "my daughter fell off her bike and scraped her knee",
    "stressed out and not sleeping",
    "my partner is always on his phone",
    "my husband snores",
    "hit and run on my parked car",
    "my mum is in a care home and i visit every week",
    "my son got shot of his old car",
    "kids fighting over the xbox",
]
