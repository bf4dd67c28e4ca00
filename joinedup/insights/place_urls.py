"""The place pages' addresses (issue 15, items 2 and 5), included in insights' urls."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from joinedup.insights import place_views

ID = r"^(?P<partnership_id>[0-9]+)"
TABLE = r"csv/(?P<table>[a-z-]+)\.csv$"

urlpatterns: list[URLPattern | URLResolver] = [
    # Each table of the pages as CSV (item 6), with the page's period and choices.
    re_path(rf"{ID}/unmet-need/{TABLE}", place_views.unmet_need_csv, name="unmet-need-csv"),
    re_path(rf"{ID}/areas/{TABLE}", place_views.areas_csv, name="areas-csv"),
    re_path(rf"{ID}/lines/(?P<line_id>[0-9]+)/{TABLE}", place_views.line_csv, name="line-csv"),
    path("<int:partnership_id>/unmet-need/", place_views.unmet_need, name="unmet-need"),
    path("<int:partnership_id>/areas/", place_views.by_area, name="areas"),
    path("<int:partnership_id>/indicators/", place_views.indicator_list, name="indicators"),
    path(
        "<int:partnership_id>/indicators/import/",
        place_views.indicator_import,
        name="indicator-import",
    ),
    path("<int:partnership_id>/lines/", place_views.line_list, name="lines"),
    path("<int:partnership_id>/lines/new/", place_views.line_edit, name="line-create"),
    path("<int:partnership_id>/lines/<int:line_id>/", place_views.line_view, name="line"),
    path("<int:partnership_id>/lines/<int:line_id>/edit/", place_views.line_edit, name="line-edit"),
    path(
        "<int:partnership_id>/lines/<int:line_id>/delete/",
        place_views.line_delete,
        name="line-delete",
    ),
]
