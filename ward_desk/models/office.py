"""Models layer: a consolidating office's own tables (office mode): its wards and its inbox. No Qt here.

A data folder is either a ward (records) or an office (``settings.role = office``); an office keeps the list of
wards it consolidates and one row per ward file it received, whatever became of it.
"""

from __future__ import annotations

from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ward_desk.models.base import BaseModel


class OfficeWard(BaseModel):
    """A ward the office consolidates (a province's wards, or a custom office's list)."""

    code = CharField(primary_key=True)
    name = TextField()

    class Meta:
        table_name = "office_wards"


class ReceivedReturn(BaseModel):
    """A ward file that arrived in the inbox and what the check made of it.

    ``status``: ``ACCEPTED`` (kept as ``stored_name`` under the data folder's ``inbox/``), ``REJECTED`` (the
    reasons in ``problems_json``), ``FOREIGN`` (a valid return of a ward this office does not consolidate),
    ``DUPLICATE`` (the same content as a file already accepted; counted once).
    """

    received_at = DateTimeField()
    original_name = TextField()
    file_sha256 = CharField(index=True)
    stored_name = TextField(null=True)
    status = CharField()
    unit_code = CharField(null=True)
    period = CharField(null=True)
    submission_no = IntegerField(null=True)
    content_sha256 = CharField(null=True)
    generated_at = TextField(null=True)
    late = IntegerField(default=0)
    problems_json = TextField(null=True)  # ["sheet!cell: message", ...] as shown at arrival
    warnings_json = TextField(null=True)

    class Meta:
        table_name = "received_returns"
        indexes = ((("unit_code", "period"), False),)


class ReceivedFile(BaseModel):
    """The bytes of an accepted ward file, in the database itself: on an office's shared database every staff
    PC consolidates from it, not only the PC whose ``inbox/`` folder holds the copy (a return is ~50 KB)."""

    received = ForeignKeyField(ReceivedReturn, primary_key=True, on_delete="CASCADE")
    content = BlobField()

    class Meta:
        table_name = "received_files"


class ReceivedBasis(BaseModel):
    """The period basis (``calendar``/``nd09``) of an arrival's return: the same period code on another basis is
    another period, and never counts for this one. (A table of its own: older databases gain it at open.)"""

    received = ForeignKeyField(ReceivedReturn, primary_key=True, on_delete="CASCADE")
    period_basis = CharField()

    class Meta:
        table_name = "received_basis"


class SetAside(BaseModel):
    """A received file the office set aside (RETURN-v1 amendment 1.1): it stays on disk and in the inbox list,
    no longer counts, and comes back when this row is removed (``office restore-file``). Both are audited."""

    received = ForeignKeyField(ReceivedReturn, primary_key=True, on_delete="CASCADE")
    reason = TextField()
    set_by = TextField(null=True)
    set_at = DateTimeField()

    class Meta:
        table_name = "received_set_aside"


class OfficeReturn(BaseModel):
    """The office's own returns as written: its history numbers them (unchanged content keeps its number,
    changed content takes the next), wherever the file goes."""

    office = CharField()
    period = CharField()
    period_basis = CharField()
    submission_no = IntegerField()
    content_sha256 = CharField()
    file_name = TextField()
    written_at = DateTimeField()

    class Meta:
        table_name = "office_returns"
        indexes = ((("office", "period", "period_basis"), False),)
