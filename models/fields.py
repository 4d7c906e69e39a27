"""Small Field factories so every table declares datetimes and JSON the same way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column
from sqlmodel import Field

from models.base import JSONType, UTCDateTime, utcnow


def dt(*, nullable: bool = True, index: bool = False, now: bool = False) -> Any:
    kwargs: dict[str, Any] = {"default_factory": utcnow} if now else {"default": None}
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable, index=index), **kwargs)


def json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSONType, nullable=False))


def json_dict() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
