"""Links that work outside the site: in an email or a text message, a path alone cannot be
clicked, so every link there is the configured public address (`SITE_URL`) plus the path."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


def site_url() -> str:
    """The site's public address without a trailing slash (`SITE_URL`)."""
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if not base:
        raise ImproperlyConfigured(
            "SITE_URL is not set: emails need the site's public address to link to it"
        )
    return base


def absolute_url(path: str) -> str:
    """`path` (as `reverse` gives it, starting with /) on the site's public address."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url wants a path starting with '/', not {path!r}")
    return site_url() + path


def link_builder(request: HttpRequest) -> Callable[[str], str]:
    """How a page's use case should build the links it emails: on `SITE_URL` when it is set
    (a link never depends on the Host header), else on the address the request came to."""
    if str(getattr(settings, "SITE_URL", "") or "").strip():
        return absolute_url
    return request.build_absolute_uri
