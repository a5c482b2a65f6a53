"""Service layer: consolidate ward returns into an office's WDR-1 return (RETURN-v1 §5). No Qt here.

Each input is checked with ``return check``'s validator; a rejected, foreign (other office, other period or
basis) or unreadable file is reported and never stops the others. Per unit the latest ``submission_no`` wins,
an identical file twice counts once, and two different files with the same top ``submission_no`` are a
conflict: both are held back. Accepted grids are added cell by cell. The output is itself a WDR-1 return
(``unit_code`` = the office) with ``Completeness`` and ``ByUnit`` sheets, so offices can be stacked: a
consolidated ``C-...`` return is accepted by its province as one unit covering its wards.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections import Counter
from contextlib import contextmanager
from itertools import repeat
from operator import attrgetter, itemgetter
from dataclasses import dataclass, field
from pathlib import Path

from ward_desk import __version__, fileio, messages, units
from ward_desk.errors import UsageError, WardDeskError
from ward_desk.services import indicators, periods
from ward_desk.spec.catalogue import LATEST, wdr1

ACCEPTED, MISSING, REJECTED, CONFLICT = "ACCEPTED", "MISSING", "REJECTED", "CONFLICT"
COMPLETENESS_HEADER = ("unit_code", "unit_name", "status", "submission_no", "file_name", "content_sha256",
                       "generated_at", "on_time", "reason",  # reason: REJECTED's first reason, CONFLICT's files
                       "template_version")  # the WDR-1 version of the ward's return (RETURN-v2 §3)
NOTE = ("Ghi chú: số người (tiếp cận, chuyển gửi, vay vốn, thành viên nhóm) được cộng giữa các xã/phường; một người "
        "được tiếp cận ở hai xã/phường được tính hai lần. / Note: people counts are summed across wards; a person "
        "reached in two wards counts twice.")

messages.register({
    "consolidate.bad_office": ("Mã cơ quan '{code}' không hợp lệ.", "The office code '{code}' is not valid."),
    "consolidate.needs_wards": ("Cơ quan tự đặt {code} cần danh sách mã xã/phường.",
                                "The custom office {code} needs its list of ward codes."),
    "consolidate.no_inputs": ("Không có tệp .xlsx nào trong: {paths}", "No .xlsx file in: {paths}"),
    "consolidate.cancelled": ("Đã hủy; không ghi tệp nào.", "Cancelled; no file was written."),
    "consolidate.cannot_write": ("Không ghi được {path}: {detail}", "Cannot write {path}: {detail}"),
    "consolidate.foreign_unit": ("{file}: đơn vị {unit} không thuộc cơ quan {office}; bỏ qua",
                                 "{file}: unit {unit} does not belong to office {office}; skipped"),
    "consolidate.foreign_period": ("{file}: kỳ {found} ({basis}) không phải kỳ {period} ({want}); bỏ qua",
                                   "{file}: period {found} ({basis}) is not {period} ({want}); skipped"),
    "consolidate.rejected": ("{file}: bị từ chối: {reasons}", "{file}: rejected: {reasons}"),
    "consolidate.duplicate": ("{file}: trùng với {other}; tính một lần", "{file}: same as {other}; counted once"),
    "consolidate.targets_row": ("{file}: {detail} (tổng chỉ tiêu kế hoạch thiếu phần này)",
                                "{file}: {detail} (the summed plan targets lack it)"),
    "consolidate.superseded": ("{file}: lần nộp {no} đã được thay bằng lần nộp {latest}",
                               "{file}: submission {no} superseded by submission {latest}"),
    "consolidate.coverage": ("Đã tính {n}/{total} xã/phường. / Included: {n} of {total} wards.",
                             "Included: {n} of {total} wards."),
    "consolidate.left_out.MISSING": ("Chưa nộp ({n}): {wards}.", "Missing ({n}): {wards}."),
    "consolidate.left_out.REJECTED": ("Bị từ chối ({n}): {wards}.", "Rejected ({n}): {wards}."),
    "consolidate.left_out.CONFLICT": ("Xung đột, chưa tính ({n}): {wards}.", "In conflict, not counted ({n}): {wards}."),
    "consolidate.line": ("{code} {name}: {status}{detail}", "{code} {name}: {status}{detail}"),
    "consolidate.status.ACCEPTED": ("đã nhận", "accepted"),
    "consolidate.status.MISSING": ("chưa nộp", "missing"),
    "consolidate.status.REJECTED": ("bị từ chối", "rejected"),
    "consolidate.status.CONFLICT": ("xung đột, chưa tính", "conflict, not counted"),
    "consolidate.same_submission": ("hai tệp khác nhau cùng lần nộp {no}: {files}; giữ lại cả hai đến khi bỏ một tệp",
                                    "two different files with submission {no}: {files}; both held back until "
                                    "one is removed"),
    "consolidate.sub_overlap": ("đã tính các xã/phường {wards} qua {other}; giữ lại để không tính hai lần",
                                "wards {wards} are already counted through {other}; held back so they are not "
                                "counted twice"),
    "consolidate.counted_in_sub": ("{file}: xã/phường {ward} đã được tính trong báo cáo {sub}; không cộng lại "
                                   "(gửi báo cáo mới của {sub} để đưa bản sửa vào)",
                                   "{file}: ward {ward} is already counted in {sub}; not added again (a new "
                                   "return from {sub} brings a correction in)"),
})


@dataclass
class UnitStatus:
    code: str
    name: str
    status: str
    submission_no: int | None = None
    file_name: str = ""
    content_sha256: str = ""
    generated_at: str = ""
    on_time: bool | None = None
    reasons: list[str] = field(default_factory=list)
    template_version: str = ""  # WDR-1 version of the return counted (RETURN-v2 §3)

    def line(self) -> str:
        detail = ""
        if self.status == ACCEPTED:
            detail = f" (s{self.submission_no}, {self.file_name})"
        elif self.reasons:
            detail = ": " + "; ".join(self.reasons)
        return messages.text("consolidate.line", code=self.code, name=self.name,
                             status=messages.text(f"consolidate.status.{self.status}"), detail=detail)


@dataclass
class ConsolidationResult:
    out: Path
    office: str
    period: str
    basis: str
    units: list[UnitStatus]
    notes: list[str]  # foreign, duplicate, superseded and unreadable inputs
    content_sha256: str
    submission_no: int

    @property
    def path(self) -> Path:
        return self.out

    def lines(self) -> list[str]:
        return [u.line() for u in self.units] + self.notes

    def count(self, status: str) -> int:
        return sum(1 for u in self.units if u.status == status)


def office_wards(office: str, wards=None) -> list[str]:
    if units.is_province_code(office):
        codes = [u.code for u in units.wards_of_province(office)]
        return sorted(set(codes) & {units.normalise_code(w) for w in wards}) if wards else sorted(codes)
    if not wards:
        raise UsageError("consolidate.needs_wards", code=office)
    return sorted({units.normalise_code(w) for w in wards})


def _office(code: str) -> str:
    text = str(code or "").strip().upper()
    if text.isdigit() and len(text) <= 2 and units.is_province_code(text.zfill(2)):
        return text.zfill(2)
    if units.is_custom_office_code(text):
        return text
    raise UsageError("consolidate.bad_office", code=code)


def expand_inputs(inputs, skipped: list | None = None) -> list[Path]:
    """Files as given and ``*.xlsx`` in folders; every other item (links, FIFOs, documents) is named with its
    reason in ``skipped`` and never followed (``walk_inputs``)."""
    from ward_desk.export.xlsx_safety import walk_inputs

    files, passed = walk_inputs(inputs)
    if skipped is not None:
        skipped.extend(reason for _path, reason in passed)
    if not files:
        raise WardDeskError("consolidate.no_inputs", paths=", ".join(map(str, inputs)))
    return files


def _on_time(meta: dict, end: dt.date, days: int) -> bool | None:
    try:
        generated = dt.datetime.fromisoformat(str(meta.get("generated_at", "")).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (generated.date() - end).days <= days


def _covered_wards(result) -> list[str]:
    rows = result.sheets.get("Completeness") or []
    return [str(r[0]) for r in rows[1:] if r and r[0]]


def consolidate(office: str, period: str, inputs, out, wards=None, progress=None, cancel=None,
                basis: str | None = None, now: dt.datetime | None = None, *, known: dict | None = None,
                numbering=None, deadline_days: int | None = None, agency: str | None = None,
                receiver: str = "", labels: dict | None = None) -> ConsolidationResult:
    """``known``: ward -> ``UnitStatus`` for wards no input counts (an office's REJECTED/CONFLICT, decided by
    ``services.office.standing``); ``numbering(digest) -> submission_no`` (the office's history; default: the
    file at ``out``); ``agency``/``receiver``: the printed heading's reporting agency and receiving body;
    ``labels``: path -> the name a file is shown by (an office's received-under name; default the file's name)."""
    from ward_desk.export.return_check import DEADLINE_DAYS

    if deadline_days is None:
        deadline_days = DEADLINE_DAYS
    office = _office(office)
    members = office_wards(office, wards)
    notes: list[str] = []
    files = expand_inputs(inputs, notes)
    total = len(files) + 1
    checked = _check_files(files, now, deadline_days, progress, cancel, total)
    if basis is None:
        basis = _common_basis(checked, period)
    target = periods.parse(period, basis)
    period = target.code
    def label(path: Path) -> str:
        return (labels or {}).get(path, path.name)

    tally = _Tally(notes, target.end, deadline_days, label)
    candidates, rejected, rejected_files = _sort_inputs(checked, office, set(members), period, basis, notes,
                                                        label)
    tally.count_all(candidates, set(members))
    lines = tally.unit_lines(members, known, rejected, rejected_files)

    # RETURN-v2 §3: the office's return is version 2 when any counted return is; a version 2 cell is the sum over
    # the wards whose returns carry it, and the printed form says how many of the counted wards those are.
    counted = [u for u in lines if u.status == ACCEPTED and u.code in set(members)]
    version = max([int(u.template_version or 1) for u in counted] + [1])
    catalogue = wdr1(version)
    grid = [(*key, *tally.totals[key]) for key in catalogue.grid_keys]
    coverage = {}
    if version > 1:
        reported = sum(1 for u in counted if int(u.template_version or 1) >= version)
        coverage = {code: (reported, len(counted)) for code, ind in catalogue.indicators.items()
                    if not set(ind.keys()) <= wdr1(1).grid_key_set}
    digest = indicators.content_sha256(grid)
    out = Path(out)
    if out.is_dir():
        out = out / f"WDR1_{office}_{period}.xlsx"
    submission = numbering(digest) if numbering else _next_submission(out, office, period, digest)
    meta = _office_meta(office, members, target, basis, submission, digest, now, version)
    if cancel is not None and cancel.is_set():
        raise WardDeskError("consolidate.cancelled")
    _write(out, grid, meta, receiver, lines, members, tally, agency or "", catalogue, coverage)
    if progress:
        progress(total, total)
    return ConsolidationResult(out, office, period, basis, lines, notes, digest, submission)


def _check_files(files: list[Path], now, deadline_days: int, progress, cancel, total: int) -> list:
    """Each file through ``return check``, keeping only what consolidating needs: each file's numbers on the
    shared catalogue keys (not 1,277 cell objects and their strings per file) and a sub-office's Completeness
    rows. 300 files then fit well under the memory an office PC can spare."""
    checked = []
    canonical = {key: key for key in wdr1(LATEST).grid_keys}  # every version's cells (v1's are v2's first)
    with _collector_paused():
        for index, path in enumerate(files):
            _check_one(checked, canonical, path, now, deadline_days, cancel)
            if progress:
                progress(index + 1, total)
    return checked


_KEY_OF = attrgetter("indicator", "category", "sex", "age")  # GridCell.key, taken by a C built-in
_VALUE_OF, _YTD_OF = attrgetter("value"), attrgetter("ytd")
_FIRST = itemgetter(0)


def _numbers(result, canonical: dict) -> dict:
    """key -> (value, ytd) on the shared key tuples. A return that passes holds each catalogue cell once: taken by
    C built-ins; any other cell by cell (the last of a repeated one, as before)."""
    cells = result.cells
    if result.ok:
        try:
            return dict(zip(map(canonical.__getitem__, map(_KEY_OF, cells)), zip(map(_VALUE_OF, cells),
                                                                                map(_YTD_OF, cells))))
        except KeyError:  # a cell of no version this app knows: kept on its own key
            pass
    return {canonical.get(c.key, c.key): (c.value, c.ytd) for c in cells}


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector held off while the files are checked. Each return makes a few thousand
    short-lived objects (its rows, its cells) and none of them forms a cycle, so reference counting frees them
    all; the collector would still walk the young objects every 2,000 allocations and, as the kept numbers
    grow, all of them now and then (about a tenth of a consolidation's time). It runs again as it was when the
    loop ends, on an error or a cancel too; nested or concurrent pauses leave it as the outermost found it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _check_one(checked: list, canonical: dict, path: Path, now, deadline_days: int, cancel) -> None:
    """One file checked (every rule of its version), its numbers kept on the shared keys."""
    from ward_desk.export.return_check import check_return

    if cancel is not None and cancel.is_set():
        raise WardDeskError("consolidate.cancelled")
    result = check_return(path, now=now, deadline_days=deadline_days)
    result.cells = _numbers(result, canonical)  # the cells themselves are let go: only the numbers are kept
    result.sheets = {"Completeness": result.sheets.get("Completeness") or [],
                     "Targets": result.sheets.get("Targets") or []}
    checked.append((path, result))


def _common_basis(checked: list, period: str) -> str:
    """The basis most valid in-scope files use (a mixed inbox is reported, not summed)."""
    bases = Counter(r.meta.get("period_basis") for _p, r in checked if r.ok and r.meta.get("period") == period)
    return bases.most_common(1)[0][0] if bases else "calendar"


def _sort_inputs(checked: list, office: str, member_set: set, period: str, basis: str, notes: list[str],
                 label=lambda path: label(path)):
    """unit -> [(path, result, file hash)] for the files in scope; rejected units' first reasons and file
    names (so the office sees which file was refused); every other file noted."""
    candidates: dict[str, list] = {}
    rejected: dict[str, list[str]] = {}
    rejected_files: dict[str, list[str]] = {}
    for path, result in checked:
        meta = result.meta
        unit = meta.get("unit_code", "")
        if not result.ok:
            reasons = "; ".join(p.located() for p in result.errors[:5])
            notes.append(messages.text("consolidate.rejected", file=label(path), reasons=reasons))
            if unit in member_set and meta.get("period") == period:
                rejected.setdefault(unit, []).append(result.errors[0].located() if result.errors else reasons)
                rejected_files.setdefault(unit, []).append(label(path))
            continue
        covered = [unit] if unit in member_set else _covered_wards(result)
        if unit not in member_set and (not covered or not set(covered) <= member_set or unit == office):
            notes.append(messages.text("consolidate.foreign_unit", file=label(path), unit=unit, office=office))
            continue
        if meta.get("period") != period or meta.get("period_basis") != basis:
            notes.append(messages.text("consolidate.foreign_period", file=label(path), found=meta.get("period"),
                                       basis=meta.get("period_basis"), period=period, want=basis))
            continue
        digest = getattr(result, "file_sha256", "") or hashlib.sha256(path.read_bytes()).hexdigest()
        candidates.setdefault(unit, []).append((path, result, digest))
    return candidates, rejected, rejected_files


class _Tally:
    """The running sums, each unit's grid and status, and the notes, as units are counted."""

    def __init__(self, notes: list[str], end: dt.date, deadline_days: int, label=lambda path: self.label(path)):
        self.label = label
        self.notes = notes
        self.end = end
        self.deadline_days = deadline_days
        self.totals = {key: [0, 0] for key in wdr1(LATEST).grid_keys}
        self.by_unit: dict[str, dict] = {}
        self.unit_targets: dict[str, list] = {}  # the optional Targets sheets, added pattern by pattern
        self.statuses: dict[str, UnitStatus] = {}
        self.sub_offices: list[str] = []
        self.sub_rows: dict[str, UnitStatus] = {}

    def latest_of(self, unit, entries):
        """The unit's latest submission (path, result, number), or None after recording its conflict."""
        top = max(int(r.meta["submission_no"]) for _p, r, _d in entries)
        latest = [(p, r, d) for p, r, d in entries if int(r.meta["submission_no"]) == top]
        for p, r, _d in entries:
            if int(r.meta["submission_no"]) < top:
                self.notes.append(messages.text("consolidate.superseded", file=self.label(p), no=r.meta["submission_no"],
                                                latest=top))
        if len({r.meta["content_sha256"] for _p, r, _d in latest}) > 1:
            files = ", ".join(self.label(p) for p, _r, _d in latest)
            self.statuses[unit] = UnitStatus(unit, r_name(unit, latest[0][1]), CONFLICT, top, files, reasons=[
                messages.text("consolidate.same_submission", no=top, files=files)])
            return None
        for other, _r, _d in latest[1:]:
            self.notes.append(messages.text("consolidate.duplicate", file=self.label(other),
                                            other=self.label(latest[0][0])))
        return latest[0][0], latest[0][1], top

    def add(self, unit, path, result, top):
        for key, (v, y) in result.cells.items():
            self.totals[key][0] += v
            self.totals[key][1] += y
        self.by_unit[unit] = result.cells
        self.unit_targets[unit] = result.sheets.get("Targets") or []
        for problem in result.problems:  # a Targets row left out: the office's summed target is short by it
            if problem.code.startswith("return.warn.targets_"):
                self.notes.append(messages.text("consolidate.targets_row", file=self.label(path),
                                                detail=problem.at(file=None).located()))
        self.statuses[unit] = UnitStatus(unit, r_name(unit, result), ACCEPTED, top, self.label(path),
                                         result.meta["content_sha256"], result.meta.get("generated_at", ""),
                                         _on_time(result.meta, self.end, self.deadline_days),
                                         template_version=_version(result.meta))

    def count_all(self, candidates: dict, member_set: set) -> None:
        """Stacked offices: a consolidated sub-office return (C-...) already holds the numbers of the wards it
        lists as ACCEPTED. Each ward is counted once: through the sub-office when it counted the ward (the
        ward's own file is then left out, with a note), from its own file when the sub-office lists it missing
        or rejected. Two sub-offices counting the same ward: the second (by code) is a conflict and held back."""
        counted_in, self.sub_rows = self._count_sub_offices(candidates, member_set)
        for unit in sorted(u for u in candidates if u in member_set):
            if unit in counted_in:
                for path, _r, _d in candidates[unit]:
                    self.notes.append(messages.text("consolidate.counted_in_sub", file=self.label(path), ward=unit,
                                                    sub=counted_in[unit]))
                continue
            chosen = self.latest_of(unit, candidates[unit])
            if chosen is not None:
                self.add(unit, *chosen)

    def _count_sub_offices(self, candidates: dict, member_set: set):
        counted_in: dict[str, str] = {}  # ward -> the sub-office file whose numbers include it
        sub_rows: dict[str, UnitStatus] = {}
        for unit in sorted(u for u in candidates if u not in member_set):
            chosen = self.latest_of(unit, candidates[unit])
            if chosen is None:
                continue
            path, result, top = chosen
            head = [str(h) for h in ((result.sheets.get("Completeness") or [[]])[0] or [])]
            at_version = head.index("template_version") if "template_version" in head else None
            rows = [list(row) + [""] * (len(COMPLETENESS_HEADER) - len(row))
                    for row in (result.sheets.get("Completeness") or [])[1:] if row and str(row[0]) in member_set]
            holds = [str(row[0]) for row in rows if str(row[2]) == ACCEPTED]
            overlap = [ward for ward in holds if ward in counted_in]
            if overlap:
                self.statuses[unit] = UnitStatus(unit, r_name(unit, result), CONFLICT, top, self.label(path), reasons=[
                    messages.text("consolidate.sub_overlap", wards=", ".join(overlap),
                                  other=", ".join(sorted({counted_in[w] for w in overlap})))])
                continue
            self.add(unit, path, result, top)
            for ward in holds:
                counted_in[ward] = self.label(path)
            for row in rows:
                sub_rows[str(row[0])] = UnitStatus(str(row[0]), str(row[1]), str(row[2]) or MISSING,
                                                   int(row[3]) if str(row[3]).isdigit() else None,
                                                   f"{self.label(path)}: {row[4]}" if row[4] else self.label(path),
                                                   str(row[5]), str(row[6]),
                                                   {"yes": True, "no": False}.get(str(row[7]).lower()),
                                                   template_version=(
                                                       _version({"template_version": row[at_version]})
                                                       if at_version is not None else "1")
                                                   if str(row[2]) == ACCEPTED else "")
        return counted_in, sub_rows

    def unit_lines(self, members: list[str], known, rejected: dict, rejected_files: dict) -> list[UnitStatus]:
        """One status per member ward (in code order), then the sub-offices counted or held back."""
        member_set = set(members)
        for ward, status in self.sub_rows.items():
            # the ward's own file (accepted, conflicting, or rejected) says more than a sub-office's "missing"
            if ward in self.statuses or (status.status != ACCEPTED and ward in rejected):
                continue
            self.statuses[ward] = status
        lines = []
        for code in members:
            status = self.statuses.get(code)
            if status is None and known and code in known:
                status = known[code]
            if status is None:
                ward = units.ward(code)
                status = UnitStatus(code, ward.name if ward else code, REJECTED if code in rejected else MISSING,
                                    file_name=", ".join(rejected_files.get(code, [])),
                                    reasons=rejected.get(code, []))
            lines.append(status)
        self.sub_offices = [u for u in self.statuses if u not in member_set]
        lines.extend(self.statuses[u] for u in self.sub_offices)
        return lines


