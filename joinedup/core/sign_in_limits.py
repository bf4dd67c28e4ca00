"""Sign-in throttling across accounts: django-axes' database handler, plus an address-wide limit.

django-axes locks an account at one address after AXES_FAILURE_LIMIT failures. One password
tried on thirty accounts fails once per account and locked nothing. Here an address is also
locked once JOINEDUP_ADDRESS_FAILURE_LIMIT failures, across all accounts, have come from it
within the cool-off; axes then refuses every sign-in from it, with the same page and audit.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address a request came from (AXES_CLIENT_IP_CALLABLE). Behind JOINEDUP_TRUSTED_PROXIES
    reverse proxies, each of which appends the address it was reached from to X-Forwarded-For,
    the client is that many entries from the right: entries further left are whatever the
    client chose to send, and trusting them would let an attacker pick a fresh address for
    every guess (or lock out someone else's)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.JOINEDUP_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def client_address(request: HttpRequest) -> str:
    """The address django-axes counts failures against."""
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or ""


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from this request's address, all accounts, within the cool-off."""
    attempts = AccessAttempt.objects.filter(ip_address=client_address(request))
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


def address_is_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.JOINEDUP_ADDRESS_FAILURE_LIMIT


class AddressWideLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        if address_is_locked(request):
            # As many failures as the per-account limit: axes locks, whichever account it is.
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures
