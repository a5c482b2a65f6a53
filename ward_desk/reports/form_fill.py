"""Reports layer: fill a province's own form workbook from a period's WDR-1 grid. No Qt here.

The form is any .xlsx whose cells hold ``{{...}}`` placeholders (``reports.placeholders``). Ward Desk patches
the sheet XML in place: a cell holding only a number placeholder becomes that number (its style kept), a cell
with text around placeholders becomes the text filled in; every other cell, style, merge, formula, print setting
and part of the package is copied byte for byte. Formulas are recalculated when the filled file is opened (the
workbook's ``fullCalcOnLoad``). Every unknown placeholder is listed, located, before anything is written.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from ward_desk import messages
from ward_desk.errors import Problem, ValidationFailed, WardDeskError
from ward_desk.reports import grid as grids
from ward_desk.reports import placeholders

messages.register({
    "form.unreadable": ("{detail}", "{detail}"),
    "form.no_placeholder": ("biểu mẫu không có chỗ điền {{{{...}}}} nào", "the form has no {{{{...}}}} placeholder"),
    "form.same_file": ("tệp kết quả phải khác tệp biểu mẫu", "the output must be another file than the form"),
})

_CELL = re.compile(r"<(?P<p>(?:\w+:)?)c\b(?P<attrs>[^>]*?)(?:/>|>(?P<inner>.*?)</(?P=p)c>)", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_T = re.compile(r"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.S)
_SI = re.compile(r"<(?:\w+:)?si\s*/>|<(?:\w+:)?si(?:\s[^>]*)?>(.*?)</(?:\w+:)?si>", re.S)
_V = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_RPH = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)


@dataclass
class FillResult:
    out: Path
    filled: int  # cells written
    placeholders: list = field(default_factory=list)  # (sheet, cell, placeholder, value) in sheet order


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


def _string_text(xml: str) -> str:
    xml = _RPH.sub("", xml)  # phonetic runs are not the cell's text
    return "".join(_unescape(m.group(1) or "") for m in _T.finditer(xml))


def _sheets(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order."""
    book = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)/?>", rels):
        a = dict(_ATTR.findall(m.group(1)))
        target = a.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[a.get("Id")] = target
    out = []
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", book):
        attrs = m.group(1)
        name = re.search(r'\bname="([^"]*)"', attrs)
        rid = re.search(r'\b\w+:id="([^"]*)"', attrs)
        if name and rid and rid.group(1) in targets:
            out.append((_unescape(name.group(1)), targets[rid.group(1)]))
    return out


def _cells(xml: str, shared: list[str]):
    """Each text cell with a placeholder: (match, ref, text, attrs)."""
    for m in _CELL.finditer(xml):
        inner = m.group("inner") or ""
        if re.search(r"<(?:\w+:)?f\b", inner):  # a formula cell is never touched
            continue
        attrs = dict(_ATTR.findall(m.group("attrs")))
        kind = attrs.get("t")
        if kind == "s":
            v = _V.search(inner)
            try:
                text = shared[int(v.group(1))] if v else ""
            except (ValueError, IndexError):
                continue
        elif kind == "inlineStr":
            text = _string_text(inner)
        else:
            continue
        if "{{" in text:
            yield m, attrs.get("r", "?"), text


def _open_form(form) -> zipfile.ZipFile:
    """The form's zip over bounded bytes: a regular file only (a FIFO never hangs), its inflated size measured;
    a zip member never yields more than its declared size, so reading the parts stays within the bound."""
    import io

    from ward_desk.export.xlsx_safety import read_bounded_zip

    z = zipfile.ZipFile(io.BytesIO(read_bounded_zip(form)))
    if "xl/workbook.xml" not in z.namelist():  # a .docx or another zip, not a workbook
        z.close()
        raise WardDeskError("xlsx.not_xlsx", file=Path(form).name)
    return z


