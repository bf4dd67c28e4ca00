from __future__ import annotations

from django.urls import path

from joinedup.search import views

app_name = "search"
urlpatterns = [
    # The home page is the search page (need, place, filters): one engine for every entry.
    path("", views.search_page, name="home"),
]
