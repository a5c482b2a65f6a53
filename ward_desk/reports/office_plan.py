"""Reports layer: an office's plan against achievement for a period, in total and ward by ward. No Qt here.

Each ward's targets are the ones its counted return carries in its optional ``Targets`` sheet (RETURN-v1: not
part of the hashed numbers); its achievement is that return's ``Data`` (this period and the year to date). The
total adds the wards' targets pattern by pattern and their numbers cell by cell: exactly what the office's
consolidation of the same files carries (``standing`` says which file counts for each ward). A ward whose return
is missing, rejected or in conflict has no numbers here; a Targets row that cannot be read is a note naming the
file, sheet and cell, so the total target is never short without a word.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ward_desk import messages

messages.register({
    "officeplan.no_return": ("chưa có báo cáo được tính ({state})", "no counted return ({state})"),
    "officeplan.no_targets": ("báo cáo không có trang Targets", "the return carries no Targets sheet"),
    "officeplan.note": ("{file}: {detail}", "{file}: {detail}"),
    "officeplan.total": ("Tổng cộng", "Total"),
    "officeplan.ward": ("Xã/phường", "Ward"),
})


@dataclass(frozen=True)
class Line:
    """One target pattern for one ward (or the total): the annual target (None: this ward set none), this
    period's value and the year to date of the matching cells."""

    key: tuple[str, str, str, str]
    target: int | None
    value: int
    ytd: int

    @property
    def percent(self) -> float | None:
        return None if not self.target else 100.0 * self.ytd / self.target


@dataclass
class WardPlan:
    ward: str
    name: str
    state: str  # the office's state of the ward for the period (ACCEPTED, MISSING, REJECTED, CONFLICT, ...)
    file: str = ""  # the counted file, as `office status` names it
    lines: list[Line] = field(default_factory=list)  # one per pattern of the office (empty: no counted return)
    has_targets: bool = False

    @property
    def counted(self) -> bool:
        return bool(self.file)


@dataclass
class OfficePlan:
    period: str
    keys: list  # every pattern any counted return carries a target for, in the order first met
    total: list[Line]
    wards: list[WardPlan]
    notes: list[str] = field(default_factory=list)

    def line(self, ward: str | None, key) -> Line | None:
        lines = self.total if ward is None else next((w.lines for w in self.wards if w.ward == ward), [])
        return next((x for x in lines if x.key == key), None)


def plan_vs_achieved(period: str) -> OfficePlan:
    """The office's plan against achievement for ``period`` (see the module's text)."""
    from ward_desk.export.return_check import check_return
    from ward_desk.services import office
    from ward_desk.services.targets import matches, read_targets_sheet

    office.require_office()
    names = dict(office.office_wards())
    shared = office.shared_names()
    keys: list = []
    notes: list[str] = []
    counted: list[tuple[WardPlan, dict, dict]] = []  # (ward, targets, cells)
    wards: list[WardPlan] = []
    for cell in office.standing(period):
        ward = WardPlan(cell.ward, names.get(cell.ward, cell.ward), cell.state)
        wards.append(ward)
        path = office.stored_path(cell.counted) if cell.counted is not None else None
        if path is None:
            continue
        ward.file = office.file_label(cell.counted, shared)
        checked = check_return(path)
        rows = checked.sheets.get("Targets") or []
        found, problems = read_targets_sheet(rows) if rows else ({}, [])
        notes.extend(messages.text("officeplan.note", file=ward.file, detail=p.located()) for p in problems)
        ward.has_targets = bool(rows)
        keys.extend(k for k in found if k not in keys)
        counted.append((ward, found, {c.key: (c.value, c.ytd) for c in checked.cells}))

    def sums(cells: dict, key) -> tuple[int, int]:
        value = ytd = 0
        for k, (v, y) in cells.items():
            if matches(key, k):
                value, ytd = value + v, ytd + y
        return value, ytd

    totals = {key: [None, 0, 0] for key in keys}
    for ward, found, cells in counted:
        for key in keys:
            value, ytd = sums(cells, key)
            ward.lines.append(Line(key, found.get(key), value, ytd))
            total = totals[key]
            if key in found:
                total[0] = (total[0] or 0) + found[key]
            total[1] += value
            total[2] += ytd
    return OfficePlan(period, keys, [Line(k, *totals[k]) for k in keys], wards, notes)


def write_plan_vs_achieved(plan: OfficePlan, out):
    """The office's plan against achievement as a workbook: the total first, then each ward (one row per ward
    and pattern), written whole or not at all."""
    from pathlib import Path

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ward_desk.export.cells import set_text_cell
    from ward_desk.fileio import atomic_path
    from ward_desk.reports import grid as grids
    from ward_desk.reports.plan import label

    wb = Workbook()
    ws = wb.active
    ws.title = "Kế hoạch"
    set_text_cell(ws["A1"], messages.text("plan.sheet.title", period=plan.period))
    ws["A1"].font = Font(bold=True, size=13)
    heads = ("officeplan.ward", "plan.col.label", "plan.col.target", "plan.col.value", "plan.col.ytd",
             "plan.col.percent")
    for j, code in enumerate(heads, start=1):
        set_text_cell(ws.cell(row=3, column=j), messages.text(code))
        ws.cell(row=3, column=j).font = Font(bold=True)
    set_text_cell(ws.cell(row=3, column=7), "pattern")
    row = 4
    blocks = [(messages.text("officeplan.total"), plan.total)]
    blocks += [(f"{w.ward} {w.name}", w.lines) for w in plan.wards if w.counted]
    for who, lines in blocks:
        for line in lines:
            set_text_cell(ws.cell(row=row, column=1), who)
            set_text_cell(ws.cell(row=row, column=2), label(line.key))
            for j, n in ((3, line.target), (4, line.value), (5, line.ytd)):
                if n is not None:
                    ws.cell(row=row, column=j, value=n).number_format = "#,##0"
            if line.percent is not None:
                ws.cell(row=row, column=6, value=round(line.percent / 100, 4)).number_format = "0.0%"
            set_text_cell(ws.cell(row=row, column=7), grids.pattern_text(line.key))
            row += 1
    for col, width in zip("ABCDEFG", (30, 60, 14, 14, 16, 14, 30)):
        ws.column_dimensions[col].width = width
    out = Path(out)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out
