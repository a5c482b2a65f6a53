"""Windows: replacing a file another program holds open (Excel keeps returns and line lists open) fails with a
sharing violation where Linux succeeds. Every write-then-rename goes through ``fileio.replace_file``: it waits
out a short hold, then says which file is open elsewhere, and leaves no temporary file behind. Simulated here by
an ``os.replace`` that raises ``PermissionError`` (what Windows' ERROR_SHARING_VIOLATION becomes) for one target."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ward_desk import fileio
from ward_desk.cli import main
from ward_desk.errors import WardDeskError


class Holder:
    """``os.replace`` as Windows behaves while another program has ``target`` open: refused ``times`` times
    (``None``: for as long as the test runs), then allowed."""

    def __init__(self, monkeypatch, target: Path, times: int | None):
        self.target, self.left, self.refused = Path(target), times, 0
        self._real = os.replace
        monkeypatch.setattr(os, "replace", self)
        monkeypatch.setattr(fileio, "time", type("T", (), {"sleep": staticmethod(lambda s: None)}))

    def __call__(self, source, target):
        if Path(target) == self.target and (self.left is None or self.left > 0):
            self.refused += 1
            if self.left is not None:
                self.left -= 1
            error = PermissionError(13, "The process cannot access the file because it is being used by "
                                        "another process", str(target))
            raise error
        return self._real(source, target)


def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith((".tmp", ".part", ".restoring"))
            or (p.name.startswith(".") and p.is_file())]


def test_a_short_hold_is_waited_out(tmp_path, monkeypatch):
    target = tmp_path / "Báo cáo tháng.csv"
    target.write_text("old", encoding="utf-8")
    holder = Holder(monkeypatch, target, times=3)
    fileio.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert holder.refused == 3
    assert _temporaries(tmp_path) == []


def test_a_file_held_open_for_good_is_named_and_nothing_is_left(tmp_path, monkeypatch, english):
    target = tmp_path / "Báo cáo tháng.csv"
    target.write_text("old", encoding="utf-8")
    holder = Holder(monkeypatch, target, times=None)
    with pytest.raises(WardDeskError) as info:
        with fileio.atomic_write(target) as handle:
            handle.write("new")
    assert info.value.code == "file.in_use" and info.value.params["path"] == str(target)
    assert str(target) in info.value.message() and "open in another program" in info.value.message()
    assert holder.refused == len(fileio.RETRY_DELAYS) + 1
    assert target.read_text(encoding="utf-8") == "old"  # the open file is left as it was
    assert _temporaries(tmp_path) == []


def test_other_failures_are_not_retried(tmp_path, monkeypatch):
    calls = []

    def fails(source, target):
        calls.append(target)
        raise FileNotFoundError(2, "No such file or directory", str(source))

    monkeypatch.setattr(os, "replace", fails)
    with pytest.raises(FileNotFoundError):
        fileio.replace_file(tmp_path / "a", tmp_path / "b")
    assert len(calls) == 1


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("held") / "ward"
    assert main(["--data-dir", str(folder), "demo", "--unit", "00070", "--clients", "20", "--seed", "3"]) == 0
    return folder


def _cases(folder: Path, out: Path):
    return {
        "records export": (["records", "export", str(out / "line list.xlsx")], out / "line list.xlsx"),
        "audit export": (["audit", "export", str(out / "audit.csv")], out / "audit.csv"),
        "return export": (["return", "export", "--period", "2026-10", "--out", str(out / "WDR1.xlsx")],
                          out / "WDR1.xlsx"),
        "backup create": (["backup", "create", "--to", str(out)], None),
        "key file": (["key", "recovery-code"], folder / "ward.key.json"),
    }


@pytest.mark.sqlite_only(reason="a ward's data folder files")
@pytest.mark.parametrize("case", ["records export", "audit export", "return export", "backup create",
                                  "key file"])
def test_every_command_that_replaces_a_file_names_it_when_it_is_held_open(demo_folder, tmp_path, monkeypatch,
                                                                            english, capsys, case):
    out = tmp_path / "out"
    out.mkdir()
    argv, target = _cases(demo_folder, out)[case]
    if target is None:  # a backup's name has the time in it: hold whatever .wdbak it is about to become
        real = os.replace
        monkeypatch.setattr(fileio, "time", type("T", (), {"sleep": staticmethod(lambda s: None)}))

        def held(source, dest):
            if str(dest).endswith(".wdbak"):
                raise PermissionError(13, "being used by another process", str(dest))
            return real(source, dest)

        monkeypatch.setattr(os, "replace", held)
    else:
        if case != "key file":
            target.write_bytes(b"an earlier copy, open in Excel")
        before = target.read_bytes()
        Holder(monkeypatch, target, times=None)
    assert main(["--data-dir", str(demo_folder), *argv]) == 1
    err = capsys.readouterr().err
    assert "open in another program" in err and "Traceback" not in err
    if target is not None:
        assert str(target) in err
        assert target.read_bytes() == before
    assert _temporaries(out) == [] and _temporaries(demo_folder) == []
    assert not list(out.glob("*.wdbak"))
