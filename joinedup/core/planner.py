"""The database planner's statistics, gathered after a bulk write.

PostgreSQL plans each statement from statistics of its tables (how many rows, how values are
spread) that ANALYZE gathers. Autovacuum gathers them once a tenth of a table has changed, but
it lags behind a large import, and some servers run with it off (the CI and bench machines
here do). A table never analysed is planned as if nearly empty: on the 100,000-service bench
directory the feed's search near a postcode took 326 ms in one statement, taking the 4,760
locations in the box for 1 and joining them row by row, and 20 ms once analysed (ADR 38).

ANALYZE reads a sample of each table (at most 30,000 rows with the default statistics
target), so it costs about the same at any size: 1.5 s for the whole bench database. SQLite
plans from its indexes without gathered statistics unless asked, so nothing is done there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model

# A write of at least this many rows is worth new statistics (autovacuum's own default is 50
# rows plus a tenth of the table).
BULK_ROWS = 500


def analyse(models: Iterable[type[Model]]) -> None:
    """Gather the planner's statistics for these models' tables now (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    tables = sorted({model._meta.db_table for model in models})
    if not tables:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
