"""Hook for the demo's fictional line and indicator values (issue 15, items 5 and 7).

The insights app's indicator and line models (`Indicator`, `AreaValue`, `Line`, `Stop`) come
from another branch; once merged, the coordinator wires `load_demo_line` into
`demo.loader.load_demo` after `load_demo_year`. Until then it does nothing, so the demo loads
without them.

What it is to make: a line "Ashdown Number 7 bus", stops from Cliffside (BS8) through the town
centre (BS1) and Eastfield (BS5) to Hartwell (BS13), each tied to its district; and two
indicators at every stop, each named with "(fictional)" and its source set to say so: male and
female life expectancy (falling from about 83 to 74 along the route) and a deprivation decile
(from 9 to 1), so the line page shows the Newcastle picture beside the year's referrals and
unmet need of the same districts.
"""

from __future__ import annotations

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


def load_demo_line() -> str:
    """Create the fictional line and its indicator values (after the merge); a summary line."""
    return "Demo line: waiting for the insights line models (see demo/place.py)."
