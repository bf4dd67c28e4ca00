"""Referral use cases: the one door for every change to people, consent and referrals.

Pages, the API, commands and tasks call these functions. Each checks the actor may act, writes
its rows in one transaction and records its own audit event. Audit details never carry a
person's details (name, need, message text): the log is read more widely than the records.
Referring a person (from the pages, the API or their own request for help alike) has one
door: `refer_person` (ADR 0021).
"""

from joinedup.referrals.services.people import (
    create_person,
    read_person_details,
    record_consent,
    withdraw_consent,
)
from joinedup.referrals.services.prescription import ConsentGiven, refer_person
from joinedup.referrals.services.referrals import (
    DEFAULT_EXPIRY_DAYS,
    available_moves,
    expire_unanswered_referrals,
    post_message,
    record_outcome,
    transition_referral,
)
from joinedup.referrals.services.sending import (
    SendResult,
    capacity_warning,
    draft_referral,
    send_referrals,
)

__all__ = [
    "DEFAULT_EXPIRY_DAYS",
    "ConsentGiven",
    "SendResult",
    "available_moves",
    "capacity_warning",
    "create_person",
    "draft_referral",
    "expire_unanswered_referrals",
    "post_message",
    "read_person_details",
    "record_consent",
    "record_outcome",
    "refer_person",
    "send_referrals",
    "transition_referral",
    "withdraw_consent",
]
