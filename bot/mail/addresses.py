"""Addresses as the bot compares them: the one normal form every lookup, token and cap uses."""

from __future__ import annotations

import unicodedata


def normalise_email(address: str) -> str:
    """Trimmed, NFKC, lower-cased (identity.md: the local part is otherwise compared exactly)."""
    a = unicodedata.normalize("NFKC", address).strip().strip("<>").strip()
    return a.lower()
