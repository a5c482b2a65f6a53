"""``ward-desk gui`` (and ``ward-desk`` with no command): open the desktop window."""

from __future__ import annotations

ORDER = 90


def run_gui(args) -> int:
    from ward_desk import app  # Qt is imported only here, so headless commands never load it

    return app.main(data_dir=getattr(args, "data_dir", None))


def register(subparsers) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop window")
    parser.set_defaults(handler=run_gui)
