"""``ward-desk key passphrase|recovery-code``: change the database passphrase, or replace a lost or leaked
recovery code. The key itself stays: the database is not rewritten, and backups made before keep opening with
what was valid when they were made (their own ``.key.json``)."""

from __future__ import annotations

from ward_desk import messages
from ward_desk.cli import data_folder
from ward_desk.db import opened

ORDER = 85

messages.register({
    "key.cli.passphrase_done": (
        "Đã đổi cụm mật khẩu. Các bản sao lưu làm trước đó vẫn mở bằng cụm mật khẩu cũ (hoặc mã khôi phục).",
        "The passphrase was changed. Backups made before still open with the old passphrase (or the recovery "
        "code)."),
    "key.cli.recovery_done": (
        "MÃ KHÔI PHỤC MỚI (in hoặc chép lại, cất giữ an toàn; chỉ hiện một lần): {code}\nMã cũ không còn dùng được "
        "cho cơ sở dữ liệu này.",
        "NEW RECOVERY CODE (print or copy it, keep it safe; shown only once): {code}\nThe old code no longer opens "
        "this database."),
    "key.cli.new_needed": ("Cần cụm mật khẩu mới: đặt WARD_DESK_NEW_PASSPHRASE hoặc chạy trong cửa sổ lệnh.",
                           "A new passphrase is needed: set WARD_DESK_NEW_PASSPHRASE or run it in a terminal."),
})


def cmd_passphrase(args) -> int:
    from ward_desk.cli.prompts import new_passphrase
    from ward_desk.services import key_admin

    new = new_passphrase("WARD_DESK_NEW_PASSPHRASE", "key.cli.new_needed")  # asked before anything changes
    with opened(data_folder(args)):
        key_admin.change_passphrase(new)
    print(messages.text("key.cli.passphrase_done"))
    return 0


def cmd_recovery_code(args) -> int:
    from ward_desk.services import key_admin

    with opened(data_folder(args)):
        code = key_admin.replace_recovery_code()
    print(messages.text("key.cli.recovery_done", code=code))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("key", help="change the database passphrase or replace the recovery code (admin)")
    sub = parser.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    sub.add_parser("passphrase", help="a new passphrase (WARD_DESK_NEW_PASSPHRASE, else asked twice)"
                   ).set_defaults(handler=cmd_passphrase)
    sub.add_parser("recovery-code", help="a new recovery code, printed once; the old one stops working"
                   ).set_defaults(handler=cmd_recovery_code)
