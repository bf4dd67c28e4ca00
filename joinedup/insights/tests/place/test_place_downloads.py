"""Every table of the place pages downloads as CSV (issue 15, item 6) with the page's own cells,
and the unmet-need page lists the services that turned away the most."""

from __future__ import annotations

import csv
import datetime
import io
import re
from html.parser import HTMLParser
from typing import Any

from django.urls import reverse
from django.utils.text import Truncator

from joinedup.directory.models import Service
from joinedup.insights import lines, place_cache, place_tables, unmet
from joinedup.insights.indicators import import_rows
from joinedup.insights.lines import StopData
from joinedup.insights.models import Indicator
from joinedup.insights.place_periods import period_from

from .conftest import params


class Tables(HTMLParser):
    """Each <table>'s rows; each cell as the pieces of text in it (a cell's note in a <span>
    apart from its figure)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[list[str]]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = []
            self.tables[-1][-1].append(self.cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and data.strip():
            self.cell.append(data.strip())


def page_tables(response: Any) -> list[list[list[list[str]]]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def same(text: str) -> str:
    """A page's figure as the CSV writes it: no thousands commas, no % sign, no ".0"."""
    plain = text.replace(",", "").removesuffix("%")
    try:
        return f"{float(plain):g}"
    except ValueError:
        return text


def test_unmet_need_downloads_have_the_pages_cells(client, partnership, pam, region):
    client.force_login(pam)
    page = client.get(reverse("insights:unmet-need", args=[partnership.pk]), params())
    themes, districts, declines, waiting = page_tables(page)

    def download(key: str) -> list[list[str]]:
        url = reverse("insights:unmet-need-csv", args=[partnership.pk, key])
        return csv_rows(client.get(url, params()))

    got = download("searches-by-theme")
    assert got[0] == ["Theme", "Searches", "Found little", "Rate (%)", "Rate before (%)"]
    # The page writes the rate before beneath the rate, in brackets.
    shown = [
        [k[0], same(s[0]), same(u[0]), same(r[0]), same(r[1].strip("()"))]
        for k, s, u, r in themes[1:]
    ]
    assert [[c.replace("No searches", "no searches") for c in row] for row in got[1:]] == shown
    assert got[-1][0] == "All themes"
    # debt's 3 is not shown, and carer's 6 with it (the total would give it away); carer's 10
    # of 10 the quarter before is shown.
    assert ["carer", "30", "Not shown", "Not shown", "100"] in got

    got = download("searches-by-district")
    assert got[1:] == [
        [c[0] if i == 0 else same(c[0]) for i, c in enumerate(r)] for r in districts[1:]
    ]

    got = download("turned-away")
    assert got[0] == ["Service", "No capacity", "Not eligible"]
    assert got[1:] == [[same(c[0]) for c in r] for r in declines[1:]]
    # Tenancy turned away 9, Housing advice 6 shown (its 3 is not shown): the most first.
    assert [r[0] for r in got[1:]] == ["Tenancy", "Housing advice", "All services"]

    got = download("waiting-lists")
    assert got[1:] == [
        [datetime.datetime.strptime(r[0][0], "%d %b %Y").date().isoformat(), r[1][0], r[2][0]]
        for r in waiting[1:]
    ]
    assert len(got) == 4  # a month end for each month of the quarter


