"""Settings: one typed object read from config.toml, overridable from the environment.

Every other module receives a `Settings`; nothing else reads the file or the environment for
configuration. Any key can be overridden by `BOT_<SECTION>__<KEY>` (values parsed as TOML
literals when they parse, else taken as strings). Secrets never live in the file: they are named
by `*_env` / `*_file` keys and read here.
"""

from __future__ import annotations

import os
import tomllib
import warnings
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ENV_PREFIX = "BOT_"
DEFAULT_CONFIG = "config.toml"


class ConfigError(Exception):
    """A wrong or missing setting; the message names the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _hostport(value: str) -> str:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"expected host:port, got {value!r}")
    return value


def _existing_file(value: str) -> str:
    if value and not Path(value).expanduser().is_file():
        raise ValueError(f"no such file: {value!r}")
    return value


def split_hostport(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    return host.strip("[]"), int(port)


class SmtpSettings(_Section):
    enabled: bool = True
    listen: str = "127.0.0.1:2525"
    hostname: str = "privacy-request-bot"
    max_message_bytes: int = Field(26_214_400, gt=0)
    tls_cert: str = ""
    tls_key: str = ""
    require_starttls: bool = False
    max_line_bytes: int = Field(65536, ge=1001)
    timeout_seconds: float = Field(300.0, gt=0)
    _v = field_validator("listen")(classmethod(lambda cls, v: _hostport(v)))
    _files = field_validator("tls_cert", "tls_key")(classmethod(lambda cls, v: _existing_file(v)))


class MailboxesSettings(_Section):
    addresses: list[str] = Field(default_factory=lambda: ["info@xcure.fi"], min_length=1)

    @field_validator("addresses")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        for a in v:
            if "@" not in a:
                raise ValueError(f"not an email address: {a!r}")
        return [a.strip().lower() for a in v]


class ImapSettings(_Section):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 993
    tls: bool = True  # implicit TLS (993)
    starttls: bool = False  # plain connection upgraded with STARTTLS (143); never falls back
    ca_file: str = ""  # trust this CA (or self-signed certificate) instead of the system's
    username: str = ""
    password_env: str = "BOT_IMAP_PASSWORD"
    password_file: str = ""
    folder: str = "INBOX"
    done_folder: str = "Processed"
    flag: str = "\\Flagged"
    idle_seconds: int = Field(25 * 60, gt=0, le=29 * 60)
    poll_seconds: float = Field(60.0, gt=0)
    backoff_max_seconds: float = Field(300.0, gt=0)
    lease_seconds: float = Field(60.0, gt=0)
    _files = field_validator("ca_file")(classmethod(lambda cls, v: _existing_file(v)))

    def password(self) -> str:
        return read_secret(self.password_env, self.password_file, "imap.password_env")


class WebSettings(_Section):
    listen: str = "127.0.0.1:8080"
    base_url: str = "http://127.0.0.1:8080"
    enabled: bool = True
    secure_cookies: bool = False
    _v = field_validator("listen")(classmethod(lambda cls, v: _hostport(v)))


class DatabaseSettings(_Section):
    url: str = "sqlite:///data/bot.sqlite3"
    echo: bool = False


class OutboundSettings(_Section):
    relay: str = ""
    relay_tls: bool = False
    relay_username: str = ""
    relay_password_env: str = "BOT_RELAY_PASSWORD"
    maildir: str = "data/outbox"
    from_address: str = "info@xcure.fi"
    from_name: str = "Xcure Oy"
    max_attempts: int = Field(20, gt=0)
    retry_base_seconds: float = Field(30.0, gt=0)
    retry_max_seconds: float = Field(3600.0, gt=0)
    poll_seconds: float = Field(1.0, gt=0)
    timeout_seconds: float = Field(30.0, gt=0)

    @field_validator("relay")
    @classmethod
    def _relay(cls, v: str) -> str:
        return _hostport(v) if v else v


class SecretsSettings(_Section):
    signing_key_env: str = "BOT_SIGNING_KEY"
    signing_key_file: str = ""
    # Old keys still accepted when verifying (key rotation); never used for signing.
    old_signing_keys_env: str = "BOT_OLD_SIGNING_KEYS"
    # Development fallback: when no key is configured, derive one and store it in this file
    # (created 0600). Production sets signing_key_env.
    dev_key_file: str = "data/signing.key"

    def signing_key(self) -> str:
        key = read_secret(self.signing_key_env, self.signing_key_file, "secrets.signing_key_env",
                          required=False)
        if key:
            return key
        path = Path(self.dev_key_file)
        if path.exists():
            return path.read_text().strip()
        import secrets as _s

        path.parent.mkdir(parents=True, exist_ok=True)
        key = _s.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key)
        return key

    def old_signing_keys(self) -> list[str]:
        raw = os.environ.get(self.old_signing_keys_env, "")
        return [k for k in raw.split(",") if k.strip()]


class DeadlineSettings(_Section):
    timezone: str = "Europe/Helsinki"
    country: str = "FI"
    reminder_working_days: list[int] = Field(default_factory=lambda: [7, 2])

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown timezone {v!r}") from e
        return v


class ClassifierSettings(_Section):
    model_dir: str = ""  # empty: the pipeline shipped in the package
    threshold: float = Field(0.5, ge=0, le=1)
    review_threshold: float = Field(0.8, ge=0, le=1)
    feedback_dir: str = "data/feedback"


class ControllerSettings(_Section):
    name: str = "Xcure Oy"
    business_id: str = ""
    address: str = ""
    phone: str = ""
    email: str = "info@xcure.fi"
    contact_person: str = ""
    website: str = ""
    supervisory_authority: dict[str, str] = Field(default_factory=dict)


class ProcessorSettings(_Section):
    name: str
    purpose: str = ""
    country: str = ""
    transfer_basis: str = ""
    erasure_instructions: str = ""
    correction_instructions: str = ""  # empty: "Correct the person's data as in the case."
    restriction_instructions: str = ""  # empty: "Restrict processing of the person's data ..."
    # Register tables whose rows this processor holds (e.g. ["invoice"]); a person with no row in
    # any of them gets no task for it (Art. 19: only recipients of the data). Empty: everyone.
    holds: list[str] = Field(default_factory=list)
    api: str = ""  # "hubspot" when the bot can call it; empty: a manual task
    api_url: str = ""
    api_token_env: str = ""


class ProcessorTexts(_Section):
    """A processor's texts the requester reads, in one language."""

    purpose: str | None = None
    country: str | None = None
    transfer_basis: str | None = None


