"""Service layer: the ward's WDR-1 return: preview, export with submission numbering, history and diffs. No Qt.

Export computes the grid (``indicators``), numbers the submission from ``ExportHistory`` (unchanged numbers ->
the same submission and hash; changed -> the next), writes the workbook to a temporary file, checks it with
the same validator as ``return check`` and only then renames it into place, recording the history row and the
audit entry in one transaction. A return that fails its own check is never written.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ward_desk import __version__, fileio, messages, units
from ward_desk.errors import ValidationFailed, WardDeskError
from ward_desk.models import ExportHistory, database
from ward_desk.services import indicators, periods, session, settings
from ward_desk.services.operation import operation
from ward_desk.spec.catalogue import LATEST, VERSIONS, wdr1

messages.register({
    "return.future_period": ("Kỳ {period} chưa bắt đầu (từ {start}); chưa thể xuất báo cáo.",
                             "Period {period} has not begun (it starts {start}); there is no return to export yet."),
    "return.cancelled": ("Đã hủy; không ghi tệp nào.", "Cancelled; no file was written."),
    "return.cannot_write": ("Không ghi được {path}: {detail}", "Cannot write {path}: {detail}"),
    "return.busy": ("Nhiều người đang xuất cùng kỳ báo cáo này; hãy thử lại.",
                    "Several people are exporting this period at once; try again."),
    "return.bad_version": ("Phiên bản mẫu WDR-1 '{value}' không có; chọn một trong {versions}.",
                           "There is no WDR-1 version '{value}'; choose one of {versions}."),
    "return.self_check_failed": ("Báo cáo không đạt kiểm tra của chính nó; không ghi tệp.",
                                 "The return fails its own check; no file was written."),
})


@dataclass
class Preview:
    period: str
    basis: str
    cells: list  # GridCell rows in catalogue order
    meta: dict
    submission_no: int
    content_sha256: str
    problems: list = field(default_factory=list)


@dataclass
class ExportResult:
    path: Path
    submission_no: int
    content_sha256: str
    period: str
    basis: str
    unchanged: bool  # same numbers as an earlier submission: same number and hash
    warnings: list = field(default_factory=list)
    version: int = 1  # WDR-1's template_version written


def standard_name(unit_code: str, period: str, submission_no: int) -> str:
    return f"WDR1_{unit_code}_{period}" + (f"_s{submission_no}" if submission_no >= 2 else "") + ".xlsx"


def _submission(period: str, basis: str, digest: str) -> tuple[int, bool]:
    rows = list(ExportHistory.select().where(ExportHistory.period == period, ExportHistory.basis == basis)
                .order_by(ExportHistory.submission_no.desc(), ExportHistory.id.desc()))
    if not rows:
        return 1, False
    if rows[0].content_sha256 == digest:
        return rows[0].submission_no, True
    return rows[0].submission_no + 1, False


def default_version(p: periods.Period) -> int:
    """The version a ward exports for ``p``: the newest this release writes, except version 1 for periods that
    end by the end of the period the office named in the setting ``return_v1_until`` (RETURN-v2 §3)."""
    until = settings.get("return_v1_until")
    if until:
        try:
            if p.end <= periods.parse(str(until), p.basis).end:
                return 1
        except WardDeskError:
            pass  # a setting written before it was checked: the newest version
    return LATEST


def choose_version(p: periods.Period, version=None) -> int:
    """``version`` as asked (1 or 2), else the default for ``p``; another value is a usage error."""
    if version in (None, ""):
        return default_version(p)
    text = str(version).strip()
    if not text.isdigit() or int(text) not in VERSIONS:
        raise WardDeskError("return.bad_version", value=text, versions=", ".join(map(str, VERSIONS)))
    return int(text)


def _meta(p: periods.Period, digest: str, submission_no: int, prepared_by: str | None,
          generated: dt.datetime | None = None, version: int = 1) -> dict:
    unit = settings.ward_unit()
    generated = generated or dt.datetime.now().astimezone().replace(microsecond=0)
    return {
        **wdr1(version).layout.stamp(), "unit_code": unit.code, "unit_name": unit.name,
        "office_code": settings.get("office_code") or unit.province_code or "", "period": p.code,
        "period_basis": p.basis, "period_start": p.start.isoformat(), "period_end": p.end.isoformat(),
        "submission_no": str(submission_no), "generated_at": generated.isoformat(), "app_version": __version__,
        "prepared_by": prepared_by or "", "content_sha256": digest,
    }


def preview_return(period: str, basis: str | None = None, version=None) -> Preview:
    """The grid as it would be exported now (for the screen), with its would-be submission number."""
    p = periods.parse(period, basis or settings.get("period_basis"))
    chosen = choose_version(p, version)
    cells = indicators.compute(p, wdr1(chosen))
    digest = indicators.content_sha256(cells)
    no, _same = _submission(p.code, p.basis, digest)
    return Preview(p.code, p.basis, cells, _meta(p, digest, no, None, version=chosen), no, digest)


def _office_name(code: str) -> str:
    return units.office_name(code) or ""


def export_return(period: str, basis: str | None = None, out=None, prepared_by: str | None = None,
                  progress=None, cancel=None, version=None) -> ExportResult:
    """Write the return; ``out`` is a file or a folder (standard name), default the data folder's ``returns/``.
    ``version`` is WDR-1's (1 or 2), default ``default_version``."""
    # A file is written: the transaction comes per numbering attempt, below, holding the submission's row, its
    # audit entry and the file's placing together.
    with operation("returns.export", transaction=False) as op:
        p = periods.parse(period, basis or settings.get("period_basis"))
        chosen = choose_version(p, version)
        settings.ward_unit()
        if p.start > dt.date.today():  # nothing to report yet, and exporting would close a period not begun
            raise WardDeskError("return.future_period", period=p.code, start=p.start.isoformat())
        if progress:
            progress(0, 3)
        cells = indicators.compute(p, wdr1(chosen))
        digest = indicators.content_sha256(cells)
        for _attempt in range(5):  # another clerk exporting the same period at the same moment: renumber, retry
            with database.atomic():
                no, unchanged = _submission(p.code, p.basis, digest)
            written = _write_numbered(op, p, cells, digest, no, unchanged, out, prepared_by, progress, cancel,
                                      chosen)
            if written is not None:
                target, checked = written
                break
        else:
            raise WardDeskError("return.busy")
    if progress:
        progress(3, 3)
    return ExportResult(target, no, digest, p.code, p.basis, unchanged,
                        [w.at(file=target.name) for w in checked.warnings], chosen)


