"""A region's board, fast (issue 15, item 8; ADR 37): filters that do not ship thousands of
options, pages served from cached pieces that never outlive their figures nor reach another
viewer, and the scheduled refresh (the API's pages: api/tests/test_insights_api_pages.py)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from joinedup.insights import dashboard, figures, forms, tables
from joinedup.insights.tests.conftest import Q1 as QUARTER_1
from joinedup.insights.tests.conftest import T0

Q1 = "period=q2026-1"


def page(client, user, query=Q1, name="insights:board", **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs) + (f"?{query}" if query else ""))


def main_of(response) -> str:
    html: str = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def sent(main: str) -> str:
    """The summary's "Referrals sent" this period."""
    row = main[main.index("Referrals sent</th>") :]
    return str(re.findall(r'numeric">([^<]*)<', row)[0])


@pytest.fixture
def many(monkeypatch):
    """As if the partnership had more organisations, services and needs than a list holds."""
    monkeypatch.setattr(forms, "LIST_LIMIT", 1)


# --- filters that scale -----------------------------------------------------------------


def test_a_few_organisations_are_a_list(client, pam, partnership, scenario, food_bank):
    main = main_of(page(client, pam, pk=partnership.pk))
    assert '<select name="organization"' in main
    assert f'<option value="{food_bank.pk}">Ashdown Food Bank</option>' in main


def test_many_are_a_text_box_with_no_options(client, pam, partnership, scenario, many):
    main = main_of(page(client, pam, pk=partnership.pk))
    assert '<input type="text" name="organization"' in main
    assert '<input type="text" name="service"' in main
    assert "Ashdown Food Bank</option>" not in main and "Emergency food" not in main


def test_a_typed_name_filters_the_figures(client, pam, partnership, scenario, many):
    assert sent(main_of(page(client, pam, pk=partnership.pk))) == "25"
    main = main_of(page(client, pam, f"{Q1}&organization=food+bank", pk=partnership.pk))
    assert "There is a problem" not in main
    assert sent(main) == "10"  # the carers centre's 10 to the food bank
    assert "filtered" in main
    main = main_of(page(client, pam, f"{Q1}&service=Adult+social+care", pk=partnership.pk))
    assert sent(main) == "6"  # 3 declined, 2 expired, 1 waiting


def test_a_name_that_matches_nothing_is_a_govuk_error(client, pam, partnership, scenario, many):
    main = main_of(page(client, pam, f"{Q1}&organization=Quarry", pk=partnership.pk))
    assert "There is a problem" in main
    assert "No member organisation is called “Quarry” or has it in its name" in main
    assert 'href="#id_organization"' in main  # the summary links to the box
    assert "govuk-input--error" in main


def test_a_name_that_matches_several_says_which(client, pam, partnership, scenario, many):
    main = main_of(page(client, pam, f"{Q1}&organization=ashdown", pk=partnership.pk))
    assert "More than one member organisation matches “ashdown”" in main
    assert "Ashdown Carers Centre; Ashdown Council; Ashdown Food Bank" in main


def test_a_service_by_its_name_and_organisation(
    client, pam, partnership, scenario, many, council, council_service
):
    from joinedup.directory.models import IntakeMode, Service

    Service.objects.create(
        organization=partnership.members.exclude(organization=council).first().organization,
        name="Adult social care",
        intake_mode=IntakeMode.JOINEDUP,
    )
    main = main_of(page(client, pam, f"{Q1}&service=Adult+social+care", pk=partnership.pk))
    assert "More than one service of a member organisation matches" in main
    assert "Adult social care (Ashdown Council)" in main
    query = f"{Q1}&service=Adult+social+care+%28Ashdown+Council%29"
    assert sent(main_of(page(client, pam, query, pk=partnership.pk))) == "6"


def test_an_id_in_a_link_shows_the_name(client, pam, partnership, scenario, many, food_bank):
    main = main_of(page(client, pam, f"{Q1}&organization={food_bank.pk}", pk=partnership.pk))
    assert 'value="Ashdown Food Bank"' in main
    assert sent(main) == "10"


def test_an_outsiders_organisation_is_no_filter(client, pam, partnership, scenario, housing_org):
    main = main_of(page(client, pam, f"{Q1}&organization={housing_org.pk}", pk=partnership.pk))
    assert "There is a problem" in main


# --- caching ------------------------------------------------------------------------------


def test_the_filter_form_is_drawn_once_per_query_and_shows_each_querys_choices(
    client, pam, partnership, scenario, food_bank
):
    first = page(client, pam, f"{Q1}&organization={food_bank.pk}", pk=partnership.pk)
    assert "insights/_filters.html" in [t.name for t in first.templates]
    again = page(client, pam, f"{Q1}&organization={food_bank.pk}", pk=partnership.pk)
    # The same query: the form's HTML comes from the cache, the same as drawn.
    assert "insights/_filters.html" not in [t.name for t in again.templates]
    form = re.compile(r"<form method=\"get\".*?</form>", re.S)
    assert form.findall(main_of(again)) == form.findall(main_of(first))
    # Another query draws its own: nothing chosen in the other one is shown chosen here.
    other = main_of(page(client, pam, Q1, pk=partnership.pk))
    assert f'<option value="{food_bank.pk}" selected>' in main_of(first)
    assert f'<option value="{food_bank.pk}" selected>' not in other