class RegisterTexts(_Section):
    """`[register.fi]`, `[register.sv]`, `[register.en]`: the texts that reach the requester in one
    language. A key left out falls back to the `[register]` (and `[retention.descriptions]`) text."""

    name: str | None = None
    purposes: list[str] | None = None
    legal_bases: list[str] | None = None
    categories: dict[str, str] | None = None
    sources: list[str] | None = None
    transfers: str | None = None
    automated_decisions: str | None = None
    retention: dict[str, str] | None = None  # per category, as [retention.descriptions]
    processors: dict[str, ProcessorTexts] = Field(default_factory=dict)  # by processor name


class RegisterSettings(_Section):
    name: str = "Customer register"
    purposes: list[str] = Field(default_factory=list)
    legal_bases: list[str] = Field(default_factory=list)
    categories: dict[str, str] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    transfers: str = ""
    automated_decisions: str = ""
    processors: list[ProcessorSettings] = Field(default_factory=list)
    fi: RegisterTexts | None = None
    sv: RegisterTexts | None = None
    en: RegisterTexts | None = None

    @model_validator(mode="after")
    def _known_processors(self) -> RegisterSettings:
        names = {p.name for p in self.processors}
        for lang in ("fi", "sv", "en"):
            t = getattr(self, lang)
            unknown = sorted(set(t.processors) - names) if t else []
            if unknown:
                raise ValueError(f"[register.{lang}.processors] names no processor: {', '.join(unknown)}")
        return self

    def texts(self, lang: str, retention: dict[str, str] | None = None) -> dict[str, Any]:
        """The requester-facing texts in `lang`: its table's keys, the default texts for the rest."""
        t = getattr(self, lang, None) if lang in ("fi", "sv", "en") else None
        t = t or RegisterTexts()
        categories = {k: (t.categories or {}).get(k, v) for k, v in self.categories.items()}
        processors = []
        for p in self.processors:
            pt = t.processors.get(p.name, ProcessorTexts())
            processors.append({"name": p.name, "purpose": pt.purpose or p.purpose,
                               "country": pt.country or p.country,
                               "transfer_basis": pt.transfer_basis or p.transfer_basis})
        retention = dict(retention or {})
        return {
            "name": t.name or self.name,
            "purposes": list(t.purposes if t.purposes is not None else self.purposes),
            "legal_bases": list(t.legal_bases if t.legal_bases is not None else self.legal_bases),
            "categories": categories,
            "sources": list(t.sources if t.sources is not None else self.sources),
            "transfers": t.transfers if t.transfers is not None else self.transfers,
            "automated_decisions": (t.automated_decisions if t.automated_decisions is not None
                                    else self.automated_decisions),
            "retention": {k: (t.retention or {}).get(k, v) for k, v in retention.items()}
            | {k: v for k, v in (t.retention or {}).items() if k not in retention},
            "processors": processors,
        }


