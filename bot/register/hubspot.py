"""HubSpot's documented GDPR contact-delete API, for erasure tasks at the processor HubSpot.

`POST {api_url}/crm/v3/objects/contacts/gdpr-delete` with `Authorization: Bearer <private app
token>` and `{"objectId": <email>, "idProperty": "email"}`; 204 No Content on success (an unknown
address is blocklisted by HubSpot, also 204). 429 and 5xx are retried (Retry-After honoured);
anything else is an error for staff. Standard library only (urllib): one call, no dependency.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

GDPR_DELETE = "/crm/v3/objects/contacts/gdpr-delete"


class HubSpotError(Exception):
    def __init__(self, status: int, message: str, category: str = "") -> None:
        self.status, self.category = status, category
        super().__init__(f"HubSpot {status} {category}: {message}".strip())


@dataclass
class HubSpotClient:
    base_url: str
    token: str
    timeout: float = 20.0
    max_attempts: int = 4
    sleep: Callable[[float], None] = time.sleep

    def gdpr_delete(self, email: str) -> int:
        """Permanently delete the contact with this address; returns the HTTP status (204)."""
        body = json.dumps({"objectId": email, "idProperty": "email"}).encode()
        url = self.base_url.rstrip("/") + GDPR_DELETE
        if not url.startswith(("https://", "http://")):
            raise HubSpotError(0, f"bad api_url {self.base_url!r}")
        for attempt in range(1, self.max_attempts + 1):
            req = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310 - scheme checked
                "Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                "Accept": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                    return int(resp.status)
            except urllib.error.HTTPError as e:
                status = e.code
                detail = _error_detail(e.read())
                retry = status == 429 or status >= 500
                if not retry or attempt == self.max_attempts:
                    raise HubSpotError(status, detail.get("message", e.reason or ""),
                                       detail.get("category", "")) from None
                self.sleep(_retry_after(e.headers.get("Retry-After"), attempt))
            except (urllib.error.URLError, TimeoutError) as e:
                if attempt == self.max_attempts:
                    raise HubSpotError(0, f"unreachable: {getattr(e, 'reason', e)}") from None
                self.sleep(_retry_after(None, attempt))
        raise AssertionError("unreachable")


def _error_detail(raw: bytes) -> dict[str, str]:
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: str(v)[:300] for k, v in data.items() if k in ("message", "category")}


def _retry_after(header: str | None, attempt: int) -> float:
    try:
        return min(float(header), 60.0) if header else min(2.0 ** attempt, 30.0)
    except ValueError:
        return min(2.0 ** attempt, 30.0)
