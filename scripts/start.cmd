@echo off
rem Install Ward Desk into .venv (first run only) and start it: "scripts\start.cmd" opens the desktop window,
rem "scripts\start.cmd demo --unit 00070" or any other ward-desk arguments run the command line.
setlocal
call "%~dp0_bootstrap.cmd" || exit /b 1
"%~dp0..\.venv\Scripts\ward-desk.exe" %*
exit /b %ERRORLEVEL%
