"""/healthz and /readyz (ADR 31), for load balancers, orchestrators and monitoring.

/healthz says the process is alive and answering: it touches nothing else, so a database outage
never gets healthy app servers restarted. /readyz says whether this server can do its work:
the database answers, the task backlog is not piling up and few deliveries have failed for good
(thresholds from the environment); 503 when any check fails. Both are JSON and never cached.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

from joinedup.core.models import OutboxMessage


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> dict[str, Any]:
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _counted(count: int, limit: int) -> dict[str, Any]:
    return {"ok": count <= limit, "count": count, "max": limit}


def readiness() -> dict[str, Any]:
    """Each check's outcome; `ok` is whether every one passed."""
    checks: dict[str, Any] = {}
    try:
        checks["database"] = _database()
        checks["task_backlog"] = _counted(
            DBTaskResult.objects.ready().count(), settings.READYZ_MAX_TASK_BACKLOG
        )
        checks["failed_deliveries"] = _counted(
            OutboxMessage.objects.failed().count(), settings.READYZ_MAX_FAILED_DELIVERIES
        )
    except DatabaseError as error:
        checks["database"] = {"ok": False, "error": error.__class__.__name__}
    ok = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ok else "unavailable", "checks": checks}


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    body = readiness()
    response = JsonResponse(body, status=200 if body["status"] == "ok" else 503)
    if response.status_code == 503:
        response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    return response
