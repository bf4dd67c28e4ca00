"""Structured logs with a request id, and error reporting to Sentry (ADR 31).

Every request carries an id: the caller's X-Request-ID when it sends a sensible one (a load
balancer or another service tracing a call), a new one otherwise. It is returned in the
response's X-Request-ID header and added to every log record written while the request is
handled, so one line in a support call ("the reference at the bottom of the error") finds every
log line of that request. `LOG_FORMAT=json` writes one JSON object per line (python-json-logger).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar
from typing import Any

import sentry_sdk
from django.core.signals import request_finished
from django.http import HttpRequest
from django.http.response import HttpResponseBase

HEADER = "X-Request-ID"
# Accepted as given: letters, digits and . _ - : up to 128 (a UUID, a trace id); anything else
# is replaced, so a caller cannot write into our logs.
VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_id: ContextVar[str] = ContextVar("request_id", default="-")
access_log = logging.getLogger("joinedup.requests")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class RequestIdMiddleware:
    """Gives each request its id, returns it, and writes one access line per request."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        given = request.headers.get(HEADER, "")
        rid = given if VALID.match(given) else uuid.uuid4().hex
        # Not reset when the middleware returns: Django logs the response's outcome
        # (django.request) after that; cleared when the request is finished instead.
        request_id.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        # Sentry's Django integration gives each request its own scope: an error report
        # carries the same id as the log lines (a no-op when Sentry is off).
        sentry_sdk.get_isolation_scope().set_tag("request_id", rid)
        started = time.monotonic()
        response: HttpResponseBase = self.get_response(request)
        response[HEADER] = rid
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


def _forget_request_id(**kwargs: Any) -> None:
    request_id.set("-")


request_finished.connect(_forget_request_id, dispatch_uid="joinedup.core.logs.request_id")


def logging_config(*, log_format: str, level: str, request_level: str) -> dict[str, Any]:
    """settings.LOGGING: one console handler, JSON or text lines, each with the request id."""
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "joinedup.core.logs.RequestIdFilter"}},
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "main",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"joinedup.requests": {"level": request_level}},
    }


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    """Report unhandled errors to Sentry (or any server speaking its protocol, e.g. GlitchTip).

    No personal data leaves: no user, cookies, addresses or request bodies (residents write
    about their lives in our forms), only the error, its stack and the request's path."""
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        # send_default_pii is left unset, which is off (setting it is deprecated in favour of
        # data_collection, which older SDKs do not know); _without_personal_data makes sure.
        max_request_body_size="never",
        before_send=_without_personal_data,
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration()],
    )
    sentry_sdk.set_tag("service", "joinedup")


def _without_personal_data(event: Any, hint: Any) -> Any:
    """Whatever the SDK's defaults become, a report never carries a body, cookies, a user or
    credentials."""
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in {"authorization", "cookie", "x-forwarded-for", "x-real-ip"}:
                    del headers[name]
    return event
