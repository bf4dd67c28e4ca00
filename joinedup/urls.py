from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # One sign-in page for everyone, with its throttling, two-factor step and audit (ADR 29).
    path("admin/login/", RedirectView.as_view(pattern_name="core:sign-in", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/", include("joinedup.api.urls")),
    path("referrals/", include("joinedup.referrals.urls")),
    path("partnership/", include("joinedup.partnerships.urls")),
    path("insights/", include("joinedup.insights.urls")),
    path("", include("joinedup.core.urls")),
    path("", include("joinedup.search.urls")),
    path("", include("joinedup.directory.urls")),
]