def _office_meta(office: str, members: list[str], target, basis: str, submission: int, digest: str, now,
                 version: int = 1) -> dict:
    """The office return's Meta: ``unit_name`` is the office's own name (the agency goes only to the heading)."""
    generated = (now or dt.datetime.now().astimezone()).replace(microsecond=0)
    province = units.province(office)
    parent = "" if province else _parent(members)
    return {
        **wdr1(version).layout.stamp(), "unit_code": office,
        "unit_name": province.name if province else office, "office_code": parent,
        "period": target.code, "period_basis": basis, "period_start": target.start.isoformat(),
        "period_end": target.end.isoformat(), "submission_no": str(submission), "generated_at": generated.isoformat(),
        "app_version": __version__, "prepared_by": "", "content_sha256": digest,
    }


def _write(out: Path, grid: list, meta: dict, receiver: str, lines: list[UnitStatus], members: list[str],
           tally: _Tally, agency: str = "", catalogue=None, coverage: dict | None = None) -> None:
    """The office return with its Completeness and ByUnit sheets, written whole or not at all."""
    from ward_desk.export.return_workbook import write_return_workbook

    completeness = [COMPLETENESS_HEADER] + [
        (u.code, u.name, u.status, u.submission_no if u.submission_no is not None else "", u.file_name,
         u.content_sha256, u.generated_at, "" if u.on_time is None else ("yes" if u.on_time else "no"),
         u.reasons[0] if u.reasons else "", u.template_version)
        for u in lines]
    columns = [u for u in members if u in tally.by_unit] + tally.sub_offices
    by_unit = tally.by_unit
    v1_keys = wdr1(1).grid_key_set
    keys = (catalogue or wdr1()).grid_keys
    key_set = set(keys)
    values = [_by_unit_column(by_unit.get(u), keys, key_set, v1_keys) for u in columns]
    unit_rows = zip(*values) if values else repeat((), len(keys))  # the columns turned into rows, by C built-ins
    by_unit_rows = [("indicator", "category", "sex", "age", *columns)] + [
        (*key, *row) for key, row in zip(keys, unit_rows)]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with fileio.atomic_path(out) as tmp:
            write_return_workbook(tmp, grid, meta, office_name=receiver, agency=agency,
                                  note=f"{coverage_note(lines, members)}\n{NOTE}",
                                  extra_sheets=(("Completeness", completeness), ("ByUnit", by_unit_rows),
                                                *_targets_sheet(tally.unit_targets.values())),
                                  coverage=coverage)
    except OSError as exc:
        raise WardDeskError("consolidate.cannot_write", path=str(out), detail=exc.strerror or str(exc)) from exc


