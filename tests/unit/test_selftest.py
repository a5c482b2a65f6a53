"""`ward-desk --self-test`: every step really runs and passes here, a failure is reported, nothing is left behind."""

from __future__ import annotations

import os

import pytest

from ward_desk import messages, selftest
from ward_desk.selftest import Context, StepFailed


def _run(steps):
    lines: list[str] = []
    return selftest.run(lines.append, steps=steps), lines


def test_each_step_is_reported_and_a_failure_does_not_stop_the_rest():
    def ok(ctx):
        return "fine"

    def broken(ctx):
        raise StepFailed("the file is plain SQLite")

    def crashing(ctx):
        raise RuntimeError("boom")

    results, lines = _run([("one", ok), ("two", broken), ("three", crashing), ("four", ok)])
    assert [(r.name, r.ok) for r in results] == [("one", True), ("two", False), ("three", False), ("four", True)]
    assert lines[0] == "OK   one: fine"
    assert lines[1] == "FAIL two: the file is plain SQLite"
    assert lines[2].startswith("FAIL three: RuntimeError: boom (test_selftest.py:")


def test_a_module_missing_from_the_build_fails_its_step_naming_it():
    def needs_module(ctx):
        import ward_desk.no_such_module  # noqa: F401

        return "never"

    results, lines = _run([("module", needs_module)])
    assert not results[0].ok
    assert "ModuleNotFoundError" in lines[0] and "ward_desk.no_such_module" in lines[0]


def test_vietnamese_sorting_step_puts_d_stroke_after_d():
    assert selftest.step_collation(Context(folder=None)) == "Ánh, Ăn, Bình, Dương, Đào"


def test_collation_step_fails_when_qt_sorts_in_another_language(monkeypatch):
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "Language", type("L", (), {"Vietnamese": QLocale.Language.English}))
    with pytest.raises(StepFailed, match="Vietnamese collation"):
        selftest.step_collation(Context(folder=None))


def test_postgresql_step_loads_the_compiled_driver_without_a_server():
    detail = selftest.step_postgresql(Context(folder=None))
    assert detail.startswith("psycopg 3.") and "(binary)" in detail and "libpq " in detail and "OpenSSL" in detail


def test_desktop_step_prints_draws_a_chart_and_keeps_one_instance(qapp, tmp_path):
    ctx = Context(folder=tmp_path, done={"user interface"})
    detail = selftest.step_desktop(ctx)
    assert (tmp_path / "print.pdf").read_bytes()[:5] == b"%PDF-"
    assert "print plugin" in detail and "woke the first over the local socket" in detail


def test_desktop_step_needs_the_interface_step(tmp_path):
    with pytest.raises(StepFailed, match="user interface"):
        selftest.step_desktop(Context(folder=tmp_path))


def test_a_step_whose_prerequisite_failed_fails_too():
    def first(ctx):
        raise StepFailed("no database")

    def second(ctx):
        ctx.need("first")
        return "used the database"

    results, lines = _run([("first", first), ("second", second)])
    assert [r.ok for r in results] == [False, False]
    assert "first" in lines[1]


def test_the_temporary_folder_and_environment_are_restored(monkeypatch):
    monkeypatch.setenv("WARD_DESK_PASSPHRASE", "the office's own")
    before = os.environ["WARD_DESK_DATA_DIR"]
    seen = {}

    def writes(ctx: Context):
        seen["folder"] = ctx.folder
        os.environ["WARD_DESK_PASSPHRASE"] = ctx.values["passphrase"]
        (ctx.folder / "ward.db").write_bytes(b"x")
        assert os.environ["WARD_DESK_DATA_DIR"] != before  # never the real data folder
        return "ok"

    results, _ = _run([("writes", writes)])
    assert results[0].ok
    assert not seen["folder"].exists()
    assert os.environ["WARD_DESK_PASSPHRASE"] == "the office's own"
    assert os.environ["WARD_DESK_DATA_DIR"] == before


def test_sqlcipher_step_reports_the_cipher_version():
    detail = selftest.step_sqlcipher(Context(folder=None))
    assert detail.startswith("SQLCipher 4.")


def test_units_step_finds_hoan_kiem_without_diacritics():
    detail = selftest.step_units(Context(folder=None))
    assert "00070 Phường Hoàn Kiếm" in detail


def test_keyring_step_names_the_backend_in_use():
    detail = selftest.step_keyring(Context(folder=None))
    assert detail.startswith("keyring.backends.null.Keyring (chosen by PYTHON_KEYRING_BACKEND)")


