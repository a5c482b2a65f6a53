"""Every workbook read is bounded before any parser allocates (issue 18 points 2 and 11; issue 17 finding 7):
a value in XFD1048576, a zip lying about its sizes, and the printed page of a return checked against its data."""

from __future__ import annotations

import datetime as dt
import os
import struct
import zipfile
import zlib

import pytest
from openpyxl import load_workbook

from tests.conftest import CONFORMANCE, DATA
from tests.unit.records_workbooks import CLIENTS, write_workbook
from tests.wdr1_files import write_return
from ward_desk.errors import WardDeskError
from ward_desk.export.return_check import check_return
from ward_desk.export.xlsx_safety import open_workbook, read_regular_file, walk_inputs
from ward_desk.services.records_io import import_records

RESAVED = DATA / "returns" / "libreoffice-resaved-WDR1_00070_2026-10.xlsx"
NOW = dt.datetime(2026, 11, 5, tzinfo=dt.timezone.utc)


def giant(path, sheet=None):
    workbook = load_workbook(path)
    (workbook[sheet] if sheet else workbook.active)["XFD1048576"] = 1
    workbook.save(path)
    return path


def test_return_check_refuses_a_value_in_xfd1048576_without_allocating(tmp_path):
    path = giant(write_return(tmp_path / "g.xlsx", "00070"), "Data")
    result = check_return(path)
    assert not result.ok
    text = result.errors[0].located()
    assert "g.xlsx" in text and "XFD1048576" in text and "'Data'" in text


def test_a_declared_dimension_reaching_xfd1048576_is_refused(tmp_path):
    path = write_return(tmp_path / "d.xlsx", "00070")
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    name = "xl/worksheets/sheet2.xml"
    parts[name] = parts[name].replace(b'<dimension ref="A1:F1278"/>', b'<dimension ref="A1:XFD1048576"/>')
    assert b"XFD1048576" in parts[name]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for filename, content in parts.items():
            out.writestr(filename, content)
    with pytest.raises(WardDeskError) as err:
        open_workbook(path)
    assert err.value.code == "xlsx.sheet_too_large"


def test_the_dimension_is_found_where_the_regex_finds_it():
    """The declared extent is looked for only where the word ``dimension`` is: the first match, as the regex's
    own search gives it, prefixed or not, after decoys, or none."""
    from ward_desk.export.xlsx_safety import _DIMENSION, _first_dimension

    cases = [b'<worksheet><dimension ref="A1:F9"/><sheetData/></worksheet>',
             b'<x:worksheet><x:dimension ref="A1:XFD1048576"/></x:worksheet>',
             b'<c><is><t>dimension ref="A1:B2"</t></is></c><dimension  ref="A1:C3"/>',
             b'<dimensions ref="A1:D4"/><dimension r="1" ref="A1:E5"/>',
             b'<a<dimension ref="A1:G7"/>', b'dimension ref="A1:B2"', b'<sheetData><row r="1"/></sheetData>',
             b'<dimension ref="A1:B2"', b'<ab:cd:dimension ref="A1:B2"/><dimension ref="Z1"/>']
    for xml in cases:
        found, expected = _first_dimension(xml), _DIMENSION.search(xml)
        assert (found and (found.start(), found.group(1))) == (expected and (expected.start(), expected.group(1)))
    assert _first_dimension(cases[2]).group(1) == b"A1:C3"


