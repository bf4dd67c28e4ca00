from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from joinedup.insights import views

app_name = "insights"

urlpatterns: list[URLPattern | URLResolver] = [
    # The board (issue 15, items 2 and 6): its sections and every table as CSV.
    path("", views.index, name="index"),
    path("<int:pk>/", views.board, name="board"),
    re_path(
        r"^(?P<pk>[0-9]+)/(?P<section>flows|loop|response-times|outcomes)/$",
        views.board,
        name="section",
    ),
    path("<int:pk>/board-pack.pdf", views.board_pack, name="board-pack"),
    re_path(r"^(?P<pk>[0-9]+)/csv/(?P<table>[a-z-]+)\.csv$", views.table_csv, name="csv"),
]

# The place (issue 15, items 2 and 5): unmet need, referrals by area, indicators and lines.
from joinedup.insights import place_urls  # noqa: E402

urlpatterns += place_urls.urlpatterns

# Personal wellbeing (ONS4) before and after (issue 15, item 4).
from joinedup.insights import wellbeing_views  # noqa: E402

urlpatterns += [
    path("wellbeing/", wellbeing_views.wellbeing, name="wellbeing"),
    re_path(
        r"^wellbeing/csv/(?P<scope>(partnership|organisation)-[0-9a-f-]+)\.csv$",
        wellbeing_views.wellbeing_csv,
        name="wellbeing-csv",
    ),
]
