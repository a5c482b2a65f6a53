"""The users' PCs keep their wheels: the runtime dependencies and the build and test extras resolve to binary
wheels for Windows x64 and for manylinux x86-64, CPython 3.12 (packaging/check_wheels.py; one pip resolution
per platform from the wheels' metadata, nothing downloaded, pip's cache reused: seconds, not minutes).
Skipped, saying so, only when the package index cannot be reached."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "packaging"))
import check_wheels  # noqa: E402


def _check(target, requirements=None, **kwargs):
    try:
        return check_wheels.check(target, requirements, **kwargs)
    except check_wheels.IndexUnreachable as exc:
        pytest.skip(f"the package index cannot be reached, so wheels cannot be checked: {exc}")


@pytest.mark.parametrize("name", list(check_wheels.TARGETS))
def test_every_dependency_has_a_wheel_for_the_users_platforms(name):
    target = check_wheels.TARGETS[name]
    try:
        result = _check(target)
    except check_wheels.NoWheel as exc:
        pytest.fail(str(exc))
    tag = "win_amd64" if name == "win_amd64" else "manylinux"
    for package in ("sqlcipher3", "pyside6-essentials", "pyside6-addons", "psycopg-binary", "argon2-cffi-bindings",
                    "python-calamine", "pyinstaller"):
        assert tag in result.wheels[package], (package, result.wheels[package])
    assert all(w.endswith(".whl") for w in result.wheels.values())
    if name == "win_amd64":
        # keyring's Windows Credential Manager backend needs pywin32-ctypes (a win32-only requirement that pip,
        # judging markers by this Linux machine, would leave out): the closure is completed for the target
        assert "pywin32-ctypes" in result.wheels
        assert "sqlcipher3-binary" not in result.wheels


def test_a_package_without_a_windows_wheel_is_named():
    """The package this issue replaced: no wheel for Windows, and the check says which package."""
    with pytest.raises(check_wheels.NoWheel) as info:
        _check(check_wheels.TARGETS["win_amd64"], ["sqlcipher3-binary>=0.5", "keyring>=25"])
    assert info.value.package == "sqlcipher3-binary"
    assert "sqlcipher3-binary: no binary wheel for Windows x64 / Python 3.12" in str(info.value)


def test_an_unreachable_index_is_told_apart_from_a_missing_wheel(tmp_path):
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_FIND_LINKS": "", "PIP_EXTRA_INDEX_URL": "",
           "PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_TRUSTED_HOST": "127.0.0.1",
           "PIP_CACHE_DIR": str(tmp_path / "cache")}
    with pytest.raises(check_wheels.IndexUnreachable):
        check_wheels.check(check_wheels.TARGETS["win_amd64"], ["keyring>=25"], env=env)


def test_pip_output_is_read_as_missing_wheel_or_network():
    assert check_wheels.classify_failure(
        "ERROR: Could not find a version that satisfies the requirement sqlcipher3-binary>=0.5 (from versions: "
        "none)\nERROR: No matching distribution found for sqlcipher3-binary>=0.5\n") == "sqlcipher3-binary"
    with pytest.raises(check_wheels.IndexUnreachable):
        check_wheels.classify_failure(
            "WARNING: Retrying (Retry(total=1)) after connection broken by 'NameResolutionError(\"Failed to "
            "resolve 'pypi.org'\")': /simple/keyring/\nERROR: No matching distribution found for keyring\n")


def test_the_requirements_checked_are_the_projects():
    wanted = check_wheels.project_requirements()
    assert any(r.startswith("sqlcipher3>=") for r in wanted)
    assert any(r.startswith("pyinstaller") for r in wanted)  # the build extra
    assert not any(r.startswith("sqlcipher3-binary") for r in wanted)
