"""/api/insights: a partnership board's figures, read-only (see insights_openapi)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from joinedup.api import insights_place_views as place
from joinedup.api import insights_views as views

ID = r"(?P<pk>[0-9]+)"
LINE = r"(?P<line_id>[0-9]+)"
KEY = r"(?P<key>[a-z-]+)"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^insights/openapi\.json$", views.openapi, name="insights-openapi"),
    re_path(r"^insights/?$", views.boards, name="insights"),
    re_path(rf"^insights/{ID}/?$", views.board, name="insights-board"),
    re_path(rf"^insights/{ID}/tables/(?P<key>[a-z-]+)/?$", views.table, name="insights-table"),
    # The place pages' tables (unmet need, referrals by area, a line), as their CSV downloads.
    re_path(r"^insights/wellbeing/?$", place.wellbeing, name="insights-wellbeing"),
    re_path(
        r"^insights/wellbeing/(?P<scope>(partnership|organisation)-[0-9a-f-]+)/?$",
        place.wellbeing_section,
        name="insights-wellbeing-section",
    ),
    re_path(rf"^insights/{ID}/place/?$", place.place, name="insights-place"),
    re_path(rf"^insights/{ID}/unmet-need/?$", place.unmet_need, name="insights-unmet-need"),
    re_path(
        rf"^insights/{ID}/unmet-need/tables/{KEY}/?$",
        place.unmet_need_table,
        name="insights-unmet-need-table",
    ),
    re_path(rf"^insights/{ID}/areas/?$", place.areas, name="insights-areas"),
    re_path(
        rf"^insights/{ID}/areas/tables/{KEY}/?$", place.areas_table, name="insights-areas-table"
    ),
    re_path(rf"^insights/{ID}/lines/{LINE}/?$", place.line, name="insights-line"),
    re_path(
        rf"^insights/{ID}/lines/{LINE}/tables/{KEY}/?$",
        place.line_table,
        name="insights-line-table",
    ),
]
