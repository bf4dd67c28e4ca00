from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "insights"

urlpatterns: list[URLPattern | URLResolver] = []

# The place (issue 15, items 2 and 5): unmet need, referrals by area, indicators and lines.
from joinedup.insights import place_urls  # noqa: E402

urlpatterns += place_urls.urlpatterns
