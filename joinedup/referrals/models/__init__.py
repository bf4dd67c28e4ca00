"""Referrals' models, split by concept: people, consent, referrals, events and messages."""

from joinedup.referrals.models.consent import Consent, ConsentMethod
from joinedup.referrals.models.events import ReferralEvent, ReferralMessage
from joinedup.referrals.models.idempotency import IdempotencyRecord
from joinedup.referrals.models.intake import (
    PERSON_FIELDS,
    ServiceIntake,
    receiver_person_fields,
)
from joinedup.referrals.models.notifications import Frequency, Notification, NotificationPreference
from joinedup.referrals.models.people import (
    ContactPreference,
    Person,
    nhs_number_is_valid,
    normalise_nhs_number,
)
from joinedup.referrals.models.referrals import (
    CLOSED_STATUSES,
    LOGGED_INTAKE_MODES,
    OPEN_STATUSES,
    Outcome,
    Referral,
    Status,
    Urgency,
    new_reference,
)
from joinedup.referrals.models.wellbeing import (
    INTRODUCTION,
    MEASURE_KEYS,
    MEASURES,
    Moment,
    WellbeingAnswers,
)

__all__ = [
    "CLOSED_STATUSES",
    "INTRODUCTION",
    "LOGGED_INTAKE_MODES",
    "MEASURES",
    "MEASURE_KEYS",
    "OPEN_STATUSES",
    "PERSON_FIELDS",
    "Consent",
    "ConsentMethod",
    "ContactPreference",
    "Frequency",
    "IdempotencyRecord",
    "Moment",
    "Notification",
    "NotificationPreference",
    "Outcome",
    "Person",
    "Referral",
    "ReferralEvent",
    "ReferralMessage",
    "ServiceIntake",
    "Status",
    "Urgency",
    "WellbeingAnswers",
    "new_reference",
    "nhs_number_is_valid",
    "normalise_nhs_number",
    "receiver_person_fields",
]
