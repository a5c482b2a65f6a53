"""The shipped build: the frozen app really works (slow: builds it), and the packaging inputs stay consistent.

The slow test runs PyInstaller (about a minute on 2 cores) and then the frozen `ward-desk --self-test` under
`QT_QPA_PLATFORM=offscreen`, which must pass every step; the folder must be under the 150 MB target. It is part of `scripts/test` (and so `.ci/run`); skip it while iterating with
`scripts/test -m "not slow"`, or run only it with `scripts/test tests/test_packaging.py -m slow`.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import ward_desk
from ward_desk import config, selftest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"wd_packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load("build")
bundle_filter = _load("bundle_filter")
slim = _load("slim")
LINUX = sys.platform.startswith("linux")


# ---- fast: the inputs ------------------------------------------------------------------------------------------

def test_committed_version_resource_matches_the_package_version():
    assert (PACKAGING / "version_info.txt").read_text(encoding="utf-8") == build.version_info_text(
        ward_desk.__version__)


def test_version_resource_parses_as_pyinstaller_reads_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))  # Windows-only imports, unused here
    import PyInstaller.compat

    monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    from PyInstaller.utils.win32 import versioninfo

    info = versioninfo.load_version_info_from_text_file(str(PACKAGING / "version_info.txt"))
    strings = {s.name: s.val for s in info.kids[0].kids[0].kids}
    assert strings["ProductVersion"] == ward_desk.__version__
    major, minor, patch, _ = build.version_tuple(ward_desk.__version__)
    assert info.ffi.fileVersionMS == (major << 16) | minor and info.ffi.fileVersionLS >> 16 == patch


def test_version_numbers_from_release_strings():
    assert build.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert build.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert build.version_tuple("2026.11") == (2026, 11, 0, 0)


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qtbase_vi.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6\\translations\\qt_zh_TW.qm", False),
    ("PySide6/Qt/lib/libQt6WebEngineCore.so.6", False),
    ("PySide6/Qt6Quick.dll", False),
    ("PySide6/Qt/qml/QtQuick/Controls/libqtquickcontrols2plugin.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6\\opengl32sw.dll", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6\\plugins\\imageformats\\qgif.dll", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
    ("PySide6/Qt/lib/libQt6Svg.so.6", False),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
    ("docx/templates/default-docx-template/word/styles.xml", False),
    ("docx/templates/default.docx", True),
    ("docx/templates/default-styles.xml", True),
    ("lxml/etree.cpython-313-x86_64-linux-gnu.so", True),
    ("somepackage/tests/test_x.py", False),
    # what the app needs stays
    ("PySide6/Qt/lib/libQt6Charts.so.6", True),
    ("PySide6/Qt/lib/libQt6OpenGL.so.6", True),  # libQt6Charts links it
    ("PySide6/Qt/lib/libQt6PrintSupport.so.6", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqico.so", True),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("sqlcipher3/_sqlite3.cpython-312-x86_64-linux-gnu.so", True),
    ("vietnam_provinces/data/flat-divisions.json", True),
])
def test_bundle_filter(dest, kept):
    assert bundle_filter.keep(dest) is kept


def test_unused_modules_are_excluded_and_the_used_ones_are_not():
    for name in ("readline", "_codecs_jp", "PySide6.QtDBus", "PySide6.QtQml", "tkinter", "lxml.objectify",
                 "lxml.html"):
        assert name in bundle_filter.EXCLUDES
    # python-docx (the narrative report) needs lxml.etree and its _elementpath, and its own templates
    for name in ("PySide6.QtCharts", "PySide6.QtPrintSupport", "PySide6.QtNetwork", "ssl", "sqlite3",
                 "unicodedata", "_decimal", "psycopg", "keyring", "cryptography", "lxml", "lxml.etree",
                 "lxml._elementpath", "docx"):
        assert name not in bundle_filter.EXCLUDES


@pytest.mark.parametrize("item, size, kept", [
    ("coll/vi.res", 30_000, True),
    ("coll/en_GB.res", 100, True),
    ("coll/root.res", 100, True),
    ("coll/ucadata.icu", 570_000, True),
    ("coll/de.res", 100, False),
    ("coll/zh.res", 900_000, False),
    ("vi.res", 1_000, True),
    ("ja_JP.res", 100, False),
    ("zone/fr.res", 30_000, False),
    ("zone/pool.res", 100_000, True),
    ("lang/res_index.res", 1_000, True),
    ("zoneinfo64.res", 150_000, True),
    ("metaZones.res", 40_000, True),
    ("supplementalData.res", 240_000, True),
    ("brkitr/word.brk", 22_000, True),
    ("brkitr/cjdict.dict", 2_000_000, False),
    ("brkitr/thaidict.dict", 126_000, False),
    ("ibm-5354_P100-1998.cnv", 1_000, True),  # windows-1258, Vietnamese
    ("gb18030.cnv", 230_000, False),
    ("cnvalias.icu", 64_000, True),
    ("translit/root.res", 1_000_000, False),
    ("nfkc.nrm", 55_000, True),
])
def test_icu_trim_keeps_vietnamese_english_and_what_is_not_per_locale(item, size, kept):
    assert slim.keep_item(item, size) is kept


def test_linux_build_names_its_missing_prerequisites_with_their_packages(monkeypatch):
    monkeypatch.setattr(build, "LINUX", True)
    monkeypatch.setattr(build, "_system_libraries", lambda: {"libxcb-cursor.so.0", "libxkbcommon-x11.so.0"})
    monkeypatch.setattr(build.shutil, "which", lambda tool: None if tool == "icupkg" else f"/usr/bin/{tool}")
    missing = build.missing_prerequisites()
    assert missing == {"libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
                       "icupkg": "icu-devtools"}
    message = build.prerequisites_message(missing)
    assert "sudo apt-get install icu-devtools libxcb-icccm4 libxcb-keysyms1" in message
    assert "--install-prerequisites" in message
    monkeypatch.setattr(build, "LINUX", False)
    assert build.missing_prerequisites() == {}


def test_the_build_stops_before_pyinstaller_when_prerequisites_are_missing(monkeypatch, capsys):
    monkeypatch.setattr(build, "missing_prerequisites", lambda: {"libxcb-icccm.so.4": "libxcb-icccm4"})
    monkeypatch.setattr(build, "build", lambda *a: pytest.fail("PyInstaller ran without the X11 libraries"))
    assert build.main(["--dist", "/nonexistent/dist"]) == 2
    assert "libxcb-icccm4" in capsys.readouterr().err


@pytest.mark.skipif(not LINUX, reason="Linux ELF libraries (readelf from binutils, which build.py needs too)")
def test_sqlcipher3_links_its_openssl_statically():
    """sqlcipher3 (>= 0.6.4) links OpenSSL into its module: it loads no shared libcrypto and its wheel ships no
    ``.libs`` folder, so the only wheel copy of OpenSSL in the folder is psycopg-binary's (nothing to share)."""
    import sqlcipher3

    module = next(Path(sqlcipher3.__file__).parent.glob("_sqlite3*.so"))
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", slim._readelf(module, "-d"))
    assert needed and not [n for n in needed if n.startswith(("libcrypto", "libssl"))]
    assert not list(Path(sqlcipher3.__file__).parent.parent.glob("sqlcipher3*.libs"))
    assert slim.openssl_version(module)[0] == 3  # the statically linked OpenSSL 3 is inside the module


