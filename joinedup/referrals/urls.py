from __future__ import annotations

from django.urls import include, path

app_name = "referrals"
# Two halves, kept apart so each reads on its own: making referrals (the referrer's journey,
# self-referral, intake settings) and working them (detail, inboxes, notifications).
urlpatterns = [
    path("", include("joinedup.referrals.urls_refer")),
    path("", include("joinedup.referrals.urls_work")),
    path("", include("joinedup.referrals.urls_plan")),
]
