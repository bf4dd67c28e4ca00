"""Rate limits (ADR 31): how many requests one address, service or API token may make in a
window, counted in Django's cache by django-ratelimit (local memory on one server, Redis when
`CACHE_URL` names it, so that several app servers share the counts).

A limit is checked before the write it guards: a refused request has written nothing, and a
request that was let through is never undone. The refusal is the `RateLimited` exception, which
`joinedup.core.failing` answers as a GOV.UK "Too many requests" page or, under /api/, a 429
problem, both with Retry-After.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


# Counted together when no address is known (a Unix socket with no proxy header).
UNKNOWN = "0.0.0.0"  # noqa: S104 — an address to count by, not one to bind to


class RateLimited(Exception):
    """Too many requests in the window; `retry_after` is how many seconds until it ends."""

    def __init__(self, group: str, retry_after: int) -> None:
        super().__init__(f"rate limit {group!r} reached")
        self.group = group
        self.retry_after = max(1, retry_after)


def client_address(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or the header the site's own proxy sets
    (`RATELIMIT_ADDRESS_HEADER`). Of a list ("client, proxy1"), the last entry is the one the
    nearest proxy saw, the only one a caller cannot forge."""
    header = settings.RATELIMIT_ADDRESS_HEADER
    value = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR")
    return (value or UNKNOWN).split(",")[-1].strip() or UNKNOWN


def enforce(request: HttpRequest, group: str, rate: str, *, key: str | None = None) -> None:
    """Count this request against `group`'s `rate` ("10/h") for `key` (the caller's address
    when None); raise RateLimited when it is over. An empty rate means no limit."""
    if not rate:
        return
    try:
        usage = get_usage(
            request,
            group=group,
            # "ip" reads RATELIMIT_IP_META_KEY (our client_address) and counts an IPv6 /64 as one.
            key=(lambda _group, _request: key) if key is not None else "ip",
            rate=rate,
            method=ALL,
            increment=True,
        )
    except Exception:
        logger.warning("Rate limit %s not checked: the cache is unreachable", group, exc_info=True)
        return
    if usage is not None and usage["should_limit"]:
        logger.info("Rate limit %s reached", group)
        raise RateLimited(group, int(usage["time_left"]))
