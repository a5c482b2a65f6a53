"""UI layer: one client's page: the client's details and every record about them, with quick adds."""

from __future__ import annotations

from ward_desk.spec import records as spec
from ward_desk.ui import labels
from ward_desk.ui.record_page import RecordPage

# every kind that names a client: contacts, referrals, loans, memberships, hotline calls, GBV cases, consents
TABS = spec.client_kinds()


def tabs() -> tuple[str, ...]:
    """The page's tabs for the signed-in user: GBV cases only in a supervisor's or admin's (RETURN-v2 §1)."""
    from ward_desk.services import accounts

    return tuple(kind for kind in TABS if kind != "gbv_cases" or accounts.can("gbv.read"))


class ClientPage(RecordPage):
    kind = "clients"
    filter_name = "client_id"

    def __init__(self, context, record_id: int, parent=None):
        super().__init__(context, record_id, tabs(), parent)

    def texts(self) -> tuple[str, str]:
        return self.tr("Edit client"), self.tr("Back to clients")

    def extra_quick_buttons(self):
        # a clerk records a GBV case here, and sees none afterwards
        return [] if "gbv_cases" in self.kinds else [("gbv_cases", self.add_gbv_case)]

    def describe(self, values: dict) -> tuple[str, list[str]]:
        parts = [labels.code_name(values[k], k) for k in ("sex", "group") if values.get(k)]
        if values.get("birth_year"):
            parts.append(self.tr("born %1").replace("%1", str(values["birth_year"])))
        if values.get("registered_on"):
            parts.append(self.tr("registered %1").replace("%1", values["registered_on"].strftime("%d/%m/%Y")))
        return self.tr("Client %1").replace("%1", values.get("client_code") or ""), parts

    def add_gbv_case(self) -> None:
        """A clerk records a GBV case about this client; the page never lists one for them (RETURN-v2 §1)."""
        from ward_desk.services import records
        from ward_desk.ui.record_form import RecordForm

        code = records.get_record("clients", self.record_id)["client_code"]
        RecordForm(self.context, "gbv_cases", initial={"client_code": code}, parent=self).exec()
