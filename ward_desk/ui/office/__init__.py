"""UI layer: office mode screens. ``OfficeScreen`` (``ward_desk.ui.office.screen``): the inbox (drag and drop or
a folder pick, checked on arrival), the wards x periods completeness grid (click a cell for its file and
problems) and consolidation of a period into the office return."""

from ward_desk.ui.office.screen import OfficeScreen

__all__ = ["OfficeScreen"]
