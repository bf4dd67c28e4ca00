"""The privacy notice, at /privacy/ (included by the project's urls)."""

from __future__ import annotations

from django.urls import path

from joinedup.referrals.views import privacy

app_name = "privacy"
urlpatterns = [path("", privacy.privacy_notice, name="notice")]
