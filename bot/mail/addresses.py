"""Addresses as the bot compares them: the one normal form every lookup, token and cap uses."""

from __future__ import annotations

import unicodedata


def normalise_email(address: str) -> str:
    """Trimmed, NFKC, lower-cased (identity.md: the local part is otherwise compared exactly)."""
    a = unicodedata.normalize("NFKC", address).strip().strip("<>").strip()
    return a.lower()


def mailbox_key(address: str) -> str:
    """The mailbox behind an address, for counting replies: normalised and without a
    sub-address (`victim+1@x.fi` and `Victim+2@x.fi` are one mailbox, `victim@x.fi`)."""
    local, at, domain = normalise_email(address).rpartition("@")
    if not at:
        return domain
    return f"{local.split('+', 1)[0] or local}@{domain}"


def address_domain(address: str) -> str:
    return normalise_email(address).rpartition("@")[2]
