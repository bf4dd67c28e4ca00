# ruff: noqa: F811 (the place cast is imported as fixtures and used by name)
"""/api/insights/{id}/unmet-need, /areas, /lines/{line}: the place pages' tables as JSON, the
same cells as their CSV downloads, for the partnership's managers and members only."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from joinedup.api.insights_openapi import openapi_document, validator
from joinedup.directory.models import Service
from joinedup.directory.tokens import issue_api_token
from joinedup.insights import lines
from joinedup.insights.lines import StopData
from joinedup.insights.tests.conftest import _fresh_cache  # noqa: F401 (fixture)
from joinedup.insights.tests.place.conftest import (  # noqa: F401 (fixtures)
    council,
    council_service,
    make_referrals,
    olga,
    params,
    partnership,
    region,
    today,
)


def fits(schema: str, body) -> None:
    errors = sorted(validator(schema).iter_errors(body), key=str)
    assert not errors, errors[0]


def table(body, key: str):
    return next(t for t in body["tables"] if t["key"] == key)


def as_csv(found) -> list[list[str]]:
    """A JSON table's cells as its CSV download writes them."""
    out = []
    for row in found["rows"]:
        cells = []
        for c in row["cells"]:
            if c is None:
                cells.append("Not shown")
            elif isinstance(c, float):
                cells.append(f"{c:g}")
            else:
                cells.append(str(c))
        out.append(cells)
    return out


def download(client, name: str, args: list, **query) -> list[list[str]]:
    response = client.get(reverse(f"insights:{name}", args=args), params(**query))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def metro(partnership, pam):
    return lines.save_line(
        actor=pam,
        partnership=partnership,
        name="Metro",
        stops=[StopData("Walker", "NE6", "NE6"), StopData("Elswick", "NE4", "NE4")],
    )


def urls(partnership, metro) -> list[str]:
    return [
        reverse("api:insights-place", args=[partnership.pk]),
        reverse("api:insights-unmet-need", args=[partnership.pk]),
        reverse("api:insights-unmet-need-table", args=[partnership.pk, "turned-away"]),
        reverse("api:insights-areas", args=[partnership.pk]),
        reverse("api:insights-areas-table", args=[partnership.pk, "referrals-by-district"]),
        reverse("api:insights-line", args=[partnership.pk, metro.pk]),
        reverse("api:insights-line-table", args=[partnership.pk, metro.pk, "line-districts"]),
    ]


def test_a_manager_reads_the_same_cells_as_the_downloads(client, pam, partnership, region, metro):
    client.force_login(pam)
    for page, name, args in (
        ("api:insights-unmet-need", "unmet-need-csv", [partnership.pk]),
        ("api:insights-areas", "areas-csv", [partnership.pk]),
        ("api:insights-line", "line-csv", [partnership.pk, metro.pk]),
    ):
        response = client.get(reverse(page, args=args), params())
        assert response.status_code == 200, page
        body = response.json()
        fits("PlacePage", body)
        assert (body["period"]["start"], body["period"]["end"]) == ("2026-07-01", "2026-09-30")
        for found in body["tables"]:
            got = download(client, name, [*args, found["key"]])
            assert [c["label"] for c in found["columns"]] == got[0], found["key"]
            assert as_csv(found) == got[1:], found["key"]


def test_small_numbers_are_null_never_a_number(client, pam, partnership, region):
    client.force_login(pam)
    url = reverse("api:insights-unmet-need", args=[partnership.pk])
    turned_away = table(client.get(url, params()).json(), "turned-away")
    # Housing advice: 6 for no capacity, its 3 not eligible not shown (nor the total's 3).
    assert turned_away["rows"][1]["cells"] == ["Housing advice", 6, None]
    assert turned_away["rows"][-1] == {"cells": ["All services", 15, None], "total": True}
    assert turned_away["any_hidden"] is True
    counts = [c for r in turned_away["rows"] for c in r["cells"][1:]]
    assert not {1, 2, 3, 4} & set(counts)


