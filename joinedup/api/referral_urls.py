"""/api/referrals: the organisation-token API for referrals (see referral_openapi)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from joinedup.api import referral_views as views

ID = r"(?P<pk>[0-9A-Za-z-]+)"

# With or without a trailing slash, as the feed: clients differ, and a redirect loses a POST.
urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^referrals/openapi\.json$", views.openapi, name="referrals-openapi"),
    re_path(r"^referrals/?$", views.referrals, name="referrals"),
    re_path(rf"^referrals/{ID}/?$", views.referral, name="referral"),
    re_path(rf"^referrals/{ID}/transitions/?$", views.transitions, name="referral-transitions"),
    re_path(rf"^referrals/{ID}/messages/?$", views.messages, name="referral-messages"),
    re_path(rf"^referrals/{ID}/outcome/?$", views.outcome, name="referral-outcome"),
    re_path(
        rf"^referrals/{ID}/consent/withdraw/?$",
        views.consent_withdrawal,
        name="referral-consent-withdraw",
    ),
    re_path(r"^people/match/?$", views.people_match, name="people-match"),
]
