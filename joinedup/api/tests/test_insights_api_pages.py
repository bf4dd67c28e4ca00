# ruff: noqa: F811 (the insights cast is imported as fixtures and used by name)
"""/api/insights at a region's scale (ADR 37): a table a page of rows at a time, a board each
table's first page, filters by name."""

from __future__ import annotations

import pytest
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
