"""SQLModel tables and nothing else. Importing this package registers every table."""

from models.cases import (
    Case,
    CaseEvent,
    CaseMessage,
    OutboundMessage,
    ProcessorTask,
    StaffUser,
    VerificationChallenge,
)
from models.enums import (
    ActorType,
    CaseStatus,
    MessageSource,
    MessageState,
    OutboundState,
    RequestKind,
)
from models.inbound import ImapCheckpoint, InboundMessage
from models.ops import JobRun, Lease
from models.register import (
    PERSONAL_TABLES,
    Communication,
    Consent,
    Contract,
    EventParticipation,
    Invoice,
    MarketingAction,
    Order,
    Person,
    PersonEmail,
    ServiceUsage,
    Suppression,
    WebActivity,
)

__all__ = [
    "PERSONAL_TABLES",
    "ActorType",
    "Case",
    "CaseEvent",
    "CaseMessage",
    "CaseStatus",
    "Communication",
    "Consent",
    "Contract",
    "EventParticipation",
    "ImapCheckpoint",
    "InboundMessage",
    "Invoice",
    "JobRun",
    "Lease",
    "MarketingAction",
    "MessageSource",
    "MessageState",
    "Order",
    "OutboundMessage",
    "OutboundState",
    "Person",
    "PersonEmail",
    "ProcessorTask",
    "RequestKind",
    "ServiceUsage",
    "StaffUser",
    "Suppression",
    "VerificationChallenge",
    "WebActivity",
]