def fill_form(form, out, period: str | None = None, *, basis: str | None = None, source=None, progress=None,
              cancel=None) -> FillResult:
    """Fill ``form`` from the ward's records for ``period`` (or from the return file ``source``: an office's
    consolidation) into ``out``. Unknown placeholders: ``ValidationFailed`` listing each, nothing written."""
    from ward_desk.fileio import atomic_path

    form, out = Path(form), Path(out)
    name = form.name
    if out.resolve() == form.resolve():
        raise WardDeskError("form.same_file")
    try:
        z = _open_form(form)
        sheets = _sheets(z)
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            raw = z.read("xl/sharedStrings.xml").decode("utf-8")
            shared = [_string_text(m.group(1) or "") for m in _SI.finditer(raw)]
        sheet_xml = {part: z.read(part).decode("utf-8") for _n, part in sheets if part in z.namelist()}
    except WardDeskError as exc:
        raise ValidationFailed([Problem("form.unreadable", {"detail": exc.message()}, file=name)]) from None
    except Exception as exc:  # noqa: BLE001 - a damaged file is a message
        detail = messages.text("xlsx.unreadable", file=name, detail=str(exc) or type(exc).__name__)
        raise ValidationFailed([Problem("form.unreadable", {"detail": detail}, file=name)]) from None

    problems: list[Problem] = []
    found = []
    for sheet, part in sheets:
        for m, ref, text in _cells(sheet_xml.get(part, ""), shared):
            for inner in placeholders.find(text):
                problem = placeholders.check(inner)
                if problem:
                    problems.append(problem.at(sheet=sheet, cell=ref, file=name))
            found.append((sheet, part, m, ref, text))
    if problems:
        z.close()
        raise ValidationFailed(problems)
    if not found:
        z.close()
        raise ValidationFailed([Problem("form.no_placeholder", {}, file=name)])

    grids.step(progress, cancel, 1, 3)
    grid = grids.load(period, basis, source)  # only now: a bad form costs no grid computation
    grids.step(progress, cancel, 2, 3)
    report = []
    new_xml = dict(sheet_xml)
    for sheet, part in sheets:
        xml = sheet_xml.get(part, "")
        pieces, last = [], 0
        for s, p, m, ref, text in found:
            if p != part:
                continue
            pieces.append(xml[last:m.start()])
            pieces.append(_filled_cell(m, text, grid, report, sheet, ref))
            last = m.end()
        if pieces:
            pieces.append(xml[last:])
            new_xml[part] = "".join(pieces)
    book = z.read("xl/workbook.xml").decode("utf-8")
    has_formula = any(re.search(r"<(?:\w+:)?f\b", x) for x in sheet_xml.values())
    replaced = {part: x.encode("utf-8") for part, x in new_xml.items() if x is not sheet_xml[part]}
    if has_formula:
        replaced["xl/workbook.xml"] = _recalc_on_load(book).encode("utf-8")
    with atomic_path(out) as tmp:
        with zipfile.ZipFile(tmp, "w") as target:
            for info in z.infolist():
                data = replaced.get(info.filename)
                target.writestr(info, data if data is not None else z.read(info.filename))
    z.close()
    grids.step(progress, None, 3, 3)
    return FillResult(out, len(found), report)


def _filled_cell(m, text: str, grid, report, sheet, ref) -> str:
    prefix, attrs = m.group("p"), m.group("attrs")
    inners = placeholders.find(text)
    attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
    only = placeholders.PATTERN.fullmatch(text.strip())
    if only and placeholders.is_number(only.group(1)):
        number = placeholders.value(only.group(1), grid)
        report.append((sheet, ref, only.group(1), number))
        return f"<{prefix}c{attrs}><{prefix}v>{int(number)}</{prefix}v></{prefix}c>"
    for inner in inners:
        report.append((sheet, ref, inner, placeholders.value(inner, grid)))
    filled = placeholders.render(text, grid)
    return (f'<{prefix}c{attrs} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">{escape(filled)}'
            f"</{prefix}t></{prefix}is></{prefix}c>")


def _recalc_on_load(book: str) -> str:
    """Ask Excel and LibreOffice to recompute formulas on open (their cached values predate the numbers)."""
    m = re.search(r"<(?P<p>(?:\w+:)?)calcPr\b([^>]*?)/?>", book)
    if m:
        if "fullCalcOnLoad" in m.group(0):
            return book
        return book[:m.start()] + m.group(0).replace("calcPr", 'calcPr fullCalcOnLoad="1"', 1) + book[m.end():]
    prefix = re.match(r"(?s).*?<(\w+:)?workbook\b", book)
    p = prefix.group(1) or "" if prefix else ""
    for anchor in (f"</{p}definedNames>", f"</{p}externalReferences>", f"</{p}functionGroups>", f"</{p}sheets>"):
        index = book.find(anchor)
        if index >= 0:
            index += len(anchor)
            return book[:index] + f'<{p}calcPr fullCalcOnLoad="1"/>' + book[index:]
    return book


def list_placeholders(form) -> list[tuple[str, str, str]]:
    """(sheet, cell, placeholder) of a form, for a screen that shows what will be filled."""
    z = _open_form(form)
    with z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            raw = z.read("xl/sharedStrings.xml").decode("utf-8")
            shared = [_string_text(m.group(1) or "") for m in _SI.finditer(raw)]
        out = []
        for sheet, part in _sheets(z):
            for _m, ref, text in _cells(z.read(part).decode("utf-8"), shared):
                out.extend((sheet, ref, inner) for inner in placeholders.find(text))
    return out