@pytest.fixture
def no_computing(monkeypatch):
    """After this, computing figures or suppressing them fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("computed again")

    def switch_on():
        monkeypatch.setattr(figures, "compute", refuse)
        monkeypatch.setattr(dashboard, "present_all", refuse)

    return switch_on


@pytest.mark.parametrize("section", ["overview", "flows", "loop", "response-times", "outcomes"])
def test_a_warm_page_computes_nothing_and_reads_little(
    client, pam, partnership, scenario, section, no_computing, django_assert_max_num_queries
):
    kwargs = {"pk": partnership.pk}
    name = "insights:board"
    if section != "overview":
        name, kwargs = "insights:section", {**kwargs, "section": section}
    first = main_of(page(client, pam, name=name, **kwargs))
    no_computing()
    with django_assert_max_num_queries(12):  # the session, the person, the partnership, the form
        again = main_of(client.get(reverse(name, kwargs=kwargs) + "?" + Q1))
    assert again == first


def test_a_cached_board_never_reaches_another_viewer(
    client, pam, dora, partnership, scenario, food_bank
):
    def food_bank_row(main: str) -> str:
        row = main[main.index('<th scope="row" class="govuk-table__header">Ashdown Food Bank') :]
        return row[: row.index("</tr>")]

    loop = {"name": "insights:section", "pk": partnership.pk, "section": "loop"}
    assert ">3<" in food_bank_row(main_of(page(client, dora, **loop)))  # its own 3, in full
    theirs = food_bank_row(main_of(page(client, pam, **loop)))
    assert ">3<" not in theirs and "Not shown" in theirs
    assert ">3<" in food_bank_row(main_of(page(client, dora, **loop)))
    # ...and the API and CSV, read after the pages, alike.
    client.force_login(pam)
    body = client.get(
        reverse("api:insights-table", args=[partnership.pk, "loop-organisations"]),
        {"period": "q2026-1"},
    ).json()
    assert (
        next(r for r in body["rows"] if r["key"] == str(food_bank.pk))["values"]["working"] is None
    )


def test_figures_are_never_older_than_the_cache_seconds(
    client, pam, partnership, scenario, refer, food_service, carers_centre, monkeypatch, settings
):
    settings.INSIGHTS_CACHE_SECONDS = 300
    assert sent(main_of(page(client, pam, pk=partnership.pk))) == "25"
    refer(food_service, sender=carers_centre, sent=T0)
    now = dashboard.time.time()
    monkeypatch.setattr(dashboard.time, "time", lambda: now + 290)
    assert sent(main_of(page(client, pam, pk=partnership.pk))) == "25"  # up to 5 minutes old
    monkeypatch.setattr(dashboard.time, "time", lambda: now + 301)
    assert sent(main_of(page(client, pam, pk=partnership.pk))) == "26"


def test_a_table_evicted_alone_is_computed_again(client, pam, partnership, scenario):
    viewer = dashboard.Viewer(partnership, True, frozenset())
    board = dashboard.board(viewer, QUARTER_1, figures.NO_FILTERS)
    cache.delete(f"{board.header.key}:t:loop-organisations")
    again = dashboard.board(viewer, QUARTER_1, figures.NO_FILTERS)
    assert again["loop-organisations"].value(tables.TOTAL, "sent") == 25
    assert again["summary"].value("period", "sent") == 25


def test_nothing_is_cached_when_the_cache_seconds_are_0(
    client, pam, partnership, scenario, settings
):
    settings.INSIGHTS_CACHE_SECONDS = 0
    assert sent(main_of(page(client, pam, pk=partnership.pk))) == "25"
    assert not [k for k in cache._cache if "insights" in k]  # locmem in tests


def test_a_csv_is_the_same_warm_as_cold(client, pam, partnership, scenario, no_computing):
    kwargs = {"name": "insights:csv", "pk": partnership.pk, "table": "loop-organisations"}
    cold = page(client, pam, **kwargs)
    no_computing()
    warm = page(client, pam, **kwargs)
    assert warm.content == cold.content and b"Ashdown Food Bank" in warm.content
    assert warm["Content-Disposition"] == cold["Content-Disposition"]


# --- the scheduled refresh ----------------------------------------------------------------


def test_the_refresh_says_so_when_the_cache_is_not_shared(partnership):
    out = io.StringIO()
    call_command("refresh_insights", stdout=out)
    assert "Nothing refreshed: the cache is not shared" in out.getvalue()


def test_the_refresh_computes_the_default_board_so_nobody_waits(
    client, pam, partnership, scenario, no_computing, monkeypatch
):
    from joinedup.insights import periods

    # The current quarter, for the refresh and the page alike, is the scenario's.
    monkeypatch.setattr(periods, "current_quarter", lambda today=None: QUARTER_1)
    monkeypatch.setattr(dashboard, "current_quarter", lambda today=None: QUARTER_1)
    out = io.StringIO()
    call_command("refresh_insights", "--even-unshared", stdout=out)
    assert "Ashdown Partnership:" in out.getvalue()
    no_computing()
    for section in ("flows", "loop"):
        response = page(client, pam, "", "insights:section", pk=partnership.pk, section=section)
        assert response.status_code == 200
    assert sent(main_of(page(client, pam, "", pk=partnership.pk))) == "25"
    csv = page(client, pam, "", "insights:csv", pk=partnership.pk, table="loop-organisations")
    assert b"Ashdown Food Bank" in csv.content


def test_the_refresh_is_scheduled_for_the_worker(settings):
    # Often enough that a refresh taking up to 3 minutes (a region on a loaded server) is done
    # before the figures it replaces are INSIGHTS_CACHE_SECONDS old.
    minute = settings.JOINEDUP_SCHEDULE["refresh_insights"].split()[0]
    assert minute.startswith("*/")
    assert int(minute.removeprefix("*/")) * 60 + 180 <= settings.INSIGHTS_CACHE_SECONDS


# --- member organisations' own views, kept warm when asked for lately -------------------------


@pytest.fixture
def this_quarter_is_q1(monkeypatch):
    from joinedup.insights import periods

    monkeypatch.setattr(periods, "current_quarter", lambda today=None: QUARTER_1)
    monkeypatch.setattr(dashboard, "current_quarter", lambda today=None: QUARTER_1)


def later(monkeypatch, seconds):
    """As if `seconds` had passed since now."""
    now = dashboard.time.time()
    monkeypatch.setattr(dashboard.time, "time", lambda: now + seconds)


def food_bank_row(main: str) -> str:
    row = main[main.index('<th scope="row" class="govuk-table__header">Ashdown Food Bank') :]
    return row[: row.index("</tr>")]


def loop(client, user, partnership):
    return page(client, user, "", "insights:section", pk=partnership.pk, section="loop")


def test_a_members_view_asked_for_lately_is_refreshed_for_it(
    client, pam, dora, partnership, scenario, no_computing, this_quarter_is_q1, monkeypatch
):
    assert ">3<" in food_bank_row(main_of(loop(client, dora, partnership)))  # its own, in full
    # Its figures are too old by the next run: the refresh computes them again, for it too.
    later(monkeypatch, dashboard.cache_seconds() + 1)
    out = io.StringIO()
    call_command("refresh_insights", "--even-unshared", stdout=out)
    assert "member organisations' views: 1 " in out.getvalue()
    no_computing()
    assert ">3<" in food_bank_row(main_of(loop(client, dora, partnership)))
    # ...each view with its own suppression: the manager's still hides the food bank's 3.
    theirs = food_bank_row(main_of(loop(client, pam, partnership)))
    assert ">3<" not in theirs and "Not shown" in theirs


def test_a_members_view_not_asked_for_is_not_refreshed(
    client, alice, dora, partnership, scenario, no_computing, this_quarter_is_q1
):
    loop(client, dora, partnership)
    call_command("refresh_insights", "--even-unshared", stdout=io.StringIO())
    no_computing()
    with pytest.raises(AssertionError, match="computed again"):
        loop(client, alice, partnership)  # the carers centre's view was never asked for


def test_a_view_last_asked_for_over_a_day_ago_is_not_refreshed(
    dora, partnership, scenario, this_quarter_is_q1, monkeypatch
):
    viewer = dashboard.viewer_of(dora, partnership)
    dashboard.board(viewer, QUARTER_1, figures.NO_FILTERS)
    assert [v.own for v in dashboard.recent_viewers(partnership, limit=5)] == [viewer.own]
    later(monkeypatch, dashboard.SEEN_FOR + 1)
    assert dashboard.recent_viewers(partnership, limit=5) == []


def test_the_refresh_keeps_at_most_so_many_member_views_the_most_recent(
    alice, dora, partnership, scenario, this_quarter_is_q1, monkeypatch, settings
):
    mine, theirs = (dashboard.viewer_of(u, partnership) for u in (dora, alice))
    dashboard.board(mine, QUARTER_1, figures.NO_FILTERS)
    later(monkeypatch, dashboard.SEEN_EVERY + 1)
    dashboard.board(theirs, QUARTER_1, figures.NO_FILTERS)
    settings.INSIGHTS_REFRESH_MEMBER_VIEWS = 1
    boards = dashboard.refresh(partnership)
    assert [b.viewer.own for b in boards] == [frozenset(), theirs.own]
    settings.INSIGHTS_REFRESH_MEMBER_VIEWS = 0
    assert [b.viewer.own for b in dashboard.refresh(partnership)] == [frozenset()]


def test_an_organisation_that_left_is_not_refreshed(
    dora, partnership, scenario, food_bank, this_quarter_is_q1
):
    dashboard.board(dashboard.viewer_of(dora, partnership), QUARTER_1, figures.NO_FILTERS)
    assert len(dashboard.recent_viewers(partnership, limit=5)) == 1
    partnership.members.filter(organization=food_bank).delete()
    assert dashboard.recent_viewers(partnership, limit=5) == []
