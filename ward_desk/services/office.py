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
from dataclasses import dataclass, field
from pathlib import Path

from ward_desk import config, fileio, messages, units
from ward_desk.export.xlsx_safety import MAX_RETURN_FILE_BYTES, read_regular_file, walk_inputs
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.models import (
    OfficeReturn,
    OfficeWard,
    ReceivedBasis,
    ReceivedFile,
    ReceivedReturn,
    SetAside,
    database,
    utcnow,
)
from ward_desk.services import audit, session, settings
from ward_desk.services.operation import operation
from ward_desk.textutil import printable

INBOX = "inbox"

ACCEPTED, REJECTED, FOREIGN, DUPLICATE = "ACCEPTED", "REJECTED", "FOREIGN", "DUPLICATE"
SKIPPED = "SKIPPED"  # an item of a folder that is not a file to check (named with its reason; not recorded)
# Grid states, worst news last so a cell can show the most telling one.
GRID_STATES = ("ACCEPTED", "CORRECTION", "LATE", "OTHER_BASIS", "MISSING", "REJECTED", "CONFLICT")

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
    "office.state.OTHER_BASIS": ("Kỳ khác / cách tính khác", "Other period / basis"),
    "office.status.SKIPPED": ("bỏ qua", "skipped"),
    "office.other_basis": ("{file} là kỳ {basis}, không phải {want}; không tính",
                           "{file} is on the {basis} basis, not {want}; not counted"),
    "office.late": ("nộp muộn {days} ngày so với hạn {deadline}", "{days} days late against the deadline {deadline}"),
    "office.basis.calendar": ("theo lịch", "calendar"),
    "office.basis.nd09": ("theo Nghị định 09", "Decree 09"),
    "office.status.ACCEPTED": ("chấp nhận", "accepted"),
    "office.status.REJECTED": ("từ chối", "rejected"),
    "office.status.FOREIGN": ("không thuộc cơ quan", "foreign"),
    "office.status.DUPLICATE": ("trùng, đã có", "duplicate, already received"),
    "office.cancelled": ("Đã hủy; không có gì được ghi.", "Cancelled; nothing was written."),
    "office.same_submission": ("hai tệp khác nhau cùng lần nộp {no}: {files}; giữ lại cả hai đến khi gác lại một tệp",
                               "two different files with submission {no}: {files}; both held back until one is "
                               "set aside"),
    "office.file_label": ("{file} (trong inbox: {stored}, nội dung {content})",
                          "{file} (in the inbox: {stored}, content {content})"),
    "office.ambiguous_name": ("Có {n} tệp đã nhận tên '{file}'; hãy ghi tên trong inbox của tệp cần chọn: {names}",
                              "{n} received files are named '{file}'; give the inbox name of the one meant: {names}"),
    "office.no_such_file": ("Không có tệp đã nhận nào tên '{file}' (xem `office status`).",
                            "No received file is named '{file}' (see `office status`)."),
    "office.reason_needed": ("Cần ghi lý do để gác lại một tệp (--reason).",
                             "Setting a file aside needs a reason (--reason)."),
    "office.already_aside": ("Tệp {file} đã được gác lại.", "{file} is already set aside."),
    "office.not_aside": ("Tệp {file} không bị gác lại.", "{file} is not set aside."),
    "office.bad_deadline": ("Hạn nộp '{value}' phải là số ngày từ 0 đến 366.",
                            "The deadline '{value}' must be a number of days from 0 to 366."),
    "office.province_wards_fixed": (
        "Danh sách xã/phường của tỉnh {code} là danh mục chính thức; chỉ cơ quan tự đặt C-... mới đổi được.",
        "The ward list of province {code} is the official list; only a custom C-... office can change it."),
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


