"""The ``ward-desk`` command line (spec/CLI.md). No Qt here except behind ``gui``.

Each module in this package that defines ``register(subparsers)`` adds its commands; a command's handler is
``handler(args) -> int``. Errors a person can act on (``WardDeskError``) are printed to stderr in the
interface language, without a traceback: exit 1 for rejected data or files, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from ward_desk import __version__, config, messages
from ward_desk.errors import UsageError, ValidationFailed, WardDeskError

messages.register({
    "cli.description": (
        "Ward Desk: sổ ghi chép và báo cáo WDR-1 của xã/phường.",
        "Ward Desk: a ward's records and its WDR-1 returns.",
    ),
    "cli.see_log": ("Chi tiết kỹ thuật đã ghi vào {path}.", "Technical details were written to {path}."),
    "cli.interrupted": ("Đã dừng theo yêu cầu; không có gì bị ghi dở.", "Stopped; nothing was half-written."),
    "cli.init.recovery": (
        "MÃ KHÔI PHỤC (in ra hoặc chép lại, cất nơi an toàn; chỉ hiện một lần): {code}",
        "RECOVERY CODE (print or copy it, keep it safe; shown only once): {code}",
    ),
})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit code 2 is what CLI.md asks for
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}\n")


# The command each module registers (``register(subparsers)``), so that a command imports its own module only:
# `return export` does not pay for importing the office, backup or account commands and what they import
# (bench/README.md, `python -X importtime`). `--help`, no command or an unknown word loads them all.
# tests/unit/test_cli_lazy.py checks this table against what the modules register (a command missing here still
# works: an unknown word loads every module).
COMMANDS = {
    "init": "setup", "server": "server", "records": "records", "return": "returns", "consolidate": "returns",
    "demo": "demo", "period": "periods", "office": "office", "audit": "audit", "backup": "backup", "key": "key",
    "user": "users", "gui": "gui", "report": "reports", "plan": "reports",
}
_GLOBAL_OPTIONS_WITH_VALUE = {"--data-dir", "--user", "--database"}


def _command_word(argv: list[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not a global option or its value)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif word in ("--", "-h", "--help"):  # the top-level help lists every command
            return None
        elif not word.startswith("-"):
            return word
    return None


def _command_modules(argv: list[str] | None):
    """The modules that register the command ``argv`` names; every command module when it names none we know."""
    name = COMMANDS.get(_command_word(argv)) if argv is not None else None
    if name is not None:
        return [importlib.import_module(f"{__name__}.{name}")]
    import pkgutil

    modules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            modules.append(module)
    return modules


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``argv``, only the command it names is registered (the others are not
    imported), unless it names none: then every command, for the usage and ``--help``."""
    parser = _Parser(prog="ward-desk", description=messages.text("cli.description"))
    parser.add_argument("--version", action="version", version=f"ward-desk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (temporary encrypted database, a record, a return, the "
                             "Vietnamese translation, the keyring) and exit: 0 only if every step passed")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder (default: WARD_DESK_DATA_DIR or per-user)")
    parser.add_argument("--user", metavar="NAME",
                        help="act as this account (default: WARD_DESK_USER); its password from "
                             "WARD_DESK_PASSWORD, else asked for")
    parser.add_argument("--database", metavar="URL",
                        help="a shared PostgreSQL database, postgresql://user@host/dbname, instead of the data "
                             "folder's file (default: WARD_DESK_DATABASE)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in sorted(_command_modules(argv), key=lambda m: (getattr(m, "ORDER", 50), m.__name__)):
        module.register(subparsers)
    return parser


# The commands that open the data folder's ward file (``init`` and ``demo`` make one, ``gui`` warms up itself).
_OPEN_THE_WARD_FILE = {"records", "return", "consolidate", "period", "office", "audit", "backup", "key", "user",
                       "report", "plan"}


def _warm_up(words: list[str]) -> None:
    """Before anything else is imported: start looking for the ward file's key and fingerprint, and checking the
    password, in background threads (``ward_desk.db.warm_up``), so the key's derivation and the password's
    argon2 check run while the command's modules load."""
    if _command_word(words) not in _OPEN_THE_WARD_FILE or any(w.startswith("--database") for w in words):
        return
    import os

    given = {"--data-dir": None, "--user": os.environ.get("WARD_DESK_USER")}
    for i, word in enumerate(words):
        name, _eq, value = word.partition("=")
        if name in given:
            given[name] = value if _eq else (words[i + 1] if i + 1 < len(words) else None)
    from ward_desk import db

    # the password's check can start too when it is given headless (the sign-in still runs as always)
    db.warm_up(given["--data-dir"], username=given["--user"], password=os.environ.get("WARD_DESK_PASSWORD"))


def eprint(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    from ward_desk import process

    process.harden()  # no core file with the database key, the passphrase or a password in it
    words = sys.argv[1:] if argv is None else list(argv)
    _warm_up(words)
    parser = build_parser(words)
    args = parser.parse_args(words)
    from ward_desk import db

    db.use_database_url(args.database)  # set on every call: main() also runs in-process, in tests
    if getattr(args, "self_test", False):
        from ward_desk.selftest import main as self_test

        return self_test()
    if args.command is None:
        args.command = "gui"
        args.handler = getattr(parser, "_gui_handler", None)
    handler = getattr(args, "handler", None)
    if handler is None:
        from ward_desk.cli.gui import run_gui

        handler = run_gui
    from ward_desk.services import accounts

    accounts.forget_session()  # main() also runs in-process (tests): no user carries over from a last run
    if (args.command not in NO_USER_COMMANDS and getattr(args, "office_command", None) != "init"
            and not getattr(args, "with_key", False)):  # `user unlock --with-key`: the key is the proof
        from ward_desk.cli import prompts

        accounts.use_cli_credentials(_cli_user(args), lambda: prompts.password(_cli_user(args)),
                                     bootstrap=_bootstrap(args))
    from ward_desk import keys

    keys.take_recovery_code()  # only a key made by this command has its code printed after it
    from ward_desk.services import operation

    operation.check_before_writing = args.command != "gui"  # a write command on a damaged file is refused first
    try:
        status = _run_asking_for_the_passphrase(handler, args)
        _print_new_recovery_code()
        return status
    except ValidationFailed as exc:
        eprint(*(p.located() for p in exc.problems))
        eprint(exc.message())
        return exc.exit_code
    except UsageError as exc:
        eprint(f"ward-desk: {exc.message()}")
        return 2
    except WardDeskError as exc:
        eprint(f"ward-desk: {exc.message()}")
        if exc.code == "closing.closed":  # the app names its screen; the command line its command
            eprint(messages.text("closing.cli_unlock", period=exc.params.get("period", "")))
        return exc.exit_code
    except KeyboardInterrupt:
        eprint(messages.text("cli.interrupted"))
        return 130
    except Exception as exc:  # a bug: say so plainly, keep the traceback in the log for support staff
        log = _log_traceback(args)
        explained = db.explain(exc)  # a damaged file, a read-only or full folder: what is wrong, what works
        if explained is not None:
            eprint(f"ward-desk: {explained.message()}")
            return explained.exit_code
        eprint(f"ward-desk: {messages.text('generic.unexpected', detail=f'{type(exc).__name__}: {exc}')}")
        if log:
            eprint(messages.text("cli.see_log", path=log))
        return 1
    finally:
        operation.check_before_writing = False
        accounts.clear_cli_credentials()
        accounts.forget_session()


def _run_asking_for_the_passphrase(handler, args) -> int:
    """Run the command; in a terminal, a database that needs its passphrase (no keyring entry, no
    WARD_DESK_PASSPHRASE) asks for it, or the recovery code, up to three times. Nothing was changed by the
    attempt that failed: the key is needed before the database opens."""
    import os

    prompted = False
    for attempt in range(4):
        try:
            return int(handler(args) or 0)
        except WardDeskError as exc:
            code = str(getattr(exc, "code", ""))
            wanted = ("keys.locked", "keys.passphrase_needed") + (("keys.wrong",) if prompted else ())
            if attempt == 3 or not sys.stdin.isatty() or code not in wanted:
                raise  # headless, or a wrong WARD_DESK_PASSPHRASE: said plainly, never masked by a prompt
            from ward_desk.cli import prompts

            if code == "keys.passphrase_needed":  # a new database (demo): the passphrase, typed twice
                os.environ["WARD_DESK_PASSPHRASE"] = prompts.new_passphrase()
                continue
            eprint(exc.message())
            typed = prompts.passphrase_or_recovery_code()
            os.environ["WARD_DESK_PASSPHRASE"] = os.environ["WARD_DESK_RECOVERY_CODE"] = typed
            prompted = True
    raise AssertionError("unreachable")


def _print_new_recovery_code() -> None:
    """A database made by this command (``demo``; an old unencrypted one encrypted on opening) has a new
    recovery code: shown once, on stderr, as ``init`` shows its own."""
    from ward_desk import keys

    code = keys.take_recovery_code()
    if code:
        eprint(messages.text("cli.init.recovery", code=code))


# Commands that run without a signed-in user: `init` (and `office init`) create the first admin, the desktop
# app has its own sign-in window.
NO_USER_COMMANDS = {"init", "gui", None}


def _cli_user(args) -> str | None:
    import os

    return args.user or os.environ.get("WARD_DESK_USER") or None


def _bootstrap(args) -> bool:
    """`user add ... --role admin` is the one command a database with no accounts yet accepts."""
    return args.command == "user" and getattr(args, "user_command", None) == "add" and args.role == "admin"


def _log_traceback(args) -> str | None:
    import traceback

    try:
        folder = config.data_dir(getattr(args, "data_dir", None)) / config.LOG_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "errors.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(traceback.format_exc() + "\n")
        return str(path)
    except OSError:
        return None


def data_folder(args) -> str:
    return str(config.data_dir(getattr(args, "data_dir", None)))
