@echo off
rem Called by scripts\start.cmd and scripts\test.cmd, the Windows twins of scripts/start and scripts/test:
rem find Python 3.12 or newer (the "py" launcher that python.org's installer puts on every PC first), then
rem scripts\bootstrap.py makes .venv, installs Ward Desk into it (again only when pyproject.toml changed) and
rem compiles the Qt resources, as scripts/_bootstrap.sh does on Linux.
set "WD_PY="
if defined WARD_DESK_PYTHON (
  "%WARD_DESK_PYTHON%" -c "import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)" >nul 2>&1 && set WD_PY="%WARD_DESK_PYTHON%"
)
if not defined WD_PY (
  py -3.12 -c "import sys" >nul 2>&1 && set "WD_PY=py -3.12"
)
if not defined WD_PY (
  py -3.13 -c "import sys" >nul 2>&1 && set "WD_PY=py -3.13"
)
if not defined WD_PY (
  python -c "import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)" >nul 2>&1 && set "WD_PY=python"
)
if not defined WD_PY (
  echo Ward Desk needs Python 3.12: install it from https://www.python.org/downloads/windows/ and run this again ^(or set WARD_DESK_PYTHON to a python.exe 3.12 or newer^). 1>&2
  exit /b 1
)
%WD_PY% "%~dp0bootstrap.py"
