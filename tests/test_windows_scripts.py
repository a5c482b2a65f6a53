"""The Windows twins of the two commands (scripts\\start.cmd, scripts\\test.cmd) and the Windows workflow cannot
run on this Linux machine; what can be checked here is that they call what exists, the same way the Linux ones
do, and that the Python step they share (scripts/bootstrap.py) computes what scripts/_bootstrap.sh does."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def _bootstrap():
    spec = importlib.util.spec_from_file_location("bootstrap", SCRIPTS / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cmd_scripts_find_python_3_12_and_share_the_bootstrap():
    boot = (SCRIPTS / "_bootstrap.cmd").read_text(encoding="utf-8")
    assert "py -3.12" in boot and "WARD_DESK_PYTHON" in boot and "python.org" in boot
    assert '"%~dp0bootstrap.py"' in boot
    for name in ("start.cmd", "test.cmd"):
        text = (SCRIPTS / name).read_text(encoding="utf-8")
        assert 'call "%~dp0_bootstrap.cmd" || exit /b 1' in text
        assert "exit /b %ERRORLEVEL%" in text
    assert r'.venv\Scripts\ward-desk.exe" %*' in (SCRIPTS / "start.cmd").read_text(encoding="utf-8")
    test_cmd = (SCRIPTS / "test.cmd").read_text(encoding="utf-8")
    test_sh = (SCRIPTS / "test").read_text(encoding="utf-8")
    # the same pytest run and the same defaults as scripts/test
    assert "-m pytest -q -p no:cacheprovider %*" in test_cmd and "-m pytest -q -p no:cacheprovider" in test_sh
    for setting in ("QT_QPA_PLATFORM=offscreen", "PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring"):
        assert setting in test_cmd
        assert setting.replace("=", ":-").split(":-")[1] in test_sh
    assert re.search(r"^\*\.cmd text eol=crlf$", (ROOT / ".gitattributes").read_text(encoding="utf-8"), re.M)


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("sha256sum") is None,
                    reason="compares with scripts/_bootstrap.sh, which needs bash and sha256sum")
def test_bootstrap_py_stamps_as_the_shell_bootstrap_does():
    boot = _bootstrap()
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    assert boot.wanted_stamp("test") == f"{digest}-test"
    shell = subprocess.run(["bash", "-c", 'cd "$1" && echo "$(cat pyproject.toml | sha256sum | cut -d" " -f1)-test"',
                            "_", str(ROOT)], capture_output=True, text=True, check=True).stdout.strip()
    assert boot.wanted_stamp("test") == shell  # one .venv serves both scripts
    assert boot.venv_python(Path("v")) in (Path("v/bin/python"), Path("v/Scripts/python.exe"))
    assert "WARD_DESK_EXTRAS" in (SCRIPTS / "_bootstrap.sh").read_text(encoding="utf-8")


def test_the_windows_workflow_runs_the_documented_steps_with_scripts_that_exist():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"runs-on: windows-", text)
    assert 'python-version: "3.12"' in text
    assert 'pip install ".[build,test]"' in text
    assert "QT_QPA_PLATFORM: offscreen" in text and "tests/unit tests/ui" in text
    assert "dist/WardDesk/ward-desk.exe --self-test" in text
    assert r"iscc packaging\ward_desk.iss" in text
    assert "actions/upload-artifact" in text and "dist/WardDesk-*-setup.exe" in text
    for script in re.findall(r"python (packaging/\w+\.py)", text):
        assert (ROOT / script).is_file(), script
    # the installer's output name matches what is uploaded
    iss = (ROOT / "packaging" / "ward_desk.iss").read_text(encoding="utf-8")
    assert re.search(r"^OutputBaseFilename=WardDesk-\{#AppVersion\}-setup$", iss, re.M)
    assert "Building the installer" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".github/workflows/windows.yml" in (ROOT / "README.md").read_text(encoding="utf-8")
