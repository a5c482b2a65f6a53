"""Build step: compile Qt translations and resources into ``ward_desk/ui/generated/``.

Run by ``scripts/_bootstrap.sh`` (so by the README's commands and CI) and by ``packaging/build.py``. The
translations (``resources/i18n/*.ts`` -> ``.qm``) and icons are compiled into one ``resources_rc.py``, so the
same ``:/i18n/...`` and ``:/icons/...`` paths work in a checkout, an installed package and a frozen build.
Files the Qt-free code reads (the default DHIS2 mapping, kept in ``resources/data/dhis2/``) are copied beside
it, so that a wheel (``pyproject.toml`` package-data: ``ui/generated/*``) carries them too.
Idempotent: does nothing when the outputs are newer than their sources.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
GENERATED = ROOT / "ward_desk" / "ui" / "generated"
# Read without Qt (ward_desk.export.dhis2.default_mapping_path): shipped in the package as plain files.
PACKAGE_DATA = [RESOURCES / "data" / "dhis2" / "wdr1-default-mapping.json"]


def _tool(name: str) -> str:
    """The PySide6 command-line tool next to this interpreter (a venv may not be on the PATH)."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


def _newer(output: Path, sources: list[Path]) -> bool:
    return output.exists() and all(output.stat().st_mtime >= s.stat().st_mtime for s in sources)


def compile_translations() -> list[Path]:
    qms = []
    for ts in sorted((RESOURCES / "i18n").glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not _newer(qm, [ts]):
            subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        qms.append(qm)
    return qms


def resource_files() -> list[tuple[str, Path]]:
    """(alias inside the resource system, file on disk) for everything bundled."""
    files: list[tuple[str, Path]] = []
    for folder in ("icons", "i18n", "data"):
        base = RESOURCES / folder
        if not base.exists():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix not in {".ts", ".md"}:
                files.append((f"{folder}/{path.relative_to(base).as_posix()}", path))
    return files


def build_rcc(files: list[tuple[str, Path]]) -> Path:
    GENERATED.mkdir(parents=True, exist_ok=True)
    (GENERATED / "__init__.py").write_text('"""Build output of packaging/build_resources.py; not committed."""\n')
    qrc = GENERATED / "ward_desk.qrc"
    body = "\n".join(
        f'    <file alias="{escape(alias)}">{escape(str(path))}</file>' for alias, path in files
    )
    text = f'<!DOCTYPE RCC>\n<RCC version="1.0">\n  <qresource prefix="/">\n{body}\n  </qresource>\n</RCC>\n'
    if not qrc.exists() or qrc.read_text() != text:
        qrc.write_text(text)
    output = GENERATED / "resources_rc.py"
    if not _newer(output, [qrc] + [p for _, p in files]):
        subprocess.run([_tool("pyside6-rcc"), str(qrc), "-o", str(output)], check=True)
    return output


def copy_package_data() -> list[Path]:
    GENERATED.mkdir(parents=True, exist_ok=True)
    copies = []
    for source in PACKAGE_DATA:
        copy = GENERATED / source.name
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            copy.write_bytes(source.read_bytes())
        copies.append(copy)
    return copies


def main() -> int:
    compile_translations()
    build_rcc(resource_files())
    copy_package_data()
    return 0


if __name__ == "__main__":
    sys.exit(main())
