"""``ward-desk return dhis2``: a WDR-1 return as DHIS2 dataValueSets JSON or ADX XML (docs/DHIS2.md).

The ``return`` command group belongs to ``ward_desk.cli.returns``, which adds ``dhis2`` to it with
``register_under_return``.
"""

from __future__ import annotations

import argparse

from ward_desk import messages
from ward_desk.cli import eprint

messages.register({
    "dhis2.cli.help": ("xuất báo cáo WDR-1 sang DHIS2 (JSON dataValueSets hoặc ADX)",
                       "export a WDR-1 return for DHIS2 (dataValueSets JSON or ADX)"),
    "dhis2.cli.default_mapping": (
        "Dùng tệp ánh xạ mặc định của WDR-1: {path} (xem docs/DHIS2.md để sửa một bản sao).",
        "Using the default WDR-1 mapping: {path} (see docs/DHIS2.md to edit a copy).",
    ),
    "dhis2.cli.written": (
        "Đã ghi {path}: {values} giá trị cho đơn vị {org_unit}, kỳ {period}, tập dữ liệu {data_set}. "
        "Loại trừ theo ánh xạ: {excluded}; chưa ánh xạ: {unmapped}; số 0 không gửi: {zeros}.",
        "Wrote {path}: {values} values for org unit {org_unit}, period {period}, data set {data_set}. "
        "Excluded by the mapping: {excluded}; unmapped: {unmapped}; zeros left out: {zeros}.",
    ),
    "dhis2.cli.partial": (
        "Cảnh báo: báo cáo tổng hợp này THIẾU {missing}/{wards} xã/phường ({detail}): số liệu của {org_unit} "
        "chỉ là một phần. DHIS2 tự cộng dồn theo cây đơn vị, nên chỉ gửi hoặc báo cáo của các xã/phường, hoặc "
        "báo cáo tổng hợp này, không gửi cả hai; khi đủ xã/phường, tổng hợp lại và gửi bản thay thế.",
        "Warning: this consolidated return is PARTIAL: {missing} of its {wards} wards are not in it ({detail}), "
        "so the figures for {org_unit} are incomplete. DHIS2 adds values up the org unit tree: send either the "
        "wards' own returns or this office return, not both; once the missing wards are in, consolidate again "
        "and send the new return to replace this one.",
    ),
})


def cmd_dhis2(args) -> int:
    from ward_desk.services import dhis2 as service

    result = service.export_return(args.file, fmt=args.format, out=args.out, mapping_path=args.mapping,
                                   allow_unmapped=args.allow_unmapped)
    export = result.export
    if result.default_mapping:
        eprint(messages.text("dhis2.cli.default_mapping", path=result.mapping))
    if export.unmapped:  # only reachable with --allow-unmapped: still list every cell that was left out
        eprint(*(p.located() for p in export.unmapped))
        eprint(messages.text("dhis2.unmapped_skipped", count=len(export.unmapped)))
    print(messages.text("dhis2.cli.written", path=result.out, values=len(export.values), org_unit=export.org_unit,
                        period=export.period.dhis2_id, data_set=export.data_set, excluded=export.excluded,
                        unmapped=len(export.unmapped), zeros=export.zeros_left_out))
    if result.partial:
        left = result.wards_left_out
        from ward_desk.services import consolidate  # registers the statuses' words

        detail = ", ".join(f"{count} {messages.text(f'consolidate.status.{status}')}"
                           for status, count in sorted(left.items()))
        eprint(messages.text("dhis2.cli.partial", missing=sum(left.values()), wards=result.wards, detail=detail,
                             org_unit=export.org_unit))
    return 0


def register_under_return(return_subparsers) -> argparse.ArgumentParser:
    """Add ``dhis2`` to the ``return`` group's subcommands (called by ``ward_desk.cli.returns``)."""
    parser = return_subparsers.add_parser("dhis2", help=messages.text("dhis2.cli.help"))
    parser.add_argument("file", metavar="FILE", help="a WDR-1 return (ward or consolidated)")
    parser.add_argument("--mapping", metavar="MAP",
                        help="mapping file (default: resources/data/dhis2/wdr1-default-mapping.json)")
    parser.add_argument("--format", required=True, choices=("json", "adx"),
                        help="json: DHIS2 dataValueSets; adx: IHE ADX XML")
    parser.add_argument("--out", required=True, metavar="OUT", help="output file, or a folder")
    parser.add_argument("--allow-unmapped", action="store_true",
                        help="export even if some cells have no mapping (they are still listed)")
    parser.set_defaults(handler=cmd_dhis2)
    return parser

