"""``ward-desk report narrative|fill-form|plan-vs-achieved|template`` and ``ward-desk plan import|export|show|set``."""

from __future__ import annotations

import contextlib
import sys

from ward_desk import messages
from ward_desk.cli import data_folder
from ward_desk.db import opened

ORDER = 42

messages.register({
    "cli.report.narrative": ("Đã ghi {file} (bản dự thảo báo cáo {period}{template}).",
                             "Wrote {file} (the draft report for {period}{template})."),
    "cli.report.template_used": (", theo mẫu {name}", ", on the template {name}"),
    "cli.report.filled": ("Đã ghi {file}: điền {cells} ô.", "Wrote {file}: {cells} cell(s) filled."),
    "cli.report.written": ("Đã ghi {file}.", "Wrote {file}."),
    "cli.report.template_set": ("Đã lưu mẫu báo cáo riêng: {file}", "Kept the ward's own report template: {file}"),
    "cli.report.template_cleared": ("Đã bỏ mẫu báo cáo riêng; dùng mẫu có sẵn.",
                                    "The own report template was removed; the built-in one is used."),
    "cli.report.template_none": ("Chưa có mẫu báo cáo riêng; dùng mẫu có sẵn.",
                                 "No own report template; the built-in one is used."),
    "cli.report.need_period": ("Cần --period (hoặc --from một tệp báo cáo).",
                               "--period is needed (or --from a return file)."),
    "cli.plan.none": ("Chưa có chỉ tiêu kế hoạch năm {year}.", "No plan target for {year} yet."),
    "cli.plan.imported": ("Đã nhập {count} chỉ tiêu kế hoạch năm {year} từ {file}.",
                          "Imported {count} plan target(s) for {year} from {file}."),
})


def _source_or_folder(args):
    """The ward's database, unless the numbers come from a return file (an office's consolidation)."""
    from ward_desk.errors import UsageError

    if not getattr(args, "period", None) and not getattr(args, "source", None):
        raise UsageError("cli.report.need_period")
    return contextlib.nullcontext() if getattr(args, "source", None) else opened(data_folder(args))


def cmd_narrative(args) -> int:
    from ward_desk.reports import narrative

    with _source_or_folder(args):
        draft = narrative.write_narrative(args.out, args.period, basis=args.basis, source=args.source,
                                          template=args.template)
    used = messages.text("cli.report.template_used", name=draft.template) if draft.template else ""
    print(messages.text("cli.report.narrative", file=draft.out, period=draft.period, template=used),
          file=sys.stderr)
    print(draft.out)
    return 0


def cmd_fill(args) -> int:
    from ward_desk.reports import form_fill

    with _source_or_folder(args):
        result = form_fill.fill_form(args.form, args.out, args.period, basis=args.basis, source=args.source)
    print(messages.text("cli.report.filled", file=result.out, cells=result.filled), file=sys.stderr)
    print(result.out)
    return 0


def cmd_plan_vs(args) -> int:
    from ward_desk.reports import plan

    with _source_or_folder(args):
        out = plan.write_plan_vs_achieved(args.out, args.period, basis=args.basis, source=args.source)
    print(messages.text("cli.report.written", file=out), file=sys.stderr)
    print(out)
    return 0


def cmd_template(args) -> int:
    from ward_desk.reports import narrative

    with opened(data_folder(args)):
        if args.action == "set":
            print(messages.text("cli.report.template_set", file=narrative.set_template(args.file)))
        elif args.action == "clear":
            narrative.clear_template()
            print(messages.text("cli.report.template_cleared"))
        else:
            path = narrative.own_template()
            print(path if path else messages.text("cli.report.template_none"))
    return 0