def test_the_cells_extent_is_what_every_reference_says():
    """The extent measured without a tuple per cell is the one all references give: widest letters, largest
    row (leading zeros, a long row among short ones, more than 7 digits ignored as the pattern does)."""
    import random

    from ward_desk.export.xlsx_safety import _CELL_REF, _cell_extent, _may_hold_formula

    def expected(xml):
        refs = _CELL_REF.findall(xml)
        if not refs:
            return 0, b"", 0
        return (len(refs), max({r[0] for r in refs}, key=lambda b: (len(b), b)), max(int(r[1]) for r in refs))

    rng = random.Random(7)
    cases = [b"", b'<c r="A1"/>', b'<c r="A0000009"/><c r="B999"/>', b'<c r="XFD1048576"/><c r="A2"/>',
             b'<c r="A12345678"/><c r="Z5"/>', b'<c r="A0"/>', b'<c r="AA10"/><c r="B100"/><c r="ZZ9"/>']
    for _ in range(200):
        cells = [f' r="{"".join(rng.choice("ABCXYZ") for _ in range(rng.randint(1, 3)))}'
                 f'{"0" * rng.randint(0, 2)}{rng.randint(0, 10 ** rng.randint(1, 6))}"'
                 for _ in range(rng.randint(1, 9))]
        rows = b"<row/>" * rng.choice((0, 5, 50, 500, 5000))  # the count the row scan starts from, right or not
        cases.append(rows + "".join(f"<c{c}/>" for c in cells).encode())
    for xml in cases:
        assert _cell_extent(xml) == expected(xml), xml
    # the look before the formula regex never misses one: every ``<f`` / ``:f`` is seen, with few or many ``f``s
    for xml in (b'<c r="A1"><f>1+1</f></c>', b"<x:c><x:f>SUM(A1)</x:f></x:c>", b"<c><f/></c>" + b"f" * 5000,
                b"<x:f " + b"of" * 2000):
        assert _may_hold_formula(xml)
    assert not _may_hold_formula(b'<c r="A1" t="inlineStr"><is><t>fifty</t></is></c>')


def test_calamine_reads_the_measured_parts_however_the_zip_was_packed(tmp_path):
    """The copy calamine reads holds the very bytes measured: the same cells from a workbook as written, with
    its parts compressed by LZMA (stored in the copy as inflated), with bytes before the zip, and with a part
    repeated (the last one counts, as for the measuring)."""
    from tests.unit.records_workbooks import CONTACTS

    path = write_workbook(tmp_path / "r.xlsx", {"clients": CLIENTS, "contacts": CONTACTS})
    expected = {name: open_workbook(path, kind="records").rows(name) for name in ("clients", "contacts")}
    with zipfile.ZipFile(path) as src:
        parts = [(i.filename, src.read(i)) for i in src.infolist()]
    lzma = tmp_path / "lzma.xlsx"
    with zipfile.ZipFile(lzma, "w", zipfile.ZIP_LZMA) as out:
        for filename, content in parts:
            out.writestr(filename, content)
    prefixed = tmp_path / "prefixed.xlsx"
    prefixed.write_bytes(b"MZ" + b"\0" * 500 + path.read_bytes())
    repeated = tmp_path / "repeated.xlsx"
    with zipfile.ZipFile(repeated, "w", zipfile.ZIP_DEFLATED) as out:
        for filename, content in parts:
            out.writestr(filename, b"<worksheet/>" if filename.endswith("sheet2.xml") else content)
        for filename, content in parts:
            if filename.endswith("sheet2.xml"):
                with pytest.warns(UserWarning):  # zipfile: "Duplicate name"
                    out.writestr(filename, content)
    for other in (lzma, prefixed, repeated):
        book = open_workbook(other, kind="records")
        assert {name: book.rows(name) for name in ("clients", "contacts")} == expected, other.name


def test_records_import_refuses_xfd1048576(ward_db, tmp_path):
    path = giant(write_workbook(tmp_path / "r.xlsx", {"clients": CLIENTS}), "clients")
    with pytest.raises(WardDeskError) as err:
        import_records(path, dry_run=True)
    assert err.value.code == "xlsx.sheet_too_large" and "XFD1048576" in err.value.message()


