from __future__ import annotations

from django.urls import include, path

app_name = "partnerships"
# Health checks (waves, answering, results, report) and the rest of the workspace (network
# survey and map, action plans, learning log).
urlpatterns = [
    path("", include("joinedup.partnerships.urls_waves")),
    path("", include("joinedup.partnerships.urls_network")),
]
