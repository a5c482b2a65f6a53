"""Models layer: the ward's records, one model per RECORDS-1 sheet (RETURN-v1 §1). No Qt here.

Rows are keyed internally by an integer ``id``; the workbook's own identifier (``id`` column, or
``client_code`` for clients) is ``ref`` and is unique in the ward. Codes (sex, group, channel, service...) are
stored upper-case exactly as the standard spells them. Dates are ``datetime.date``; empty = not recorded.
Indexes cover the indicator engine's queries (period date first, then the grouped columns). The columns are
declared by the standard (``ward_desk.spec.records``); a test proves these models agree with it column by
column (type, nullability, length).
"""

from __future__ import annotations

from peewee import CharField, DateField, ForeignKeyField, IntegerField, TextField

from ward_desk.models.base import RecordModel
from ward_desk.spec.records import CODE_LENGTH, GBV_CODE_LENGTH, ID_LENGTH


class Client(RecordModel):
    client_code = CharField(max_length=ID_LENGTH, unique=True)
    sex = CharField(max_length=1)  # F, M, T, U
    birth_year = IntegerField(null=True)
    group = CharField(max_length=CODE_LENGTH)  # SW, RISK, EST_WORKER
    migrant = CharField(max_length=1, null=True)  # Y, N
    registered_on = DateField(null=True)

    class Meta:
        table_name = "clients"


class Contact(RecordModel):
    ref = CharField(max_length=ID_LENGTH, unique=True)
    client = ForeignKeyField(Client, backref="contacts", on_delete="RESTRICT")
    date = DateField()
    channel = CharField(max_length=CODE_LENGTH)
    condoms = IntegerField(null=True)
    lubricants = IntegerField(null=True)
    materials = IntegerField(null=True)
    staff = TextField(null=True)

    class Meta:
        table_name = "contacts"
        indexes = (
            (("date", "client", "channel"), False),
            (("client", "date"), False),
        )


class GroupSession(RecordModel):
    ref = CharField(max_length=ID_LENGTH, unique=True)
    date = DateField(index=True)
    audience = CharField(max_length=CODE_LENGTH)
    participants_f = IntegerField()
    participants_m = IntegerField()
    topic = TextField(null=True)
    location = TextField(null=True)

    class Meta:
        table_name = "sessions"


class Referral(RecordModel):
    ref = CharField(max_length=ID_LENGTH, unique=True)
    client = ForeignKeyField(Client, backref="referrals", on_delete="RESTRICT")
    service = CharField(max_length=CODE_LENGTH)
    referred_on = DateField()
    status = CharField(max_length=CODE_LENGTH)  # REFERRED, RECEIVED, DECLINED, LOST
    received_on = DateField(null=True)
    provider = TextField(null=True)

    class Meta:
        table_name = "referrals"
        indexes = (
            (("referred_on", "service", "client"), False),
            (("received_on", "service", "client"), False),
            (("status", "referred_on"), False),
        )


class Loan(RecordModel):
    ref = CharField(max_length=ID_LENGTH, unique=True)
    client = ForeignKeyField(Client, backref="loans", on_delete="RESTRICT")
    programme = CharField(max_length=CODE_LENGTH)  # JOB, POOR, NEAR_POOR, ESCAPED, OTHER
    referred_on = DateField()
    amount_requested = IntegerField(null=True)
    approved_on = DateField(null=True)
    disbursed_on = DateField(null=True)
    amount_disbursed = IntegerField(null=True)
    rejected_on = DateField(null=True)
    closed_on = DateField(null=True)

    class Meta:
        table_name = "loans"


class Establishment(RecordModel):
    ref = CharField(max_length=ID_LENGTH, unique=True)
    name = TextField()
    type = CharField(max_length=CODE_LENGTH)  # KARAOKE, MASSAGE, HOTEL, BAR, CAFE, OTHER
    address = TextField(null=True)
    listed_on = DateField()
    delisted_on = DateField(null=True)
    workers = IntegerField(null=True)

    class Meta:
        table_name = "establishments"