def cmd_plan(args) -> int:
    from ward_desk.reports import plan

    with opened(data_folder(args)):
        from ward_desk.services import accounts

        accounts.require("records.read")
        if args.plan_command == "import":
            found = plan.import_plan(args.file, args.year)
            print(messages.text("cli.plan.imported", count=len(found), year=args.year, file=args.file))
        elif args.plan_command == "export":
            print(plan.export_plan(args.file, args.year))
        elif args.plan_command == "set":
            values = dict(plan.targets(args.year))
            for item in args.targets:
                pattern, _sep, number = item.rpartition("=")
                values[pattern] = number
            plan.set_targets(args.year, values)
            print(messages.text("plan.saved", count=len(plan.targets(args.year)), year=args.year))
        else:
            current = plan.targets(args.year)
            if not current:
                print(messages.text("cli.plan.none", year=args.year))
            for key, value in current.items():
                print(f"{':'.join(key)}\t{value}\t{plan.label(key)}")
    return 0


def _period_args(parser, *, required=True) -> None:
    parser.add_argument("--period", required=required, help="YYYY-MM, YYYY-Qn, YYYY-H1/H2 or YYYY")
    parser.add_argument("--basis", choices=("calendar", "nd09"), help="default: the ward's setting")
    parser.add_argument("--from", dest="source", metavar="RETURN.xlsx",
                        help="take the numbers from a WDR-1 return file (an office's consolidation) instead of "
                             "the ward's records")


def register(subparsers) -> None:
    group = subparsers.add_parser("report", help="6-month / annual report draft, province forms, plan vs achieved")
    sub = group.add_subparsers(dest="report_command", metavar="SUBCOMMAND", required=True, parser_class=type(group))
    nar = sub.add_parser("narrative", help="the narrative report draft (.docx) for a period")
    _period_args(nar, required=False)
    nar.add_argument("--out", required=True, metavar="FILE.docx")
    nar.add_argument("--template", metavar="TEMPLATE.docx", help="default: the ward's own template if kept")
    nar.set_defaults(handler=cmd_narrative)
    fill = sub.add_parser("fill-form", help="fill a province's form workbook from a period's WDR-1 grid")
    fill.add_argument("form", metavar="FORM.xlsx")
    _period_args(fill, required=False)
    fill.add_argument("--out", required=True, metavar="FILE.xlsx")
    fill.set_defaults(handler=cmd_fill)
    vs = sub.add_parser("plan-vs-achieved", help="each plan target with the period and the year to date")
    _period_args(vs, required=False)
    vs.add_argument("--out", required=True, metavar="FILE.xlsx")
    vs.set_defaults(handler=cmd_plan_vs)
    tpl = sub.add_parser("template", help="keep, show or remove the ward's own narrative template")
    tpl.add_argument("action", choices=("set", "show", "clear"))
    tpl.add_argument("file", nargs="?", metavar="TEMPLATE.docx")
    tpl.set_defaults(handler=cmd_template)

    plan_parser = subparsers.add_parser("plan", help="the annual plan targets: import, export, show, set")
    psub = plan_parser.add_subparsers(dest="plan_command", metavar="SUBCOMMAND", required=True,
                                      parser_class=type(plan_parser))
    for name, text in (("import", "make a plan workbook's targets the year's (all or nothing)"),
                       ("export", "write the year's targets (or a blank plan to fill) as a workbook")):
        p = psub.add_parser(name, help=text)
        p.add_argument("file", metavar="PLAN.xlsx")
        p.add_argument("--year", required=True, type=int)
        p.set_defaults(handler=cmd_plan)
    show = psub.add_parser("show", help="the year's targets")
    show.add_argument("--year", required=True, type=int)
    show.set_defaults(handler=cmd_plan)
    put = psub.add_parser("set", help="set targets by hand: PATTERN=NUMBER (empty NUMBER removes one)")
    put.add_argument("--year", required=True, type=int)
    put.add_argument("targets", nargs="+", metavar="INDICATOR:CATEGORY:SEX:AGE=NUMBER")
    put.set_defaults(handler=cmd_plan)