class RetentionSettings(_Section):
    descriptions: dict[str, str] = Field(default_factory=dict)
    service_usage_months_after_contract: int = 24
    web_analytics_months: int = 14
    marketing_inactive_months: int = 36
    raw_messages_days: int = 365
    closed_cases_days: int = 1095
    invoices_years: int = 10
    invoice_categories: list[str] = Field(default_factory=lambda: ["invoice"])
    sweep_time: str = "03:30"
    web_analytics_kinds: list[str] = Field(default_factory=lambda: ["analytics"])
    list_limit: int = Field(1000, ge=0)


class RepliesSettings(_Section):
    max_auto_replies_per_day: int = Field(5, ge=0)
    max_auto_replies_per_domain_per_day: int = Field(200, ge=0)
    reply_to_non_requests: bool = False
    subject_prefix: str = "PR"


class CasesSettings(_Section):
    join_days: int = Field(7, ge=0)


class IdentitySettings(_Section):
    challenge_days: int = Field(14, gt=0)
    max_code_attempts: int = Field(5, gt=0)
    trusted_authserv_ids: list[str] = Field(default_factory=list)
    verify_dkim: bool = False


class WorkerSettings(_Section):
    enabled: bool = True
    lease_seconds: float = Field(120.0, gt=0)
    poll_seconds: float = Field(0.5, gt=0)
    batch_size: int = Field(10, gt=0)
    max_attempts: int = Field(5, gt=0)
    retry_base_seconds: float = Field(60.0, ge=0)
    retry_max_seconds: float = Field(3600.0, ge=0)


class ExecutionSettings(_Section):
    erasure_requires_approval: bool = True
    download_link_days: int = Field(7, gt=0)
    # Erasure puts the person's addresses on the suppression list (a later import cannot restart
    # marketing to them); the privacy notice keeps that list after erasure.
    suppress_on_erasure: bool = True
    repeat_access_months: int = Field(12, gt=0)  # a further access request within this is flagged
    # Add report.pdf to access exports when a headless Chromium is found (off by default: it
    # runs inside the transaction that verifies the request, ~1.5 s, 12 s for 10 000 rows).
    export_pdf: bool = False
    pdf_browser: str = ""  # path of that browser; empty: chromium / chromium-browser on PATH
    # Art. 15(4): staff look at an access export's rows (call notes can name others) and release it
    access_requires_approval: bool = False
    # Art. 18(1)(a)/(d): days staff have to check contested accuracy / decide an objection
    restriction_followup_days: int = Field(14, gt=0)


