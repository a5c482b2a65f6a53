"""Make ``.venv`` and install Ward Desk into it, for ``scripts\\start.cmd`` and ``scripts\\test.cmd`` (Windows);
the same steps as ``scripts/_bootstrap.sh`` (Linux), which it mirrors, and it runs there too:

    py -3.12 scripts\\bootstrap.py        (python3.12 scripts/bootstrap.py)

Run by the Python that should own the virtual environment (3.12 or newer). Reinstalls only when
``pyproject.toml`` or the extras changed (``WARD_DESK_EXTRAS``, default ``test``); compiles the Qt resources.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".ward-desk-installed"


def venv_python(venv: Path = VENV) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wanted_stamp(extras: str) -> str:
    return f"{hashlib.sha256((ROOT / 'pyproject.toml').read_bytes()).hexdigest()}-{extras}"


def _usable(python: Path) -> bool:
    if not python.exists():
        return False
    check = "import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)"
    return subprocess.run([str(python), "-c", check], capture_output=True).returncode == 0


def main() -> int:
    if sys.version_info < (3, 12):
        print(f"Ward Desk needs Python 3.12 or newer; this is {sys.version.split()[0]}.", file=sys.stderr)
        return 1
    python = venv_python()
    if not _usable(python):
        print(f"Creating {VENV} with Python {sys.version.split()[0]}", file=sys.stderr)
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    extras = os.environ.get("WARD_DESK_EXTRAS", "test")
    want = wanted_stamp(extras)
    if not STAMP.exists() or STAMP.read_text(encoding="utf-8").strip() != want:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f".[{extras}]"], check=True, cwd=ROOT)
        STAMP.write_text(want + "\n", encoding="utf-8")
    # Compiled Qt resources and translations (generated, not committed).
    subprocess.run([str(python), str(ROOT / "packaging" / "build_resources.py")], check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
