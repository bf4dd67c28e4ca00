"""Lines: ordered stops tied to areas, read along an indicator the Newcastle way."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent
from joinedup.insights import lines, maps
from joinedup.insights.indicators import import_rows
from joinedup.insights.lines import StopData
from joinedup.insights.models import Indicator, Line

METRO = [
    StopData("Walker", "E02001689", "NE6"),
    StopData("Byker", "e02001690", "ne6"),
    StopData("Jesmond", "NE2"),
]


def test_a_manager_saves_a_line_in_order(partnership, pam):
    line = lines.save_line(actor=pam, partnership=partnership, name="Metro", stops=METRO)
    stops = [(s.position, s.name, s.area_code, s.district) for s in line.stops.all()]
    assert stops == [
        (1, "Walker", "E02001689", "NE6"),
        (2, "Byker", "E02001690", "NE6"),
        (3, "Jesmond", "NE2", "NE2"),  # a district is its own district
    ]
    lines.save_line(actor=pam, partnership=partnership, name="Metro", stops=METRO[::-1], line=line)
    assert [s.name for s in line.stops.all()] == ["Jesmond", "Byker", "Walker"]
    assert AuditEvent.objects.filter(action__startswith="line.").count() == 2


def test_bad_stops_are_refused_with_their_number(partnership, pam):
    with pytest.raises(ValidationError) as refused:
        lines.save_line(
            actor=pam,
            partnership=partnership,
            name=" ",
            stops=[
                StopData("Walker", "E02001689"),
                StopData("", "Q1"),
                StopData("X", "NE6", "ZZ9"),
            ],
        )
    assert refused.value.messages == [
        "Enter the name of the line",
        "Stop 2: enter the stop's name",
        "Stop 2: “Q1” is not an area code we know: use an ONS code such as E02001234 or a "
        "postcode district such as NE1",
        "Stop 3: “ZZ9” is not a postcode district we know",
    ]
    assert not Line.objects.exists()


def test_only_the_partnerships_managers_draw_lines(partnership, alice, olga):
    for outsider in (alice, olga):
        with pytest.raises(PermissionDenied):
            lines.save_line(actor=outsider, partnership=partnership, name="M", stops=METRO)


def test_an_indicator_along_the_line_by_sex(partnership, pam):
    line = lines.save_line(actor=pam, partnership=partnership, name="Metro", stops=METRO)
    import_rows(
        partnership=partnership,
        rows=[
            {"area_code": a, "area_name": "", "indicator": "LE", "period": p, "value": v, "sex": s}
            for a, p, v, s in (
                ("E02001689", "2016-20", "73.2", "Male"),
                ("E02001689", "2016-20", "78.9", "Female"),
                ("NE2", "2016-20", "83.1", "Male"),
                ("NE2", "2016-20", "86.4", "Female"),
                ("NE2", "2011-15", "80.0", "Male"),  # an older period: not shown
            )
        ],
    )
    along = lines.along_line(line, Indicator.objects.get())
    assert along.period == "2016-20" and along.has_data
    assert [(s.label, s.values) for s in along.series] == [
        ("Female", [78.9, None, 86.4]),
        ("Male", [73.2, None, 83.1]),
    ]
    svg = str(
        maps.line_chart(
            [s.name for s in along.stops],
            [(s.label, s.values) for s in along.series],
            title="LE",
            band=("IMD", [1, 2, None]),
        )
    )
    assert svg.count("<polyline") == 0  # each series has a gap at Byker: no two stops joined
    assert ">Walker<" in svg and ">Female<" in svg and ">no data<" in svg
    assert "style=" not in svg and "<script" not in svg and 'role="img"' in svg


def test_a_line_with_no_data(partnership, pam):
    line = lines.save_line(actor=pam, partnership=partnership, name="Metro", stops=METRO)
    import_rows(
        partnership=partnership,
        rows=[
            {
                "area_code": "E09000001",
                "area_name": "",
                "indicator": "LE",
                "period": "2019",
                "value": "80",
            }
        ],
    )
    along = lines.along_line(line, Indicator.objects.get())
    assert not along.has_data and along.series == []
    assert str(maps.line_chart(["Walker"], [], title="LE")) == ""
