"""A local HTTP server that follows HubSpot's documented GDPR-delete contract (the real API is
out of reach in tests): POST /crm/v3/objects/contacts/gdpr-delete, Bearer token, JSON body
{"objectId", "idProperty": "email"} -> 204; 401 with HubSpot's error JSON for a wrong token;
400 for a malformed body; scripted 429 (Retry-After) / 500 answers to test retries."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeHubSpot:
    token: str = "pat-eu1-test"
    deleted: list[str] = field(default_factory=list)
    script: list[int] = field(default_factory=list)  # statuses to answer first (429, 500, ...)
    url: str = ""


def _handler(state: FakeHubSpot) -> type[BaseHTTPRequestHandler]:
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def _error(self, status: int, category: str, message: str, headers: dict[str, str] | None = None) -> None:
            body = json.dumps({"status": "error", "message": message, "correlationId": "c0ffee",
                               "category": category}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/crm/v3/objects/contacts/gdpr-delete":
                return self._error(404, "OBJECT_NOT_FOUND", "unknown path")
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                return self._error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found.")
            if state.script:
                status = state.script.pop(0)
                return self._error(status, "RATE_LIMITS" if status == 429 else "INTERNAL_ERROR", "try later",
                                   {"Retry-After": "0"} if status == 429 else None)
            try:
                body = json.loads(raw)
                assert body["idProperty"] == "email" and "@" in body["objectId"]
            except (ValueError, KeyError, AssertionError):
                return self._error(400, "VALIDATION_ERROR", "Invalid input JSON")
            state.deleted.append(body["objectId"])
            self.send_response(204)
            self.end_headers()

    return H


@contextmanager
def fake_hubspot() -> Iterator[FakeHubSpot]:
    state = FakeHubSpot()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{srv.server_address[1]}"
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        yield state
    finally:
        srv.shutdown()
        srv.server_close()
