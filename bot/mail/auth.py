"""Sender authentication as a signal (never proof): SPF/DKIM/DMARC results of our own MTA.

Reads `Authentication-Results` (RFC 8601) only from authserv-ids listed in
`[identity] trusted_authserv_ids` — anyone can write that header, only our receiving server's is
worth anything — and, with `[identity] verify_dkim`, checks DKIM itself with dkimpy.
"""

from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger(__name__)

_RESULT = re.compile(r"\b(spf|dkim|dmarc|arc)\s*=\s*([a-z]+)", re.I)


def parse_authentication_results(values: list[str], trusted: list[str]) -> dict[str, Any]:
    """Results from the first (topmost) header of a trusted authserv-id; {} when there is none."""
    wanted = {t.strip().lower() for t in trusted if t.strip()}
    for value in values:
        authserv, _, rest = value.partition(";")
        server = authserv.strip().split()[0].lower() if authserv.strip() else ""
        if server not in wanted:
            continue
        out: dict[str, Any] = {"authserv_id": server}
        for method, result in _RESULT.findall(rest):
            out.setdefault(method.lower(), result.lower())  # the first result of each method
        return out
    return {}


def check_dkim(raw: bytes, *, dnsfunc: Any = None) -> str:
    """'pass' / 'fail' / 'none' / 'error' by verifying the DKIM signature ourselves (needs DNS;
    `dnsfunc` replaces the TXT lookup in tests)."""
    if b"dkim-signature:" not in raw[:65536].lower():
        return "none"
    try:
        import dkim

        kwargs = {"dnsfunc": dnsfunc} if dnsfunc is not None else {}
        return "pass" if dkim.verify(raw, **kwargs) else "fail"
    except Exception as e:  # DNS down, malformed signature: a signal we do not have
        log.info("dkim check failed", extra={"error": type(e).__name__})
        return "error"


def authentication(settings: Any, parsed: Any, raw: bytes) -> dict[str, Any]:
    ident = settings.identity
    out = parse_authentication_results(list(parsed.authentication_results or []),
                                       ident.trusted_authserv_ids)
    if ident.verify_dkim:
        out["dkim_self"] = check_dkim(raw)
    return out


def flags_for(auth: dict[str, Any]) -> list[str]:
    flags = []
    if auth.get("dmarc") == "fail":
        flags.append("dmarc_fail")
    if auth.get("dkim_self") == "fail":
        flags.append("dkim_fail")
    return flags
