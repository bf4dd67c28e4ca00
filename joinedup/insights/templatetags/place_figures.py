"""How the place pages write a figure: a suppressed count says so in words, never a number."""

from __future__ import annotations

from django import template

register = template.Library()

NOT_SHOWN = "Not shown"


@register.filter
def figure(value: int | float | None) -> str:
    if value is None:
        return NOT_SHOWN
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return f"{value:,}"


@register.filter
def percent(value: float | None) -> str:
    return NOT_SHOWN if value is None else f"{value:.1f}%"


@register.filter
def value_at(values: list[float | None], index: int) -> float | None:
    return values[index] if 0 <= index < len(values) else None


@register.inclusion_tag("insights/place/_download.html")
def download(href: str, query: str, name: str) -> dict[str, str]:
    """The link under a table to download it as CSV (with the page's period and choices);
    `name` tells a screen reader which table, as the link text alone would not."""
    return {"href": href, "query": query, "name": name}