def initialise_office(code: str, wards: list[str] | None = None, *, agency: str | None = None,
                      receiver: str | None = None) -> dict[str, object]:
    """Make the open (new) data folder a consolidating office; a province's wards are its default list.
    ``agency``/``receiver``: the printed heading's reporting agency (default ``default_agency``) and the body
    the office's return goes to."""
    code, chosen = resolve_office_wards(code, wards)
    with operation(None) as op:  # the set-up of a new database: no account to sign in with yet
        settings.set_many({"role": "office", "unit_code": code, "office_code": None,
                           "office_agency": " ".join(str(agency or "").split()) or None,
                           "office_receiver": " ".join(str(receiver or "").split()) or None})
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
    """Files as given, folders searched (recursively) for ``*.xlsx`` (see ``walk_inputs``; what it skips is
    dropped here: ``receive`` reports it)."""
    files, skipped = walk_inputs(paths)
    if not files and not skipped:
        raise WardDeskError("office.no_files", paths=", ".join(map(str, paths)))
    return files


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


def _is_late(meta: dict, days: int) -> bool:
    """Generated more than ``days`` (the office's deadline) after the end of its OWN period (its basis)."""
    generated = _parse_generated(meta.get("generated_at"))
    try:
        end = dt.date.fromisoformat(str(meta.get("period_end")))
    except ValueError:
        return False
    return generated is not None and (generated.date() - end).days > days


