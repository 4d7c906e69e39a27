"""SQLModel tables and nothing else. Importing this package registers every table."""

from bot.kinds import RequestKind
from models.alerts import StaffAlert
from models.cases import (
    Case,
    CaseCounter,
    CaseEvent,
    CaseMessage,
    OutboundMessage,
    ProcessorTask,
    StaffLoginClient,
    StaffSession,
    StaffUser,
    VerificationChallenge,
)
from models.enums import (
    ActorType,
    CaseStatus,
    JobStatus,
    MessageSource,
    MessageState,
    OutboundState,
)
from models.inbound import ImapCheckpoint, InboundMessage
from models.ops import JobRun, Lease
from models.public import FormSubmission
from models.register import (
    PERSONAL_TABLES,
    Communication,
    Consent,
    Contract,
    DownloadLink,
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
    "CaseCounter",
    "CaseEvent",
    "CaseMessage",
    "CaseStatus",
    "Communication",
    "Consent",
    "Contract",
    "DownloadLink",
    "EventParticipation",
    "FormSubmission",
    "ImapCheckpoint",
    "InboundMessage",
    "Invoice",
    "JobRun",
    "JobStatus",
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
    "StaffAlert",
    "StaffLoginClient",
    "StaffSession",
    "StaffUser",
    "Suppression",
    "VerificationChallenge",
    "WebActivity",
]
