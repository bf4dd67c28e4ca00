from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("joinedup.api.urls")),
    path("referrals/", include("joinedup.referrals.urls")),
    path("partnership/", include("joinedup.partnerships.urls")),
    path("insights/", include("joinedup.insights.urls")),
    path("privacy/", include("joinedup.referrals.urls_privacy")),
    path("", include("joinedup.core.urls")),
    path("", include("joinedup.search.urls")),
    path("", include("joinedup.directory.urls")),
]