def test_by_area_downloads_have_the_pages_cells(client, partnership, pam, region):
    import_rows(
        partnership=partnership,
        rows=[
            {"area_code": d, "area_name": "", "indicator": "IMD", "period": "2019", "value": v}
            for d, v in (("NE6", "1"), ("NE4", "1"), ("NE5", "3"), ("NE2", "9"))
        ],
    )
    indicator = Indicator.objects.get(name="IMD")
    client.force_login(pam)
    query = params(indicator=indicator.pk)
    page = client.get(reverse("insights:areas", args=[partnership.pk]), query)
    districts, equity = page_tables(page)

    def download(key: str) -> list[list[str]]:
        return csv_rows(
            client.get(reverse("insights:areas-csv", args=[partnership.pk, key]), query)
        )

    got = download("referrals-by-district")
    assert got[0] == ["District", "Places", "Referrals", "Period before"]
    for row, cells in zip(got[1:], districts[1:], strict=True):
        place = Truncator(row[1]).chars(60)
        assert [row[0], place, row[2], row[3]] == [
            cells[0][0],
            cells[0][1] if len(cells[0]) > 1 else "",
            cells[1][0],
            cells[2][0],
        ]
    got = download("referrals-by-indicator")
    assert got[1:] == [[c[0] for c in r] for r in equity[1:]]
    assert "2" not in [c for r in got for c in r[1:]]


def test_a_lines_downloads_have_the_pages_cells(
    client, partnership, pam, council_service, make_referrals, today
):
    make_referrals(6, council_service, postcode="NE6 1AA")
    make_referrals(3, council_service, postcode="NE2 1AA")
    make_referrals(5, council_service, postcode="NE5 1AA")  # hidden with NE2's 3, not NE6's 6
    line = lines.save_line(
        actor=pam,
        partnership=partnership,
        name="Metro",
        description="",
        stops=[StopData("Walker", "E02001689", "NE6"), StopData("Jesmond", "NE2", "NE2")],
    )
    import_rows(
        partnership=partnership,
        rows=[
            {"area_code": "E02001689", "area_name": "", "indicator": "LE", "period": "2019"}
            | {"value": "73.2"}
        ],
    )
    client.force_login(pam)
    page = client.get(reverse("insights:line", args=[partnership.pk, line.pk]), params())
    stops, districts = page_tables(page)

    def download(key: str) -> list[list[str]]:
        url = reverse("insights:line-csv", args=[partnership.pk, line.pk, key])
        return csv_rows(client.get(url, params()))

    got = download("line-stops")
    assert got[1:] == [
        ["1. Walker", "E02001689", "NE6", "73.2"],
        ["2. Jesmond", "NE2", "NE2", "No data"],
    ]
    assert [[r[0], *r[3:]] for r in got[1:]] == [[c[0][0], c[1][0]] for c in stops[1:]]
    got = download("line-districts")
    assert got[1:] == [
        ["NE2", "Not shown", "No searches", "No searches"],
        ["NE6", "6", "No searches", "No searches"],
    ]
    assert [r[:2] for r in got[1:]] == [[c[0][0], c[1][0]] for c in districts[1:]]


def test_the_links_carry_the_period_and_choices(client, partnership, pam, region):
    client.force_login(pam)
    body = client.get(
        reverse("insights:unmet-need", args=[partnership.pk]),
        {"period": "year", "ignored": "x"},
    ).content.decode()
    url = reverse("insights:unmet-need-csv", args=[partnership.pk, "turned-away"])
    assert f'href="{url}?period=year"' in body
    assert re.search(
        r'Download this table \(CSV\)<span class="govuk-visually-hidden">: Referrals turned away',
        body,
    )
    response = client.get(url, {"period": "year"})
    assert response["Content-Disposition"] == (
        'attachment; filename="turned-away-2025-10-01-to-2026-09-30.csv"'
    )


def test_small_numbers_never_show_in_a_download(client, partnership, pam, region):
    client.force_login(pam)
    counts = []  # the cells of every column that counts people
    for key in ("searches-by-theme", "searches-by-district", "turned-away"):
        url = reverse("insights:unmet-need-csv", args=[partnership.pk, key])
        counts += [c for r in csv_rows(client.get(url, params()))[1:] for c in r[1:3]]
    url = reverse("insights:areas-csv", args=[partnership.pk, "referrals-by-district"])
    counts += [c for r in csv_rows(client.get(url, params()))[1:] for c in r[2:]]
    assert "Not shown" in counts
    assert not {"1", "2", "3", "4"} & set(counts)


