"""The request kinds: the vocabulary shared by the classifier (pure) and the tables (models).

It sits below both, so the classifier never depends on the database's package.
"""

from __future__ import annotations

from enum import StrEnum


class RequestKind(StrEnum):
    UNSUBSCRIBE = "unsubscribe"
    ACCESS = "access"
    ERASURE = "erasure"
    CORRECTION = "correction"
    RESTRICTION = "restriction"
    PORTABILITY = "portability"