def _check(path: Path, data: bytes, days: int | None = None):
    """The WDR-1 check of ``data`` (the bytes read once from ``path``: what is hashed, checked and kept)."""
    from ward_desk.export.return_check import check_return  # openpyxl and friends: imported when first needed

    try:
        return check_return(path, data=data, deadline_days=deadline_days() if days is None else days)
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

    Each file is read once (a regular file only, bounded in size): those bytes are hashed, checked and kept, so
    a file replaced while the others are checked is never stored unchecked. Items of a folder that are not
    files to check (links, FIFOs, devices, Word/PDF documents, files that cannot be read) come back as
    ``SKIPPED`` with their reason, and never stop the others. Files are checked first (the slow part,
    cancellable between files); then the copies are written under temporary names and the rows inserted in one
    transaction, and only then renamed: a cancel or a failure leaves the inbox and its table as they were.
    """
    session.require("office.receive")  # the transaction comes after the slow checks, below
    office = require_office()
    files, skipped = walk_inputs(paths)
    if not files and not skipped:
        raise WardDeskError("office.no_files", paths=", ".join(map(str, paths)))
    skipped_arrivals = [Arrival(path=p, status=SKIPPED, problems=[reason]) for p, reason in skipped]
    arrivals = _check_arrivals(files, office, skipped_arrivals, progress, cancel)
    if cancel is not None and cancel.is_set():
        raise WardDeskError("office.cancelled")
    _record_arrivals(arrivals, skipped_arrivals, cancel)
    if progress:
        progress(len(files) + 1, len(files) + 1)
    return [a for a, _h, _m, _d in arrivals] + skipped_arrivals


def _check_arrivals(files: list[Path], office: str, skipped_arrivals: list[Arrival], progress, cancel) -> list:
    """Each file read once and checked: [(arrival, file hash, meta, bytes)]; a file that cannot be read is
    added to ``skipped_arrivals``. Duplicates are decided against what was received before and each other."""
    wards = dict(office_wards())
    total = len(files)
    days = deadline_days()
    seen_files = {r.file_sha256 for r in ReceivedReturn.select(ReceivedReturn.file_sha256)}
    seen_content = {(r.unit_code, r.period, r.submission_no, r.content_sha256)
                    for r in ReceivedReturn.select().where(ReceivedReturn.status == ACCEPTED)}
    arrivals: list[tuple[Arrival, str, dict, bytes]] = []
    for index, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            raise WardDeskError("office.cancelled")
        try:
            data = read_regular_file(path, max_bytes=MAX_RETURN_FILE_BYTES)
        except WardDeskError as exc:  # a file Excel holds open, a FIFO given by name, a file gone meanwhile
            skipped_arrivals.append(Arrival(path=path, status=SKIPPED, problems=[exc.message()]))
            if progress:
                progress(index + 1, total + 1)
            continue
        file_hash = hashlib.sha256(data).hexdigest()
        arrival, meta = _judge(path, _check(path, data, days), office, wards)
        if arrival.status == ACCEPTED:
            key = (arrival.unit_code, arrival.period, arrival.submission_no, meta.get("content_sha256"))
            if file_hash in seen_files or key in seen_content:
                arrival.status = DUPLICATE
            else:
                seen_content.add(key)
        if arrival.status != ACCEPTED and file_hash in seen_files and not arrival.problems:
            arrival.status = DUPLICATE
        seen_files.add(file_hash)
        arrivals.append((arrival, file_hash, meta, data))
        if progress:
            progress(index + 1, total + 1)
    return arrivals


def _judge(path: Path, result, office: str, wards: dict) -> tuple[Arrival, dict]:
    """What the check says of one file: ACCEPTED, REJECTED (with its reasons) or FOREIGN, and its metadata."""
    arrival = Arrival(path=path, status=REJECTED)
    if isinstance(result, _Unreadable):
        arrival.problems = result.reasons
        return arrival, {}
    meta = dict(getattr(result, "meta", None) or {})
    problems = list(getattr(result, "problems", []) or [])
    errors = [p for p in problems if not _is_warning(p)]
    # lateness is measured against the office's own deadline and worded plainly (``late_words``)
    arrival.warnings = [_text(p) for p in problems if _is_warning(p)
                        and getattr(p, "code", "") != "return.warn.late"]
    arrival.problems = [_text(p) for p in errors]
    arrival.unit_code = meta.get("unit_code") or None
    arrival.period = meta.get("period") or None
    try:
        arrival.submission_no = int(meta.get("submission_no"))
    except (TypeError, ValueError):
        arrival.submission_no = None
    if getattr(result, "ok", not errors) and not errors:
        if arrival.unit_code not in wards:
            arrival.status = FOREIGN
            arrival.problems = [messages.text("office.foreign", unit=arrival.unit_code,
                                              name=meta.get("unit_name", ""), office=office)]
        else:
            arrival.status = ACCEPTED
    return arrival, meta


def _record_arrivals(arrivals: list, skipped_arrivals: list[Arrival], cancel) -> None:
    """The rows and the inbox copies, in one transaction: the copies are staged under temporary names and
    renamed only once the rows are in, so a cancel or a failure leaves both as they were."""
    inbox = inbox_dir()
    inbox.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        with database.atomic():  # holds the write lock from its first read (SQLite IMMEDIATE, PostgreSQL lock)
            _insert_arrivals(arrivals, inbox, staged)
            audit.log("office_receive", table="received_returns",
                      detail=json.dumps({printable(a.path.name): a.status for a, _h, _m, _d in arrivals}
                                        | {printable(a.path.name): SKIPPED for a in skipped_arrivals},
                                        ensure_ascii=False))
            if cancel is not None and cancel.is_set():
                raise WardDeskError("office.cancelled")
            for tmp, final in staged:
                fileio.replace_file(tmp, final)
    except BaseException:
        for tmp, _final in staged:
            tmp.unlink(missing_ok=True)
        raise


def _insert_arrivals(arrivals: list, inbox: Path, staged: list[tuple[Path, Path]]) -> None:
    basis, days = office_basis(), deadline_days()
    now = utcnow()
    # Another clerk may have received the same file while these were being checked: decide duplicates
    # again here, under the lock, so one file is never accepted twice.
    taken_files = {r.file_sha256 for r in ReceivedReturn.select(ReceivedReturn.file_sha256)}
    taken_content = {(r.unit_code, r.period, r.submission_no, r.content_sha256)
                     for r in ReceivedReturn.select().where(ReceivedReturn.status == ACCEPTED)}
    for arrival, file_hash, meta, data in arrivals:
        key = (arrival.unit_code, arrival.period, arrival.submission_no, meta.get("content_sha256"))
        if arrival.status == ACCEPTED and (file_hash in taken_files or key in taken_content):
            arrival.status = DUPLICATE
        taken_files.add(file_hash)
        if arrival.status == ACCEPTED:
            taken_content.add(key)
        stored = None
        if arrival.status == ACCEPTED:
            stored = f"WDR1_{arrival.unit_code}_{arrival.period}_s{arrival.submission_no}_{file_hash[:8]}.xlsx"
            tmp = fileio.temporary_sibling(inbox / stored)
            # the very bytes that were checked; the database keeps them too (ReceivedFile), so this copy
            # needs no fsync of its own (stored_path rewrites it from there if it is ever lost)
            with fileio.atomic_write(tmp, "wb", durable=False) as handle:
                handle.write(data)
            staged.append((tmp, inbox / stored))
        row = ReceivedReturn.create(
            received_at=now, original_name=printable(arrival.path.name), file_sha256=file_hash,
            stored_name=stored, status=arrival.status, unit_code=arrival.unit_code, period=arrival.period,
            submission_no=arrival.submission_no, content_sha256=meta.get("content_sha256"),
            generated_at=meta.get("generated_at"), late=int(bool(meta) and _is_late(meta, days)),
            problems_json=json.dumps(arrival.problems, ensure_ascii=False),
            warnings_json=json.dumps(arrival.warnings, ensure_ascii=False))
        arrival.row_id = row.id
        # measured against the file's own period: a Decree 09 file's deadline is its own period's
        late = late_words(row, meta.get("period_basis") or basis, days) if arrival.status == ACCEPTED else ""
        if late:
            arrival.warnings.insert(0, late)
        if meta.get("period_basis"):
            ReceivedBasis.create(received=row.id, period_basis=meta["period_basis"])
        if stored:
            ReceivedFile.create(received=row.id, content=data)


def deadline_days() -> int:
    """Days after a period's end within which a ward's return is on time (office setting; default: the WDR-1
    check's)."""
    from ward_desk.export.return_check import DEADLINE_DAYS

    try:
        return max(0, int(settings.get("office_deadline_days") or DEADLINE_DAYS))
    except ValueError:
        return DEADLINE_DAYS


def office_basis() -> str:
    """The period basis the office reports on (its ``period_basis`` setting): files on another basis never
    count for it, whatever their period code."""
    return settings.get("period_basis") or "calendar"


@dataclass
class CompletenessCell:
    """What the office knows of one ward for one period; THE answer to "what counts" (``standing``): the grid,
    ``office status``, the window's detail pane and the office return's ``Completeness``/``ByUnit`` all read it.
    """

    ward: str
    period: str
    state: str
    rows: list[ReceivedReturn] = field(default_factory=list)  # every arrival for this ward and period code
    counted: ReceivedReturn | None = None  # the one file whose numbers count, or None
    reason: str = ""  # REJECTED: the first reason; CONFLICT: the files; OTHER_BASIS: what arrived instead
    set_aside: dict = field(default_factory=dict)  # row id -> reason, for the files set aside
    in_conflict: list = field(default_factory=list)  # CONFLICT: the files that claim the same submission

    def current(self) -> ReceivedReturn | None:
        return self.counted

    @property
    def status(self) -> str:
        """The return's ``Completeness`` status (RETURN-v1 §5): ACCEPTED, MISSING, REJECTED or CONFLICT."""
        if self.counted is not None:
            return "ACCEPTED"
        return "MISSING" if self.state in ("MISSING", "OTHER_BASIS") else self.state


def _basis_of(row: ReceivedReturn, bases: dict[int, str]) -> str:
    if row.id in bases:
        return bases[row.id]
    kept = ReceivedFile.get_or_none(ReceivedFile.received == row.id)  # arrived before bases were recorded
    if kept is None:
        return "calendar"
    from ward_desk.export.return_check import read_return

    return read_return(Path(row.stored_name or "return.xlsx"), data=bytes(kept.content)).meta.get(
        "period_basis", "calendar")


def _standing_of(ward: str, period: str, rows: list[ReceivedReturn], basis: str, bases: dict[int, str],
                 aside: dict[int, str], days: int) -> CompletenessCell:
    live = [r for r in rows if r.id not in aside]
    accepted = [r for r in live if r.status == ACCEPTED]
    ours = [r for r in accepted if _basis_of(r, bases) == basis]
    cell = CompletenessCell(ward, period, "MISSING", rows, set_aside={i: t for i, t in aside.items()
                                                             if i in {r.id for r in rows}})
    if not ours:
        rejected = [r for r in live if r.status == REJECTED]
        if rejected:
            first = json.loads(rejected[-1].problems_json or "[]")
            cell.state, cell.reason = "REJECTED", (first[0] if first else "")
        elif accepted:
            other = accepted[-1]
            cell.state = "OTHER_BASIS"
            cell.reason = messages.text("office.other_basis", file=other.original_name,
                                        basis=_basis_label(_basis_of(other, bases)), want=_basis_label(basis))
        return cell
    top = max(r.submission_no or 0 for r in ours)
    latest = [r for r in ours if (r.submission_no or 0) == top]
    if len({r.content_sha256 for r in latest}) > 1:
        cell.state = "CONFLICT"
        cell.in_conflict = latest
        cell.reason = messages.text("office.same_submission", no=top, files="; ".join(map(conflict_label, latest)))
        return cell
    cell.counted = max(latest, key=lambda r: r.id)
    if top >= 2:
        cell.state = "CORRECTION"
    else:
        late = lateness(cell.counted, basis, days) is not None if cell.counted.generated_at else cell.counted.late
        cell.state = "LATE" if late else "ACCEPTED"
    return cell


def _basis_label(basis: str) -> str:
    return messages.text(f"office.basis.{basis}") if basis in ("calendar", "nd09") else basis


def lateness(row: ReceivedReturn, basis: str | None = None, days: int | None = None) -> tuple[int, dt.date] | None:
    """(days late, the deadline) when the return was generated after its deadline, else None. ``basis``: the
    period basis to measure on; default the one the file declared (its own period), else the office's."""
    from ward_desk.services import periods

    if basis is None:
        kept = ReceivedBasis.get_or_none(ReceivedBasis.received == row.id)
        basis = kept.period_basis if kept else None

    generated = _parse_generated(row.generated_at)
    if generated is None or not row.period:
        return None
    try:
        end = periods.parse(row.period, basis or office_basis()).end
    except WardDeskError:
        return None
    deadline = end + dt.timedelta(days=deadline_days() if days is None else days)
    late = (generated.date() - deadline).days
    return (late, deadline) if late > 0 else None


def late_words(row: ReceivedReturn, basis: str | None = None, days: int | None = None) -> str:
    """"nộp muộn 36 ngày so với hạn 10/11/2026" (the office's deadline), or ''."""
    late = lateness(row, basis, days)
    if late is None:
        return ""
    days, deadline = late
    return messages.text("office.late", days=days, deadline=deadline.strftime("%d/%m/%Y"))


def received_periods() -> list[str]:
    return sorted({r.period for r in ReceivedReturn.select(ReceivedReturn.period).distinct() if r.period})


def completeness(periods: list[str] | None = None) -> dict[tuple[str, str], CompletenessCell]:
    """The wards x periods grid; periods default to every period a file arrived for. Each cell is the one
    answer to what counts for that ward and period on the office's basis (set-aside files never count)."""
    require_office()
    periods = list(periods) if periods else received_periods()
    basis, days = office_basis(), deadline_days()
    by_key: dict[tuple[str, str], list[ReceivedReturn]] = {}
    query = ReceivedReturn.select().where(ReceivedReturn.period.in_(periods)).order_by(ReceivedReturn.id)
    ids = []
    for row in query:
        by_key.setdefault((row.unit_code, row.period), []).append(row)
        ids.append(row.id)
    bases = {b.received_id: b.period_basis for b in ReceivedBasis.select()}
    aside = {a.received_id: a.reason for a in SetAside.select()}
    grid = {}
    for code, _name in office_wards():
        for period in periods:
            grid[(code, period)] = _standing_of(code, period, by_key.get((code, period), []), basis, bases, aside,
                                                days)
    return grid


def standing(period: str) -> list[CompletenessCell]:
    """Every ward of the office for ``period``, in code order: what counts (see ``CompletenessCell``)."""
    grid = completeness([period])
    return [grid[(code, period)] for code, _name in office_wards()]


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
    """The files that count for ``period``: one per ward (``standing``), conflicts and set-aside files left out."""
    return [stored_path(cell.counted) for cell in standing(period) if cell.counted is not None]


# --- Setting a file aside (RETURN-v1 amendment 1.1) -------------------------------------------------------------

def inbox_name(row: ReceivedReturn) -> str:
    """The name a received file has under ``inbox/`` (accepted files), else ``#<row id>``: what tells two files
    received under the same name apart."""
    return row.stored_name or f"#{row.id}"


def conflict_label(row: ReceivedReturn) -> str:
    """A file in conflict: the name it was received under, its inbox name and its short content hash."""
    return messages.text("office.file_label", file=row.original_name, stored=inbox_name(row),
                         content=(row.content_sha256 or "?")[:8])


def shared_names(names=None) -> set[str]:
    """The received-under names that more than one received file has (among ``names``, default all)."""
    from peewee import fn

    query = ReceivedReturn.select(ReceivedReturn.original_name).group_by(ReceivedReturn.original_name).having(
        fn.COUNT(ReceivedReturn.id) > 1)
    if names is not None:
        query = query.where(ReceivedReturn.original_name.in_(list(names)))
    return {r.original_name for r in query}


def file_label(row: ReceivedReturn, shared: set[str] | None = None) -> str:
    """The name a received file is shown by everywhere (status, the window, the office return's Completeness):
    the name it was received under, with its inbox name when another received file has that name too."""
    shared = shared_names([row.original_name]) if shared is None else shared
    return f"{row.original_name} ({inbox_name(row)})" if row.original_name in shared else row.original_name


def find_received(name, prefer=None) -> ReceivedReturn:
    """A received file by its row id (the window), its inbox name (``#<id>`` for a file not kept there), its
    path under ``inbox/``, or the name it was received under. A received-under name more than one file has is
    refused with their inbox names, unless exactly one of them satisfies ``prefer`` (e.g. not set aside yet)."""
    if isinstance(name, int):
        row = ReceivedReturn.get_or_none(ReceivedReturn.id == name)
        if row is None:
            raise WardDeskError("office.no_such_file", file=f"#{name}")
        return row
    text = str(name).strip()
    if text.startswith("#") and text[1:].isdigit():
        return find_received(int(text[1:]))
    stored = Path(text).name
    row = ReceivedReturn.get_or_none(ReceivedReturn.stored_name == stored)
    if row is not None:
        return row
    rows = list(ReceivedReturn.select().where((ReceivedReturn.original_name == text)
                                              | (ReceivedReturn.original_name == stored)).order_by(ReceivedReturn.id))
    if not rows:
        raise WardDeskError("office.no_such_file", file=printable(text))
    if len(rows) == 1:
        return rows[0]
    chosen = [r for r in rows if prefer(r)] if prefer else []
    if len(chosen) == 1:
        return chosen[0]
    shown = chosen or rows
    raise WardDeskError("office.ambiguous_name", n=len(shown), file=printable(text),
                        names=", ".join(printable(inbox_name(r)) for r in shown))


def set_aside(name: str | int, reason: str) -> ReceivedReturn:
    """The received file stops counting (it stays on disk and in the list); supervisor or admin; audited."""
    reason = " ".join(str(reason or "").split())
    with operation("office.set_aside") as op:
        require_office()
        if not reason:
            raise WardDeskError("office.reason_needed")
        aside = {a.received_id for a in SetAside.select(SetAside.received)}
        row = find_received(name, prefer=lambda r: r.id not in aside and r.status in (ACCEPTED, REJECTED))
        if SetAside.get_or_none(SetAside.received == row.id) is not None:
            raise WardDeskError("office.already_aside", file=file_label(row))
        SetAside.create(received=row.id, reason=reason, set_by=getattr(op.user, "username", None), set_at=utcnow())
        op.log("office_set_aside", table="received_returns", ref=str(row.id),
               new={"file": row.original_name, "stored": row.stored_name, "reason": reason})
    return row


def restore_file(name: str | int) -> ReceivedReturn:
    """A set-aside file counts again (supervisor or admin; audited)."""
    with operation("office.set_aside") as op:
        require_office()
        aside = {a.received_id for a in SetAside.select(SetAside.received)}
        row = find_received(name, prefer=lambda r: r.id in aside)
        kept = SetAside.get_or_none(SetAside.received == row.id)
        if kept is None:
            raise WardDeskError("office.not_aside", file=file_label(row))
        op.log("office_restore_file", table="received_returns", ref=str(row.id),
               old={"file": row.original_name, "reason": kept.reason})
        kept.delete_instance()
    return row


def received_bases() -> dict[int, str]:
    """received row id -> the period basis its return declared."""
    return {b.received_id: b.period_basis for b in ReceivedBasis.select()}


def set_aside_reasons() -> dict[int, str]:
    """received row id -> reason, for every file set aside."""
    return {a.received_id: a.reason for a in SetAside.select()}


def change_marker() -> tuple:
    """Changes when a file arrives (from any PC) or is set aside or taken back: the window's cheap poll."""
    from peewee import fn

    return (ReceivedReturn.select(fn.MAX(ReceivedReturn.id)).scalar(), ReceivedReturn.select().count(),
            SetAside.select().count(), SetAside.select(fn.MAX(SetAside.set_at)).scalar())


def set_aside_reason(row: ReceivedReturn) -> str | None:
    kept = SetAside.get_or_none(SetAside.received == row.id)
    return kept.reason if kept else None


# --- Office settings ---------------------------------------------------------------------------------------------

def office_settings() -> dict[str, object]:
    return {"agency": settings.get("office_agency") or "", "receiver": settings.get("office_receiver") or "",
            "deadline_days": deadline_days(), "period_basis": office_basis(),
            "wards": [code for code, _name in office_wards()],
            "v1_until": settings.get("return_v1_until") or ""}


def update_office_settings(*, agency: str | None = None, receiver: str | None = None,
                           deadline_days: int | str | None = None, period_basis: str | None = None,
                           wards: list[str] | None = None, v1_until: str | None = None) -> dict[str, object]:
    """Change what the office's printed return names and counts (admin; audited, one transaction).
    ``v1_until``: the period up to which the office asks its wards for WDR-1 version 1 ("" = none; RETURN-v2
    §3), kept as the record of what it asked; each ward's admin sets the same in the ward (``return version``)."""
    session.require("settings.write")
    office = require_office()
    values: dict[str, str | None] = {}
    if agency is not None:
        values["office_agency"] = " ".join(agency.split()) or None
    if receiver is not None:
        values["office_receiver"] = " ".join(receiver.split()) or None
    if deadline_days is not None:
        text = str(deadline_days).strip()
        if not text.isdigit() or not 0 <= int(text) <= 366:
            raise WardDeskError("office.bad_deadline", value=text)
        values["office_deadline_days"] = str(int(text))
    if period_basis is not None:
        values["period_basis"] = period_basis
    if v1_until is not None:
        values["return_v1_until"] = v1_until.strip() or None  # a malformed period is refused by settings
    chosen = None
    if wards is not None:
        if units.is_province_code(office):
            raise WardDeskError("office.province_wards_fixed", code=office)
        _code, chosen = resolve_office_wards(office, wards)
    with operation("settings.write") as op:
        if values:
            settings.set_many(values)  # its own audit entry, in this transaction
        if chosen is not None:
            old = [code for code, _name in office_wards()]
            OfficeWard.delete().execute()
            OfficeWard.insert_many([(u.code, u.name) for u in {u.code: u for u in chosen}.values()],
                                   fields=[OfficeWard.code, OfficeWard.name]).execute()
            op.log("office_wards", table="office_wards", ref=office, old={"wards": old},
                   new={"wards": sorted({u.code for u in chosen})})
    return office_settings()


def default_agency(code: str) -> str:
    """The reporting agency a new office prints unless told otherwise: a province's Department of Health
    ("Sở Y tế Thành phố Hà Nội"); a custom C-... office, its own name."""
    province = units.province(code) if code else None
    if province is not None:
        return f"Sở Y tế {province.name}"
    return units.office_name(code) or code


def agency_name() -> str:
    """The reporting agency for the printed heading: the setting, else ``default_agency``."""
    return settings.get("office_agency") or default_agency(settings.get("unit_code") or "")


# --- The office's own return ---------------------------------------------------------------------------------

def _latest_return(office: str, period: str, basis: str) -> OfficeReturn | None:
    return (OfficeReturn.select().where(OfficeReturn.office == office, OfficeReturn.period == period,
                                        OfficeReturn.period_basis == basis)
            .order_by(OfficeReturn.submission_no.desc(), OfficeReturn.id.desc()).first())


def _numbering(office: str, period: str, basis: str):
    """From the office's history (as a ward's ``returns._submission``): content equal to the LATEST return
    keeps its number; anything else, even content sent earlier, takes the next (a number is never reused)."""
    def number(digest: str) -> int:
        latest = _latest_return(office, period, basis)
        if latest is None:
            return 1
        return latest.submission_no if latest.content_sha256 == digest else latest.submission_no + 1
    return number


def consolidate_period(period: str, out, *, progress=None, cancel=None):
    """The office return for ``period`` from the inbox, written to ``out``: exactly the files ``standing`` says
    count, with every other ward's true status (REJECTED with its first reason, CONFLICT, MISSING)."""
    from ward_desk.services.consolidate import UnitStatus, consolidate  # imported when first needed

    with operation("office.consolidate", transaction=False) as op:  # the work is a workbook written
        office = require_office()
        basis = office_basis()
        cells = standing(period)
        inputs = [stored_path(c.counted) for c in cells if c.counted is not None]
        if not inputs:
            raise WardDeskError("office.nothing_accepted", period=period)
        shared = shared_names()
        # each file by the name `office status` shows it: as received, with its inbox name if that is shared
        labels = {stored_path(c.counted): file_label(c.counted, shared) for c in cells if c.counted is not None}
        names = dict(office_wards())
        known = {}
        for c in cells:
            if c.state == "OTHER_BASIS":  # missing for this return, and the page says what arrived instead
                known[c.ward] = UnitStatus(c.ward, names.get(c.ward, c.ward), "MISSING", reasons=[c.reason])
            elif c.counted is None and c.status in ("REJECTED", "CONFLICT"):
                files = ", ".join(file_label(r, shared) for r in c.rows if r.id not in c.set_aside
                                  and r.status in (ACCEPTED, REJECTED))
                known[c.ward] = UnitStatus(c.ward, names.get(c.ward, c.ward), c.status, file_name=files,
                                           reasons=[c.reason] if c.reason else [])
        result = consolidate(office, period, inputs, out, wards=[code for code, _ in office_wards()],
                             progress=progress, cancel=cancel, basis=basis, known=known,
                             numbering=_numbering(office, period, basis), deadline_days=deadline_days(),
                             agency=agency_name(), receiver=settings.get("office_receiver") or "", labels=labels)
        with database.atomic():  # the office's history and the audit entry together, after the file is written
            latest = _latest_return(office, period, basis)
            if latest is None or latest.submission_no != result.submission_no:
                OfficeReturn.create(office=office, period=period, period_basis=basis,
                                    submission_no=result.submission_no, content_sha256=result.content_sha256,
                                    file_name=Path(result.path).name, written_at=utcnow())
            op.log("export", table="office_return", ref=f"{office}/{period}",
                   new={"file": Path(result.path).name, "inputs": [p.name for p in inputs],
                        "content_sha256": result.content_sha256, "submission_no": result.submission_no})
    return result


__all__ = ["Arrival", "CompletenessCell", "standing", "set_aside", "restore_file", "update_office_settings",
           "GRID_STATES", "Problem", "receive", "completeness", "initialise_office",
           "consolidate_period", "office_wards", "is_office", "expand_inputs", "accepted_files", "inbox_rows"]