class SchedulerSettings(_Section):
    enabled: bool = True
    digest_time: str = "08:00"
    digest_to: list[str] = Field(default_factory=list)
    tick_seconds: float = Field(30.0, gt=0)
    job_lease_seconds: float = Field(120.0, gt=0)
    max_attempts: int = Field(3, gt=0)
    retry_seconds: float = Field(300.0, ge=0)
    keep_runs_days: int = Field(90, gt=0)
    digest_due_within_working_days: int = Field(5, ge=0)
    digest_when_empty: bool = True
    recovery_minutes: float = Field(5.0, gt=0)
    challenge_expiry_minutes: float = Field(15.0, gt=0)
    digest_language: str = Field("en", pattern="^(fi|sv|en)$")  # the digest to `digest_to` addresses
    alerts_minutes: float = Field(5.0, gt=0)
    alert_due_within_working_days: int = Field(3, ge=0)


class StaffSettings(_Section):
    max_failed_logins: int = Field(5, gt=0)
    lockout_minutes: int = Field(15, gt=0)
    client_max_failures: int = Field(20, gt=0)
    client_window_minutes: int = Field(15, gt=0)
    known_client_days: int = Field(90, gt=0)
    session_hours: int = Field(12, gt=0)


warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)


class PublicSettings(_Section):
    """The requester's own pages: the request form (`/request`) and the status page (`/s/...`)."""

    confirm_link_hours: int = Field(48, gt=0)
    status_link_days: int = Field(180, gt=0)
    form_per_address_per_day: int = Field(3, gt=0)
    form_per_client_per_hour: int = Field(10, gt=0)
    status_messages_per_day: int = Field(10, gt=0)


class Settings(_Section):
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    mailboxes: MailboxesSettings = Field(default_factory=MailboxesSettings)
    imap: ImapSettings = Field(default_factory=ImapSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    outbound: OutboundSettings = Field(default_factory=OutboundSettings)
    secrets: SecretsSettings = Field(default_factory=SecretsSettings)
    deadlines: DeadlineSettings = Field(default_factory=DeadlineSettings)
    classifier: ClassifierSettings = Field(default_factory=ClassifierSettings)
    controller: ControllerSettings = Field(default_factory=ControllerSettings)
    register: RegisterSettings = Field(default_factory=RegisterSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    replies: RepliesSettings = Field(default_factory=RepliesSettings)
    cases: CasesSettings = Field(default_factory=CasesSettings)
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    execution: ExecutionSettings = Field(default_factory=ExecutionSettings)
    scheduler: SchedulerSettings = Field(default_factory=SchedulerSettings)
    staff: StaffSettings = Field(default_factory=StaffSettings)
    public: PublicSettings = Field(default_factory=PublicSettings)


def read_secret(env_name: str, file_path: str, key: str, *, required: bool = True) -> str:
    if env_name and os.environ.get(env_name):
        return os.environ[env_name]
    if file_path:
        try:
            return Path(file_path).read_text().strip()
        except OSError as e:
            raise ConfigError(f"{key}: cannot read secret file {file_path}: {e.strerror}") from e
    if required:
        raise ConfigError(f"{key}: set the environment variable {env_name or '(unnamed)'}")
    return ""


def _parse_env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _apply_env(data: dict[str, Any], environ: dict[str, str]) -> None:
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        path = name[len(ENV_PREFIX):].lower().split("__")
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"{name}: {'.'.join(path)} is not a section")
        node[path[-1]] = _parse_env_value(raw)


def config_path(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get("BOT_CONFIG") or DEFAULT_CONFIG)


def load_settings(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read config.toml (missing file: defaults), apply BOT_* overrides, validate."""
    p = config_path(str(path) if path else None)
    data: dict[str, Any] = {}
    if p.exists():
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{p}: {e}") from e
    elif path is not None:
        raise ConfigError(f"config file not found: {p}")
    _apply_env(data, dict(os.environ if environ is None else environ))
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        msgs = []
        for err in e.errors():
            key = ".".join(str(x) for x in err["loc"])
            msgs.append(f"{key}: {err['msg']}")
        raise ConfigError("invalid configuration: " + "; ".join(msgs)) from e
