"""Report templates and forms are read as bounded bytes of a regular file (a FIFO given as --template is a
message at once, never a hang), and a province's own consolidation fills {{office_name}} / {{office_code}}."""

import os

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from tests.conftest import CONFORMANCE
from ward_desk.cli import main
from ward_desk.errors import ValidationFailed
from ward_desk.reports import form_fill, narrative
from ward_desk.services import records_io, returns


@pytest.fixture
def sample_ward(ward_db):
    records_io.import_records(CONFORMANCE / "records-sample.xlsx")
    return ward_db


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_template_or_form_is_refused_without_waiting(sample_ward, tmp_path):
    fifo = tmp_path / "mau.docx"
    os.mkfifo(fifo)  # no writer: opening it for reading the ordinary way would block forever
    with pytest.raises(ValidationFailed) as caught:
        narrative.write_narrative(tmp_path / "x.docx", "2026-H1", basis="calendar", template=fifo)
    assert "mau.docx" in caught.value.problems[0].located("en")
    assert "FIFO" in caught.value.problems[0].located("en")
    with pytest.raises(ValidationFailed):
        narrative.set_template(fifo)
    assert narrative.own_template() is None and not (tmp_path / "x.docx").exists()
    form = tmp_path / "form.xlsx"
    os.mkfifo(form)
    with pytest.raises(ValidationFailed) as caught:
        form_fill.fill_form(form, tmp_path / "out.xlsx", "2026-H1", basis="calendar")
    assert "form.xlsx" in caught.value.problems[0].located("en")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_the_narrative_command_refuses_a_fifo_template(tmp_path, capsys, english):
    data = str(tmp_path / "ward")
    assert main(["--data-dir", data, "init", "--unit", "00070"]) == 0
    capsys.readouterr()
    fifo = tmp_path / "t.docx"
    os.mkfifo(fifo)
    code = main(["--data-dir", data, "report", "narrative", "--period", "2026-H1", "--template", str(fifo),
                 "--out", str(tmp_path / "n.docx")])
    err = capsys.readouterr().err
    assert code == 1 and "t.docx" in err and "FIFO" in err, err


def test_a_province_consolidation_fills_the_office_placeholders(sample_ward, tmp_path):
    from ward_desk.services.consolidate import consolidate

    ward = returns.export_return("2026-H1", basis="calendar", out=tmp_path / "w").path
    cons = consolidate("01", "2026-H1", [ward], tmp_path / "cons.xlsx").out
    doc = Document()
    doc.add_paragraph("Đơn vị: {{office_name}} ({{office_code}}); {{unit_name}}")
    template = tmp_path / "mau.docx"
    doc.save(template)
    draft = narrative.write_narrative(tmp_path / "office.docx", source=cons, template=template)
    text = "\n".join(p.text for p in Document(draft.out).paragraphs)
    assert "Đơn vị: Thành phố Hà Nội (01); Thành phố Hà Nội" in text, text
    wb = Workbook()
    wb.active["A1"] = "{{office_name}}"
    wb.active["B1"] = "{{office_code}}"
    wb.save(tmp_path / "form.xlsx")
    form_fill.fill_form(tmp_path / "form.xlsx", tmp_path / "filled.xlsx", source=cons)
    ws = load_workbook(tmp_path / "filled.xlsx").active
    assert (ws["A1"].value, ws["B1"].value) == ("Thành phố Hà Nội", "01")
    # the province's own report goes to the body above it: not addressed to itself
    from ward_desk.reports import grid as grids

    assert narrative.receiving_body(grids.from_return(cons)).startswith("……")
