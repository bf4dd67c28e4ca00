from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from joinedup.insights import wellbeing_views

app_name = "insights"

urlpatterns: list[URLPattern | URLResolver] = []

urlpatterns += [path("wellbeing/", wellbeing_views.wellbeing, name="wellbeing")]
