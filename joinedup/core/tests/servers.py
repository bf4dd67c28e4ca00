"""Real servers on loopback for the tests that send: an SMTP server (aiosmtpd in a thread) and
an HTTP server that speaks GOV.UK Notify's API (POST /v2/notifications/sms: JWT bearer
authentication, JSON answers, Notify's error bodies). Our code talks to them through Django's
SMTP backend and Notify's official client exactly as it would in production: nothing of ours is
mocked. The fixtures `smtp_server` and `notify_server` (root conftest) start them."""

from __future__ import annotations

import email
import email.policy
import json
import re
import socket
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError


def _hold_port(port: int = 0) -> socket.socket:
    """A socket bound to 127.0.0.1:port (0: any free port) that does not listen: connections to
    the port are refused, as to a server that is down, and no other program can take the port
    (the two suites and their xdist workers open ports all the time, each connection to the
    database or a test server takes one)."""
    sock = socket.socket()
    # Bound again after our server stopped, while its closed connections are in TIME_WAIT.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


# SMTP


@dataclass
class ReceivedEmail:
    to: list[str]
    subject: str
    body: str


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.server.refuse_with:
            return self.server.refuse_with
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        part = parsed.get_body(preferencelist=("plain",))
        body = part.get_content() if part is not None else ""
        with self.server.lock:
            self.server.received.append(
                ReceivedEmail(to=list(envelope.rcpt_tos), subject=str(parsed["subject"]), body=body)
            )
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server on 127.0.0.1 that can be stopped (connections refused, as when the mail
    server is down) and started again on the same port; or made to answer every message with a
    temporary failure (`refuse_with = "451 ..."`)."""

    def __init__(self) -> None:
        # The port stays ours while the server is stopped, so that it is not someone else's
        # when the server starts again (or a connection meant to be refused finds another).
        self._holder: socket.socket | None = _hold_port()
        self.port = int(self._holder.getsockname()[1])
        self.received: list[ReceivedEmail] = []
        self.lock = threading.Lock()
        self.refuse_with = ""
        self._controller: Controller | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        if self._controller is None:
            if self._holder is not None:
                self._holder.close()
                self._holder = None
            self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
            try:
                self._holder = _hold_port(self.port)
            except OSError:  # still in use by what the server left: held no longer, as before
                self._holder = None

    def close(self) -> None:
        """Stop, and let the port go."""
        self.stop()
        if self._holder is not None:
            self._holder.close()
            self._holder = None

    def to(self, address: str) -> list[ReceivedEmail]:
        with self.lock:
            return [m for m in self.received if address in m.to]


# GOV.UK Notify


UK_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")


@dataclass
class NotifyService:
    """One Notify service: its id and API key secret, and its SMS templates (id -> content)."""

    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    templates: dict[str, str] = field(default_factory=dict)

    @property
    def api_key(self) -> str:
        """In Notify's format: name-serviceid-secret."""
        return f"joinedup_test-{self.service_id}-{self.secret}"


@dataclass
class SentSms:
    id: str
    phone_number: str
    template_id: str
    body: str
    reference: str | None


class NotifyServer:
    """A local stand-in for https://api.notifications.service.gov.uk that checks what the real
    one checks for an SMS: the JWT (signed with the key's secret, issued by the service, fresh),
    the template, its personalisation and the phone number. `fail_next(status, n)` answers the
    next n requests with that status (500 or 429), as Notify does when it has trouble."""

    def __init__(self) -> None:
        template_id = str(uuid.uuid4())
        self.service = NotifyService(templates={template_id: "((body))"})
        self.template_id = template_id
        self.sent: list[SentSms] = []
        self.requests = 0
        self._failures: list[int] = []
        self.lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def fail_next(self, status: int, times: int = 1) -> None:
        with self.lock:
            self._failures.extend([status] * times)

    def _next_failure(self) -> int | None:
        with self.lock:
            self.requests += 1
            return self._failures.pop(0) if self._failures else None

    def answer(self, path: str, headers: Any, raw: bytes) -> tuple[int, dict[str, Any]]:
        """Notify's answer to one request: (status, JSON body)."""
        failure = self._next_failure()
        if failure is not None:
            return failure, _error(failure, _FAILURE_ERRORS.get(failure, "Internal server error"))
        if path != "/v2/notifications/sms":
            return 404, _error(404, "Not found", "ResourceNotFound")
        problem = self._auth_problem(headers.get("Authorization", ""))
        if problem:
            return 403, _error(403, problem, "AuthError")
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            return 400, _error(400, "Invalid JSON supplied in POST data", "BadRequestError")
        return self._send(data)

    def _auth_problem(self, header: str) -> str:
        if not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        token = header.removeprefix("Bearer ").strip()
        try:
            if get_token_issuer(token) != self.service.service_id:
                return "Invalid token: service not found"
            decode_jwt_token(token, self.service.secret)
        except TokenError as error:
            return f"Invalid token: {error.message}"
        return ""

    def _send(self, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        template = self.service.templates.get(str(data.get("template_id", "")))
        if template is None:
            return 400, _error(400, "Template not found", "BadRequestError")
        personalisation = data.get("personalisation") or {}
        missing = [n for n in re.findall(r"\(\((\w+)\)\)", template) if n not in personalisation]
        if missing:
            return 400, _error(400, f"Missing personalisation: {', '.join(missing)}")
        number = re.sub(r"[\s()-]", "", str(data.get("phone_number", "")))
        if not UK_MOBILE.match(number):
            return 400, _error(400, "phone_number Not a UK mobile number", "ValidationError")
        body = re.sub(r"\(\((\w+)\)\)", lambda m: str(personalisation[m.group(1)]), template)
        sms = SentSms(
            id=str(uuid.uuid4()),
            phone_number=number,
            template_id=str(data["template_id"]),
            body=body,
            reference=data.get("reference"),
        )
        with self.lock:
            self.sent.append(sms)
        return 201, {
            "id": sms.id,
            "reference": sms.reference,
            "content": {"body": body, "from_number": "GOVUK"},
            "uri": f"{self.base_url}/v2/notifications/{sms.id}",
            "template": {
                "id": sms.template_id,
                "version": 1,
                "uri": f"{self.base_url}/v2/template/{sms.template_id}",
            },
        }

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                status, payload = server.answer(self.path, self.headers, self.rfile.read(length))
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

        return Handler


_FAILURE_ERRORS = {
    429: "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    500: "Internal server error",
}


def _error(status: int, message: str, kind: str = "BadRequestError") -> dict[str, Any]:
    """Notify's error body: the status and a list of errors."""
    if status == 429:
        kind = "RateLimitError"
    elif status >= 500:
        kind = "Exception"
    return {"status_code": status, "errors": [{"error": kind, "message": message}]}
