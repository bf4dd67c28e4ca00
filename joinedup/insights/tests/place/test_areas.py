"""Referrals by the person's postcode district, with small counts hidden, on a map drawn from
the shipped centroids, and by an imported area indicator."""

from __future__ import annotations

import datetime

from joinedup.insights import areas, maps
from joinedup.insights.indicators import import_rows
from joinedup.insights.models import Indicator
from joinedup.insights.place_periods import Period

from .conftest import BEFORE

QUARTER = Period("quarter", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


def test_referrals_by_district_with_suppression(partnership, council_service, make_referrals):
    make_referrals(12, council_service, postcode="BS5 6XX")
    make_referrals(7, council_service, postcode="BS1 4DJ")
    make_referrals(3, council_service, postcode="BS3")  # erased: only the district was kept
    make_referrals(2, council_service, postcode="")
    make_referrals(8, council_service, postcode="BS5 7AA", when=BEFORE)
    now = areas.referrals_by_district(partnership, QUARTER)
    assert now == {"BS5": 12, "BS1": 7, "BS3": 3, "Not given": 2}
    table = areas.area_table(now, areas.referrals_by_district(partnership, QUARTER.previous()), 5)
    rows = {r.district: (r.referrals, r.previous) for r in table.rows}
    # 3 and 2 are hidden; two hidden cells are enough: 5 can be worked out, neither alone.
    assert rows == {"BS5": (12, 8), "BS1": (7, 0), "BS3": (None, 0), "Not given": (None, 0)}
    assert (table.total, table.previous_total) == (24, 8)
    assert next(r.place for r in table.rows if r.district == "BS5")  # from the shipped table


def test_a_single_small_district_is_not_left_to_subtraction(
    partnership, council_service, make_referrals
):
    make_referrals(12, council_service, postcode="BS5 6XX")
    make_referrals(7, council_service, postcode="BS1 4DJ")
    make_referrals(3, council_service, postcode="BS3 1AA")
    table = areas.area_table(areas.referrals_by_district(partnership, QUARTER), {}, 5)
    rows = {r.district: r.referrals for r in table.rows}
    assert rows == {"BS5": 12, "BS1": None, "BS3": None}
    assert 3 not in rows.values() and table.total == 22


def test_the_map_places_districts_and_shows_no_small_number():
    svg = str(maps.district_map({"BS5": 12, "BS1": None, "ZZ99": 40}, title="Referrals"))
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert ">BS5<" in svg and ">BS1<" in svg and "ZZ99" not in svg  # not in the table of centroids
    assert ">12<" in svg and ">not shown<" in svg and 'stroke-dasharray="3 2"' in svg
    assert "style" not in svg and "<script" not in svg


def test_referrals_by_deprivation_decile(partnership, council_service, make_referrals):
    make_referrals(12, council_service, postcode="BS5 6XX")
    make_referrals(7, council_service, postcode="BS1 4DJ")
    make_referrals(9, council_service, postcode="BS3 1AA")
    import_rows(
        partnership=partnership,
        rows=[
            {
                "area_code": "BS5",
                "area_name": "",
                "indicator": "IMD decile",
                "period": "2019",
                "value": "1",
            },
            {
                "area_code": "BS3",
                "area_name": "",
                "indicator": "IMD decile",
                "period": "2019",
                "value": "1",
            },
            {
                "area_code": "BS1",
                "area_name": "",
                "indicator": "IMD decile",
                "period": "2019",
                "value": "6",
            },
        ],
    )
    indicator = Indicator.objects.get(name="IMD decile")
    rows = areas.equity_table(
        areas.latest_values(indicator), areas.referrals_by_district(partnership, QUARTER), {}, 5
    )
    assert [(r.label, r.districts, r.referrals) for r in rows] == [
        ("1", ["BS3", "BS5"], 21),
        ("6", ["BS1"], 7),
    ]


def test_an_ons_area_counts_through_a_stops_district(partnership):
    rows = areas.equity_table(
        {"E02003002": 76.5, "E02009999": 80.1}, {"NE6": 8}, {"E02003002": "NE6"}, 5
    )
    assert [(r.label, r.districts, r.referrals) for r in rows] == [("76.5", ["NE6"], 8)]


def test_a_band_never_gives_away_a_district_the_district_table_hides():
    referrals = {"NE6": 8, "NE4": 2, "NE2": 6, "NE1": 9}
    table = areas.area_table(referrals, {}, 5)
    assert table.hidden == {"NE4", "NE2"}  # 2, and the next smallest with it
    deciles = {"NE6": 1.0, "NE4": 1.0, "NE2": 9.0, "NE1": 4.0}
    rows = areas.equity_table(deciles, referrals, {}, 5, hidden=table.hidden)
    # Decile 1 (NE4 + NE6 = 10) less NE6's 8 would show NE4's 2: hidden.
    assert [(r.label, r.referrals) for r in rows] == [("1", None), ("4", 9), ("9", None)]
    values = {"NE6": 76.1, "NE2": 84.0}
    rows = areas.equity_table(values, referrals, {}, 5, hidden=table.hidden)
    assert [(r.districts, r.referrals) for r in rows] == [(["NE6"], 8), (["NE2"], None)]
