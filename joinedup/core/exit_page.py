"""GOV.UK's "Exit this page", carried in the session from an abuse-related search to the pages
opened from it (ADR 13). In core so that every app's pages can carry it: search decides when it
starts; the service pages, the ask-for-help pages and search itself read it."""

from __future__ import annotations

import time

from django.http import HttpRequest

# Where "Exit this page" goes: a neutral, busy site that gives nothing away (GOV.UK's default).
EXIT_URL = "https://www.bbc.co.uk/weather"
# A session that searched for abuse help keeps "Exit this page" on the pages opened from it for
# this long, or until a search that does not signal abuse.
EXIT_SESSION_KEY = "crisis_exit_until"
EXIT_FOR_SECONDS = 2 * 3600


def remember_exit(request: HttpRequest, *, wanted: bool) -> None:
    """After a search: keep "Exit this page" on the next pages if it signalled abuse; a search
    that does not drops it."""
    if wanted:
        request.session[EXIT_SESSION_KEY] = time.time() + EXIT_FOR_SECONDS
    elif EXIT_SESSION_KEY in request.session:
        del request.session[EXIT_SESSION_KEY]


def carries_exit(request: HttpRequest) -> bool:
    """Whether this page was reached from an abuse-related search (in this session)."""
    until = request.session.get(EXIT_SESSION_KEY) if hasattr(request, "session") else None
    return isinstance(until, int | float) and until > time.time()