class EstablishmentActivity(RecordModel):
    ref = CharField(max_length=ID_LENGTH, unique=True)
    establishment = ForeignKeyField(Establishment, backref="activities", on_delete="RESTRICT")
    date = DateField(index=True)
    kind = CharField(max_length=CODE_LENGTH)  # VISIT, TRAINING
    owners_trained = IntegerField(null=True)
    workers_trained_f = IntegerField(null=True)
    workers_trained_m = IntegerField(null=True)

    class Meta:
        table_name = "establishment_activities"


class PeerGroup(RecordModel):
    ref = CharField(max_length=ID_LENGTH, unique=True)
    name = TextField()
    kind = CharField(max_length=CODE_LENGTH)  # PEER, SELF_HELP, CLUB
    founded_on = DateField()
    dissolved_on = DateField(null=True)

    class Meta:
        table_name = "peer_groups"


class PeerMember(RecordModel):
    group = ForeignKeyField(PeerGroup, backref="members", on_delete="RESTRICT")
    client = ForeignKeyField(Client, backref="memberships", on_delete="RESTRICT")
    joined_on = DateField()
    left_on = DateField(null=True)

    class Meta:
        table_name = "peer_members"
        indexes = ((("group", "client", "joined_on"), True),)


class PeerMeeting(RecordModel):
    ref = CharField(max_length=ID_LENGTH, unique=True)
    group = ForeignKeyField(PeerGroup, backref="meetings", on_delete="RESTRICT")
    date = DateField(index=True)
    attendees = IntegerField(null=True)

    class Meta:
        table_name = "peer_meetings"


# ---- version 2 (RETURN-v2 §1) ----

class Inspection(RecordModel):
    """An inspection of a service establishment (a 178 team, the police...). Names no person."""

    ref = CharField(max_length=ID_LENGTH, unique=True)
    establishment = ForeignKeyField(Establishment, backref="inspections", on_delete="RESTRICT")
    date = DateField()
    team = CharField(max_length=CODE_LENGTH)  # W178, P178, POLICE, OTHER
    result = CharField(max_length=CODE_LENGTH)  # COMPLIANT, VIOLATION, NOT_OPERATING
    sanction = CharField(max_length=CODE_LENGTH, null=True)  # exactly when VIOLATION
    fine_amount = IntegerField(null=True)  # VND, exactly when FINE

    class Meta:
        table_name = "inspections"
        indexes = ((("establishment", "date"), False),)


class Commitment(RecordModel):
    """A commitment signed by an establishment with the ward People's Committee: its history, one row each."""

    ref = CharField(max_length=ID_LENGTH, unique=True)
    establishment = ForeignKeyField(Establishment, backref="commitments", on_delete="RESTRICT")
    signed_on = DateField()
    signatory = CharField(max_length=CODE_LENGTH)  # OWNER, MANAGER
    valid_until = DateField(null=True)
    withdrawn_on = DateField(null=True)

    class Meta:
        table_name = "commitments"
        indexes = ((("establishment", "signed_on"), False),)


class HotlineCall(RecordModel):
    """A call to the hotline; a client only when the caller is a registered client and agrees."""

    ref = CharField(max_length=ID_LENGTH, unique=True)
    date = DateField()
    caller = CharField(max_length=CODE_LENGTH)
    sex = CharField(max_length=1)  # F, M, T, U
    topic = CharField(max_length=CODE_LENGTH)
    referred = CharField(max_length=1, null=True)  # Y, N
    client = ForeignKeyField(Client, backref="hotline_calls", on_delete="RESTRICT", null=True)
    staff = TextField(null=True)

    class Meta:
        table_name = "hotline_calls"


