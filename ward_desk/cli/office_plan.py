"""``ward-desk office plan``: the office's plan against achievement for a period, total and ward by ward, from
the counted returns' Targets sheets and numbers (what the Plan tab of the office window shows)."""

from __future__ import annotations

import sys

from ward_desk import messages
from ward_desk.cli import data_folder
from ward_desk.db import opened
from ward_desk.textutil import printable

messages.register({
    "cli.officeplan.none": ("Không báo cáo nào được tính kỳ {period} có chỉ tiêu kế hoạch.",
                            "No counted return for {period} carries plan targets."),
    "cli.officeplan.written": ("Đã ghi {out}.", "Wrote {out}."),
})


def _row(*fields: str) -> str:
    """Tab-separated; each field made printable on its own (a name from a file never breaks the columns)."""
    return "\t".join(printable(f) for f in fields)


def _number(n) -> str:
    return "-" if n is None else str(n)


def _percent(line) -> str:
    return "" if line.percent is None else f"{line.percent:.1f}%"


def cmd_plan(args) -> int:
    from ward_desk.reports.plan import label
    from ward_desk.reports import office_plan
    from ward_desk.services.targets import pattern_text

    with opened(data_folder(args)):
        plan = office_plan.plan_vs_achieved(args.period)
        if args.out:
            office_plan.write_plan_vs_achieved(plan, args.out)
        blocks = [("*", messages.text("officeplan.total"), plan.total)]
        blocks += [(w.ward, w.name, w.lines) for w in plan.wards if w.counted]
        if not plan.keys:
            print(messages.text("cli.officeplan.none", period=plan.period))
        for code, name, lines in blocks:
            for line in lines:
                print(_row(code, name, pattern_text(line.key), _number(line.target), str(line.value),
                           str(line.ytd), _percent(line), label(line.key)))
        for ward in plan.wards:
            if not ward.counted:
                print(_row(ward.ward, ward.name, messages.text(
                    "officeplan.no_return", state=messages.text(f"office.state.{ward.state}"))))
        for note in plan.notes:
            print(printable(note), file=sys.stderr)
    if args.out:
        print(messages.text("cli.officeplan.written", out=args.out), file=sys.stderr)
    return 0


def add_parser(sub) -> None:
    """``office plan`` under ``ward-desk office``."""
    parser = sub.add_parser("plan", help="plan targets against achievement for a period, total and by ward")
    parser.add_argument("--period", required=True)
    parser.add_argument("--out", metavar="FILE.xlsx", help="also write it as a workbook")
    parser.set_defaults(handler=cmd_plan)
