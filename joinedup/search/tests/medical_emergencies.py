"""Medical emergencies by kind (ADR 13, tenth session, later), written for joinedup: how people
type a risk to life from the body rather than from a person (a collapse, not breathing,
unresponsive, chest pain, the signs of a stroke, a fit that will not stop, heavy bleeding,
anaphylaxis, choking, a fall with someone left on the floor, a baby or child floppy, blue or not
feeding, a rash that does not fade, sepsis, a head injury with confusion, poisoning), first
person and about someone; and look-alikes: services and everyday health needs with the same
words, and a condition that is past or managed ("had a stroke last year").

Every third phrasing of each list (the 3rd, 6th, 9th...) was held out: its panel was recorded
before any change and no change was made for it. `RISK` is (kind of emergency, phrasing); each
must be read as immediate danger ("danger": 999 first).

Held out, before any change: 2 of the 18 held-out phrasings showed a panel ("i think im having
a heart attack" as a mental health crisis, "took too many of his heart tablets by accident" as
suicide), none as immediate danger; none of the 13 held-out look-alikes showed one. (Of the 37
tuned on, 4 showed a panel, 1 as danger; of the lead's ten, the two he found.)
After the change: all 18 held-out phrasings show the panel as immediate danger, by the patterns
alone; none of the 13 held-out look-alikes shows one. (All 37 tuned on and the lead's ten too.)
"""

from __future__ import annotations

# What the lead checked before the session (eight without a panel, two with one): tuned on, so
# none of them is held out.
REPORTED: list[str] = [
    "grandad fell and cant get up",
    "chest pains and my arm is numb",
    "i think shes having a stroke",
    "my baby is floppy and wont feed",
    "he is unconscious",
    "severe allergic reaction throat swelling",
    "my nan has fallen and is on the floor",
    "my husband is having a seizure",
    "my dad collapsed and isnt breathing",
    "my mum wont wake up",
]

RISK: list[tuple[str, str]] = [
    ("collapse", "my dad just collapsed in the kitchen"),
    ("collapse", "husband collapsed at dinner and is making weird snoring noises"),
    ("collapse", "my friend has collapsed and is breathing funny"),
    ("breathing", "my son is struggling to breathe and his lips are going blue"),
    ("breathing", "she cant breathe properly and cant finish a sentence"),
    ("breathing", "my inhaler isnt working and im getting worse"),
    ("unconscious", "found my flatmate passed out and i cant get a response"),
    ("unconscious", "my mum is unresponsive in her chair"),
    ("unconscious", "my friend fainted and hasnt come round"),
    ("chest_pain", "crushing pain in my chest going down my left arm"),
    ("chest_pain", "my dad has chest pain and is grey and sweaty"),
    ("chest_pain", "i think im having a heart attack"),
    ("chest_pain", "tight chest and pain spreading to my jaw"),
    ("stroke", "my mums face has dropped on one side"),
    ("stroke", "dad suddenly cant lift his arm and his speech is slurred"),
    ("stroke", "my wife is talking gibberish and her face looks droopy"),
    ("stroke", "i think my grandad is having a stroke"),
    ("stroke", "sudden weakness down one side and cant speak properly"),
    ("seizure", "my son is having a fit and it wont stop"),
    ("seizure", "she has been fitting for over five minutes"),
    ("seizure", "my daughter had a seizure and isnt waking up"),
    ("seizure", "my partner keeps having fits one after another"),
    ("bleeding", "cut my hand badly and it wont stop bleeding"),
    ("bleeding", "there is blood everywhere and its pumping out"),
    ("bleeding", "my dad is coughing up blood"),
    ("bleeding", "im pregnant and bleeding heavily"),
    ("anaphylaxis", "my son ate a peanut and his lips are swelling up"),
    ("anaphylaxis", "stung by a wasp and now my tongue is swelling"),
    ("anaphylaxis", "used her epipen and shes still getting worse"),
    ("anaphylaxis", "anaphylactic shock"),
    ("choking", "my baby is choking"),
    ("choking", "my dad is choking on his food and cant cough"),
    ("choking", "toddler has something stuck in his throat"),
    ("fall", "my mum fell last night and has been on the floor all night"),
    ("fall", "grandma has had a fall and cant get up off the floor"),
    ("fall", "fell down the stairs and cant move my legs"),
    ("fall", "my elderly neighbour fell and has been lying there for hours"),
    ("baby_child", "my baby is floppy and not responding"),
    ("baby_child", "newborn has gone blue around the lips"),
    ("baby_child", "my baby hasnt had a wet nappy all day and wont feed"),
    ("baby_child", "my toddler is very drowsy and hard to wake"),
    ("baby_child", "baby has a high pitched cry and a bulging soft spot"),
    ("rash", "my son has a rash that doesnt fade when i press a glass on it"),
    ("rash", "purple spots on my daughter that dont go away with the glass test"),
    ("rash", "rash that wont fade under a glass and a high temperature"),
    ("sepsis", "he is shivering, his skin is mottled and he hasnt peed all day"),
    ("sepsis", "i think my mum has sepsis"),
    ("sepsis", "my dad is confused with a very high temperature and breathing fast"),
    ("head_injury", "hit his head and is now confused and being sick"),
    ("head_injury", "my son banged his head and keeps falling asleep"),
    ("head_injury", "she fell and hit her head and isnt making sense"),
    ("poisoning", "my dad drank bleach by mistake"),
    ("poisoning", "think we have carbon monoxide poisoning, we all feel dizzy and sick"),
    ("poisoning", "my husband took too many of his heart tablets by accident"),
    ("poisoning", "my friend has taken something at a party and is fitting"),
]

