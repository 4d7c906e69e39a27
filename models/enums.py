"""The domain's words as enums: case states, message states (request kinds: bot.kinds)."""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    RECEIVED = "received"
    AWAITING_VERIFICATION = "awaiting_verification"
    VERIFIED = "verified"
    IN_PROGRESS = "in_progress"
    AWAITING_APPROVAL = "awaiting_approval"
    # Art. 19: done here, told to the processors; the case ends when every processor task is done
    AWAITING_PROCESSORS = "awaiting_processors"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    MERGED = "merged"  # a duplicate; its messages and deadline live on in the case it joined
    AWAITING_REQUESTER = "awaiting_requester"  # we asked what they want (unclear or doubtful)

    @property
    def is_open(self) -> bool:
        return self not in CLOSED_STATUSES


CLOSED_STATUSES = frozenset(
    {CaseStatus.COMPLETED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN, CaseStatus.EXPIRED,
     CaseStatus.MERGED}
)


class MessageState(StrEnum):
    NEW = "new"  # stored, waiting for the worker
    PROCESSING = "processing"  # claimed under a lease
    PROCESSED = "processed"  # parsed (and later classified, routed)
    FAILED = "failed"  # kept with its error; shown to staff


class MessageSource(StrEnum):
    SMTP = "smtp"
    IMAP = "imap"
    FORM = "form"  # the public request form (/request), or a message from the status page


class ActorType(StrEnum):
    BOT = "bot"
    STAFF = "staff"
    REQUESTER = "requester"


class OutboundState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # permanent failure, shown to staff
    HELD = "held"  # its headers failed the check (bot.mail.compose): never sent, shown to staff


class JobStatus(StrEnum):
    RUNNING = "running"  # claimed by an instance (holding the job's lease)
    OK = "ok"
    FAILED = "failed"  # raised; retried later in the same period, up to a limit
    ABANDONED = "abandoned"  # its instance died mid-run; retried like a failure
