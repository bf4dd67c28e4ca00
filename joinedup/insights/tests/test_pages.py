"""The board's pages and CSV downloads: who may see them, and what they show."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

Q1 = "period=q2026-1"


def page(client, user, name="insights:board", query=Q1, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs) + (f"?{query}" if query else ""))


def main_of(response) -> str:
    html: str = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize("section", ["flows", "loop", "response-times", "outcomes"])
def test_a_manager_reads_every_section_with_a_chart_and_its_table(
    client, pam, partnership, scenario, section
):
    response = page(client, pam, "insights:section", pk=partnership.pk, section=section)
    assert response.status_code == 200
    main = main_of(response)
    assert 'role="img"' in main and "<title" in main and "<desc" in main
    assert '<table class="govuk-table' in main
    # A strict content security policy is coming: nothing inline.
    assert "<script" not in main and "style=" not in main and "<style" not in main


def test_the_summary_sets_the_period_beside_the_previous_one(client, pam, partnership, scenario):
    main = main_of(page(client, pam, pk=partnership.pk))
    assert "Quarter 1 2026" in main and "Quarter 4 2025" in main
    assert ">25<" in main  # referrals sent


def test_a_manager_never_sees_a_small_figure(client, pam, partnership, scenario):
    main = main_of(page(client, pam, "insights:section", pk=partnership.pk, section="loop"))
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', main)
    assert cells and not [c for c in cells if c in {"1", "2", "3", "4"}]
    assert "Not shown" in main


def test_a_member_sees_its_own_figures(client, dora, partnership, scenario, food_bank):
    main = main_of(page(client, dora, "insights:section", pk=partnership.pk, section="loop"))
    assert "own figures are shown in full" in main
    row = main[main.index('<th scope="row" class="govuk-table__header">Ashdown Food Bank') :]
    row = row[: row.index("</tr>")]
    assert ">3<" in row  # its 3 referrals still being worked


@pytest.mark.parametrize("who", ["charlie", "quentin"])
def test_outsiders_get_404(client, partnership, scenario, who, request):
    outsider = request.getfixturevalue(who)
    assert page(client, outsider, pk=partnership.pk).status_code == 404
    assert (
        page(client, outsider, "insights:csv", pk=partnership.pk, table="summary").status_code
        == 404
    )


def test_an_outsiders_index_lists_no_board(client, charlie, partnership):
    response = page(client, charlie, "insights:index", query="")
    assert response.status_code == 200
    assert "Ashdown Partnership" not in response.content.decode()


def test_a_manager_of_one_partnership_goes_straight_to_its_board(client, pam, partnership):
    response = page(client, pam, "insights:index", query="")
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:board", kwargs={"pk": partnership.pk})


def test_signed_out_people_are_asked_to_sign_in(client, partnership):
    response = client.get(reverse("insights:board", kwargs={"pk": partnership.pk}))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_every_table_downloads_as_csv_with_the_same_suppression(client, pam, partnership, scenario):
    response = page(client, pam, "insights:csv", pk=partnership.pk, table="loop-declines")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "loop-declines-2026-01-01-to-2026-03-31.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Reason", "Referrals"]
    assert ["Total", "Not shown"] in rows
    assert all(r[1] == "Not shown" for r in rows[1:])  # 2, 1 and their total 3


def test_a_member_downloads_its_own_figures(client, dora, partnership, scenario, food_bank):
    response = page(client, dora, "insights:csv", pk=partnership.pk, table="loop-organisations")
    rows = {r[0]: r for r in csv.reader(io.StringIO(response.content.decode()))}
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert rows["Ashdown Food Bank"][header.index("Accepted, being worked")] == "3"


def test_an_unknown_table_is_404(client, pam, partnership):
    assert page(client, pam, "insights:csv", pk=partnership.pk, table="people").status_code == 404


def test_custom_dates_need_both_ends(client, pam, partnership, scenario):
    response = page(client, pam, pk=partnership.pk, query="period=custom&start=2026-01-01")
    assert response.status_code == 200
    main = main_of(response)
    assert "There is a problem" in main and "Enter the last day of the custom period" in main


def test_custom_dates_choose_the_period(client, pam, partnership, scenario):
    query = "period=custom&start=2026-01-05&end=2026-01-05"
    main = main_of(page(client, pam, pk=partnership.pk, query=query))
    assert "5 January 2026 to 5 January 2026" in main
    assert ">15<" in main  # the 15 sent on T0 itself (the food bank's came later)


def test_a_board_papers_link_to_an_old_quarter_still_opens_it(client, pam, partnership):
    # Older than the eight quarters offered whenever this runs: the link keeps working, and the
    # form shows the period it asked for as chosen.
    main = main_of(page(client, pam, pk=partnership.pk, query="period=q2019-2"))
    assert "There is a problem" not in main
    assert "Quarter 2 2019 (April to June 2019)" in main
    assert re.search(r'<option value="q2019-2" selected>', main)


def test_a_period_that_has_not_begun_is_refused(client, pam, partnership):
    main = main_of(page(client, pam, pk=partnership.pk, query="period=q2999-1"))
    assert "There is a problem" in main
    assert "Quarter 1 2999" not in main


def test_the_period_and_filters_carry_to_every_section_and_csv(client, pam, partnership, scenario):
    main = main_of(page(client, pam, pk=partnership.pk, query="period=y2026&sector=vcs"))
    assert "period=y2026&amp;sector=vcs" in main


def test_pages_read_a_bounded_number_of_queries(
    client, pam, partnership, scenario, django_assert_max_num_queries
):
    client.force_login(pam)
    url = reverse("insights:section", kwargs={"pk": partnership.pk, "section": "loop"})
    with django_assert_max_num_queries(30):
        client.get(url + "?" + Q1)


def test_the_board_pack_is_a_pdf_for_the_period(client, pam, partnership, scenario):
    response = page(client, pam, "insights:board-pack", pk=partnership.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "board-pack-2026-01-01-to-2026-03-31.pdf" in response["Content-Disposition"]


def test_the_board_pack_shows_only_what_the_reader_may_see(client, pam, partnership, scenario):
    from pypdf import PdfReader

    response = page(client, pam, "insights:board-pack", pk=partnership.pk)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ashdown Partnership: board pack" in text
    assert "Not shown" in text
    assert "No health check has closed yet" in text


def test_outsiders_get_no_board_pack(client, charlie, partnership, scenario):
    assert page(client, charlie, "insights:board-pack", pk=partnership.pk).status_code == 404


def test_charts_never_draw_a_hidden_figure():
    from joinedup.insights import charts

    chart, paths = charts.flow_chart(title="Flows", flows=[])
    assert paths == [] and "No flow is large enough to draw" in chart.description
    stacked = charts.stacked_chart(
        title="Loop",
        series=["A", "B"],
        stacks=[
            charts.Stack("Org", (10.0, 0.0), rest=6.0),
            charts.Stack("Other", (0.0, 0.0), complete=False),
        ],
    )
    assert "Org: A 10, not shown 6" in stacked.description
    assert "Other: total not shown" in stacked.description


def test_the_board_pack_carries_open_actions_and_the_periods_learning(
    client, pam, partnership, council
):
    from django.utils import timezone
    from pypdf import PdfReader

    from joinedup.insights.periods import quarter_of
    from joinedup.partnerships.models import Action, ActionPlan, LearningEntry

    plan = ActionPlan.objects.create(partnership=partnership, title="Partnership plan")
    Action.objects.create(plan=plan, title="Chase unanswered referrals", owner=council)
    LearningEntry.objects.create(partnership=partnership, title="Warm handovers work", text="-")
    year, number = quarter_of(timezone.localdate())
    response = page(
        client, pam, "insights:board-pack", query=f"period=q{year}-{number}", pk=partnership.pk
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Chase unanswered referrals" in text
    assert "Warm handovers work" in text
