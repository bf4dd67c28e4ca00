"""Failing well (issue 16): with the database unreachable, every /api/ answer is a 503 JSON
problem and every page a GOV.UK 503 page, both with Retry-After; /healthz stays up and /readyz
says what is wrong. The outage is real: the connection is pointed at a database that cannot be
reached (a closed port on PostgreSQL, a file that cannot be opened on SQLite), nothing of ours
is mocked."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from joinedup.core.models import OutboxMessage, OutboxStatus
from joinedup.core.tasks import deliver_outbox

PROBLEM = "application/problem+json"
# Well formed, so that the token is looked up (in the database that is down).
TOKEN = {"Authorization": "Bearer ju_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "core" / "errors"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed when the block ends: connections refused


@pytest.fixture
def database_down(django_db_setup, django_db_blocker) -> Iterator[None]:
    saved_settings = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        # SQLite's in-memory test database lives only while its connection is open: keep that
        # connection aside (not closed) and connect anew to somewhere unreachable.
        saved_connection = connection.connection
        connection.connection = None
        if connection.vendor == "postgresql":
            if saved_connection is not None:
                saved_connection.close()
                saved_connection = None
            connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        else:
            connection.settings_dict["NAME"] = "/nonexistent-joinedup-outage/db.sqlite3"
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved_settings)
            connection.connection = saved_connection


def test_the_api_answers_503_problems_while_the_database_is_down(database_down):
    client = Client()
    for method, path, headers in [
        ("get", "/api/oruk/services", {}),
        ("get", "/api/oruk/services/6f1c1f39-3c3e-4a43-9d93-6b4b1d0a0c11", {}),
        ("get", "/api/search?q=food", {}),
        ("post", "/api/referrals", TOKEN),
    ]:
        response = getattr(client, method)(path, headers=headers)
        assert response.status_code == 503, path
        assert response["Content-Type"] == PROBLEM, path
        assert response.json()["status"] == 503
        assert int(response["Retry-After"]) > 0
    # FHIR answers in its own shape, as it does every other error.
    fhir = client.get("/api/fhir/Task", headers=TOKEN)
    assert fhir.status_code == 503
    assert fhir.json()["resourceType"] == "OperationOutcome"
    assert int(fhir["Retry-After"]) > 0


def test_pages_answer_a_govuk_503_page_while_the_database_is_down(database_down):
    client = Client()
    client.cookies["sessionid"] = "a-signed-in-browser"  # the session is in the database too
    for method, path in [("get", "/"), ("get", "/?q=food"), ("post", "/join/")]:
        response = getattr(client, method)(path)
        assert response.status_code == 503, path
        page = response.content.decode()
        assert "Sorry, the service is unavailable" in page
        assert "govuk-heading-l" in page
        assert int(response["Retry-After"]) > 0


def test_health_is_alive_and_ready_says_not_while_the_database_is_down(database_down):
    client = Client()
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready["Content-Type"] == "application/json"
    assert ready.json()["checks"]["database"]["ok"] is False
    assert "no-store" in ready["Cache-Control"]


def test_the_service_recovers_without_a_restart(database_down):
    assert Client().get("/api/oruk/services").status_code == 503


@pytest.mark.django_db
def test_after_an_outage_the_same_process_answers_again():
    # Runs after the test above in the same process: the connection was restored.
    assert Client().get("/api/oruk/services").status_code == 200
    assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_ready_reports_each_check_with_its_threshold(settings):
    settings.READYZ_MAX_TASK_BACKLOG = 1
    settings.READYZ_MAX_FAILED_DELIVERIES = 1
    client = Client()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ok"
    assert ready.json()["checks"]["task_backlog"] == {"ok": True, "count": 0, "max": 1}
    assert "no-store" in ready["Cache-Control"]

    for n in range(2):
        OutboxMessage.objects.create(
            channel="email", to=f"x{n}@example.org", body="-", kind="t", status=OutboxStatus.FAILED
        )
    failing = client.get("/readyz")
    assert failing.status_code == 503
    assert failing.json()["checks"]["failed_deliveries"] == {"ok": False, "count": 2, "max": 1}

    OutboxMessage.objects.all().delete()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for _ in range(2):
        deliver_outbox.enqueue([])
    backlog = client.get("/readyz")
    assert backlog.status_code == 503
    assert backlog.json()["checks"]["task_backlog"]["count"] == 2


def test_error_pages_carry_no_inline_script_or_style():
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert "<script" not in text and "<style" not in text and "style=" not in text
