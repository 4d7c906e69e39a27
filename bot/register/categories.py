"""Which register table belongs to which category of the privacy notice, and what the person
provided (portability). Category keys are those of `[register.categories]` in config.toml.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy.sql import ColumnElement
from sqlmodel import SQLModel, col

from models import PERSONAL_TABLES, Communication, Person, ServiceUsage, WebActivity

# Every personal table (and the person row itself) with its notice category.
TABLE_CATEGORY: dict[str, str] = {
    "person": "identity_contact",
    "person_email": "identity_contact",
    "consent": "marketing",
    "contract": "customer_relationship",
    "order": "customer_relationship",
    "invoice": "customer_relationship",
    "service_usage": "service_usage",
    "communication": "communication",
    "event_participation": "events",
    "marketing_action": "marketing",
    "web_activity": "web",
}

# The tables an export walks, in the order a reader meets them.
EXPORT_TABLES: dict[str, type[SQLModel]] = {"person": Person, **PERSONAL_TABLES}

assert set(TABLE_CATEGORY) == set(EXPORT_TABLES), "every personal table needs a notice category"


def provided_filter(table: str) -> ColumnElement[bool] | Literal[True] | None:
    """Portability (Art. 20) covers what the person gave us: their contact details, addresses,
    consents, settings, the forms they filled in and the messages and feedback they sent.

    True: the whole table; a clause: only those rows; None: not provided by the person.
    """
    clauses: dict[str, Any] = {
        "person": True,
        "person_email": True,
        "consent": True,
        "service_usage": ServiceUsage.kind == "setting",
        "communication": col(Communication.kind).in_(("email", "feedback")),
        "web_activity": WebActivity.kind == "form",
    }
    return clauses.get(table)


# Columns that are internal bookkeeping, not data about the person (left out of portability).
INTERNAL_COLUMNS = frozenset({"id", "person_id", "restricted", "restricted_at", "restriction_reason",
                              "anonymised_at", "created_at", "updated_at", "last_activity_at",
                              "normalized", "email_normalized"})