@pytest.mark.skipif(not LINUX, reason="Linux ELF libraries (readelf from binutils, which build.py needs too)")
def test_openssl_copies_become_links_to_the_newest(tmp_path):
    """Two wheels' own libcrypto copies (an older one, here the system's build placed as a wheel's, used by
    Python's _hashlib; and psycopg-binary's): the older becomes a link to the newer, which defines every symbol
    version the older one's users ask for. Today only psycopg-binary brings one; this keeps the next wheel that
    brings its own from adding 5 MB."""
    import _hashlib

    import psycopg  # noqa: F401 - psycopg_binary refuses to be imported before it
    import psycopg_binary

    older = Path("/lib/x86_64-linux-gnu/libcrypto.so.3").resolve()
    if not older.is_file():
        pytest.skip("no system OpenSSL 3 libcrypto at /lib/x86_64-linux-gnu")
    newer_dir = Path(psycopg_binary.__file__).parent.parent / "psycopg_binary.libs"
    user = Path(_hashlib.__file__)
    internal = tmp_path / "_internal"
    a, b = "other_wheel.libs", "psycopg_binary.libs"  # where wheels put their copies
    for source, folder in ((older, a), (user, a), *((p, b) for p in newer_dir.glob("lib*ssl*.so.3")),
                           *((p, b) for p in newer_dir.glob("libcrypto*.so.3"))):
        (internal / folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, internal / folder / source.name)
    (internal / a / older.name).rename(internal / a / "libcrypto.so.3")
    shutil.copyfile(older, internal / "libcrypto.so.3")  # the system's: Python's _ssl loads it
    versions = {p.name: slim.openssl_version(p) for p in (internal / a).glob("libcrypto*")}
    versions.update({p.name: slim.openssl_version(p) for p in (internal / b).glob("libcrypto*")})
    assert all(v and v[0] == 3 for v in versions.values()) and len(set(versions.values())) == 2
    done = slim.share_openssl(internal)
    links = [p for p in internal.rglob("libcrypto*.so.3") if p.is_symlink()]
    assert len(links) == 1 and len(done) == 1
    newest = max(versions, key=versions.get)
    assert links[0].resolve().name == newest and links[0].name != newest
    assert slim.version_needs(internal / a / user.name)[links[0].name] <= slim.version_definitions(
        links[0].resolve())
    assert not (internal / "libcrypto.so.3").is_symlink()  # the system pair keeps its certificate settings


