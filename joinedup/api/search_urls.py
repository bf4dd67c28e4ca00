from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from joinedup.api import search_views

urlpatterns: list[URLPattern | URLResolver] = [
    # With or without a trailing slash, as the feed: clients differ.
    re_path(r"^search/?$", search_views.search, name="search"),
    re_path(r"^search/openapi\.json$", search_views.openapi, name="search-openapi"),
]
