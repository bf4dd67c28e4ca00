"""The demo's fictional line and indicator values (issue 15, items 5 and 7).

A line "Ashdown Number 7 bus", stops from Cliffside (BS8) through the town centre (BS1) and
Eastfield (BS5) to Hartwell (BS13), each tied to its postcode district; and two indicators at
every stop, each named with "(fictional)": male and female life expectancy (falling from about
83 to 74 along the route) and a deprivation decile (from 9 to 1), so the line page shows the
Newcastle picture beside the year's referrals and unmet need of the same districts. Loaded
through the same use cases as the upload and line pages (`insights.indicators.import_rows`,
`insights.lines.save_line`), as the partnership's manager.
"""

from __future__ import annotations

from django.db import transaction

from joinedup.demo.partnership import DEMO_PARTNERSHIP
from joinedup.insights.indicators import import_rows
from joinedup.insights.lines import StopData, save_line
from joinedup.insights.models import Line
from joinedup.partnerships.models import Partnership

# (stop name, postcode district, male life expectancy, female life expectancy, decile): all
# invented, labelled "fictional" wherever they are shown.
FICTIONAL_LINE = "Ashdown Number 7 bus (fictional figures)"
FICTIONAL_STOPS = (
    ("Cliffside", "BS8", 82.9, 86.1, 9),
    ("Redhill Park", "BS6", 81.7, 85.0, 8),
    ("Ashdown Town Centre", "BS1", 78.4, 82.3, 5),
    ("Kingsgate", "BS2", 75.9, 80.2, 2),
    ("Eastfield", "BS5", 74.8, 79.6, 1),
    ("Knollwood", "BS4", 76.3, 80.8, 3),
    ("Hartwell", "BS13", 74.1, 78.9, 1),
)


LIFE_EXPECTANCY = "Life expectancy at birth (fictional)"
DEPRIVATION = "Deprivation decile, 1 most deprived (fictional)"


def load_demo_line() -> str:
    """Create the fictional line and its indicator values once; a summary line."""
    partnership = Partnership.objects.filter(name=DEMO_PARTNERSHIP).first()
    manager = partnership.managers.first() if partnership else None
    if partnership is None or manager is None:
        return "Demo line: no demo partnership with a manager to own it."
    if Line.objects.filter(partnership=partnership, name=FICTIONAL_LINE).exists():
        return "Demo line already loaded."
    rows: list[dict[str, object]] = []
    for name, district, male, female, decile in FICTIONAL_STOPS:
        area = {"area_code": district, "area_name": f"{name} ({district})"}
        rows.append(
            {
                **area,
                "indicator": LIFE_EXPECTANCY,
                "period": "2022 - 24",
                "value": male,
                "sex": "Male",
            }
        )
        rows.append(
            {
                **area,
                "indicator": LIFE_EXPECTANCY,
                "period": "2022 - 24",
                "value": female,
                "sex": "Female",
            }
        )
        rows.append({**area, "indicator": DEPRIVATION, "period": "2025", "value": decile})
    with transaction.atomic():
        report = import_rows(partnership=partnership, rows=rows, actor=manager)
        save_line(
            actor=manager,
            partnership=partnership,
            name=FICTIONAL_LINE,
            description=(
                "A made-up bus route through the demo place. Every figure on it is fictional, "
                "for trying the line page; import your own from Fingertips."
            ),
            stops=[StopData(name, district, district) for name, district, *_ in FICTIONAL_STOPS],
        )
    return f"Demo line loaded: {len(FICTIONAL_STOPS)} stops, {report.kept} fictional values."
