"""Request ids, structured logs and error reports to Sentry (issue 16)."""

from __future__ import annotations

import gzip
import io
import json
import logging
import logging.config
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.conf import settings as django_settings
from django.test import Client

from joinedup.core.logs import init_sentry, logging_config


def test_a_request_id_is_given_or_kept_and_returned():
    client = Client()
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert kept["X-Request-ID"] == "lb-7f3a.42"
    made = client.get("/healthz")
    assert len(made["X-Request-ID"]) == 32
    # Something that could forge a log line is replaced, not echoed.
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" injected="1'})
    assert forged["X-Request-ID"] != 'x" injected="1' and len(forged["X-Request-ID"]) == 32


@pytest.fixture
def json_log():
    stream = io.StringIO()
    config = logging_config(log_format="json", level="WARNING", request_level="INFO")
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(django_settings.LOGGING)


def test_json_logs_carry_the_request_id(json_log):
    Client().get("/healthz", headers={"X-Request-ID": "trace-1234"})
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "joinedup.requests"]
    assert access, lines
    assert access[-1]["request_id"] == "trace-1234"
    assert access[-1]["status"] == 200 and access[-1]["path"] == "/healthz"
    assert access[-1]["level"] == "INFO"


class _Sentry(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        type(self).received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def sentry_server():
    _Sentry.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sentry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey@127.0.0.1:{server.server_address[1]}/1", _Sentry.received
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: reports off again for the tests that follow
    server.shutdown()


@pytest.mark.urls("joinedup.core.tests.crash_urls")
def test_a_crash_is_reported_to_sentry_without_personal_data(sentry_server, db):
    # db: with a session cookie, the session limits read the session before the page crashes.
    dsn, received = sentry_server
    init_sentry(dsn=dsn, environment="test", release="", traces_sample_rate=0)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "cookie-of-a-resident"
    response = client.post(
        "/crash/",
        "My name is Pat Resident and I need help",
        content_type="text/plain",
        headers={"X-Request-ID": "trace-for-sentry", "Authorization": "Bearer ju_secret"},
        REMOTE_ADDR="203.0.113.99",
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=30)  # returns once sent; generous for CI's loaded two cores
    assert received, "no report reached the Sentry server"
    report = b"".join(received).decode()
    assert "RuntimeError" in report and "a bug in the page" in report
    assert "trace-for-sentry" in report
    for secret in ("Pat Resident", "cookie-of-a-resident", "203.0.113.99", "ju_secret"):
        assert secret not in report


@pytest.mark.urls("joinedup.core.tests.crash_urls")
def test_a_crash_under_api_is_a_problem_and_a_page_elsewhere():
    client = Client(raise_request_exception=False)
    api = client.get("/api/crash/")
    assert api.status_code == 500 and api["Content-Type"] == "application/problem+json"
    page = client.get("/crash/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_settings_turn_sentry_on_only_with_a_dsn():
    check = (
        "import django, sentry_sdk; django.setup(); c = sentry_sdk.get_client();"
        "print(c.is_active(), c.should_send_default_pii(), c.options['max_request_body_size'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "joinedup.settings"}
    env.pop("SENTRY_DSN", None)
    off = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True)
    assert off.stdout.split()[0] == "False", off.stderr
    env["SENTRY_DSN"] = "http://publickey@127.0.0.1:9/1"
    on = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True)
    assert on.stdout.split() == ["True", "False", "never"], on.stderr
