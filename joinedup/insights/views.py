"""The board's pages (issue 15, item 2) and its CSV downloads (item 6). Thin: read the period
and filters, find the board the person may see (404 otherwise), render."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from joinedup.insights import dashboard, pages
from joinedup.insights.forms import BoardForm


def _board(request: HttpRequest, pk: int) -> tuple[BoardForm, dashboard.Board]:
    partnership = get_object_or_404(dashboard.boards_for(request.user), pk=pk)  # type: ignore[arg-type]
    form = BoardForm(request.GET or None, partnership=partnership)
    period, filters = form.selection()
    viewer = dashboard.viewer_of(request.user, partnership)  # type: ignore[arg-type]
    return form, dashboard.board(viewer, period, filters)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    boards = list(dashboard.boards_for(request.user))  # type: ignore[arg-type]
    if len(boards) == 1:
        return redirect("insights:board", pk=boards[0].pk)
    return render(request, "insights/index.html", {"boards": boards})


def _query(request: HttpRequest, form: BoardForm) -> str:
    """The period and filters as a query string, for the links that carry them (only the
    form's own fields: nothing else a link was given is passed on, or makes a page apart)."""
    return urlencode({k: request.GET[k] for k in form.fields if request.GET.get(k)})


@login_required
def board(request: HttpRequest, pk: int, section: str = "overview") -> HttpResponse:
    chosen = pages.SECTIONS.get(section)
    if chosen is None:
        raise Http404("No such section")
    form, shown = _board(request, pk)
    query = _query(request, form)

    context: dict[str, Any] = {
        "form": form,
        "board": shown,
        "partnership": shown.viewer.partnership,
        "section": chosen,
        "sections": list(pages.SECTIONS.values()),
        "query": query,
        "filters": _filters(form, shown.viewer.partnership, query),
        "figures": pages.section_html(shown, chosen, query),
    }
    return render(request, "insights/board.html", context)


def _filters(form: BoardForm, partnership: Any, query: str) -> str:
    """The filter form's HTML. Its Django widgets render an include per option, as much work as
    the rest of a warm page, so a valid form's HTML is cached for as long as its choices are,
    by partnership, the form's own query and the day (the periods offered follow the date)."""
    if form.errors:
        return render_to_string("insights/_filters.html", {"form": form})
    seconds = dashboard.cache_seconds()
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    key = f"insights-filters:1:{partnership.pk}:{timezone.localdate().isoformat()}:{digest}"
    found = cache.get(key) if seconds > 0 else None
    if found is None:
        found = render_to_string("insights/_filters.html", {"form": form})
        if seconds > 0:
            cache.set(key, found, seconds)
    return mark_safe(found)


@login_required
def table_csv(request: HttpRequest, pk: int, table: str) -> HttpResponse:
    _, shown = _board(request, pk)
    if table not in shown.tables:
        raise Http404("No such table")

    name = f"{table}-{shown.period.start.isoformat()}-to-{shown.period.last_day.isoformat()}.csv"
    response = HttpResponse(pages.csv_bytes(shown, table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def board_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The board pack for the chosen period, as PDF (suppressed for the reader). Kept as long
    as its figures, so the partnership's own work in it (actions, the learning log) may be as
    old as they are: up to INSIGHTS_CACHE_SECONDS."""
    _, shown = _board(request, pk)
    name = f"board-pack-{shown.period.start.isoformat()}-to-{shown.period.last_day.isoformat()}.pdf"
    response = HttpResponse(pages.pack_pdf(shown), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