def test_one_wheel_copy_of_openssl_is_left_alone(tmp_path):
    """The folder as built today: the system pair and psycopg-binary's copy; nothing to link."""
    import psycopg  # noqa: F401
    import psycopg_binary

    internal = tmp_path / "_internal"
    shutil.copytree(Path(psycopg_binary.__file__).parent.parent / "psycopg_binary.libs",
                    internal / "psycopg_binary.libs")
    assert slim.share_openssl(internal) == []
    assert not [p for p in internal.rglob("*") if p.is_symlink()]


def test_installer_script_is_per_user_bilingual_and_keeps_data_unless_asked():
    iss = (PACKAGING / "ward_desk.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert 'Name: "vietnamese"; MessagesFile: "{#ViIsl}"' in iss
    assert 'Name: "english"; MessagesFile: "compiler:Default.isl"' in iss
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}\\\{#AppExe\}"', iss, re.M)
    for lang in ("vietnamese", "english"):
        assert re.search(rf"^{lang}\.DeleteDataPrompt=.+%1", iss, re.M)
    # the data folder the uninstaller asks about is the app's own (platformdirs' user data folder)
    assert f"ExpandConstant('{{localappdata}}\\{config.APP_NAME}')" in iss
    # deletion only on an explicit Yes: "No" is the default button, and a silent uninstall never deletes
    assert "MB_YESNO or MB_DEFBUTTON2) = IDYES" in iss and "not UninstallSilent" in iss


def _steps(output: str) -> dict[str, tuple[bool, str]]:
    """``OK   name: detail`` / ``FAIL name: detail`` lines -> {name: (passed, detail)}."""
    steps = {}
    for line in output.splitlines():
        match = re.match(r"^(OK  |FAIL) ([^:]+): (.*)$", line)
        if match:
            steps[match.group(2)] = (match.group(1) == "OK  ", match.group(3))
    return steps


# ---- slow: build it and run it ---------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.timeout(900)
def test_frozen_app_builds_and_passes_its_self_test(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "work"
    built = subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--dist", str(dist), "--work", str(work),
                            "--install-prerequisites"], cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    folder = dist / "WardDesk"
    exe = build.executable(folder)
    print(next(line for line in built.stdout.splitlines() if line.startswith("Built ")))

    env = {k: v for k, v in os.environ.items() if not k.startswith("WARD_DESK_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
               WARD_DESK_LANG="en", WARD_DESK_DATA_DIR=str(tmp_path / "data"))
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert version.stdout.strip() == f"ward-desk {ward_desk.__version__}"

    frozen = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, env=env, cwd=tmp_path,
                            timeout=300)
    source = subprocess.run([sys.executable, "-m", "ward_desk", "--self-test"], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=300)
    print("frozen:\n" + frozen.stdout + "\nsource:\n" + source.stdout)
    frozen_steps, source_steps = _steps(frozen.stdout), _steps(source.stdout)
    assert list(frozen_steps) == [name for name, _ in selftest.STEPS]
    # Every step passes, from the source and frozen (a missing hidden import, data file, Qt plugin, compiled
    # resource or shared library, or ICU data trimmed too far, fails its step here), and the exit status is 0.
    assert not {name: detail for name, (ok, detail) in source_steps.items() if not ok}
    assert not {name: detail for name, (ok, detail) in frozen_steps.items() if not ok}
    assert frozen.returncode == 0, frozen.stderr
    assert not (tmp_path / "data").exists()  # the self-test never touched the data folder

    # What is inside: resources compiled in, no loose translations/icons, unused Qt gone, licence shipped.
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    assert "LICENSE.txt" in files
    assert not [f for f in files if re.search(r"ward_desk_\w+\.qm$|ward-desk\.png$", f)]
    assert not [f for f in files if re.search(r"WebEngine|Qt6?Quick|Qt6?Qml|/qml/|Qt6?3D|Multimedia", f)]
    foreign = [f for f in files if re.search(r"translations/\w+?_([a-z]+)[_\w]*\.qm$", f)
               and not re.search(r"_(vi|en)(_\w+)?\.qm$", f)]
    assert not foreign
    assert [f for f in files if re.search(r"sqlcipher3/_sqlite3\.", f)]
    # the narrative report's python-docx templates and lxml.etree; lxml's unused extension modules left out
    assert "_internal/docx/templates/default.docx" in files
    assert [f for f in files if re.search(r"lxml/etree\.", f)]
    assert not [f for f in files if re.search(r"lxml/(objectify|sax|builder)\.|lxml/html/", f)]
    # the project's own files the reports and the catalogue read
    assert "_internal/resources/forms/bieu-01-ket-qua-pcmd.xlsx" in files
    assert "_internal/ward_desk/spec/standards/wdr1-v1.toml" in files
    if LINUX:
        # the X11 libraries Qt's xcb plugin loads travel with the app; so does the CUPS print plugin
        for name in build.X11_LIBRARIES:
            assert f"_internal/{name}" in files, name
        assert [f for f in files if f.endswith("plugins/printsupport/libcupsprintersupport.so")]
    size = build.folder_size(folder)
    # The real target (issue 7), on Linux too: Qt's ICU data trimmed to vi/en and one OpenSSL get it there.
    assert size < build.SIZE_TARGET_MB * 1e6, f"{size / 1e6:.1f} MB"
