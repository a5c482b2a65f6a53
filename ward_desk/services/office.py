"""Service layer: office mode, a data folder that consolidates ward returns instead of keeping records. No Qt here.

An office (a province, or a custom ``C-...`` office with its own ward list) receives ward files by any route
(email, USB). ``receive`` checks each file on arrival with the WDR-1 check (RETURN-v1 §4), keeps a copy of each
accepted file under the data folder's ``inbox/`` and records every arrival, rejected ones with their reasons.
``completeness`` is the wards x periods grid; ``consolidate_period`` builds the office return from the kept
files with the same engine as the stateless ``ward-desk consolidate``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ward_desk import config, fileio, messages, units
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.models import OfficeWard, ReceivedFile, ReceivedReturn, database, utcnow
from ward_desk.services import audit, session, settings
from ward_desk.services.operation import operation

INBOX = "inbox"

ACCEPTED, REJECTED, FOREIGN, DUPLICATE = "ACCEPTED", "REJECTED", "FOREIGN", "DUPLICATE"
# Grid states, worst news last so a cell can show the most telling one.
GRID_STATES = ("ACCEPTED", "CORRECTION", "LATE", "MISSING", "REJECTED", "CONFLICT")

messages.register({
    "office.not_office": (
        "Thư mục dữ liệu này là của một xã/phường, không phải cơ quan tổng hợp. "
        "Hãy dùng `ward-desk office init` với một thư mục dữ liệu mới.",
        "This data folder belongs to a ward, not a consolidating office. "
        "Use `ward-desk office init` with a new data folder.",
    ),
    "office.needs_wards": (
        "Cơ quan tự đặt {code} cần danh sách mã xã/phường (--wards).",
        "The custom office {code} needs its list of ward codes (--wards).",
    ),
    "office.ward_not_in_province": (
        "Xã/phường {code} không thuộc tỉnh {province}.",
        "Ward {code} is not in province {province}.",
    ),
    "office.foreign": (
        "Báo cáo của {unit} ({name}) không thuộc cơ quan {office}.",
        "The return of {unit} ({name}) does not belong to office {office}.",
    ),
    "office.unreadable": ("Không đọc được tệp: {detail}", "The file cannot be read: {detail}"),
    "office.no_files": ("Không có tệp .xlsx nào trong: {paths}", "No .xlsx file in: {paths}"),
    "office.nothing_accepted": (
        "Chưa có báo cáo nào được chấp nhận cho kỳ {period}.",
        "No return has been accepted for period {period} yet.",
    ),
    "office.state.ACCEPTED": ("Đã nhận", "Accepted"),
    "office.state.CORRECTION": ("Đã nhận bản sửa", "Correction received"),
    "office.state.LATE": ("Nộp muộn", "Late"),
    "office.state.MISSING": ("Chưa nộp", "Missing"),
    "office.state.REJECTED": ("Bị từ chối", "Rejected"),
    "office.state.CONFLICT": ("Xung đột", "Conflict"),
    "office.status.ACCEPTED": ("chấp nhận", "accepted"),
    "office.status.REJECTED": ("từ chối", "rejected"),
    "office.status.FOREIGN": ("không thuộc cơ quan", "foreign"),
    "office.status.DUPLICATE": ("trùng, đã có", "duplicate, already received"),
    "office.cancelled": ("Đã hủy; không có gì được ghi.", "Cancelled; nothing was written."),
})


def is_office() -> bool:
    return settings.get("role") == "office"


def require_office() -> str:
    if not is_office():
        raise WardDeskError("office.not_office")
    return settings.get("unit_code")


def resolve_office_wards(code: str, wards: list[str] | None = None) -> tuple[str, list[units.Unit]]:
    """The office code and its wards, or an error naming what is wrong (checked before anything is created)."""
    code = settings.resolve_office(code)
    if units.is_province_code(code):
        chosen = [settings.resolve_ward(w) for w in wards] if wards else units.wards_of_province(code)
        for unit in chosen:
            if unit.province_code != code:
                raise WardDeskError("office.ward_not_in_province", code=unit.code, province=code)
    else:
        if not wards:
            raise WardDeskError("office.needs_wards", code=code)
        chosen = [settings.resolve_ward(w) for w in wards]
    return code, chosen


def initialise_office(code: str, wards: list[str] | None = None) -> dict[str, object]:
    """Make the open (new) data folder a consolidating office; a province's wards are its default list."""
    code, chosen = resolve_office_wards(code, wards)
    with operation(None) as op:  # the set-up of a new database: no account to sign in with yet
        settings.set_many({"role": "office", "unit_code": code, "office_code": None})
        OfficeWard.delete().execute()
        OfficeWard.insert_many([(u.code, u.name) for u in {u.code: u for u in chosen}.values()],
                               fields=[OfficeWard.code, OfficeWard.name]).execute()
        op.log("office_init", table="office_wards", ref=code, new={"wards": [u.code for u in chosen]})
    return settings.all_settings()


