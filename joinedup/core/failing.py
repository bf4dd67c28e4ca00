"""Failing well (ADR 31): whatever goes wrong, /api/ answers JSON and pages answer a GOV.UK page.

- A database that is down or restarting (OperationalError, InterfaceError) is a 503 with
  Retry-After: the caller may try again, and nothing half-written was kept (each write is one
  transaction). It is not reported as a crash: it is logged as a warning.
- A rate limit reached (`joinedup.core.limits.RateLimited`) is a 429 with Retry-After.
- Under /api/, Django's own 400/403/404/500 answers are RFC 9457 problems, never HTML.

The pages are drawn without the request's context processors: those read the session and the
signed-in user, which live in the database that may be the thing that is down.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from joinedup.core.limits import RateLimited

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "about:blank"
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def problem_response(
    status: int, title: str, detail: str, *, retry_after: int | None = None
) -> JsonResponse:
    """An RFC 9457 problem, readable from any web page (as the ORUK feed asks of errors too)."""
    body = {"type": PROBLEM_TYPE, "title": title, "status": status, "detail": detail}
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    response["Access-Control-Allow-Origin"] = "*"
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _page(template: str, status: int, context: dict[str, Any] | None = None) -> HttpResponse:
    # No request: no context processors, so no session or user read from the database.
    page_context = {
        "partnership_name": settings.JOINEDUP_PARTNERSHIP_NAME,
        "partnership_colour": settings.JOINEDUP_PARTNERSHIP_COLOUR,
        "front_door_phone": settings.JOINEDUP_FRONT_DOOR_PHONE,
        "user": AnonymousUser(),
        **(context or {}),
    }
    return HttpResponse(render_to_string(template, page_context), status=status)


def unavailable(request: HttpRequest) -> HttpResponse:
    """The database cannot be reached: 503, try again shortly."""
    retry_after = settings.OUTAGE_RETRY_AFTER_SECONDS
    if is_api(request):
        response: HttpResponse = problem_response(
            503,
            "Service unavailable",
            "The service cannot reach its database just now. Nothing was changed: "
            "send the same request again shortly.",
            retry_after=retry_after,
        )
    else:
        response = _page("core/errors/unavailable.html", 503)
        response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def too_many_requests(request: HttpRequest, limited: RateLimited) -> HttpResponse:
    """A rate limit was reached: 429, with how long to wait."""
    if is_api(request):
        response: HttpResponse = problem_response(
            429,
            "Too many requests",
            f"Too many requests in a short time. Try again in {limited.retry_after} seconds.",
            retry_after=limited.retry_after,
        )
    else:
        # The database is up: the page is drawn as any other (the signed-in person's header).
        minutes = max(1, (limited.retry_after + 59) // 60)
        response = render(
            request, "core/errors/too_many_requests.html", {"minutes": minutes}, status=429
        )
        response["Retry-After"] = str(limited.retry_after)
    add_never_cache_headers(response)
    return response


def answer_for(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    """The answer to an exception we know how to fail well on; None for any other."""
    if isinstance(exc, RateLimited):
        return too_many_requests(request, exc)
    if isinstance(exc, DATABASE_ERRORS):
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exc)
        return unavailable(request)
    return None


def outage_answered(
    call: Callable[[Any, HttpRequest], HttpResponse],
) -> Callable[..., HttpResponse]:
    """For a middleware that reads the session or the user (the database) before any view: while
    the database is down it answers the outage itself (503 page or problem), as an exception
    raised there never reaches FailingWellMiddleware, which sees only the view's."""

    @functools.wraps(call)
    def wrapper(middleware: Any, request: HttpRequest) -> HttpResponse:
        try:
            return call(middleware, request)
        except DATABASE_ERRORS as exc:
            logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exc)
            return unavailable(request)

    return wrapper


class FailingWellMiddleware:
    """Turns an outage or a rate limit raised by a view into its 503 or 429 answer."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = self.get_response(request)
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        return answer_for(request, exc)


# Django's error handlers (urls.py's handler400/403/404/500): problems under /api/, the usual
# pages elsewhere. A database error raised outside a view (by a middleware, say the session's)
# reaches handler500, which still answers it as an outage.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return problem_response(400, "Bad request", "The request could not be understood.")
    from django.views.defaults import bad_request as page

    return page(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return problem_response(403, "Forbidden", str(exception) or "You may not do this.")
    from django.views.defaults import permission_denied as page

    return page(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return problem_response(404, "Not found", "There is nothing at this address.")
    from django.views.defaults import page_not_found as page

    return page(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]
    if exc is not None and (answer := answer_for(request, exc)) is not None:
        return answer
    if is_api(request):
        return problem_response(
            500, "Internal server error", "Something went wrong on our side; it has been logged."
        )
    from django.views.defaults import server_error as page

    return page(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api(request):
        return problem_response(403, "Forbidden", "This address does not take form posts.")
    from django.views.csrf import csrf_failure as page

    return page(request, reason)
