"""Token authentication for the organisation API (referrals and FHIR), and the decorator its
views wear: CSRF-exempt (no cookies are read), methods checked, the caller's organisation
resolved from `Authorization: Bearer <token>`, and every refusal answered as a 4xx body."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from joinedup.api.problems import ApiError
from joinedup.core import failing, limits, safejson
from joinedup.core.failing import DATABASE_ERRORS
from joinedup.directory.permissions import OrganizationClient
from joinedup.directory.tokens import token_for_secret
from joinedup.referrals.transitions import (
    ConsentMissing,
    NotAParty,
    ReasonRequired,
    TransitionRefused,
)

ErrorRenderer = Callable[["ApiFailure"], HttpResponse]


class ApiFailure(ApiError):
    """An ApiError that may name the fields at fault (`errors`: field -> messages)."""

    def __init__(
        self, status: int, title: str, detail: str, errors: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(status, title, detail)
        self.errors = errors or {}


def unauthorised(detail: str) -> ApiFailure:
    return ApiFailure(401, "Unauthorised", detail)


def client_for(request: HttpRequest) -> OrganizationClient:
    """The organisation the request's bearer token acts for, or a 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise unauthorised("Send an organisation API token: 'Authorization: Bearer <token>'.")
    token = token_for_secret(secret.strip())
    if token is None:
        raise unauthorised("This API token is not valid, or it has been revoked.")
    return OrganizationClient(
        organization_id=token.organization_id,
        token_prefix=token.prefix,
        organization=token.organization,
    )


def failure_for(exc: Exception) -> ApiFailure | None:
    """How a use case's refusal reads over HTTP (None: not a refusal, let it raise)."""
    if isinstance(exc, ApiFailure):
        return exc
    if isinstance(exc, ApiError):
        return ApiFailure(exc.status, exc.title, exc.detail)
    if isinstance(exc, Http404):
        return ApiFailure(404, "Not found", "There is nothing at this address.")
    if isinstance(exc, ValidationError):
        errors = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"": [str(m) for m in exc.messages]}
        )
        detail = "; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in errors.items())
        return ApiFailure(422, "Invalid input", detail, errors)
    # The caller only ever sees referrals its organisation is party to, so "not a party" means
    # there is nothing here for it.
    if isinstance(exc, NotAParty):
        return ApiFailure(404, "Not found", "There is nothing at this address.")
    if isinstance(exc, ReasonRequired | ConsentMissing):
        return ApiFailure(422, "Invalid input", exc.message)
    if isinstance(exc, TransitionRefused):
        return ApiFailure(409, "Conflict", exc.message)
    if isinstance(exc, PermissionDenied):
        return ApiFailure(403, "Forbidden", str(exc) or "You may not do this.")
    return None


def token_api(
    *methods: str, render: ErrorRenderer
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Wrap a view `view(request, client, **kwargs)` of the token-authenticated API."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                if request.method not in methods:
                    raise ApiFailure(405, "Method not allowed", f"Use {' or '.join(methods)} here.")
                client = client_for(request)
                # Per token, before anything is read or written: a client looping on a bug
                # cannot crowd out the others, and a refused call changed nothing.
                limits.enforce(
                    request, "token-api", settings.RATELIMIT_TOKEN_API, key=client.token_prefix
                )
                return view(request, client, *args, **kwargs)
            except DATABASE_ERRORS:
                return _unavailable(request, render)
            except limits.RateLimited as exc:
                response = render(
                    ApiFailure(429, "Too many requests", f"Try again in {exc.retry_after} seconds.")
                )
                response["Retry-After"] = str(exc.retry_after)
                return response
            except Exception as exc:
                failure = failure_for(exc)
                if failure is None:
                    raise
                response = render(failure)
                if failure.status == 401:
                    response["WWW-Authenticate"] = 'Bearer realm="joinedup"'
                if failure.status == 405:
                    response["Allow"] = ", ".join(methods)
                return response

        # Authenticated by a header a browser never sends on its own: no CSRF exposure.
        return csrf_exempt(wrapper)

    return decorate


def _unavailable(request: HttpRequest, render: ErrorRenderer) -> HttpResponse:
    """The database cannot be reached: 503 in the API's own shape (an OperationOutcome for
    FHIR), with Retry-After; nothing was changed, so the same request may be sent again."""
    failing.logger.warning("Database unavailable for %s %s", request.method, request.path)
    response = render(
        ApiFailure(
            503,
            "Service unavailable",
            "The database cannot be reached just now; nothing was changed. "
            "Send the same request again shortly.",
        )
    )
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def json_body(request: HttpRequest) -> Any:
    """The request's JSON body, or a 400 problem naming what is wrong with it."""
    try:
        body = safejson.loads(request.body or b"null")
    except RequestDataTooBig:
        raise ApiFailure(413, "Content too large", "The body is too large.") from None
    except safejson.JsonRefused as exc:
        raise ApiFailure(400, "Bad request", str(exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiFailure(400, "Bad request", f"The body is not valid JSON: {exc}") from None
    if _has_nul(body):
        # Valid JSON ("\u0000"), but PostgreSQL cannot store it: refuse it here, not as a 500.
        raise ApiFailure(400, "Bad request", "Text may not contain NUL (\\u0000) characters.")
    return body


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False
