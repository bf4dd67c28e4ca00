"""What insights owns: imported area indicators and the partnership's lines (issue 15, item 5)."""

from __future__ import annotations
