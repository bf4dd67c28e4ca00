"""Working referrals: the detail page and its actions, inboxes, notification preferences."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from joinedup.referrals.views import work

urlpatterns: list[URLPattern | URLResolver] = [
    path("", work.home, name="home"),
    path("inbox/", work.inbox, name="inbox"),
    path("sent/", work.sent, name="sent"),
    path("notifications/", work.notification_preferences, name="notification-preferences"),
    path("<uuid:referral_id>/", work.detail, name="detail"),
    path("<uuid:referral_id>/status/", work.change_status, name="change-status"),
    path("<uuid:referral_id>/outcome/", work.record_outcome, name="record-outcome"),
    path("<uuid:referral_id>/messages/", work.post_message, name="post-message"),
    path(
        "<uuid:referral_id>/wellbeing/<str:moment>/",
        work.record_wellbeing,
        name="record-wellbeing",
    ),
    path("<uuid:referral_id>/withdraw-consent/", work.withdraw_consent, name="withdraw-consent"),
]
