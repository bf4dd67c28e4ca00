"""Importing area indicators: the OHID Fingertips export as it is downloaded, and a plain file.
Every rejected row is reported with its line and reason; the rest are kept."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from joinedup.core.models import AuditEvent
from joinedup.insights.indicators import import_csv, import_rows
from joinedup.insights.models import AreaValue, Indicator

HEADER = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
    "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,"
    "Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,"
    "Compared to England value or percentiles,"
    "Compared to Counties & UAs (from Apr 2021) value or percentiles,Time period Sortable,"
    "New data,Compared to goal"
)
LE = '93283,"Life expectancy at birth, (upper age band 90+)",E08000021,Newcastle upon Tyne'


def fingertips(*rows: str) -> bytes:
    return ("\ufeff" + HEADER + "\n" + "\n".join(rows) + "\n").encode()


def le_row(
    area: str, name: str, sex: str, value: str, *, period: str = "2016 - 20", extra: str = ",,"
) -> str:
    """A row as Fingertips writes it; `extra` is ",Category Type,Category"."""
    sortable = period[:4] + "0000"
    return (
        f"{LE},{area},{name},MSOA,{sex},All ages{extra},{period},{value},70.1,80.2,,,,,,,"
        f"Not compared,,{sortable},,"
    )


def test_fingertips_export_keeps_male_and_female_values(partnership, pam):
    data = fingertips(
        le_row("E02001689", "Walker", "Male", "73.2"),
        le_row("E02001689", "Walker", "Female", "78.9"),
        le_row("E02001700", "Jesmond", "Male", "83.1"),
        le_row("E02001700", "Jesmond", "Female", "86.4"),
    )
    report = import_csv(partnership=partnership, data=data, actor=pam)
    assert (report.kept, report.rejected, report.error) == (4, [], "")
    assert report.source == "fingertips"
    indicator = Indicator.objects.get(partnership=partnership)
    assert (indicator.code, indicator.name) == (
        "93283",
        "Life expectancy at birth, (upper age band 90+)",
    )
    walker = AreaValue.objects.get(indicator=indicator, area_code="E02001689", sex="Female")
    assert (walker.value, walker.period, walker.period_sort, walker.age) == (
        78.9,
        "2016 - 20",
        20160000,
        "All ages",
    )
    assert (walker.lower_ci, walker.upper_ci) == (70.1, 80.2)
    assert AuditEvent.objects.filter(action="indicators.imported", actor=pam).count() == 1


def test_fingertips_rows_that_cannot_be_kept_are_reported_and_the_rest_kept(partnership):
    data = fingertips(
        le_row("E02001689", "Walker", "Male", "73.2"),  # line 2
        le_row("E02001689", "Walker", "Male", "n/a"),  # 3: repeats line 2's key, bad number
        le_row("E02001690", "Byker", "Male", ""),  # 4: no value
        le_row("XX123", "Nowhere", "Male", "70"),  # 5: unknown area
        le_row(
            "E92000001", "England", "Male", "79.4", extra=",Deprivation decile,Most deprived"
        ),  # 6
        le_row("E02001691", "Heaton", "Other", "80"),  # 7: sex
        le_row("E02001692", "Ouseburn", "Male", "79.0"),  # 8
    )
    report = import_csv(partnership=partnership, data=data)
    reasons = {r.line: r.reason for r in report.rejected}
    assert report.kept == 2
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "“n/a” is not a number" in reasons[3]
    assert "no value" in reasons[4]
    assert "“XX123” is not an area code we know" in reasons[5]
    assert "a breakdown by Deprivation decile (Most deprived)" in reasons[6]
    assert "sex “Other”" in reasons[7]
    assert report.unknown_areas == ["XX123"]
    assert set(AreaValue.objects.values_list("area_code", flat=True)) == {"E02001689", "E02001692"}


def test_a_file_with_the_wrong_columns_is_refused_whole(partnership):
    report = import_csv(partnership=partnership, data=b"place,number\nNE1,4\n")
    assert report.kept == 0 and "area_code" in report.error and "Missing" in report.error
    cut = HEADER.replace("Time period,", "").encode() + b"\n"
    report = import_csv(partnership=partnership, data=cut)
    assert "Fingertips export but has no column “Time period”" in report.error
    assert import_csv(partnership=partnership, data=b"\xff\xfe\x00bad").error.startswith(
        "The file is not CSV text in UTF-8"
    )
    assert import_csv(partnership=partnership, data=b"").error == "The file is empty"
    assert not AreaValue.objects.exists()


def test_plain_file_with_bad_numbers_and_unknown_areas(partnership):
    data = (
        b"Area_Code,area_name,indicator,period,value,sex\n"
        b"NE6,Walker,Life expectancy,2016-20,73.2,male\n"
        b"NE6,Walker,Life expectancy,2016-20,78.9,Female\n"
        b"NE2,Jesmond,IMD decile,2019,10,\n"
        b"NE99ZZ,Somewhere,IMD decile,2019,3,\n"
        b"NE4,Benwell,IMD decile,2019,three,\n"
        b",Blank,IMD decile,2019,3,\n"
        b"NE4,Benwell,,2019,3,\n"
        b"NE4,Benwell,IMD decile,2019,1,\n"
    )
    report = import_csv(partnership=partnership, data=data)
    assert report.source == "plain" and report.kept == 4
    assert [(r.line, r.reason.split(":")[0]) for r in report.rejected] == [
        (5, "“NE99ZZ” is not an area code we know"),
        (6, "the value “three” is not a number"),
        (7, "the area code is missing"),
        (8, "the indicator is missing"),
    ]
    assert set(Indicator.objects.values_list("name", flat=True)) == {
        "Life expectancy",
        "IMD decile",
    }
    assert AreaValue.objects.get(area_code="NE6", sex="Male").value == 73.2


def test_importing_again_replaces_values_and_another_partnership_is_apart(partnership, olga):
    rows = [
        {
            "area_code": "NE6",
            "area_name": "Walker",
            "indicator": "IMD decile",
            "period": "2019",
            "value": "2",
        }
    ]
    import_rows(partnership=partnership, rows=rows)
    import_rows(partnership=partnership, rows=[{**rows[0], "value": "1"}])
    assert AreaValue.objects.get().value == 1.0
    other = olga.managed_partnerships.get()
    import_rows(partnership=other, rows=rows)
    assert Indicator.objects.filter(name="IMD decile").count() == 2
    assert AreaValue.objects.filter(indicator__partnership=partnership).count() == 1


def test_the_command_imports_a_file_and_lists_rejected_rows(partnership, tmp_path: Path):
    path = tmp_path / "le.csv"
    path.write_bytes(
        fingertips(le_row("E02001689", "Walker", "Male", "73.2"), le_row("ZZ1", "X", "Male", "1"))
    )
    out, err = StringIO(), StringIO()
    call_command(
        "import_indicators", str(path), partnership=partnership.name, stdout=out, stderr=err
    )
    assert "Kept 1 value(s) of 1 indicator(s)" in out.getvalue()
    assert "Unknown area codes: ZZ1" in out.getvalue()
    assert "line 3: “ZZ1” is not an area code we know" in err.getvalue()
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="The first row must name the columns"):
        call_command("import_indicators", str(path), partnership=str(partnership.pk))
