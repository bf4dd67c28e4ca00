"""Build joinedup/core/data/postcode_districts.csv from doogal.co.uk's PostcodeDistricts table.

Usage: python scripts/build_postcode_table.py [SOURCE_CSV] [OUTPUT_CSV]

The defaults read ../shared/data/uk_postcode_districts_doogal.csv (beside the checkout) and write
the table the project ships. Only districts a person can live or work in are kept: terminated
districts (no active postcodes), non-geographic ones (PO boxes, large users) and districts with
no coordinates would put a proximity search in the wrong place, so they are left out.
See docs/adr/0004-postcode-districts.md.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "uk_postcode_districts_doogal.csv"
DEFAULT_OUTPUT = ROOT / "joinedup" / "core" / "data" / "postcode_districts.csv"
OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
COLUMNS = ["outcode", "latitude", "longitude", "area", "region"]


def keep(row: dict[str, str]) -> bool:
    """A district is usable for proximity when it is live, geographic and located."""
    if not OUTCODE.match(row["Postcode"].strip().upper()):
        return False
    if not row["Latitude"].strip() or not row["Longitude"].strip():
        return False
    if int(row["Active postcodes"] or 0) == 0:
        return False
    # Doogal marks PO-box and large-user districts in Town/Area ("Non-geographic, Earby").
    return "non-geographic" not in row["Town/Area"].lower()


def build(source: Path, output: Path) -> tuple[int, int]:
    """Write the filtered table; return (rows read, rows kept)."""
    with source.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    kept = sorted((r for r in rows if keep(r)), key=lambda r: r["Postcode"])
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in kept:
            writer.writerow(
                [
                    r["Postcode"].strip().upper(),
                    # Five decimals is about a metre: more than a district centroid deserves.
                    f"{float(r['Latitude']):.5f}",
                    f"{float(r['Longitude']):.5f}",
                    r["Town/Area"].strip(),
                    r["Region"].strip(),
                ]
            )
    return len(rows), len(kept)


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    read, kept = build(source, output)
    print(f"{read} districts read, {kept} kept, {read - kept} filtered out -> {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
