from ward_desk.cli import main
from ward_desk.db import opened
from ward_desk.services import settings


def test_init_creates_the_ward_with_its_province_as_office(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "init", "--unit", "70"]) == 0
    with opened(data_dir):
        assert settings.get("unit_code") == "00070"
        assert settings.get("office_code") == "01"
    assert "Phường Hoàn Kiếm" in capsys.readouterr().out


def test_init_refuses_an_unknown_code_naming_the_nearest_matches(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "init", "--unit", "hoan kiem"]) == 1
    err = capsys.readouterr().err
    assert "00070 Phường Hoàn Kiếm" in err and "Traceback" not in err
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_init_messages_in_english_on_request(data_dir, capsys, english):
    assert main(["--data-dir", str(data_dir), "init", "--unit", "99999"]) == 1
    assert "There is no ward with code '99999'" in capsys.readouterr().err


def test_init_twice_is_refused(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "init", "--unit", "00070"]) == 0
    assert main(["--data-dir", str(data_dir), "init", "--unit", "00070"]) == 1


def test_custom_office_code_is_accepted_and_bad_office_refused(data_dir, tmp_path):
    assert main(["--data-dir", str(data_dir), "init", "--unit", "00070", "--office", "c-hoankiem"]) == 0
    with opened(data_dir):
        assert settings.get("office_code") == "C-HOANKIEM"
    assert main(["--data-dir", str(tmp_path / "b"), "init", "--unit", "00070", "--office", "HANOI"]) == 1


def test_wrong_usage_exits_2(capsys):
    import pytest

    with pytest.raises(SystemExit) as info:
        main(["init"])
    assert info.value.code == 2
