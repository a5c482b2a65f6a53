"""Models layer: the ward's (or office's) own settings, export history and schema version. No Qt here."""

from __future__ import annotations

from peewee import CharField, DateTimeField, IntegerField, TextField

from ward_desk.models.base import BaseModel


class Setting(BaseModel):
    """Domain preferences as key/value text: ``unit_code``, ``office_code``, ``period_basis`` ...

    Read and written only through ``ward_desk.services.settings``, which knows each key's type and default.
    """

    key = CharField(primary_key=True)
    value = TextField(null=True)

    class Meta:
        table_name = "settings"


class ExportHistory(BaseModel):
    """One row per WDR-1 return written: the frozen numbers that went up, for corrections and diffs."""

    period = CharField()
    basis = CharField()
    submission_no = IntegerField()
    content_sha256 = CharField()
    file_name = TextField()
    generated_at = DateTimeField()
    prepared_by = TextField(null=True)
    user_name = TextField(null=True)
    grid_json = TextField()  # [[indicator, category, sex, age, value, ytd], ...]

    class Meta:
        table_name = "export_history"
        indexes = ((("period", "basis", "submission_no"), False),)


class PeriodUnlock(BaseModel):
    """A supervisor's unlock of an exported (closed) period, with the reason; ``relocked_at`` is set by the
    period's next export, which closes it again."""

    period = CharField()
    basis = CharField()
    unlocked_at = DateTimeField()
    user_name = TextField(null=True)
    reason = TextField()
    relocked_at = DateTimeField(null=True)

    class Meta:
        table_name = "period_unlocks"
        indexes = ((("period", "basis"), False),)


class SchemaVersion(BaseModel):
    version = IntegerField()

    class Meta:
        table_name = "schema_version"


class IdCounter(BaseModel):
    """The last number given to a new record of one kind (``DK0000042`` -> 42): ``services.ids`` raises it in
    the transaction that saves the record, so two clerks on one shared database never get the same id."""

    kind = CharField(primary_key=True)
    last = IntegerField()

    class Meta:
        table_name = "id_counters"