def _lying_zip(path, real: bytes, declared: int):
    """One stored xl/workbook.xml plus a deflated part whose headers declare ``declared`` bytes."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = raw.compress(real) + raw.flush()
    crc = zlib.crc32(real[:declared])
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    local = bytes(data[:central])
    name = b"xl/worksheets/sheet1.xml"
    header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(body), declared, len(name), 0)
    offset = len(local)
    with zipfile.ZipFile(path) as z:
        first = z.infolist()[0]
    entry1 = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, first.compress_type, 0, 0, first.CRC,
                         first.compress_size, first.file_size, len(first.filename), 0, 0, 0, 0, 0, 0
                         ) + first.filename.encode()
    entry2 = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(body), declared,
                         len(name), 0, 0, 0, 0, 0, offset) + name
    cd_offset = offset + len(header) + len(name) + len(body)
    cd = entry1 + entry2
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 2, 2, len(cd), cd_offset, 0)
    path.write_bytes(local + header + name + body + cd + end)
    return path


def test_a_zip_lying_about_its_sizes_costs_no_more_than_it_declares(tmp_path):
    import tracemalloc

    path = _lying_zip(tmp_path / "lie.xlsx", b"<sheetData>" + b"<row>" * 40_000_000, declared=100)  # 200 MB
    assert os.path.getsize(path) < 1_000_000
    tracemalloc.start()
    try:
        with pytest.raises(WardDeskError) as err:
            open_workbook(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # refused as a damaged file, having inflated no more than the 100 bytes it declares (and kept the rest away
    # from calamine: it only ever sees the measured copy)
    assert err.value.code in ("xlsx.lying_zip", "xlsx.not_xlsx", "xlsx.unreadable")
    assert peak < 20 * 1024 * 1024


def test_the_printed_page_must_render_the_data(tmp_path):
    assert check_return(RESAVED, now=NOW).ok  # a LibreOffice re-save with no edit passes
    workbook = load_workbook(RESAVED)
    form = workbook["Báo cáo"]
    row = next(r for r in form.iter_rows() if str(r[0].value or "").startswith("Số người được tiếp cận\n"))
    row[2].value += 100  # "Số người được tiếp cận" on the signed page, Data untouched
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    result = check_return(edited, now=NOW)
    assert not result.ok
    [problem] = result.errors
    assert (problem.sheet, problem.cell) == ("Báo cáo", row[2].coordinate)
    assert "REACH" in problem.located() and "Data" in problem.located()


def test_a_fresh_export_passes_its_printed_page_check(ward_db, tmp_path):
    from ward_desk.services import returns

    exported = returns.export_return("2026-10", basis="calendar", out=tmp_path)
    assert check_return(exported.path).ok


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_walk_names_what_it_skips_and_never_opens_it(tmp_path):
    os.mkfifo(tmp_path / "a.xlsx")
    os.symlink(tmp_path / "nowhere.xlsx", tmp_path / "b.xlsx")
    (tmp_path / "c.xlsx").mkdir()
    write_return(tmp_path / "c.xlsx" / "inside.xlsx", "00070")
    (tmp_path / "~$lock.xlsx").write_bytes(b"x")
    files, skipped = walk_inputs([tmp_path])
    assert [f.name for f in files] == ["inside.xlsx"]
    assert {p.name for p, _r in skipped} == {"a.xlsx", "b.xlsx"}
    with pytest.raises(WardDeskError) as err:
        read_regular_file(tmp_path / "a.xlsx", max_bytes=10)  # returns at once: the FIFO is never waited on
    assert err.value.code == "xlsx.not_regular"


def test_the_conformance_workbook_still_opens():
    assert "clients" in open_workbook(CONFORMANCE / "records-sample.xlsx", kind="records").sheet_names


def test_an_emptied_printed_cell_or_a_deleted_printed_row_is_refused(ward_db, tmp_path):
    from ward_desk.services import returns

    exported = returns.export_return("2026-10", basis="calendar", out=tmp_path)
    assert check_return(exported.path).ok
    form = load_workbook(exported.path)["Báo cáo"]
    assert form["C14"].value is not None  # the first printed number

    workbook = load_workbook(exported.path)
    workbook["Báo cáo"]["C14"].value = None  # blanked on the signed page, Data untouched
    blanked = tmp_path / "blanked.xlsx"
    workbook.save(blanked)
    result = check_return(blanked)
    assert not result.ok
    [problem] = result.errors
    assert (problem.code, problem.sheet, problem.cell) == ("return.form_blank", "Báo cáo", "C14")

    workbook = load_workbook(exported.path)
    page = workbook["Báo cáo"]
    gone = next(r for r in page.iter_rows() if str(r[1].value or "").startswith("Trực tuyến\n"))
    label = str(gone[1].value).split("\n")[0]
    page.delete_rows(gone[0].row)  # a printed row deleted
    deleted = tmp_path / "deleted.xlsx"
    workbook.save(deleted)
    result = check_return(deleted)
    assert not result.ok
    assert any(p.code == "return.form_row_missing" and label in p.located() for p in result.errors), [
        p.located() for p in result.errors]