def test_a_member_organisation_reads_what_its_page_shows(
    client, bob, carers_centre, partnership, region
):
    client.force_login(bob)
    shown = download(client, "unmet-need-csv", [partnership.pk, "turned-away"])
    client.logout()
    _, secret = issue_api_token(organization=carers_centre, name="BI")
    response = client.get(
        reverse("api:insights-unmet-need-table", args=[partnership.pk, "turned-away"]),
        params(),
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    fits("PlaceTable", response.json())
    assert as_csv(response.json()) == shown[1:]


@pytest.mark.parametrize("who", ["charlie", "olga"])
def test_outsiders_get_a_404_problem(client, partnership, metro, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in urls(partnership, metro):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
        fits("Problem", response.json())


def test_an_outsiders_token_gets_404(client, partnership, metro, housing_org):
    _, secret = issue_api_token(organization=housing_org, name="BI")
    for url in urls(partnership, metro):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == 404, url


def test_nobody_gets_401(client, partnership, metro):
    for url in urls(partnership, metro):
        assert client.get(url).status_code == 401, url


def test_the_place_lists_its_pages_and_lines(client, pam, partnership, metro):
    client.force_login(pam)
    body = client.get(reverse("api:insights-place", args=[partnership.pk])).json()
    fits("Place", body)
    assert [line["name"] for line in body["lines"]] == ["Metro"]
    assert body["lines"][0]["url"].endswith(
        reverse("api:insights-line", args=[partnership.pk, metro.pk])
    )


def test_a_long_table_comes_in_pages_with_the_period(
    client, pam, partnership, council, make_referrals, today
):
    for n in range(3):
        service = Service.objects.create(organization=council, name=f"Service {n}")
        make_referrals(5 + n, service, declined="no_capacity")
    client.force_login(pam)
    url = reverse("api:insights-unmet-need", args=[partnership.pk])
    first = table(client.get(url, params(per_page=2)).json(), "turned-away")
    assert [r["cells"][0] for r in first["rows"]] == ["Service 2", "Service 1"]
    assert first["total_rows"] == 4 and "period=quarter" in first["next"]
    rest = client.get(first["next"]).json()
    fits("PlaceTable", rest)
    assert [r["cells"][0] for r in rest["rows"]] == ["Service 0", "All services"]
    assert rest["next"] is None and rest["previous"]


def test_an_unknown_table_or_line_is_404(client, pam, partnership, metro):
    client.force_login(pam)
    for url in (
        reverse("api:insights-unmet-need-table", args=[partnership.pk, "people"]),
        reverse("api:insights-areas-table", args=[partnership.pk, "referrals-by-indicator"]),
        reverse("api:insights-line", args=[partnership.pk, metro.pk + 1000]),
    ):
        assert client.get(url).status_code == 404, url


def test_it_is_read_only(client, pam, partnership):
    client.force_login(pam)
    assert client.post(reverse("api:insights-unmet-need", args=[partnership.pk])).status_code == 405


def test_the_openapi_document_lists_the_place_paths(client):
    body = client.get(reverse("api:insights-openapi")).json()
    assert body == openapi_document("http://testserver/api")
    assert {
        "/insights/{id}/place",
        "/insights/{id}/unmet-need",
        "/insights/{id}/unmet-need/tables/{key}",
        "/insights/{id}/areas",
        "/insights/{id}/areas/tables/{key}",
        "/insights/{id}/lines/{line}",
        "/insights/{id}/lines/{line}/tables/{key}",
        "/insights/wellbeing",
        "/insights/wellbeing/{scope}",
    } <= set(body["paths"])
    assert "PlaceTable" in body["components"]["schemas"]


def test_wellbeing_is_what_the_page_shows_the_caller(client, pam, partnership, carers_centre):
    client.force_login(pam)
    body = client.get(reverse("api:insights-wellbeing")).json()
    fits("Wellbeing", body)
    scope = f"partnership-{partnership.pk}"
    [section] = [s for s in body["sections"] if s["scope"] == scope]
    assert section["suppressed"] is True and section["threshold"] == 5
    shown = client.get(reverse("insights:wellbeing-csv", args=[scope]))
    rows = list(csv.reader(io.StringIO(shown.content.decode())))
    assert [c["label"] for c in section["table"]["columns"]] == rows[0]
    assert as_csv(section["table"]) == rows[1:]


def test_a_token_reads_its_own_organisations_wellbeing(client, partnership, carers_centre):
    _, secret = issue_api_token(organization=carers_centre, name="BI")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = client.get(reverse("api:insights-wellbeing"), **auth).json()
    fits("Wellbeing", body)
    assert [(s["scope"], s["suppressed"]) for s in body["sections"]] == [
        (f"organisation-{carers_centre.pk}", False)
    ]
    url = reverse("api:insights-wellbeing-section", args=[f"partnership-{partnership.pk}"])
    assert client.get(url, **auth).status_code == 404


def test_an_outsider_reads_no_partnerships_wellbeing(client, charlie, partnership):
    client.force_login(charlie)
    body = client.get(reverse("api:insights-wellbeing")).json()
    assert all(not s["scope"].startswith("partnership-") for s in body["sections"])
    url = reverse("api:insights-wellbeing-section", args=[f"partnership-{partnership.pk}"])
    response = client.get(url)
    assert response.status_code == 404
    fits("Problem", response.json())


def test_a_wellbeing_date_that_cannot_be_read_is_400(client, pam):
    client.force_login(pam)
    response = client.get(reverse("api:insights-wellbeing"), {"from": "1 April"})
    assert response.status_code == 400
    fits("Problem", response.json())


def test_an_unmet_need_answer_is_kept_as_long_as_its_figures(
    client, pam, partnership, region, monkeypatch
):
    # A region's services turned away take a quarter of a second to suppress: the answer is
    # written once from the figures and kept with them, as the page and its CSV are.
    from joinedup.insights import place_tables

    client.force_login(pam)
    page = reverse("api:insights-unmet-need", args=[partnership.pk])
    one_table = reverse("api:insights-unmet-need-table", args=[partnership.pk, "turned-away"])
    first, first_table = client.get(page, params()), client.get(one_table, params())

    def refuse(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(place_tables, "unmet_figures", refuse)
    assert client.get(page, params()).content == first.content
    assert client.get(one_table, params()).content == first_table.content
    # Another address (another page of rows) is another answer, written from the figures.
    with pytest.raises(AssertionError, match="computed again"):
        client.get(one_table, params(per_page=1))