def coverage_note(lines: list[UnitStatus], members: list[str]) -> str:
    """The printed page's statement of what is included: "7 of 126 wards", and the wards left out by status."""
    by_code = {u.code: u for u in lines}
    counted = sum(1 for code in members if by_code.get(code) and by_code[code].status == ACCEPTED)
    text = messages.text("consolidate.coverage", n=counted, total=len(members))
    for status in (MISSING, REJECTED, CONFLICT):
        left = [f"{u.code} {u.name}" for code in members if (u := by_code.get(code)) and u.status == status]
        if left:
            text += " " + messages.text(f"consolidate.left_out.{status}", n=len(left), wards=", ".join(left))
    return text


def _version(meta: dict) -> str:
    """The WDR-1 version a checked return carries ("2.0" is "2")."""
    text = str(meta.get("template_version") or "1").strip()
    return text[:-2] if text.endswith(".0") else text


def _by_unit_column(cells: dict | None, keys: tuple, key_set: set, v1_keys) -> list:
    """One unit's column of ``ByUnit``: empty (not zero) for a unit not counted, and for a cell its return does not
    carry (a version 1 ward's version 2 cells, RETURN-v2 §3: 0 for a version 1 cell). A unit holding every cell
    is read by C built-ins, not cell by cell."""
    if cells is None:
        return [""] * len(keys)
    if cells.keys() >= key_set:
        return list(map(_FIRST, map(cells.__getitem__, keys)))
    return [cells[key][0] if key in cells else 0 if key in v1_keys else "" for key in keys]


def r_name(unit: str, result) -> str:
    ward = units.ward(unit)
    return ward.name if ward else result.meta.get("unit_name", unit)


def _parent(members: list[str]) -> str:
    provinces = {u.province_code for u in map(units.ward, members) if u is not None}
    return provinces.pop() if len(provinces) == 1 else ""


def _next_submission(out: Path, office: str, period: str, digest: str) -> int:
    """An office re-consolidating the same period into the same file: unchanged -> same number, else next."""
    if not out.is_file():
        return 1
    from ward_desk.export.return_check import read_meta

    previous = read_meta(out)
    if previous.get("unit_code") != office or previous.get("period") != period:
        return 1
    try:
        no = int(previous.get("submission_no", "1"))
    except ValueError:
        return 1
    return no if previous.get("content_sha256") == digest else no + 1


def _targets_sheet(sheets) -> tuple:
    """The units' Targets sheets summed by pattern (none when no accepted unit carries targets)."""
    from ward_desk.services.targets import HEADER, TARGETS_SHEET, sum_targets, targets_from_sheet

    total = sum_targets(targets_from_sheet(rows) for rows in sheets if rows)
    return ((TARGETS_SHEET, [HEADER] + [(*key, value) for key, value in total.items()]),) if total else ()