# Services and everyday health needs with the same words, and conditions that are past or
# managed: no panel.
LOOK_ALIKES: list[str] = [
    "stroke support group",
    "stroke rehab",
    "epilepsy support",
    "first aid course",
    "falls prevention class",
    "chest pain clinic appointment",
    "allergy clinic",
    "cpr training",
    "my dad had a stroke last year and needs help at home",
    "diabetes clinic",
    "asthma review",
    "baby weaning advice",
    "blood pressure check",
    "my epilepsy is under control but i need help with travel",
    "recovering from a heart attack and want to get fitter",
    "cardiac rehab classes",
    "baby first aid class for new parents",
    "choking first aid for babies course",
    "defibrillator training for our community group",
    "falls alarm pendant for my mum",
    "speech therapy after a stroke",
    "support for carers of someone with epilepsy",
    "sepsis survivors support group",
    "head injury support charity",
    "brain injury rehab",
    "anaphylaxis training for school staff",
    "epipen training for nursery staff",
    "carbon monoxide alarm fitting",
    "bleeding gums need a dentist",
    "heavy periods clinic",
    "my baby has nappy rash",
    "eczema cream for my toddlers rash",
    "my baby is a fussy feeder",
    "breastfeeding support",
    "my son needs a new asthma inhaler",
    "my grandad had a fall last month and is nervous on the stairs",
    "chest infection gp appointment",
    "seizure alert dog",
    "my husband is recovering from a stroke and needs a carer",
    "my wife had a seizure years ago and cant drive",
]


# Written after the change, to hold it to the decisions (ADR 13, tenth session, later): a past
# fall, faint or stroke, a managed condition, everyday words about the body: no panel.
PAST_OR_EVERYDAY: list[str] = [
    "i fainted at work yesterday",
    "my mum fainted last year and the gp wants tests",
    "dad had a stroke last year and cant move his arm",
    "nan had a fall last week and is scared of falling again",
    "my wife had a heart attack in 2019",
    "my epilepsy is under control",
    "tight chest when i run, asthma review",
    "i cant feel my legs after my back operation",
    "my mum keeps falling and needs help at home",
    "my business collapsed and im in debt",
    "the ceiling collapsed in my flat",
    "the council is not responding to my emails",
    "my teenager is hard to wake up in the morning",
    "my baby wont take a bottle",
    "my daughter is having a fit about her phone",
    "the kitchen fitters are fitting a new kitchen",
    "heavy bleeding between periods",
    "my gums keep bleeding when i brush",
    "unconscious bias training",
    "food poisoning",
    "chest of drawers free to collect",
    "floppy ears rabbit rehoming",
]
