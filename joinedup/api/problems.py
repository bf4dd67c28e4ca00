"""RFC 9457 problem responses and the decorator every feed view wears (CORS, GET only)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt

PROBLEM_TYPE = "about:blank"
View = Callable[..., HttpResponseBase]
R = TypeVar("R", bound=HttpResponseBase)


class ApiError(Exception):
    """Raised by parsers and views; answered as a JSON problem, never a 500."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail


def bad_request(detail: str) -> ApiError:
    return ApiError(400, "Bad request", detail)


def not_found(detail: str = "There is nothing at this address.") -> ApiError:
    return ApiError(404, "Not found", detail)


def problem(status: int, title: str, detail: str) -> HttpResponse:
    body = {"type": PROBLEM_TYPE, "title": title, "status": status, "detail": detail}
    return allow_any_origin(
        JsonResponse(body, status=status, content_type="application/problem+json")
    )


def allow_any_origin(response: R) -> R:
    # ORUK asks every feed response (errors included) to be readable from any web page.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def feed_view(view: View) -> View:
    """Open, read-only: GET/HEAD (and CORS pre-flight) only, ApiError answered as a problem."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "*"
            return allow_any_origin(response)
        if request.method not in ("GET", "HEAD"):
            response = problem(405, "Method not allowed", "The feed is read-only: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            return allow_any_origin(view(request, *args, **kwargs))
        except ApiError as error:
            return problem(error.status, error.title, error.detail)

    # No cookies or sessions are read, so a cross-site POST can do nothing: answer it with 405.
    return csrf_exempt(wrapper)
