@echo off
rem Install Ward Desk with its test tools into .venv (first run only) and run the whole test suite.
rem Extra arguments go to pytest, e.g. "scripts\test.cmd tests\unit -x". The PostgreSQL tests (tests\pg) skip
rem themselves here unless PostgreSQL's server programs are on the PATH.
setlocal
call "%~dp0_bootstrap.cmd" || exit /b 1
if not defined QT_QPA_PLATFORM set "QT_QPA_PLATFORM=offscreen"
if not defined PYTHON_KEYRING_BACKEND set "PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring"
cd /d "%~dp0.."
".venv\Scripts\python.exe" -m pytest -q -p no:cacheprovider %*
exit /b %ERRORLEVEL%
