"""The PDF board report: it parses, and carries the same sections, figures and suppression."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from joinedup.partnerships import charts, scoring, services
from joinedup.partnerships.report import build_report, layout, render_pdf
from joinedup.partnerships.report.pdf import chart_drawing
from joinedup.partnerships.tests.test_wave_pages_results import new_wave, respond


@pytest.fixture
def wave(partnership, pam, instruments, carers_centre, council):
    wave = new_wave(
        partnership,
        pam,
        instruments["motivations-structures-relationships"],
        [carers_centre, council],
        "Autumn 2026",
    )
    for n in range(6):
        respond(wave, pam, carers_centre, f"vcs{n}@carers.example", 4 if n % 2 else 3)
    respond(wave, pam, council, "c1@council.example", 2)
    return wave


def report_url(wave) -> str:
    return reverse("partnerships:wave-report", args=[wave.partnership_id, wave.pk])


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_manager_downloads_a_pdf_with_every_section(client, wave, pam):
    client.force_login(pam)
    response = client.get(report_url(wave))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="ashdown-partnership-autumn-2026-health-check.pdf"'
        in (response["Content-Disposition"])
    )
    text = pdf_text(response.content)
    for section in wave.instrument.sections.values_list("title", flat=True):
        assert section in text
    assert "Ashdown Partnership: Autumn 2026" in text
    assert "7 responses" in text


def test_pdf_has_the_same_figures_and_suppression_as_the_page(wave):
    report = build_report(wave)
    text = pdf_text(render_pdf(report))
    overall = report.sections[0].overall
    assert overall.mean in text and overall.band in text
    # Council: 1 response, so neither sector group is shown.
    assert "fewer than 5 responses" in text
    assert all(row.suppressed for s in report.sections for row in s.by_sector)
    # The chart is drawn into the PDF: its band labels and bar labels are there.
    assert "Statement 1" in text and "Strength" in text and "Concern" in text


def test_member_gets_the_report_once_closed(client, wave, pam, bob):
    client.force_login(bob)
    assert client.get(report_url(wave)).status_code == 404
    services.close_wave(actor=pam, wave=wave)
    response = client.get(report_url(wave))
    assert response.status_code == 200
    assert pdf_text(response.content).startswith("Ashdown Partnership")


def test_results_page_links_to_the_report(client, wave, pam):
    client.force_login(pam)
    page = client.get(reverse("partnerships:wave-results", args=[wave.partnership_id, wave.pk]))
    assert report_url(wave) in page.text


def test_pdf_chart_is_the_page_chart_scaled_to_fit():
    chart = charts.bar_chart(
        title="Example",
        bars=[charts.Bar("Overall", 3.5, "borderline", "Borderline", True)],
    )
    drawing = chart_drawing(chart, width=320)
    assert drawing.width == pytest.approx(320)
    assert drawing.height == pytest.approx(chart.height * 320 / chart.width)
    strings = [s.text for s in drawing.contents[0].contents if hasattr(s, "text")]
    assert strings == [s.text for s in chart.shapes if isinstance(s, charts.Text)]


def test_spread_shows_answers_as_typed_and_section_scores_to_two_places(wave):
    stats = scoring.Stats(
        count=3, mean=3.0, sd=0.3, minimum=2.636363, maximum=4.0, band="borderline"
    )
    assert layout._row("", "Section", stats, {}).spread == "2.64 to 4"
    statement = build_report(wave).sections[0].statements[0]
    assert statement.spread == "2 to 4"