def _target_file(out: Path, standard: str) -> Path:
    """``out`` itself when it names an .xlsx file, else the standard name inside the folder ``out`` (made if it
    does not exist yet: ``--out returns/`` must never become a file called ``returns``)."""
    if out.suffix.lower() == ".xlsx" and not out.is_dir():
        return out
    return out / standard


def _write_numbered(op, p, cells, digest, no, unchanged, out, prepared_by, progress, cancel, version=1):
    """Write, check and record submission ``no``; None when another export took that number meanwhile."""
    from ward_desk.db import opened_folder
    from ward_desk.export.return_check import check_return
    from ward_desk.export.return_workbook import write_return_workbook

    meta = _meta(p, digest, no, prepared_by, version=version)
    if out is None:
        out = opened_folder() / "returns"  # the data folder the database was opened for (--data-dir)
    target = _target_file(Path(out), standard_name(meta["unit_code"], p.code, no))
    if progress:
        progress(1, 3)
    if cancel is not None and cancel.is_set():
        raise WardDeskError("return.cancelled")
    rows = [c.as_row() for c in cells]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with fileio.staged_path(target) as staged:
            from ward_desk.services.targets import TARGETS_SHEET, targets_sheet

            targets = targets_sheet(p.year)  # the year's plan targets ride along; the Data hash ignores them
            write_return_workbook(staged.path, rows, meta, office_name=_office_name(meta["office_code"]),
                                  extra_sheets=((TARGETS_SHEET, targets),) if targets else ())
            checked = check_return(staged.path)
            if not checked.ok:
                raise ValidationFailed(checked.errors, "return.self_check_failed")
            if progress:
                progress(2, 3)
            if cancel is not None and cancel.is_set():
                raise WardDeskError("return.cancelled")
            with database.atomic():  # holds the write lock from its first read (db: BEGIN IMMEDIATE)
                if _submission(p.code, p.basis, digest) != (no, unchanged):
                    return None  # numbered by someone else in between: the caller renumbers
                if not unchanged:
                    ExportHistory.create(period=p.code, basis=p.basis, submission_no=no, content_sha256=digest,
                                         file_name=target.name, generated_at=dt.datetime.fromisoformat(
                                             meta["generated_at"]).astimezone(dt.timezone.utc).replace(tzinfo=None),
                                         prepared_by=prepared_by, user_name=session.actor(),
                                         grid_json=json.dumps(rows, ensure_ascii=False))
                from ward_desk.services import closing

                closing.relock(p.code, p.basis)  # an unlocked period closes again with its next export
                op.log("export", table="export_history", ref=f"{p.code}/{p.basis}/{no}",  # in this transaction
                       detail=json.dumps({"file": target.name, "content_sha256": digest, "unchanged": unchanged,
                                          "template_version": version}))
                staged.commit()  # inside the transaction: a file that cannot be put in place records nothing
    except OSError as exc:
        raise WardDeskError("return.cannot_write", path=str(target), detail=exc.strerror or str(exc)) from exc
    return target, checked


def export_history(period: str | None = None) -> list[ExportHistory]:
    """Every export recorded, newest first (one period if given)."""
    query = ExportHistory.select()
    if period:
        query = query.where(ExportHistory.period == period)
    return list(query.order_by(ExportHistory.period.desc(), ExportHistory.basis, ExportHistory.submission_no.desc()))


def _grid(entry) -> dict[tuple, tuple[int, int]]:
    raw = entry.grid_json if hasattr(entry, "grid_json") else entry["grid_json"]
    return {tuple(r[:4]): (int(r[4]), int(r[5])) for r in json.loads(raw)}


def diff_submissions(a, b) -> list[dict]:
    """Cells whose value or ytd differ between two history rows: ``{key, indicator..., old, new}``."""
    old, new = _grid(a), _grid(b)
    changes = []
    keys = list(indicators.GRID_KEYS) + [k for k in wdr1(LATEST).grid_keys if k in old or k in new]
    for key in dict.fromkeys(keys):
        before, after = old.get(key, (0, 0)), new.get(key, (0, 0))
        if before != after:
            changes.append({"key": "|".join(key), "indicator": key[0], "category": key[1], "sex": key[2],
                            "age": key[3], "old": before[0], "new": after[0], "old_ytd": before[1],
                            "new_ytd": after[1]})
    return changes


def check_return(path):
    from ward_desk.export.return_check import check_return as check

    return check(path)


def consolidate(*args, **kwargs):
    from ward_desk.services.consolidate import consolidate as run

    return run(*args, **kwargs)
