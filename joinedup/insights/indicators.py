"""Importing area indicators (issue 15, item 5): the OHID Fingertips export and a plain file.

Two layouts are read, told apart by their header row:

- **Fingertips**, as its "Export data" and `api/all_data/csv` downloads write it: `Indicator
  ID, Indicator Name, Parent Code, Parent Name, Area Code, Area Name, Area Type, Sex, Age,
  Category Type, Category, Time period, Value, Lower CI 95.0 limit, Upper CI 95.0 limit, Lower
  CI 99.8 limit, Upper CI 99.8 limit, Count, Denominator, Value note, Recent Trend, Compared to
  England value or percentiles, ..., Time period Sortable, ...`. The columns named in
  FINGERTIPS_REQUIRED must be there; the others are used when present and otherwise ignored.
  Sex is kept: life expectancy is published for "Male" and "Female" (and some indicators for
  "Persons"), and a line shows each as its own series. Rows with a Category Type are
  breakdowns of an area (by deprivation decile of England, by ethnic group...), not the area's
  own value, and are rejected with that reason.
- **Plain**: `area_code, area_name, indicator, period, value`, with an optional `sex`.

Every rejected row is reported with its line number and reason; the rest are kept, in one
transaction (all of them, or none if the database refuses). Area codes must be an ONS code
(E02001234, W01000002...) or a postcode district we know (NE1): anything else is reported as
unknown, since nothing could ever be drawn for it. A row for an area, period, sex and age the
partnership already has replaces the old value, so a corrected file can be imported again.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from joinedup.core import audit, postcodes
from joinedup.core.models import User
from joinedup.insights.models import AreaValue, Indicator, Source
from joinedup.partnerships.models import Partnership

FINGERTIPS_REQUIRED = (
    "Indicator ID",
    "Indicator Name",
    "Area Code",
    "Area Name",
    "Sex",
    "Age",
    "Category Type",
    "Time period",
    "Value",
)
PLAIN_REQUIRED = ("area_code", "area_name", "indicator", "period", "value")
SEXES = {"male": "Male", "female": "Female", "persons": "Persons", "": ""}
# ONS GSS codes: a letter for the nation and eight digits (E02001234, W01000002, S12000033).
ONS_CODE = re.compile(r"[EWSNKLMJ][0-9]{8}")
YEAR = re.compile(r"(19|20)[0-9]{2}")
MAX_BYTES = 20 * 1024 * 1024  # a Fingertips profile for every small area of a region fits


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    unknown_area: str = ""  # the code, when that is the reason


@dataclass
class ImportReport:
    source: str = ""
    kept: int = 0
    indicators: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # A problem with the whole file (not CSV, columns not recognised): nothing was read.
    error: str = ""

    @property
    def unknown_areas(self) -> list[str]:
        return sorted({r.unknown_area for r in self.rejected if r.unknown_area})


@dataclass(frozen=True)
class Row:
    """One accepted row, in the shape both layouts become."""

    code: str
    name: str
    area_code: str
    area_name: str
    period: str
    period_sort: int
    sex: str
    age: str
    value: float
    lower_ci: float | None = None
    upper_ci: float | None = None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.code, self.area_code, self.period, self.sex, self.age)


class RowError(ValueError):
    """Why one row cannot be kept."""


class UnknownArea(RowError):
    def __init__(self, code: str) -> None:
        super().__init__(
            f"“{code}” is not an area code we know: use an ONS code such as E02001234 or a "
            "postcode district such as NE1"
        )
        self.code = code


def is_known_area(code: str) -> bool:
    return bool(ONS_CODE.fullmatch(code)) or code in postcodes.districts()


def _number(text: str, what: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise RowError(f"{what} “{text}” is not a number") from None
    if not math.isfinite(value):
        raise RowError(f"{what} “{text}” is not a number")
    return value


def _optional_number(text: str | None) -> float | None:
    try:
        return _number(text or "", "")
    except RowError:
        return None


def _area(code: str) -> str:
    code = code.strip().upper()
    if not code:
        raise RowError("the area code is missing")
    if not is_known_area(code):
        raise UnknownArea(code)
    return code


def _period_sort(period: str, sortable: str = "") -> int:
    if sortable.strip().isdigit():
        return int(sortable.strip())
    found = YEAR.search(period)
    return int(found.group(0)) * 10_000 if found else 0


def _sex(text: str) -> str:
    sex = SEXES.get(text.strip().lower())
    if sex is None:
        raise RowError(f"sex “{text.strip()}” is not Male, Female or Persons")
    return sex


def fingertips_row(raw: Mapping[str, str]) -> Row:
    """A Fingertips export row, or RowError saying why it cannot be kept."""
    category = (raw.get("Category Type") or "").strip()
    if category:
        detail = (raw.get("Category") or "").strip()
        raise RowError(
            f"a breakdown by {category}{f' ({detail})' if detail else ''}, not the area's own "
            "value: only whole-area values are imported"
        )
    code = (raw.get("Indicator ID") or "").strip()
    name = (raw.get("Indicator Name") or "").strip()
    if not code or not name:
        raise RowError("the indicator ID or name is missing")
    area_code = _area(raw.get("Area Code") or "")
    period = (raw.get("Time period") or "").strip()
    if not period:
        raise RowError("the time period is missing")
    value_text = (raw.get("Value") or "").strip()
    if not value_text:
        note = (raw.get("Value note") or "").strip()
        raise RowError(f"there is no value{f' ({note})' if note else ''}")
    return Row(
        code=code,
        name=name,
        area_code=area_code,
        area_name=(raw.get("Area Name") or "").strip(),
        period=period,
        period_sort=_period_sort(period, raw.get("Time period Sortable") or ""),
        sex=_sex(raw.get("Sex") or ""),
        age=(raw.get("Age") or "").strip(),
        value=_number(value_text, "the value"),
        lower_ci=_optional_number(raw.get("Lower CI 95.0 limit")),
        upper_ci=_optional_number(raw.get("Upper CI 95.0 limit")),
    )


def plain_row(raw: Mapping[str, str]) -> Row:
    """A plain-file row (keys in lower case), or RowError saying why it cannot be kept."""
    name = (raw.get("indicator") or "").strip()
    if not name:
        raise RowError("the indicator is missing")
    area_code = _area(raw.get("area_code") or "")
    period = (raw.get("period") or "").strip()
    if not period:
        raise RowError("the period is missing")
    value_text = (raw.get("value") or "").strip()
    if not value_text:
        raise RowError("there is no value")
    return Row(
        code=name[:200],
        name=name,
        area_code=area_code,
        area_name=(raw.get("area_name") or "").strip(),
        period=period,
        period_sort=_period_sort(period),
        sex=_sex(raw.get("sex") or ""),
        age="",
        value=_number(value_text, "the value"),
    )


def layout_of(header: list[str]) -> tuple[str, str]:
    """(source, "") for a header we can read, or ("", the problem) for one we cannot."""
    names = {h.strip() for h in header}
    lower = {h.lower() for h in names}
    if all(c in names for c in FINGERTIPS_REQUIRED):
        return Source.FINGERTIPS, ""
    if all(c in lower for c in PLAIN_REQUIRED):
        return Source.PLAIN, ""
    fingertips_missing = [c for c in FINGERTIPS_REQUIRED if c not in names]
    plain_missing = [c for c in PLAIN_REQUIRED if c not in lower]
    if len(fingertips_missing) < len(FINGERTIPS_REQUIRED) - 1:
        return "", (
            "The file looks like a Fingertips export but has no column "
            + ", ".join(f"“{c}”" for c in fingertips_missing)
        )
    return "", (
        "The first row must name the columns: area_code, area_name, indicator, period, value "
        "(or be a Fingertips export). Missing: " + ", ".join(plain_missing)
    )


def read_rows(
    source: str, numbered: Iterable[tuple[int, Mapping[str, str]]]
) -> tuple[list[Row], list[Rejected]]:
    """Accepted rows and rejected lines, a repeated row rejected with the line it repeats."""
    parse = fingertips_row if source == Source.FINGERTIPS else plain_row
    rows: list[Row] = []
    rejected: list[Rejected] = []
    seen: dict[tuple[str, str, str, str, str], int] = {}
    for line, raw in numbered:
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue  # a blank line
        try:
            row = parse(raw)
        except RowError as error:
            rejected.append(Rejected(line, str(error), getattr(error, "code", "")))
            continue
        if row.key in seen:
            rejected.append(
                Rejected(line, f"the same area, period and sex as line {seen[row.key]}")
            )
            continue
        seen[row.key] = line
        rows.append(row)
    return rows, rejected


def save_rows(
    *, partnership: Partnership, source: str, rows: list[Row], actor: User | None
) -> list[str]:
    """Keep accepted rows (replacing the same area, period, sex and age); the indicators' names."""
    by_code: dict[str, Indicator] = {}
    for row in rows:
        if row.code not in by_code:
            indicator, _ = Indicator.objects.update_or_create(
                partnership=partnership,
                code=row.code,
                defaults={"name": row.name[:300], "source": source, "imported_by": actor},
            )
            by_code[row.code] = indicator
    AreaValue.objects.bulk_create(
        [
            AreaValue(
                indicator=by_code[row.code],
                area_code=row.area_code,
                area_name=row.area_name[:200],
                period=row.period[:40],
                period_sort=row.period_sort,
                sex=row.sex,
                age=row.age[:40],
                value=row.value,
                lower_ci=row.lower_ci,
                upper_ci=row.upper_ci,
            )
            for row in rows
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["indicator", "area_code", "period", "sex", "age"],
        update_fields=["area_name", "period_sort", "value", "lower_ci", "upper_ci"],
    )
    return sorted(i.name for i in by_code.values())


def import_rows(
    *,
    partnership: Partnership,
    rows: Iterable[Mapping[str, Any]],
    actor: User | None = None,
    source: str = Source.PLAIN,
) -> ImportReport:
    """Import rows already read (dicts in the plain layout, or Fingertips' when `source` says
    so), numbered from line 2 as if under a header: the door the demo and tests use."""
    numbered = (
        (n, {str(k): "" if v is None else str(v) for k, v in raw.items()})
        for n, raw in enumerate(rows, start=2)
    )
    if source == Source.PLAIN:
        numbered = ((n, {k.strip().lower(): v for k, v in raw.items()}) for n, raw in numbered)
    return _import(partnership=partnership, source=source, numbered=numbered, actor=actor)


def import_csv(*, partnership: Partnership, data: bytes, actor: User | None = None) -> ImportReport:
    """Import a CSV file in either layout: what the upload page and `joinedup import_indicators`
    call."""
    if len(data) > MAX_BYTES:
        return ImportReport(error="The file is larger than 20 MB: split it into smaller files")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportReport(error="The file is not CSV text in UTF-8: save it as “CSV UTF-8”")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return ImportReport(error="The file is empty")
    source, problem = layout_of(header)
    if problem:
        return ImportReport(error=problem)
    names = [h.strip() if source == Source.FINGERTIPS else h.strip().lower() for h in header]

    def numbered() -> Iterable[tuple[int, dict[str, str]]]:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield reader.line_num, {"__error__": str(error)}
                continue
            yield reader.line_num, dict(zip(names, cells, strict=False))

    return _import(partnership=partnership, source=source, numbered=numbered(), actor=actor)


def _import(
    *,
    partnership: Partnership,
    source: str,
    numbered: Iterable[tuple[int, Mapping[str, str]]],
    actor: User | None,
) -> ImportReport:
    broken: list[Rejected] = []

    def readable() -> Iterable[tuple[int, Mapping[str, str]]]:
        for line, raw in numbered:
            if "__error__" in raw:
                broken.append(Rejected(line, f"the line is not valid CSV ({raw['__error__']})"))
            else:
                yield line, raw

    rows, rejected = read_rows(source, readable())
    rejected = sorted([*rejected, *broken], key=lambda r: r.line)
    with transaction.atomic():
        names = save_rows(partnership=partnership, source=source, rows=rows, actor=actor)
        audit.record(
            "indicators.imported",
            actor=actor,
            target=partnership,
            details={
                "source": source,
                "kept": len(rows),
                "rejected": len(rejected),
                "indicators": names,
            },
        )
    return ImportReport(source=source, kept=len(rows), indicators=names, rejected=rejected)
