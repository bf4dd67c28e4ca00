"""The place's colour as a tiny stylesheet, `/partnership.css` (ADR 30).

The colour comes from the environment (JOINEDUP_PARTNERSHIP_COLOUR), so it cannot be compiled
into joinedup.css, and the Content-Security-Policy allows no inline style: the header takes it
from this stylesheet instead. Its address carries a digest of the colour, so it can be cached
for a long time and a new colour is fetched at once.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from joinedup.core.headers import same_for_everyone

DEFAULT_COLOUR = "#1d4f76"
# A colour, never a way out of the declaration: no ; { } < > or quotes.
COLOUR = re.compile(r"^(#[0-9A-Fa-f]{3,8}|[A-Za-z]+|(rgb|hsl)a?\([0-9.,%/ a-z]+\))$")


def partnership_colour() -> str:
    colour = str(settings.JOINEDUP_PARTNERSHIP_COLOUR).strip()
    return colour if COLOUR.match(colour) else DEFAULT_COLOUR


def stylesheet_url() -> str:
    digest = hashlib.sha256(partnership_colour().encode()).hexdigest()[:12]
    return f"{reverse('core:partnership-css')}?v={digest}"


@require_safe
@same_for_everyone
@cache_control(public=True, max_age=60 * 60 * 24 * 365, immutable=True)
def stylesheet(request: HttpRequest) -> HttpResponse:
    colour = partnership_colour()
    css = (
        "@media screen {\n"
        f"  .govuk-generic-header.app-header {{ background-color: {colour}; }}\n"
        "}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")
