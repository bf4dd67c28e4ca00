"""The "joinedup needs" taxonomy: two levels of the needs people come with."""

from __future__ import annotations

TAXONOMY_NAME = "joinedup needs"
TAXONOMY_DESCRIPTION = (
    "The needs people bring to the front door, in plain words: a top level a resident would "
    "recognise and a second level a practitioner would search by."
)

# (code, name, [(code, name), ...]); codes are stable keys for the term ids.
NEEDS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "mental-health",
        "Mental health",
        [
            ("talking-therapies", "Talking therapies"),
            ("crisis-support", "Crisis support"),
            ("peer-support", "Peer support"),
            ("wellbeing", "Wellbeing activities"),
        ],
    ),
    (
        "money",
        "Money",
        [
            ("debt-advice", "Debt advice"),
            ("benefits-advice", "Benefits advice"),
            ("emergency-grants", "Emergency grants and loans"),
            ("budgeting", "Budgeting and saving"),
        ],
    ),
    (
        "housing",
        "Housing",
        [
            ("homelessness", "Homelessness"),
            ("tenancy-support", "Tenancy support"),
            ("repairs-adaptations", "Repairs and adaptations"),
            ("finding-a-home", "Finding a home"),
        ],
    ),
    (
        "carers",
        "Carers",
        [
            ("carer-support", "Support for carers"),
            ("respite", "Breaks and respite"),
            ("young-carers", "Young carers"),
        ],
    ),
    (
        "older-people",
        "Older people",
        [
            ("befriending", "Befriending"),
            ("day-activities", "Day activities"),
            ("dementia", "Dementia support"),
            ("help-at-home", "Help at home"),
        ],
    ),
    (
        "children-families",
        "Children and families",
        [
            ("early-years", "Early years"),
            ("parenting", "Parenting support"),
            ("send", "Special educational needs and disabilities (SEND)"),
            ("youth", "Youth activities"),
        ],
    ),
    (
        "health",
        "Health",
        [
            ("primary-care", "GP and primary care"),
            ("community-nursing", "Community nursing"),
            ("long-term-conditions", "Long-term conditions"),
            ("sexual-health", "Sexual health"),
            ("drugs-alcohol", "Drugs and alcohol"),
        ],
    ),
    (
        "food",
        "Food",
        [
            ("food-banks", "Food banks and parcels"),
            ("community-meals", "Community meals"),
            ("cooking", "Cooking and nutrition"),
        ],
    ),
    (
        "work-skills",
        "Work and skills",
        [
            ("employment", "Finding work"),
            ("adult-learning", "Adult learning"),
            ("digital-skills", "Digital skills and devices"),
            ("volunteering", "Volunteering"),
        ],
    ),
    (
        "community-safety",
        "Community safety",
        [
            ("domestic-abuse", "Domestic abuse"),
            ("victim-support", "Victims of crime"),
            ("fire-safety", "Fire safety at home"),
            ("neighbourhood-policing", "Neighbourhood policing"),
        ],
    ),
    (
        "social-connection",
        "Social connection",
        [
            ("community-groups", "Community groups"),
            ("transport", "Getting about"),
            ("bereavement", "Bereavement"),
        ],
    ),
    (
        "rights-advice",
        "Advice and rights",
        [
            ("general-advice", "General advice"),
            ("immigration", "Refugees, asylum and immigration"),
            ("advocacy", "Advocacy"),
            ("disability", "Disability"),
        ],
    ),
    (
        "care-support",
        "Care and support",
        [
            ("social-care", "Adult social care"),
            ("equipment", "Equipment and telecare"),
            ("safeguarding", "Safeguarding"),
        ],
    ),
]
