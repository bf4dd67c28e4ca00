"""Template filters for health-check charts."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from joinedup.partnerships import charts

register = template.Library()


@register.filter
def svg(chart: charts.Chart, id_prefix: str) -> SafeString:
    """The chart as inline SVG; `id_prefix` keeps its title and description ids unique."""
    return charts.to_svg(chart, id_prefix=f"chart-{id_prefix}")