class GbvCase(RecordModel):
    """A gender-based-violence case: minimal, seen by supervisors and admins only (RETURN-v2 §1)."""

    ref = CharField(max_length=ID_LENGTH, unique=True)
    client = ForeignKeyField(Client, backref="gbv_cases", on_delete="RESTRICT")
    reported_on = DateField()
    type = CharField(max_length=GBV_CODE_LENGTH)  # the six GBVIMS core types
    perpetrator = CharField(max_length=CODE_LENGTH)
    consent_to_refer = CharField(max_length=1, null=True)  # Y, N

    class Meta:
        table_name = "gbv_cases"
        indexes = ((("reported_on", "type"), False),)


class Consent(RecordModel):
    """A client's consent for one purpose (STORE, REFER, FOLLOW_UP, GROUP), and its withdrawal."""

    ref = CharField(max_length=ID_LENGTH, unique=True)
    client = ForeignKeyField(Client, backref="consents", on_delete="RESTRICT")
    purpose = CharField(max_length=CODE_LENGTH)
    given_on = DateField()
    withdrawn_on = DateField(null=True)
    form = CharField(max_length=CODE_LENGTH, null=True)  # PAPER, VERBAL_WITNESSED

    class Meta:
        table_name = "consents"
        indexes = ((("client", "purpose", "given_on"), False),)


class Training(RecordModel):
    """A training of ward officials, 178 team members, peer educators or volunteers."""

    ref = CharField(max_length=ID_LENGTH, unique=True)
    date = DateField(index=True)
    audience = CharField(max_length=CODE_LENGTH)
    participants_f = IntegerField()
    participants_m = IntegerField()
    topic = TextField(null=True)

    class Meta:
        table_name = "trainings"


RECORD_MODELS = (
    Client, Contact, GroupSession, Referral, Loan,
    Establishment, EstablishmentActivity, PeerGroup, PeerMember, PeerMeeting,
    Inspection, Commitment, HotlineCall, GbvCase, Consent, Training,
)
# A record kind of the standard (``spec.records.KINDS``) is stored in the table of its name.
MODEL_BY_KIND = {model._meta.table_name: model for model in RECORD_MODELS}


def _index_live_rows_in_list_order(model, column: str, *then: str) -> None:
    """A partial index led by the column a record list opens sorted by, live rows only (not the recycle bin): the
    first page of 100,000 contacts is read off the index instead of sorting them all, and counting the list reads
    this small index. ``then``: more columns, so that the indicator engine's queries over the same live rows are
    answered from the index alone (a partial index on the date only drew them away from their covering index:
    the monthly return went from ~1.1 s to ~2 s). Added to older databases by ``create_tables`` at open."""
    columns = (column, *then)
    model.add_index(model.index(*(getattr(model, c) for c in columns), where=model.deleted_at.is_null(),
                                name=f"{model._meta.table_name}_live_{'_'.join(columns)}"))


def _index_the_recycle_bin(model) -> None:
    """The recycle bin's rows (``deleted_at`` set): a small index, listed and counted without a table scan."""
    model.add_index(model.index(model.deleted_at, where=model.deleted_at.is_null(False),
                                name=f"{model._meta.table_name}_binned"))


for _model in RECORD_MODELS:
    _index_the_recycle_bin(_model)
for _model, _columns in ((Contact, ("date", "client", "channel")), (GroupSession, ("date",)),
                         (Referral, ("referred_on", "service", "client")), (Loan, ("referred_on",)),
                         (Establishment, ("name",)), (EstablishmentActivity, ("date",)), (PeerGroup, ("name",)),
                         (PeerMember, ("joined_on",)), (PeerMeeting, ("date",)), (Client, ("client_code",)),
                         (Inspection, ("date",)), (Commitment, ("signed_on",)), (HotlineCall, ("date",)),
                         (GbvCase, ("reported_on",)), (Consent, ("given_on",)), (Training, ("date",))):
    _index_live_rows_in_list_order(_model, *_columns)
