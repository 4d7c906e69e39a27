"""`python -m bot register import`: people and their history from CSV or JSON files.

Formats: CSV with a header row, JSON lines (`.jsonl`/`.ndjson`), or JSON (`.json`: one document
or a list of documents). Which table a file fills comes from `--table` or its name
(`people.csv`, `orders.jsonl`, ...); a person document may nest its history
(`{"name": ..., "email": ..., "orders": [...], "consents": [...]}`). Rows of other tables name
their person by `email`. Everything is checked first; any bad row stops the whole import with
file:line messages, and nothing is written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, String, insert
from sqlmodel import AutoString, Session, SQLModel, select

from bot.mail.addresses import normalise_email
from models import PERSONAL_TABLES, Person, PersonEmail
from models.base import UTCDateTime

MAX_ERRORS = 50
TABLES: dict[str, type[SQLModel]] = {"person": Person, **PERSONAL_TABLES}
ALIASES = {
    "people": "person", "persons": "person", "contacts": "person", "emails": "person_email",
    "consents": "consent", "contracts": "contract", "orders": "order", "offers": "order",
    "deliveries": "order", "order_record": "order", "invoices": "invoice", "usage": "service_usage",
    "communications": "communication", "events": "event_participation",
    "trainings": "event_participation", "marketing": "marketing_action",
    "marketing_actions": "marketing_action", "web": "web_activity",
}
PERSON_FIELDS = ("name", "email", "emails", "phone", "address", "organisation", "role", "language",
                 "source")
# Closed vocabularies of the register's `kind`-like columns (a typo is an error, not a new kind).
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("order_record", "kind"): ("offer", "order", "delivery"),
    ("consent", "status"): ("granted", "withdrawn", "prohibited"),
    ("consent", "purpose"): ("newsletter", "marketing", "events"),
    ("service_usage", "kind"): ("log", "role", "setting"),
    ("communication", "kind"): ("email", "call", "feedback", "meeting"),
    ("event_participation", "kind"): ("event", "training"),
    ("web_activity", "kind"): ("form", "analytics"),
}
_SKIP = {"id", "person_id", "restricted", "restricted_at", "restriction_reason", "anonymised_at",
         "created_at", "updated_at", "last_activity_at", "normalized", "email_normalized"}


class RegisterImportError(Exception):
    """Bad input: every problem found, as `file:line: message`."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        more = f"\n... and more ({len(errors)} shown)" if len(errors) >= MAX_ERRORS else ""
        super().__init__("\n".join(errors[:MAX_ERRORS]) + more)


@dataclass
class ImportResult:
    people_added: int = 0
    people_updated: int = 0
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class _Row:
    table: str
    values: dict[str, Any]
    email: str  # normalised address of the person it belongs to ("" for a person row)
    where: str


def table_for(path: Path, explicit: str | None) -> str | None:
    name = (explicit or path.name.split(".")[0]).strip().lower().replace("-", "_")
    name = ALIASES.get(name, name)
    if name in TABLES:
        return name
    return None if explicit else "person"  # a file with any other name holds people (issue 4)


def _records(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None:
            return
        for rec in reader:
            yield reader.line_num, rec
    elif suffix in (".jsonl", ".ndjson"):
        for i, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield i, json.loads(line)
                except json.JSONDecodeError as e:
                    yield i, ValueError(f"not valid JSON: {e.msg}")
    elif suffix == ".json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            yield e.lineno, ValueError(f"not valid JSON: {e.msg}")
            return
        for i, rec in enumerate(doc if isinstance(doc, list) else [doc], 1):
            yield i, rec  # the document's position: JSON has no line per record
    else:
        yield 0, ValueError("unknown format (use .csv, .jsonl, .ndjson or .json)")


def _valid_email(raw: str) -> str:
    norm = normalise_email(raw)
    local, at, domain = norm.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in norm) or len(norm) > 320:
        raise ValueError(f"email: not an email address: {raw!r}")
    return norm


