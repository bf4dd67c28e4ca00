"""Working referrals: the detail page and its actions, the receiving team's inbox, the
referrer's "my referrals" and each person's notification preferences."""

from joinedup.referrals.views.work.detail import (
    change_status,
    detail,
    post_message,
    record_outcome,
    withdraw_consent,
)
from joinedup.referrals.views.work.home import home
from joinedup.referrals.views.work.lists import inbox, sent
from joinedup.referrals.views.work.preferences import notification_preferences
from joinedup.referrals.views.work.wellbeing import record as record_wellbeing

__all__ = [
    "change_status",
    "detail",
    "home",
    "inbox",
    "notification_preferences",
    "post_message",
    "record_outcome",
    "record_wellbeing",
    "sent",
    "withdraw_consent",
]
