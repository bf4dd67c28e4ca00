# ruff: noqa: F811 (the insights cast is imported as fixtures and used by name)
"""/api/insights at a region's scale (ADR 37): a table a page of rows at a time, a board each
table's first page, filters by name."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from joinedup.api.insights_openapi import validator
from joinedup.insights import forms, tables
from joinedup.insights.tests.conftest import (  # noqa: F401 (fixtures)
    _fresh_cache,
    carers_service,
    council,
    council_service,
    dora,
    food_bank,
    food_service,
    food_term,
    helpline,
    partnership,
    refer,
    scenario,
)


@pytest.fixture
def many(monkeypatch):
    """As if the partnership had more organisations than a list holds."""
    monkeypatch.setattr(forms, "LIST_LIMIT", 1)


def api(client, user, path, **params):
    client.force_login(user)
    return client.get(path, {"period": "q2026-1", **params})


def test_a_table_comes_a_page_at_a_time(client, pam, partnership, scenario):
    path = reverse("api:insights-table", args=[partnership.pk, "loop-organisations"])
    everything = api(client, pam, path).json()
    assert everything["total_rows"] == len(everything["rows"]) == 4  # 3 organisations, total
    assert everything["next"] is None and everything["previous"] is None
    first = api(client, pam, path, per_page=3).json()
    assert not list(validator("Table").iter_errors(first))
    assert [r["key"] for r in first["rows"]] == [r["key"] for r in everything["rows"][:3]]
    assert first["total_rows"] == 4 and first["page"] == 1 and first["per_page"] == 3
    assert first["next"].startswith("http://testserver/api/insights/")
    assert "period=q2026-1" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [r["key"] for r in second["rows"]] == [tables.TOTAL]
    assert second["next"] is None and "page=1" in second["previous"]


def test_the_board_gives_each_tables_first_page(client, pam, partnership, scenario):
    path = reverse("api:insights-board", args=[partnership.pk])
    body = api(client, pam, path, per_page=2).json()
    loop = next(t for t in body["tables"] if t["key"] == "loop-organisations")
    assert len(loop["rows"]) == 2 and loop["total_rows"] == 4
    assert "/tables/loop-organisations" in loop["next"] and "per_page=2" in loop["next"]
    assert api(client, pam, path, page=2).status_code == 400


@pytest.mark.parametrize("params", [{"per_page": "0"}, {"per_page": "1001"}, {"page": "x"}])
def test_a_bad_page_is_a_400_problem(client, pam, partnership, params):
    path = reverse("api:insights-table", args=[partnership.pk, "loop-organisations"])
    response = api(client, pam, path, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_an_api_filter_by_name(client, pam, partnership, scenario, many):
    path = reverse("api:insights-table", args=[partnership.pk, "summary"])
    body = api(client, pam, path, organization="Food Bank").json()
    assert body["rows"][0]["values"]["sent"] == 10
    response = api(client, pam, path, organization="Nowhere")
    assert response.status_code == 400 and "organization" in response.json()["errors"]


def test_after_the_refresh_the_apis_default_answers_are_read_not_rendered(
    client, pam, partnership, scenario, monkeypatch, settings
):
    from joinedup.insights import api_answers, dashboard, figures, periods
    from joinedup.insights.tests.conftest import Q1 as QUARTER_1

    # This quarter, for the refresh and the API alike, is the scenario's; the API is called at
    # the host in SITE_URL (the refresh renders its answers' links for that host).
    monkeypatch.setattr(periods, "current_quarter", lambda today=None: QUARTER_1)
    monkeypatch.setattr(dashboard, "current_quarter", lambda today=None: QUARTER_1)
    settings.SITE_URL = "http://testserver"
    call_command("refresh_insights", "--even-unshared", stdout=io.StringIO())

    def refuse(*args, **kwargs):
        raise AssertionError("computed or rendered on the request")

    with monkeypatch.context() as patched:
        for module, name in [
            (figures, "compute"),
            (dashboard, "present_all"),
            (api_answers, "table_json"),
        ]:
            patched.setattr(module, name, refuse)
        client.force_login(pam)
        warm_board = client.get(reverse("api:insights-board", args=[partnership.pk]))
        warm_table = client.get(
            reverse("api:insights-table", args=[partnership.pk, "loop-organisations"])
        )
    assert warm_board.status_code == warm_table.status_code == 200
    # ...and they are what the API renders itself, links and all.
    cache.clear()
    board = client.get(reverse("api:insights-board", args=[partnership.pk])).json()
    table = client.get(
        reverse("api:insights-table", args=[partnership.pk, "loop-organisations"])
    ).json()
    assert warm_board.json() == board and warm_table.json() == table
    assert board["period"]["label"] == QUARTER_1.label
    assert table["total_rows"] == 4


def test_an_answer_is_kept_for_the_scheme_and_host_asked(client, pam, partnership, scenario):
    path = reverse("api:insights-table", args=[partnership.pk, "loop-organisations"])
    client.force_login(pam)
    plain = client.get(path, {"period": "q2026-1", "per_page": 1}).json()
    secure = client.get(path, {"period": "q2026-1", "per_page": 1}, secure=True).json()
    assert plain["next"].startswith("http://testserver/")
    assert secure["next"].startswith("https://testserver/")
