"""A wave's results page and its PDF report.

Managers see results at any time; members of the partnership once the wave is closed
(`Wave.objects.results_visible_to`); everyone else gets 404. Only aggregates are shown, plus,
for a person who answered while signed in, their own answers.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from joinedup.partnerships.models import Answer, Response, Wave
from joinedup.partnerships.report import build_report, render_pdf
from joinedup.partnerships.views.common import person


def _wave(request: HttpRequest, partnership_id: int, wave_id: int) -> Wave:
    return get_object_or_404(
        Wave.objects.results_visible_to(person(request)).select_related(
            "partnership", "instrument"
        ),
        partnership_id=partnership_id,
        pk=wave_id,
    )


def _own_answers(request: HttpRequest, wave: Wave) -> list[tuple[str, str]]:
    """The viewer's own submitted answers to this wave (statement, answer), if they gave any."""
    response = Response.objects.own(person(request)).submitted().filter(wave=wave).first()
    if response is None:
        return []
    labels = wave.instrument.scale_labels or {}
    rows = Answer.objects.filter(response=response).select_related("statement")
    rows = rows.order_by("statement__section__position", "statement__position")
    return [
        (
            answer.statement.text,
            "Don\u2019t know"
            if answer.value is None
            else labels.get(str(answer.value), str(answer.value)),
        )
        for answer in rows
    ]


@login_required
def view_results(request: HttpRequest, partnership_id: int, wave_id: int) -> HttpResponse:
    wave = _wave(request, partnership_id, wave_id)
    return render(
        request,
        "partnerships/waves/results.html",
        {
            "report": build_report(wave),
            "wave": wave,
            "partnership": wave.partnership,
            "is_manager": wave.partnership.is_managed_by(person(request)),
            "own_answers": _own_answers(request, wave),
        },
    )


@login_required
def download_report(request: HttpRequest, partnership_id: int, wave_id: int) -> HttpResponse:
    wave = _wave(request, partnership_id, wave_id)
    pdf = render_pdf(build_report(wave))
    name = slugify(f"{wave.partnership.name} {wave.title} health check") or "health-check"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
