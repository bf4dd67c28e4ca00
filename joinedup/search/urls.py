from __future__ import annotations

from django.urls import path

from joinedup.search import needs_admin, views

app_name = "search"
urlpatterns = [
    # The home page is the search page (need, place, filters): one engine for every entry.
    path("", views.search_page, name="home"),
    path("search/needs/", needs_admin.need_phrases, name="need-phrases"),
    path(
        "search/needs/<int:phrase_id>/remove/",
        needs_admin.remove_need_phrase,
        name="remove-need-phrase",
    ),
]