def test_interface_step_loads_the_icon_from_compiled_resources(qapp):
    detail = selftest.step_interface(Context(folder=None, values={}))
    assert "icon found" in detail and "platform 'offscreen'" in detail


def test_cli_flag_runs_the_whole_self_test_and_every_step_passes(capsys, qapp):
    from ward_desk.cli import main

    status = main(["--self-test"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("Ward Desk ") and len(lines) == len(selftest.STEPS) + 2
    assert not [line for line in lines if line.startswith("FAIL")], out
    assert status == 0 and lines[-1] == messages.text("selftest.passed", n=len(selftest.STEPS))
    for name, _ in selftest.STEPS:
        assert any(line[5:].startswith(name + ":") for line in lines[1:-1])


def test_the_temporary_key_never_reaches_the_real_keyring():
    import keyring
    import keyring.backend

    class Recording(keyring.backend.KeyringBackend):
        priority = 1
        writes: list = []

        def get_password(self, service, username):
            return None

        def set_password(self, service, username, password):
            self.writes.append((service, username))

        def delete_password(self, service, username):
            self.writes.append(("delete", service, username))

    previous = keyring.get_keyring()
    real = Recording()
    keyring.set_keyring(real)
    try:
        def stores_a_key(ctx):
            keyring.set_password("Ward Desk", "ward.db", "secret")
            assert keyring.get_password("Ward Desk", "ward.db") == "secret"
            return "stored"

        results, lines = _run([("stores", stores_a_key), ("keyring backend", selftest.step_keyring)])
        assert all(r.ok for r in results)
        assert real.writes == []
        assert keyring.get_keyring() is real
        assert "Recording" in lines[1]  # the report names the real backend, not the self-test's own
    finally:
        keyring.set_keyring(previous)


def test_gui_entry_runs_the_same_self_test(monkeypatch, capsys, qapp):
    from ward_desk import app

    monkeypatch.setattr("sys.argv", ["ward-desk-gui", "--self-test"])
    status = app.main()
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == len(selftest.STEPS) + 2
    assert status == 0 and not any(line.startswith("FAIL") for line in lines), out


def test_database_record_and_return_steps_run_the_real_services():
    """The database step passes exactly when the file on disk is ciphertext (it is); the record and return steps
    use the forms' service and the real export and check."""
    seen = {}

    def probe(ctx):
        seen["header"] = (ctx.values["data_dir"] / "ward.db").read_bytes()[:16]
        return "probed"

    results, lines = _run([("encrypted database", selftest.step_database), ("probe", probe),
                           ("record write/read", selftest.step_record),
                           ("return export/check", selftest.step_return)])
    by_name = {r.name: r for r in results}
    assert "header" in seen, lines  # the database step made a database, even if it then failed
    assert seen["header"] != selftest.PLAINTEXT_HEADER
    assert by_name["encrypted database"].ok, lines
    assert by_name["record write/read"].ok, lines
    assert by_name["return export/check"].ok, lines
    assert "WDR1_00070_" in by_name["return export/check"].detail


def test_return_step_needs_the_record_step():
    results, lines = _run([("return export/check", selftest.step_return)])
    assert not results[0].ok and "record write/read" in lines[0]


def _steps_through(name):
    names = [n for n, _ in selftest.STEPS]
    return selftest.STEPS[:names.index(name) + 1]


def test_reports_step_writes_the_narrative_docx_and_fills_the_example_form():
    results, lines = _run(_steps_through("narrative report, province form"))
    assert all(r.ok for r in results), lines
    assert "bao-cao.docx written and re-opened" in lines[-1] and "bieu-01-ket-qua-pcmd.xlsx" in lines[-1]
    assert "cells filled, re-read" in lines[-1]


def test_reports_step_fails_naming_python_docx_when_the_build_lacks_it(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)  # as in a build that left python-docx (or lxml) out
    results, lines = _run(_steps_through("narrative report, province form"))
    assert not results[-1].ok and all(r.ok for r in results[:-1])
    assert "ModuleNotFoundError" in lines[-1] and "docx" in lines[-1]


def test_reports_step_fails_when_the_example_form_is_not_shipped(monkeypatch, tmp_path):
    monkeypatch.setattr(selftest, "__file__", str(tmp_path / "ward_desk" / "selftest.py"))
    with pytest.raises(StepFailed, match="bieu-01-ket-qua-pcmd.xlsx is missing"):
        selftest._example_form()


def test_reports_step_needs_a_record(tmp_path):
    with pytest.raises(StepFailed, match="record write/read"):
        selftest.step_reports(Context(folder=tmp_path))
