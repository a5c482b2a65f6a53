"""Service layer: export a WDR-1 return file for DHIS2 (dataValueSets JSON or ADX). No Qt here.

The return is checked as ``return check`` checks it (RETURN-v1 §4) and is refused if it fails; the mapping
is read and validated; the mapped values are written atomically (a temporary file renamed into place), so an
interrupted export never leaves half a payload where a person would pick it up. A consolidated return whose
``Completeness`` sheet lists wards that are not in its totals (missing, rejected, in conflict) is exported,
and the result says how many, so the caller warns that the office's figures are partial.

``read_return_sheets`` (the sheets as written, for showing a file that fails its check) and
``integrity_problems`` are not the export's check: they serve the screens and ``services.office``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ward_desk import fileio, messages
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.export import dhis2
from ward_desk.spec.catalogue import content_sha256, wdr1, wdr1_for

messages.register({
    "dhis2.return_rejected": (
        "Báo cáo {file} không đạt kiểm tra WDR-1 ({count} lỗi); không xuất sang DHIS2.",
        "The return {file} fails the WDR-1 check ({count} problem(s)); it was not exported for DHIS2.",
    ),
    "dhis2.bad_format": ("định dạng \"{value}\" không hỗ trợ; dùng json hoặc adx",
                         "the format \"{value}\" is not supported; use json or adx"),
    "dhis2.cannot_write": ("Không ghi được {path}: {detail}", "Cannot write {path}: {detail}"),
    "dhis2.sheet_missing": ("thiếu trang này", "this sheet is missing"),
    "dhis2.meta_missing": ("thiếu khoá {key}", "the key {key} is missing"),
    "dhis2.not_wdr1": ("không phải báo cáo WDR-1 (phiên bản 1 hoặc 2)", "not a WDR-1 return (version 1 or 2)"),
    "dhis2.bad_number": ("giá trị phải là số nguyên >= 0", "the value must be a whole number >= 0"),
    "dhis2.duplicate_cell": ("ô này trùng với dòng {other_row}", "this cell repeats row {other_row}"),
    "dhis2.hash_mismatch": (
        "content_sha256 không khớp với trang Data: số liệu đã bị sửa sau khi xuất",
        "content_sha256 does not match the Data sheet: numbers were changed after export",
    ),
})


from ward_desk.services.consolidate import ACCEPTED  # noqa: E402 - a unit whose figures are in the totals


@dataclass(frozen=True)
class Dhis2Result:
    out: Path
    export: dhis2.DhisExport
    mapping: Path
    default_mapping: bool
    # A consolidated return: the wards its Completeness sheet lists, and those not in its totals by status
    # ({"MISSING": 3, "REJECTED": 1}); empty for a ward's own return.
    wards: int = 0
    wards_left_out: dict[str, int] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        return bool(self.wards_left_out)


def read_checked_return(path: str | os.PathLike) -> dhis2.ReturnData:
    """The return's Meta, Data and (consolidated) Completeness rows, only when it passes ``return check``
    (``ward_desk.export.return_check``, RETURN-v1 §4; warnings are allowed)."""
    from ward_desk.export import return_check

    path = Path(path)
    report = return_check.check_return(path)
    errors = [p for p in report.problems if not return_check.is_warning(p)]
    if errors or not report.ok:
        raise ValidationFailed([p if p.file else p.at(file=path.name) for p in errors],
                               "dhis2.return_rejected", file=path.name)
    return _return_data(report, path)


def _return_data(report, path: Path) -> dhis2.ReturnData:
    meta = {str(k): "" if v is None else str(v) for k, v in dict(report.meta).items()}
    completeness = tuple((str(row[0]), str(row[2]) if len(row) > 2 else "")
                         for row in (report.sheets.get("Completeness") or [])[1:] if row and row[0])
    return dhis2.ReturnData(meta, tuple(report.cells), str(path), completeness)


def wards_left_out(data: dhis2.ReturnData) -> tuple[int, dict[str, int]]:
    """(wards listed, {status: count} of those not in the totals) from a consolidated return's Completeness.

    A stacked return lists its sub-offices too (accepted as one unit each); only wards are counted."""
    from ward_desk import units

    wards = [(code, status) for code, status in data.completeness if units.is_ward_code(code)]
    left: dict[str, int] = {}
    for _code, status in wards:
        if status != ACCEPTED:
            left[status or "MISSING"] = left.get(status or "MISSING", 0) + 1
    return len(wards), left


def integrity_problems(data: dhis2.ReturnData) -> list[Problem]:
    layout = wdr1().layout
    problems = [Problem("dhis2.meta_missing", {"key": key}, sheet="Meta") for key in layout.meta_keys
                if key not in data.meta]
    if data.meta.get("template") != layout.template or wdr1_for(data.meta) is None or \
            "template_version" not in data.meta:
        problems.append(Problem("dhis2.not_wdr1", {}, sheet="Meta"))
    seen: dict[tuple, int] = {}
    for cell in data.cells:
        if cell.value < 0 or cell.ytd < 0:
            problems.append(Problem("dhis2.bad_number", {}, sheet="Data",
                                    cell=f"{'E' if cell.value < 0 else 'F'}{cell.row}"))
        if cell.key in seen:
            problems.append(Problem("dhis2.duplicate_cell", {"other_row": seen[cell.key]}, sheet="Data",
                                    cell=f"A{cell.row}"))
        seen.setdefault(cell.key, cell.row)
    if "content_sha256" in data.meta and content_sha256(data.cells) != data.meta["content_sha256"].lower():
        problems.append(Problem("dhis2.hash_mismatch", {}, sheet="Meta"))
    return problems


def read_return_sheets(path: Path) -> dhis2.ReturnData:
    """``Meta`` and ``Data`` of a WDR-1 workbook as written, read by the one return reader
    (``return_check.read_return``) without the rule checks: for showing a file that fails its check."""
    from ward_desk.export import return_check

    path = Path(path)
    report = return_check.read_return(path)
    unreadable = next((p for p in report.problems if p.code == "return.unreadable" and p.sheet is None), None)
    if unreadable is not None:  # not a workbook at all (damaged, not xlsx, a zip bomb): the reason, worded
        raise WardDeskError("return.unreadable", detail=unreadable.params.get("detail", ""))
    missing = [p.sheet for p in report.problems if p.code == "return.sheet_missing" and p.sheet in ("Data", "Meta")]
    if missing:
        raise ValidationFailed([Problem("dhis2.sheet_missing", {}, sheet=name, file=path.name) for name in missing],
                               "dhis2.return_rejected", file=path.name)
    return _return_data(report, path)


def export_return(path: str | os.PathLike, *, fmt: str, out: str | os.PathLike,
                  mapping_path: str | os.PathLike | None = None, allow_unmapped: bool = False,
                  now: dt.datetime | None = None) -> Dhis2Result:
    """Write the return at ``path`` as DHIS2 ``fmt`` (``json`` or ``adx``) to ``out`` (a file or a folder).

    Raises ``ValidationFailed`` when the return fails its check, the mapping is wrong, or cells are unmapped
    and ``allow_unmapped`` is false; in each case nothing is written.
    """
    if fmt not in dhis2.FORMATS:
        raise WardDeskError("dhis2.bad_format", value=fmt)
    default = mapping_path is None
    mapping_file = Path(mapping_path) if mapping_path else dhis2.default_mapping_path()
    mapping = dhis2.load_mapping(mapping_file)  # a broken mapping is reported before the return is read
    data = read_checked_return(path)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    export = dhis2.build_export(data, mapping, exported=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if export.unmapped and not allow_unmapped:
        raise ValidationFailed(export.unmapped, "dhis2.unmapped_failed")
    target = _target(Path(out), data, fmt)
    _write_atomically(target, dhis2.render(export, fmt))
    wards, left = wards_left_out(data)
    return Dhis2Result(target, export, mapping_file, default, wards, left)


def _target(out: Path, data: dhis2.ReturnData, fmt: str) -> Path:
    if out.is_dir():
        unit = data.meta.get("unit_code", "unit")
        period = data.meta.get("period", "period")
        return out / f"DHIS2_{unit}_{period}.{'json' if fmt == 'json' else 'xml'}"
    return out


def _write_atomically(target: Path, body: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fileio.write_bytes(target, body)
    except OSError as exc:
        raise WardDeskError("dhis2.cannot_write", path=str(target), detail=exc.strerror or str(exc)) from exc

