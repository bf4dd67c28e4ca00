"""The read replica (issue 15, item 8): when `DATABASE_REPLICA_URL` is set, the insights pages
and the public feed read from a PostgreSQL replica, so a region's dashboards and feed traffic
never queue behind the primary's writes. That is how a region outgrows one server.

Only what is read *while serving a replica path* goes there (`replica_reads`, entered by
`ReplicaMiddleware` for `JOINEDUP_REPLICA_PATHS`, or by code such as a board pack's command).
Everything else reads the primary, and every write goes to the primary, always. Accounts,
sessions, API tokens and the audit log are read from the primary even then: a session or a
revoked token must never be seen late because the replica lags.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# Apps whose rows say who someone is or what they may do: always read from the primary.
PRIMARY_ONLY_APPS = frozenset({"auth", "contenttypes", "sessions", "admin", "core", "axes"})

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "joinedup_reading_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside go to the replica, when one is configured (writes never do)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Reads inside `replica_reads` go to the replica; writes and migrations to the primary."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        if (
            _reading_replica.get()
            and replica_configured()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
        ):
            return REPLICA
        return None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: a row read from either may point at the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica follows the primary's schema by replication, never by migrating.
        return db != REPLICA


class ReplicaMiddleware:
    """Serves `JOINEDUP_REPLICA_PATHS` (the insights pages and API, the public feed) with their
    reads on the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        paths = tuple(settings.JOINEDUP_REPLICA_PATHS)
        if request.method in ("GET", "HEAD") and paths and request.path.startswith(paths):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
