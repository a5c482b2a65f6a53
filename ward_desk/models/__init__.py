"""Models layer: peewee models only (fields, indexes); queries for screens live in ``ward_desk.services``."""

from ward_desk.models.base import BaseModel, RecordModel, database, utcnow
from ward_desk.models.records import (
    RECORD_MODELS,
    Client,
    Commitment,
    Consent,
    Contact,
    Establishment,
    EstablishmentActivity,
    GbvCase,
    GroupSession,
    HotlineCall,
    Inspection,
    Loan,
    PeerGroup,
    PeerMeeting,
    PeerMember,
    Referral,
    Training,
)
from ward_desk.models.office import (
    OfficeReturn,
    OfficeWard,
    ReceivedBasis,
    ReceivedFile,
    ReceivedReturn,
    SetAside,
)
from ward_desk.models.plan import PlanTarget
from ward_desk.models.security import AuditEntry, User
from ward_desk.models.ward import ExportHistory, IdCounter, PeriodUnlock, SchemaVersion, Setting

# Creation order (referenced tables first). Modules added by later features append to this tuple.
ALL_MODELS = (Setting, SchemaVersion, ExportHistory, AuditEntry) + RECORD_MODELS
ALL_MODELS += (OfficeWard, ReceivedReturn)  # office mode (new tables: create_tables makes them)
ALL_MODELS += (User,)  # accounts (a new table: older databases get it at open, with no users in it yet)
ALL_MODELS += (PeriodUnlock,)  # unlocks of closed periods (new table)
ALL_MODELS += (ReceivedFile,)  # accepted ward files kept in the database (shared office databases)
ALL_MODELS += (ReceivedBasis, SetAside, OfficeReturn)  # what counts at an office (new tables)
ALL_MODELS += (IdCounter,)  # automatic record ids (new table)
ALL_MODELS += (PlanTarget,)  # annual plan targets (new table: create_tables makes it in older databases)

__all__ = [
    "ALL_MODELS", "RECORD_MODELS", "BaseModel", "RecordModel", "database", "utcnow",
    "Client", "Contact", "GroupSession", "Referral", "Loan", "Establishment", "EstablishmentActivity",
    "PeerGroup", "PeerMember", "PeerMeeting",
    "Inspection", "Commitment", "HotlineCall", "GbvCase", "Consent", "Training",
    "Setting", "SchemaVersion", "ExportHistory", "AuditEntry",
    "OfficeWard", "ReceivedReturn", "ReceivedFile", "ReceivedBasis", "SetAside", "OfficeReturn", "User",
    "PeriodUnlock", "PlanTarget",
]
