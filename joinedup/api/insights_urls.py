"""/api/insights: a partnership board's figures, read-only (see insights_openapi)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from joinedup.api import insights_views as views

ID = r"(?P<pk>[0-9]+)"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^insights/openapi\.json$", views.openapi, name="insights-openapi"),
    re_path(r"^insights/?$", views.boards, name="insights"),
    re_path(rf"^insights/{ID}/?$", views.board, name="insights-board"),
    re_path(rf"^insights/{ID}/tables/(?P<key>[a-z-]+)/?$", views.table, name="insights-table"),
]