class _Converter:
    def __init__(self, tz: str) -> None:
        self.tz = ZoneInfo(tz)

    def convert(self, model: type[SQLModel], column: str, raw: Any) -> Any:
        col = model.__table__.columns[column]  # type: ignore[attr-defined]
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            return None  # the column's default (see _complete)
        kind = _pytype(col)
        if kind is str:
            v = str(raw).strip()
            limit = getattr(col.type, "length", None)
            if limit and len(v) > limit:
                raise ValueError(f"{column}: longer than {limit} characters")
            table = model.__tablename__
            assert isinstance(table, str)  # SQLModel types it `str | Callable` (a declared_attr)
            allowed = CHOICES.get((table, column))
            if allowed and v.lower() not in allowed:
                raise ValueError(f"{column}: {v!r} is not one of {', '.join(allowed)}")
            return v.lower() if allowed else v
        if kind is bool:
            s = str(raw).strip().lower()
            if s in ("1", "true", "yes", "kyllä", "ja", "y"):
                return True
            if s in ("0", "false", "no", "ei", "nej", "n"):
                return False
            raise ValueError(f"{column}: expected true or false, got {raw!r}")
        if kind is int:
            return int(raw)
        if kind is Decimal:
            try:
                return Decimal(str(raw).strip().replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                raise ValueError(f"{column}: not a number: {raw!r}") from None
        if kind is date:
            return date.fromisoformat(str(raw).strip()[:10])
        if kind is datetime:
            d = datetime.fromisoformat(str(raw).strip().replace("Z", "+00:00"))
            return d if d.tzinfo else d.replace(tzinfo=self.tz)  # local time when no offset given
        if kind is dict:
            v = json.loads(raw) if isinstance(raw, str) else raw
            if not isinstance(v, dict):
                raise ValueError(f"{column}: expected a JSON object")
            return v
        return raw


def _pytype(col: Any) -> type:
    t = col.type
    if isinstance(t, UTCDateTime):
        return datetime
    if isinstance(t, JSON):
        return dict
    if isinstance(t, String | AutoString):
        return str
    return t.python_type


def _complete(model: type[SQLModel], values: dict[str, Any], at: datetime) -> dict[str, Any]:
    """Every column given (column defaults, {} for JSON, the import time for `at`), so the rows
    of one table share one shape and go in as one batch."""
    out = {}
    for col in model.__table__.columns:  # type: ignore[attr-defined]
        if col.primary_key:
            continue
        if col.name in values:
            out[col.name] = values[col.name]
        elif col.default is not None:
            out[col.name] = col.default.arg
        elif _pytype(col) is dict:
            out[col.name] = {}
        elif _pytype(col) is datetime and not col.nullable:
            out[col.name] = at
        else:
            out[col.name] = None
    return out


def columns(table: str) -> list[str]:
    model = TABLES[table]
    return [c.name for c in model.__table__.columns if c.name not in _SKIP]  # type: ignore[attr-defined]


class Importer:
    def __init__(self, timezone: str = "Europe/Helsinki") -> None:
        self.conv = _Converter(timezone)
        self.rows: list[_Row] = []
        self.errors: list[str] = []

    def read(self, path: Path, table: str | None = None) -> None:
        name = table_for(path, table)
        if name is None:
            self.errors.append(f"{path}: unknown table {table!r} (one of: {', '.join(TABLES)})")
            return
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            self.errors.append(f"{path}: cannot read: {e}")
            return
        for line, rec in _records(path, text):
            where = f"{path}:{line}"
            if isinstance(rec, Exception):
                self.errors.append(f"{where}: {rec}")
            elif not isinstance(rec, dict):
                self.errors.append(f"{where}: expected an object with fields")
            else:
                self._record(name, rec, where, "")
            if len(self.errors) >= MAX_ERRORS:
                return

    def _record(self, table: str, rec: dict[str, Any], where: str, owner: str) -> None:
        try:
            if table == "person":
                self._person(rec, where)
            else:
                self._row(table, rec, where, owner)
        except (ValueError, TypeError, json.JSONDecodeError) as e:
            self.errors.append(f"{where}: {e}")

    def _person(self, rec: dict[str, Any], where: str) -> None:
        nested = {k: v for k, v in rec.items() if k not in PERSON_FIELDS
                  and ALIASES.get(k, k) in TABLES and ALIASES.get(k, k) != "person" and isinstance(v, list)}
        unknown = set(rec) - set(PERSON_FIELDS) - set(nested) - {None}
        if None in rec:
            raise ValueError("more values than header fields")
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(sorted(map(str, unknown)))} "
                             f"(expected: {', '.join(PERSON_FIELDS)} or nested tables)")
        raw_emails: list[str] = []
        if rec.get("email"):
            raw_emails += [e for e in str(rec["email"]).replace(",", ";").split(";") if e.strip()]
        if isinstance(rec.get("emails"), list):
            raw_emails += [str(e) for e in rec["emails"]]
        if not raw_emails:
            raise ValueError("email: required (the person is found by their address)")
        pairs = {_valid_email(e): e.strip() for e in reversed(raw_emails)}  # first spelling wins
        emails = list(dict.fromkeys(_valid_email(e) for e in raw_emails))
        values = {k: self.conv.convert(Person, k, rec.get(k)) for k in PERSON_FIELDS
                  if k not in ("email", "emails") and k in rec}
        values = {k: v for k, v in values.items() if v is not None}
        if not str(rec.get("name") or "").strip():
            raise ValueError("name: required")
        values["_emails"] = emails
        values["_raw_emails"] = [pairs[e] for e in emails]
        self.rows.append(_Row("person", values, emails[0], where))
        for key, items in nested.items():
            for i, item in enumerate(items, 1):
                if not isinstance(item, dict):
                    self.errors.append(f"{where}: {key}[{i}]: expected an object")
                    continue
                self._record(ALIASES.get(key, key), item, f"{where}: {key}[{i}]", emails[0])

    def _row(self, table: str, rec: dict[str, Any], where: str, owner: str) -> None:
        model = TABLES[table]
        if None in rec:
            raise ValueError("more values than header fields")
        allowed = set(columns(table)) | {"email"}
        unknown = set(rec) - allowed
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))} "
                             f"(expected: {', '.join(sorted(allowed))})")
        email = _valid_email(str(rec["email"])) if rec.get("email") else owner
        if not email:
            raise ValueError("email: required (the address of the person the row is about)")
        values = {k: self.conv.convert(model, k, v) for k, v in rec.items() if k != "email"}
        values = {k: v for k, v in values.items() if v is not None}
        if table == "consent":
            values["email_normalized"] = email
        if table == "person_email":
            values["email"] = rec["email"].strip()
            values["normalized"] = email
        self.rows.append(_Row(table, values, email, where))

    def write(self, s: Session, *, at: datetime) -> ImportResult:
        """Check the links to people, then write everything in the caller's transaction."""
        if self.errors:
            raise RegisterImportError(self.errors)
        result = ImportResult()
        known = self._people_by_email(s, {r.email for r in self.rows})
        people_rows = [r for r in self.rows if r.table == "person"]
        seen: dict[str, str] = {}
        for r in people_rows:
            for e in r.values["_emails"]:
                if e in seen and seen[e] != r.where:
                    self.errors.append(f"{r.where}: {e} is also given for the person at {seen[e]}")
                seen[e] = r.where
        for r in self.rows:
            if r.table not in ("person", "consent") and r.email not in known and r.email not in seen:
                self.errors.append(f"{r.where}: no person with the address {r.email} in the register "
                                   "or in this import")
        if self.errors:
            raise RegisterImportError(self.errors)
        for r in people_rows:
            self._write_person(s, r, known, result, at)
        batches: dict[str, list[dict[str, Any]]] = {}
        for r in self.rows:
            if r.table == "person":
                continue
            values = dict(r.values)
            values["person_id"] = known.get(r.email)
            if r.table == "person_email":
                if r.email in known:
                    continue  # already one of the person's addresses
                values.setdefault("primary", False)
            batches.setdefault(r.table, []).append(_complete(TABLES[r.table], values, at))
        for table, rows in batches.items():
            for i in range(0, len(rows), 1000):
                s.execute(insert(TABLES[table]), rows[i:i + 1000])
            result.rows[table] = len(rows)
        return result

    def _people_by_email(self, s: Session, emails: set[str]) -> dict[str, int]:
        from sqlmodel import col  # imported here: elsewhere in this module `col` is a table column

        out: dict[str, int] = {}
        wanted = list(emails | {e for r in self.rows if r.table == "person" for e in r.values["_emails"]})
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            stmt = select(PersonEmail.normalized, PersonEmail.person_id).where(
                col(PersonEmail.normalized).in_(chunk))
            out.update({n: pid for n, pid in s.execute(stmt)})
        return out

    def _write_person(self, s: Session, r: _Row, known: dict[str, int], result: ImportResult,
                      at: datetime) -> None:
        values = {k: v for k, v in r.values.items() if not k.startswith("_")}
        emails: list[str] = r.values["_emails"]
        pid = next((known[e] for e in emails if e in known), None)
        person: Person | None
        if pid is None:
            person = Person(**values, created_at=at, updated_at=at)
            person.source = person.source or "import"
            s.add(person)
            s.flush()
            result.people_added += 1
        else:
            person = s.get(Person, pid)
            assert person is not None
            for k, v in values.items():
                if v not in (None, ""):
                    setattr(person, k, v)
            person.updated_at = at
            result.people_updated += 1
        assert person.id is not None
        for i, (norm, raw) in enumerate(zip(emails, r.values["_raw_emails"], strict=False)):
            if norm not in known:
                s.add(PersonEmail(person_id=person.id, email=raw, normalized=norm,
                                  primary=i == 0 and pid is None))
                known[norm] = person.id
        s.flush()


def import_files(s: Session, paths: list[Path], *, at: datetime, table: str | None = None,
                 timezone: str = "Europe/Helsinki") -> ImportResult:
    imp = Importer(timezone)
    # People first, so the other files' rows find them whatever order the files were given in.
    ordered = sorted(paths, key=lambda p: table_for(p, table) != "person")
    for p in ordered:
        imp.read(p, table)
    return imp.write(s, at=at)
