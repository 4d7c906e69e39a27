"""Unsubscribe requests: executed at once, without identity verification.

The register work lives in `bot.register.suppression`; this module is what the cases flow and
the web's one-click `/u/{token}` call.
"""

from __future__ import annotations

from bot.register.suppression import is_suppressed, unsubscribe_address

__all__ = ["is_suppressed", "unsubscribe_address"]
