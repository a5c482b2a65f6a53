"""Every file Ward Desk writes goes through ``ward_desk.fileio`` (temporary name beside the target, fsync,
rename retried while Windows holds the target open, temporary removed on failure). This test reads the source
so a hand-made temp-then-rename cannot come back unnoticed, and checks the writers that used to do it by hand."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ward_desk
from ward_desk import fileio

PACKAGE = Path(ward_desk.__file__).parent
WRITER = PACKAGE / "fileio.py"
# renaming, temporary files and copies made by hand; ``fileio`` offers each (replace_file, atomic_path, copy_file)
FORBIDDEN_CALLS = {("os", "replace"), ("os", "rename"), ("os", "renames"), ("shutil", "move"),
                   ("shutil", "copy"), ("shutil", "copy2"), ("tempfile", "mkstemp"),
                   ("tempfile", "NamedTemporaryFile"), ("tempfile", "mktemp")}
TEMPORARY_SUFFIXES = (".tmp", ".part", ".restoring")


def _texts(node: ast.AST):
    """String constants, the literal pieces of f-strings included."""
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child


def hand_writes(source: str) -> list[tuple[int, str]]:
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = node.func.attr
            if isinstance(owner, ast.Name) and (owner.id, name) in FORBIDDEN_CALLS:
                found.append((node.lineno, f"{owner.id}.{name}"))
            elif name == "rename" or (name == "replace" and len(node.args) == 1 and not node.keywords):
                found.append((node.lineno, f".{name}()"))  # Path.rename / Path.replace (str.replace takes two)
            elif name in ("write_text", "write_bytes") and not (isinstance(owner, ast.Name) and owner.id == "fileio"):
                found.append((node.lineno, f"Path.{name}"))
    for constant in _texts(tree):
        if constant.value.endswith(TEMPORARY_SUFFIXES):
            found.append((constant.lineno, f"temporary name {constant.value!r}"))
    return found


def test_the_check_finds_what_it_looks_for():
    source = ('import os, tempfile\nfrom pathlib import Path\n'
              'def f(p):\n    tmp = p.with_name(p.name + ".tmp")\n    tmp.write_text("x")\n    os.replace(tmp, p)\n'
              '    fd, t = tempfile.mkstemp()\n    Path(t).rename(p)\n    Path(t).replace(p)\n'
              '    q = f"{p}.part"\n    "a-b".replace("-", "_")\n')
    assert sorted(what for _line, what in hand_writes(source)) == sorted([
        "Path.write_text", "os.replace", "tempfile.mkstemp", ".rename()", ".replace()",
        "temporary name '.tmp'", "temporary name '.part'"])


def test_no_module_but_fileio_writes_by_hand():
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{line}: {what}"
                 for path in sorted(PACKAGE.rglob("*.py")) if path != WRITER
                 for line, what in hand_writes(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_staged_file_is_put_in_place_only_when_committed(tmp_path):
    target = tmp_path / "return.xlsx"
    target.write_bytes(b"old")
    with fileio.staged_path(target) as staged:
        staged.path.write_bytes(b"dropped")
    assert target.read_bytes() == b"old" and sorted(tmp_path.iterdir()) == [target]
    with fileio.staged_path(target) as staged:
        staged.path.write_bytes(b"new")
        staged.commit()
    assert target.read_bytes() == b"new" and sorted(tmp_path.iterdir()) == [target]


def test_a_failed_audit_export_leaves_nothing_behind(ward_db, tmp_path, monkeypatch):
    from openpyxl import Workbook

    from ward_desk.services import audit

    def broken_save(self, filename):
        Path(filename).write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken_save)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError):
        audit.export(out / "trail.xlsx")
    assert list(out.iterdir()) == []
