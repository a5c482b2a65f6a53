"""Models layer: the ward's annual plan targets (one row per year and grid pattern). No Qt here."""

from __future__ import annotations

from peewee import BigIntegerField, CharField, DateTimeField, IntegerField, TextField

from ward_desk.models.base import BaseModel


class PlanTarget(BaseModel):
    """A year's target for one WDR-1 cell pattern (``INDICATOR:CATEGORY:SEX:AGE``, ``*`` = any part): the year
    to date of the matching cells is what the target is measured against. Written only by ``reports.plan``."""

    year = IntegerField()
    indicator = CharField()
    category = CharField()
    sex = CharField()
    age = CharField()
    target = BigIntegerField()
    updated_at = DateTimeField()
    user_name = TextField(null=True)

    class Meta:
        table_name = "plan_targets"
        indexes = ((("year", "indicator", "category", "sex", "age"), True),)
