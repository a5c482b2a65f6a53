"""``ward-desk period list|unlock``: exported (closed) periods, and a supervisor's unlock with a reason."""

from __future__ import annotations

from ward_desk import messages
from ward_desk.cli import data_folder
from ward_desk.db import opened

ORDER = 45

messages.register({
    "period.cli.help": ("kỳ báo cáo đã xuất (đã khoá) và mở khoá", "exported (closed) periods and unlocking"),
    "period.cli.none": ("Chưa xuất báo cáo kỳ nào; không có kỳ nào bị khoá.",
                        "No return has been exported; no period is locked."),
    "period.cli.locked": ("đã khoá", "locked"),
    "period.cli.unlocked": ("đã mở khoá bởi {user}: {reason}", "unlocked by {user}: {reason}"),
    "period.cli.row": ("{period} ({basis}) lần nộp {no}: {state}", "{period} ({basis}) submission {no}: {state}"),
    "period.cli.done": (
        "Đã mở khoá kỳ {period} ({basis}). Lần xuất báo cáo kỳ này tiếp theo sẽ khoá lại kỳ.",
        "Unlocked period {period} ({basis}). The period's next export locks it again.",
    ),
})


def cmd_list(args) -> int:
    from ward_desk.services import accounts, closing

    with opened(data_folder(args)):
        accounts.require("records.read")
        states = closing.period_states()
    if not states:
        print(messages.text("period.cli.none"))
    for s in states:
        state = messages.text("period.cli.locked") if s["locked"] else messages.text(
            "period.cli.unlocked", user=s["unlocked_by"] or "?", reason=s["reason"] or "")
        print(messages.text("period.cli.row", period=s["period"], basis=s["basis"], no=s["submission_no"],
                            state=state))
    return 0


def cmd_unlock(args) -> int:
    from ward_desk.services import closing

    with opened(data_folder(args)):
        row = closing.unlock(args.period, args.reason, basis=args.basis)
    print(messages.text("period.cli.done", period=row.period, basis=row.basis))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("period", help=messages.text("period.cli.help"))
    commands = parser.add_subparsers(dest="period_command", required=True)
    commands.add_parser("list", help="exported periods: locked, or unlocked by whom and why").set_defaults(
        handler=cmd_list)
    unlock = commands.add_parser("unlock", help="reopen an exported period (supervisor), with a reason")
    unlock.add_argument("period", metavar="PERIOD", help="e.g. 2026-10, 2026-Q3, 2026-H1, 2026")
    unlock.add_argument("--reason", required=True, help="why the period's records must change (audited)")
    unlock.add_argument("--basis", choices=("calendar", "nd09"), help="default: the ward's period basis")
    unlock.set_defaults(handler=cmd_unlock)
