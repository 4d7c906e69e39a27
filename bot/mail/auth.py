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

_METHODS = {"spf", "dkim", "dmarc", "arc"}
_RESULT = re.compile(r"^([a-z]+)(?:/[0-9]+)?\s*=\s*([a-z]+)$", re.I)


def _uncommented(value: str) -> str:
    """The header without its (comments); quoted strings kept whole."""
    out: list[str] = []
    depth, quoted, escaped = 0, False, False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"' and not depth:
            quoted = True
        elif ch == "(":
            depth += 1
            continue
        elif ch == ")" and depth:
            depth -= 1
            continue
        if not depth:
            out.append(ch)
    return "".join(out)


def _split(value: str) -> list[str]:
    """RFC 8601 `resinfo`s: split at semicolons outside quoted strings."""
    parts: list[str] = []
    cur: list[str] = []
    quoted, escaped = False, False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def parse_authentication_results(values: list[str], trusted: list[str]) -> dict[str, Any]:
    """Results from the first (topmost) header of a trusted authserv-id; {} when there is none.

    Each result is the `method=result` that opens a resinfo: text the sender controls (a
    `smtp.mailfrom="dmarc=pass"@…` property, a comment) is never taken for a result."""
    wanted = {t.strip().lower() for t in trusted if t.strip()}
    for value in values:
        authserv, *resinfos = _split(_uncommented(value))
        server = authserv.strip().split()[0].lower() if authserv.strip() else ""
        if server not in wanted:
            continue
        out: dict[str, Any] = {"authserv_id": server}
        for info in resinfos:
            words = info.split()
            m = _RESULT.match(words[0]) if words else None
            if m and m.group(1).lower() in _METHODS:
                out.setdefault(m.group(1).lower(), m.group(2).lower())  # the first result of each method
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
