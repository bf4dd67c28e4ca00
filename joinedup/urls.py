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
    path("privacy/", include("joinedup.referrals.urls_privacy")),
    path("", include("joinedup.core.urls")),
    path("", include("joinedup.search.urls")),
    path("", include("joinedup.directory.urls")),
]

# Under /api/ these answer RFC 9457 problems, never HTML; a database outage is a 503 (ADR 31).
handler400 = "joinedup.core.failing.bad_request"
handler403 = "joinedup.core.failing.permission_denied"
handler404 = "joinedup.core.failing.page_not_found"
handler500 = "joinedup.core.failing.server_error"
