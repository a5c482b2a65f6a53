"""`ward-desk return export|check` and `consolidate` through the real command line entry point."""

import datetime as dt

from tests.wdr1_files import write_return
from ward_desk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_check_consolidate(tmp_path, capsys, english):
    data = str(tmp_path / "ward")
    assert run(capsys, "--data-dir", data, "init", "--unit", "00070")[0] == 0
    from ward_desk.db import opened
    from ward_desk.models import Client, Contact

    with opened(data):
        c = Client.create(client_code="HK-0001", sex="F", birth_year=1995, group="SW")
        Contact.create(ref="k1", client=c, date=dt.date(2026, 10, 3), channel="DIRECT", condoms=4)
    outdir = tmp_path / "out"
    outdir.mkdir()
    code, out, err = run(capsys, "--data-dir", data, "return", "export", "--period", "2026-10", "--out", str(outdir),
                         "--prepared-by", "Lan")
    assert code == 0, err
    first = outdir / "WDR1_00070_2026-10.xlsx"
    assert out.strip() == str(first) and "submission 1" in err
    code, out, err = run(capsys, "--data-dir", data, "return", "export", "--period", "2026-10", "--out", str(outdir))
    assert code == 0 and "unchanged" in err and out.strip() == str(first)
    with opened(data):
        Contact.create(ref="k2", client=c, date=dt.date(2026, 10, 4), channel="PHONE")
    code, out, err = run(capsys, "--data-dir", data, "return", "export", "--period", "2026-10", "--out", str(outdir))
    assert out.strip() == str(outdir / "WDR1_00070_2026-10_s2.xlsx")
    assert b"HK-0001" not in first.read_bytes()

    bad = tmp_path / "bad.xlsx"
    bad.write_text("hello")
    code, out, err = run(capsys, "return", "check", str(first), str(bad))
    assert code == 1
    assert f"{first}: OK" in out and "bad.xlsx: rejected" in out and "not an Excel" in out
    assert "Traceback" not in out + err
    assert run(capsys, "return", "check", str(first))[0] == 0

    other = write_return(tmp_path / "in" / "b.xlsx", "00004")
    code, out, err = run(capsys, "consolidate", "--office", "C-X", "--wards", "00070,00004,00008", "--period",
                         "2026-10", "--out", str(tmp_path / "cons.xlsx"), str(outdir), str(other.parent))
    assert code == 0, err
    assert "00070" in out and "00008" in out and "missing" in out and "accepted" in out
    assert run(capsys, "return", "check", str(tmp_path / "cons.xlsx"))[0] == 0


def test_bad_period_is_a_message(tmp_path, capsys, english):
    data = str(tmp_path / "ward")
    run(capsys, "--data-dir", data, "init", "--unit", "00070")
    code, out, err = run(capsys, "--data-dir", data, "return", "export", "--period", "2026-13")
    assert code == 1 and "2026-13" in err and "Traceback" not in err


def test_export_lands_in_the_data_folder_given_and_a_new_out_folder_is_made(tmp_path, capsys, english):
    data = tmp_path / "ward"
    assert run(capsys, "--data-dir", str(data), "init", "--unit", "00070")[0] == 0
    code, out, err = run(capsys, "--data-dir", str(data), "return", "export", "--period", "2026-10")
    assert code == 0, err
    assert out.strip() == str(data / "returns" / "WDR1_00070_2026-10.xlsx")  # --data-dir's, not the user's
    assert not (tmp_path / "default-data" / "returns").exists()
    new_folder = tmp_path / "usb" / "returns"
    for period in ("2026-10", "2026"):  # a folder that does not exist yet stays a folder, file by file
        code, out, err = run(capsys, "--data-dir", str(data), "return", "export", "--period", period,
                             "--out", f"{new_folder}/")
        assert code == 0, err
    assert sorted(p.name for p in new_folder.iterdir()) == ["WDR1_00070_2026-10.xlsx", "WDR1_00070_2026.xlsx"]
    named = tmp_path / "chosen name.xlsx"
    assert run(capsys, "--data-dir", str(data), "return", "export", "--period", "2026-10", "--out", str(named))[0] == 0
    assert named.is_file()


def test_a_period_not_begun_is_not_exported(tmp_path, capsys, english):
    data = str(tmp_path / "ward")
    run(capsys, "--data-dir", data, "init", "--unit", "00070")
    code, out, err = run(capsys, "--data-dir", data, "return", "export", "--period", "2099-01")
    assert code == 1 and "has not begun" in err and not (tmp_path / "ward" / "returns").exists()


def test_a_ward_cannot_report_to_another_province(tmp_path, capsys, english):
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "w"), "init", "--unit", "00070", "--office", "79")
    assert code == 1 and "province 01" in err and not (tmp_path / "w" / "ward.db").exists()


def test_settings_refuse_another_provinces_office_for_a_ward(ward_db, english):
    import pytest

    from ward_desk.errors import WardDeskError
    from ward_desk.services import settings

    with pytest.raises(WardDeskError) as refused:
        settings.set_many({"office_code": "79"})
    assert "province 01" in refused.value.message()
    settings.set_many({"office_code": "C-HOANKIEM"})  # a grouping office is fine
    assert settings.get("office_code") == "C-HOANKIEM"
