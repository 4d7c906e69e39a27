"""The public request form's submissions, as keyed hashes only: enough to limit floods per
address and per client and to confirm each submission once, and no personal data (the address
and what was asked travel in the signed confirmation link, not in this table)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.fields import dt


class FormSubmission(SQLModel, table=True):
    __tablename__ = "form_submission"

    id: int | None = Field(default=None, primary_key=True)
    nonce_hash: str = Field(max_length=64, unique=True)  # the confirmation link's nonce (single use)
    address_hash: str = Field(max_length=64, index=True)  # keyed hash of the normalised address
    client_hash: str = Field(max_length=64, index=True)  # keyed hash of the client address
    created_at: datetime = dt(nullable=False, index=True)
    sent: bool = True  # False: the per-address limit held the confirmation mail back
    confirmed_at: datetime | None = dt()
