# ruff: noqa: F811 (the insights cast is imported as fixtures and used by name)
"""/api/insights: the board's figures as JSON, suppressed and scoped as the pages are."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.api.insights_openapi import openapi_document, validator
from joinedup.directory.tokens import issue_api_token
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
    quentin,
    refer,
    scenario,
)

Q1 = {"period": "q2026-1"}


def fits(schema: str, body) -> None:
    errors = sorted(validator(schema).iter_errors(body), key=str)
    assert not errors, errors[0]


def values(body, table, row):
    found = next(t for t in body["tables"] if t["key"] == table)
    return next(r for r in found["rows"] if r["key"] == row)["values"]


def test_a_manager_reads_the_board_suppressed(client, pam, partnership, scenario, food_bank):
    client.force_login(pam)
    response = client.get(reverse("api:insights-board", args=[partnership.pk]), Q1)
    assert response.status_code == 200
    body = response.json()
    fits("Board", body)
    assert body["period"] == {
        "start": "2026-01-01",
        "end": "2026-03-31",
        "label": body["period"]["label"],
    }
    assert values(body, "loop-organisations", str(food_bank.pk))["working"] is None
    assert values(body, "loop-organisations", str(food_bank.pk))["sent"] == 10
    assert values(body, "loop-declines", "__total__")["referrals"] is None  # 3


def test_an_organisation_token_sees_its_own_figures(client, partnership, scenario, food_bank):
    _, secret = issue_api_token(organization=food_bank, name="BI")
    response = client.get(
        reverse("api:insights-board", args=[partnership.pk]),
        Q1,
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    body = response.json()
    assert values(body, "loop-organisations", str(food_bank.pk))["working"] == 3
    assert body["own_organisations"] == [str(food_bank.pk)]


def test_one_table(client, pam, partnership, scenario):
    client.force_login(pam)
    response = client.get(reverse("api:insights-table", args=[partnership.pk, "loop-funnel"]), Q1)
    body = response.json()
    fits("Table", body)
    # 23 answerable of 25 sent would show the 2 logged ones by subtraction: it is hidden.
    assert [r["values"]["referrals"] for r in body["rows"]] == [None, 17, 7, 7, 7]


def test_the_list_of_boards(client, pam, partnership):
    client.force_login(pam)
    body = client.get(reverse("api:insights")).json()
    fits("BoardList", body)
    assert [b["name"] for b in body["boards"]] == ["Ashdown Partnership"]


@pytest.mark.parametrize("who", ["charlie", "quentin"])
def test_outsiders_get_a_404_problem(client, partnership, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("api:insights-board", args=[partnership.pk]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    fits("Problem", response.json())


def test_an_outsiders_token_gets_404(client, partnership, housing_org):
    _, secret = issue_api_token(organization=housing_org, name="BI")
    response = client.get(
        reverse("api:insights-board", args=[partnership.pk]), HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 404


def test_nobody_gets_401(client, partnership):
    response = client.get(reverse("api:insights-board", args=[partnership.pk]))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_bad_token_gets_401(client, partnership):
    response = client.get(reverse("api:insights"), HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401


def test_a_bad_period_is_a_400_problem(client, pam, partnership):
    client.force_login(pam)
    response = client.get(
        reverse("api:insights-board", args=[partnership.pk]),
        {"period": "custom", "start": "2026-02-01"},
    )
    assert response.status_code == 400
    body = response.json()
    fits("Problem", body)
    assert "end" in body["errors"]


def test_an_unknown_table_is_404(client, pam, partnership):
    client.force_login(pam)
    response = client.get(reverse("api:insights-table", args=[partnership.pk, "people"]))
    assert response.status_code == 404


def test_it_is_read_only(client, pam, partnership):
    client.force_login(pam)
    response = client.post(reverse("api:insights-board", args=[partnership.pk]))
    assert response.status_code == 405


def test_the_openapi_document_describes_it(client):
    body = client.get(reverse("api:insights-openapi")).json()
    assert body == openapi_document("http://testserver/api")
    board = {"/insights", "/insights/{id}", "/insights/{id}/tables/{key}"}
    # With the place pages' (test_insights_place_api).
    assert board <= set(body["paths"])