def office_wards() -> list[tuple[str, str]]:
    return [(w.code, w.name) for w in OfficeWard.select().order_by(OfficeWard.code)]


def office_label() -> str:
    code = settings.get("unit_code") or ""
    name = units.office_name(code)
    return f"{code} {name}" if name else code


def inbox_dir(folder=None) -> Path:
    """``inbox/`` beside the open SQLite file (the data folder it was opened from), or in ``folder``; a shared
    PostgreSQL database is not a folder, so there it is the data folder's."""
    from peewee import SqliteDatabase

    from ward_desk.db import opened_folder

    db = database.obj
    if folder is None and isinstance(db, SqliteDatabase) and db.database not in (None, ":memory:"):
        return Path(db.database).parent / INBOX
    return (config.data_dir(folder) if folder else opened_folder()) / INBOX


@dataclass
class Arrival:
    """What became of one file on arrival (also a row of ``ReceivedReturn``)."""

    path: Path
    status: str
    unit_code: str | None = None
    period: str | None = None
    submission_no: int | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row_id: int | None = None


def expand_inputs(paths) -> list[Path]:
    """Files as given, folders searched (recursively) for ``*.xlsx``; Office lock files (``~$``) skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*.xlsx") if not f.name.startswith("~$")))
        else:
            out.append(p)
    if not out:
        raise WardDeskError("office.no_files", paths=", ".join(map(str, paths)))
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_warning(problem) -> bool:
    code = getattr(problem, "code", "")
    return getattr(problem, "severity", None) == "warning" or ".warn" in code or code.endswith("_warning")


def _text(problem) -> str:
    located = getattr(problem, "located", None)
    return located() if callable(located) else str(problem)


def _parse_generated(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _is_late(meta: dict) -> bool:
    generated = _parse_generated(meta.get("generated_at"))
    try:
        end = dt.date.fromisoformat(str(meta.get("period_end")))
    except ValueError:
        return False
    from ward_desk.export.return_check import DEADLINE_DAYS  # a return generated later than this after its period

    return generated is not None and (generated.date() - end).days > DEADLINE_DAYS


def _check(path: Path):
    from ward_desk.export.return_check import check_return  # openpyxl and friends: imported when first needed

    try:
        return check_return(path)
    except ValidationFailed as exc:
        return _Unreadable([_text(p) for p in exc.problems] or [str(exc)])
    except WardDeskError as exc:
        return _Unreadable([messages.text("office.unreadable", detail=str(exc))])


@dataclass
class _Unreadable:
    """A file the check could not even open (the reason, already worded)."""

    reasons: list[str]


def receive(paths, *, progress=None, cancel=None) -> list[Arrival]:
    """Check each file and record it; accepted files are copied into ``inbox/``. One transaction in all.

    Files are checked first (the slow part, cancellable between files); then the copies are written under
    temporary names and the rows inserted in one transaction, and only then renamed: a cancel or a failure
    leaves the inbox and its table as they were.
    """
    session.require("office.receive")  # the transaction comes after the slow checks, below
    office = require_office()
    wards = dict(office_wards())
    files = expand_inputs(paths)
    total = len(files)
    seen_files = {r.file_sha256 for r in ReceivedReturn.select(ReceivedReturn.file_sha256)}
    seen_content = {(r.unit_code, r.period, r.submission_no, r.content_sha256)
                    for r in ReceivedReturn.select().where(ReceivedReturn.status == ACCEPTED)}
    arrivals: list[tuple[Arrival, str, dict]] = []
    for index, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            raise WardDeskError("office.cancelled")
        file_hash = _sha256(path)
        arrival = Arrival(path=path, status=REJECTED)
        meta: dict = {}
        result = _check(path)
        if isinstance(result, _Unreadable):
            arrival.problems = result.reasons
        else:
            meta = dict(getattr(result, "meta", None) or {})
            problems = list(getattr(result, "problems", []) or [])
            errors = [p for p in problems if not _is_warning(p)]
            arrival.warnings = [_text(p) for p in problems if _is_warning(p)]
            arrival.problems = [_text(p) for p in errors]
            arrival.unit_code = meta.get("unit_code") or None
            arrival.period = meta.get("period") or None
            try:
                arrival.submission_no = int(meta.get("submission_no"))
            except (TypeError, ValueError):
                arrival.submission_no = None
            if getattr(result, "ok", not errors) and not errors:
                key = (arrival.unit_code, arrival.period, arrival.submission_no, meta.get("content_sha256"))
                if arrival.unit_code not in wards:
                    arrival.status = FOREIGN
                    arrival.problems = [messages.text("office.foreign", unit=arrival.unit_code,
                                                      name=meta.get("unit_name", ""), office=office)]
                elif file_hash in seen_files or key in seen_content:
                    arrival.status = DUPLICATE
                else:
                    arrival.status = ACCEPTED
                    seen_content.add(key)
        if arrival.status != ACCEPTED and file_hash in seen_files and not arrival.problems:
            arrival.status = DUPLICATE
        seen_files.add(file_hash)
        arrivals.append((arrival, file_hash, meta))
        if progress:
            progress(index + 1, total + 1)
    if cancel is not None and cancel.is_set():
        raise WardDeskError("office.cancelled")

    inbox = inbox_dir()
    inbox.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        with database.atomic():  # holds the write lock from its first read (SQLite IMMEDIATE, PostgreSQL lock)
            now = utcnow()
            # Another clerk may have received the same file while these were being checked: decide duplicates
            # again here, under the lock, so one file is never accepted twice.
            taken_files = {r.file_sha256 for r in ReceivedReturn.select(ReceivedReturn.file_sha256)}
            taken_content = {(r.unit_code, r.period, r.submission_no, r.content_sha256)
                             for r in ReceivedReturn.select().where(ReceivedReturn.status == ACCEPTED)}
            for arrival, file_hash, meta in arrivals:
                key = (arrival.unit_code, arrival.period, arrival.submission_no, meta.get("content_sha256"))
                if arrival.status == ACCEPTED and (file_hash in taken_files or key in taken_content):
                    arrival.status = DUPLICATE
                taken_files.add(file_hash)
                if arrival.status == ACCEPTED:
                    taken_content.add(key)
                stored = None
                if arrival.status == ACCEPTED:
                    stored = (f"WDR1_{arrival.unit_code}_{arrival.period}_s{arrival.submission_no}_"
                              f"{file_hash[:8]}.xlsx")
                    tmp = inbox / f".{stored}.part"
                    shutil.copyfile(arrival.path, tmp)
                    staged.append((tmp, inbox / stored))
                row = ReceivedReturn.create(
                    received_at=now, original_name=arrival.path.name, file_sha256=file_hash, stored_name=stored,
                    status=arrival.status, unit_code=arrival.unit_code, period=arrival.period,
                    submission_no=arrival.submission_no, content_sha256=meta.get("content_sha256"),
                    generated_at=meta.get("generated_at"), late=int(bool(meta) and _is_late(meta)),
                    problems_json=json.dumps(arrival.problems, ensure_ascii=False),
                    warnings_json=json.dumps(arrival.warnings, ensure_ascii=False))
                arrival.row_id = row.id
                if stored:
                    ReceivedFile.create(received=row.id, content=arrival.path.read_bytes())
            audit.log("office_receive", table="received_returns",
                      detail=json.dumps({a.path.name: a.status for a, _h, _m in arrivals}, ensure_ascii=False))
            if cancel is not None and cancel.is_set():
                raise WardDeskError("office.cancelled")
            for tmp, final in staged:
                fileio.replace_file(tmp, final)
    except BaseException:
        for tmp, _final in staged:
            tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(total + 1, total + 1)
    return [a for a, _h, _m in arrivals]


@dataclass
class GridCell:
    ward: str
    period: str
    state: str
    rows: list[ReceivedReturn] = field(default_factory=list)  # every arrival for this ward and period

    def current(self) -> ReceivedReturn | None:
        """The file that counts: the latest accepted submission (None when missing, rejected or in conflict)."""
        if self.state in ("MISSING", "REJECTED", "CONFLICT"):
            return None
        accepted = [r for r in self.rows if r.status == ACCEPTED]
        return max(accepted, key=lambda r: (r.submission_no or 0, r.id)) if accepted else None


def _state(rows: list[ReceivedReturn]) -> str:
    accepted = [r for r in rows if r.status == ACCEPTED]
    if not accepted:
        return "REJECTED" if any(r.status == REJECTED for r in rows) else "MISSING"
    top = max(r.submission_no or 0 for r in accepted)
    contents = {r.content_sha256 for r in accepted if (r.submission_no or 0) == top}
    if len(contents) > 1:
        return "CONFLICT"
    if top >= 2:
        return "CORRECTION"
    latest = [r for r in accepted if (r.submission_no or 0) == top][0]
    return "LATE" if latest.late else "ACCEPTED"


def received_periods() -> list[str]:
    return sorted({r.period for r in ReceivedReturn.select(ReceivedReturn.period).distinct() if r.period})


def completeness(periods: list[str] | None = None) -> dict[tuple[str, str], GridCell]:
    """The wards x periods grid; periods default to every period a file arrived for."""
    require_office()
    periods = list(periods) if periods else received_periods()
    by_key: dict[tuple[str, str], list[ReceivedReturn]] = {}
    query = ReceivedReturn.select().where(ReceivedReturn.period.in_(periods)).order_by(ReceivedReturn.id)
    for row in query:
        by_key.setdefault((row.unit_code, row.period), []).append(row)
    grid = {}
    for code, _name in office_wards():
        for period in periods:
            rows = by_key.get((code, period), [])
            grid[(code, period)] = GridCell(code, period, _state(rows), rows)
    return grid


def problems_of(row: ReceivedReturn) -> list[str]:
    return json.loads(row.problems_json or "[]") + json.loads(row.warnings_json or "[]")


def stored_path(row: ReceivedReturn) -> Path | None:
    """The accepted file in this PC's ``inbox/``; written there from the database when another staff PC of a
    shared office database received it (or the local copy was lost)."""
    if not row.stored_name:
        return None
    path = inbox_dir() / row.stored_name
    if not path.exists():
        kept = ReceivedFile.get_or_none(ReceivedFile.received == row.id)
        if kept is None:
            return path  # received before files were kept in the database: only the local copy ever existed
        path.parent.mkdir(parents=True, exist_ok=True)
        fileio.write_bytes(path, bytes(kept.content))
    return path


def inbox_rows(limit: int = 1000) -> list[ReceivedReturn]:
    return list(ReceivedReturn.select().order_by(ReceivedReturn.id.desc()).limit(limit))


def accepted_files(period: str) -> list[Path]:
    """Every accepted file of the period: the consolidation engine picks the latest submission per ward and
    holds back conflicts itself (RETURN-v1 §5), so it sees exactly what arrived."""
    rows = (ReceivedReturn.select().where(ReceivedReturn.period == period, ReceivedReturn.status == ACCEPTED)
            .order_by(ReceivedReturn.id))
    return [stored_path(r) for r in rows]


def consolidate_period(period: str, out, *, progress=None, cancel=None):
    """The office return for ``period`` from the inbox, written to ``out`` (the CLI engine, same rules)."""
    from ward_desk.services.consolidate import consolidate  # imported when first needed, as the check is

    with operation("office.consolidate", transaction=False) as op:  # the work is a workbook written
        office = require_office()
        inputs = accepted_files(period)
        if not inputs:
            raise WardDeskError("office.nothing_accepted", period=period)
        result = consolidate(office, period, inputs, out, wards=[code for code, _ in office_wards()],
                             progress=progress, cancel=cancel)
        op.log("export", table="office_return", ref=f"{office}/{period}",
               new={"file": Path(result.path).name, "inputs": [p.name for p in inputs],
                    "content_sha256": result.content_sha256, "submission_no": result.submission_no})
    return result


__all__ = ["Arrival", "GridCell", "GRID_STATES", "Problem", "receive", "completeness", "initialise_office",
           "consolidate_period", "office_wards", "is_office", "expand_inputs", "accepted_files", "inbox_rows"]