def test_outsiders_get_404_for_every_download(client, partnership, pam, charlie, olga, region):
    line = lines.save_line(
        actor=pam, partnership=partnership, name="Metro", stops=[StopData("Walker", "NE6", "NE6")]
    )
    downloads = [
        reverse("insights:unmet-need-csv", args=[partnership.pk, "turned-away"]),
        reverse("insights:areas-csv", args=[partnership.pk, "referrals-by-district"]),
        reverse("insights:line-csv", args=[partnership.pk, line.pk, "line-districts"]),
    ]
    for outsider in (charlie, olga):
        client.force_login(outsider)
        for url in downloads:
            assert client.get(url).status_code == 404, (outsider, url)


def test_a_member_downloads_what_the_page_shows_them(client, partnership, bob, region):
    client.force_login(bob)
    page = client.get(reverse("insights:unmet-need", args=[partnership.pk]), params())
    declines = page_tables(page)[2]
    url = reverse("insights:unmet-need-csv", args=[partnership.pk, "turned-away"])
    assert csv_rows(client.get(url, params()))[1:] == [
        [same(c[0]) for c in r] for r in declines[1:]
    ]


def test_a_table_the_page_does_not_show_is_404(client, partnership, pam, region):
    client.force_login(pam)
    for key in ("referrals-by-indicator", "people"):
        url = reverse("insights:areas-csv", args=[partnership.pk, key])
        assert client.get(url, params()).status_code == 404


def test_turned_away_is_ordered_by_the_counts_shown_only():
    rows = [
        ("Zeta", "no_capacity", 4),  # hidden: Zeta's 10 in all must not put it first
        ("Zeta", "not_eligible", 6),
        ("Alpha", "no_capacity", 8),
        ("Beta", "no_capacity", 5),  # hidden with Zeta's 4, or the total would give it away
        ("Gamma", "no_capacity", 8),
    ]
    table, by_reason = unmet.decline_table(rows, threshold=5)
    assert by_reason == {"no_capacity": 25, "not_eligible": 6}
    assert [(r.service, r.counts) for r in table] == [
        ("Alpha", {"no_capacity": 8, "not_eligible": 0}),
        ("Gamma", {"no_capacity": 8, "not_eligible": 0}),  # a tie: by name
        ("Zeta", {"no_capacity": None, "not_eligible": 6}),
        ("Beta", {"no_capacity": None, "not_eligible": 0}),
    ]


def test_the_page_lists_the_25_that_turned_away_most_and_the_download_all(
    client, partnership, pam, council, make_referrals, today
):
    partnership.suppression_threshold = 2
    partnership.save(update_fields=["suppression_threshold"])
    for n in range(27):
        service = Service.objects.create(organization=council, name=f"Service {n:02}")
        make_referrals(3 if n == 26 else 2, service, declined="no_capacity")
    client.force_login(pam)
    page = client.get(reverse("insights:unmet-need", args=[partnership.pk]), params())
    body = page.content.decode()
    assert (
        "The 25 services that turned away the most referrals of 27; download the table for "
        "them all."
    ) in body
    declines = page_tables(page)[0]  # no searches: the only table before the waiting lists
    names = [r[0][0] for r in declines[1:]]
    assert names == ["Service 26", *(f"Service {n:02}" for n in range(24)), "All services"]
    url = reverse("insights:unmet-need-csv", args=[partnership.pk, "turned-away"])
    got = csv_rows(client.get(url, params()))
    assert len(got) == 1 + 27 + 1
    assert got[-1] == ["All services", "55", "0"]


def test_the_unmet_need_downloads_are_the_pages_tables(partnership, region):
    counts = place_tables.unmet_counts(partnership, period_from(params()), place_cache.Reading())
    found = place_tables.unmet_figures(counts, 5).tables()
    assert tuple(found) == place_tables.UNMET_TABLES
