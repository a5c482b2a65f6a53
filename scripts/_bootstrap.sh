# Sourced by scripts/start and scripts/test: find a Python >= 3.12, make .venv, install Ward Desk into it.
# Every install step lives here so that a fresh checkout (and CI) needs nothing done by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  local candidate
  for candidate in "${WARD_DESK_PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv installs that are not on the PATH (the default python3 here is 3.11)
  local root
  root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for candidate in "$root"/versions/3.13.*/bin/python3 "$root"/versions/3.12.*/bin/python3; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  echo "Ward Desk needs Python >= 3.12; none was found (set WARD_DESK_PYTHON to one)." >&2
  return 1
}

VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ] ||
   ! "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
  PY="$(find_python)"
  echo "Creating $VENV with $("$PY" --version)" >&2
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi

# Reinstall only when the dependency list changed.
STAMP="$VENV/.ward-desk-installed"
EXTRAS="${WARD_DESK_EXTRAS:-test}"
WANT="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)-$EXTRAS"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  "$VENV/bin/python" -m pip install --quiet -e ".[$EXTRAS]"
  echo "$WANT" > "$STAMP"
fi
# Compiled Qt resources and translations (generated, not committed).
"$VENV/bin/python" packaging/build_resources.py >&2
export PATH="$VENV/bin:$PATH"
