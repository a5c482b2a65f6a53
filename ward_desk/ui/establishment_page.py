"""UI layer: one service establishment's page: its details, visits, 178 inspections and the history of its
commitments (signed, valid until, withdrawn), each with a quick add."""

from __future__ import annotations

from ward_desk.spec import records as spec
from ward_desk.ui import labels
from ward_desk.ui.record_page import RecordPage

# every kind that names an establishment: visits, inspections, commitments
TABS = tuple(k.name for k in spec.KINDS.values() if "establishments" in k.refs.values())


class EstablishmentPage(RecordPage):
    kind = "establishments"
    filter_name = "establishment_id"

    def __init__(self, context, record_id: int, parent=None):
        super().__init__(context, record_id, TABS, parent)

    def texts(self) -> tuple[str, str]:
        return self.tr("Edit establishment"), self.tr("Back to establishments")

    def describe(self, values: dict) -> tuple[str, list[str]]:
        parts = [labels.code_name(values["type"], "establishment_type")] if values.get("type") else []
        if values.get("address"):
            parts.append(values["address"].replace("\n", ", "))
        if values.get("listed_on"):
            parts.append(self.tr("listed %1").replace("%1", values["listed_on"].strftime("%d/%m/%Y")))
        if values.get("delisted_on"):
            parts.append(self.tr("delisted %1").replace("%1", values["delisted_on"].strftime("%d/%m/%Y")))
        return f"{values.get('name') or ''} ({values.get('id') or ''})", parts
