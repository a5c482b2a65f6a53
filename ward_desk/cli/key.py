"""``ward-desk key passphrase|recovery-code|rotate``: change the database passphrase, replace a lost or leaked
recovery code, or re-encrypt the database with a new key. The first two leave the key itself: the database is
not rewritten, and an old copy of ``ward.key.json`` with the old passphrase still opens it. ``rotate`` changes
the key: old key files open nothing made after it (backups made before keep opening with their own
``.key.json``)."""

from __future__ import annotations

from ward_desk import messages
from ward_desk.cli import data_folder
from ward_desk.db import opened

ORDER = 85

messages.register({
    "key.cli.passphrase_done": (
        "Đã đổi cụm mật khẩu trong ward.key.json. Điều KHÔNG đổi: khóa của cơ sở dữ liệu. Một bản sao cũ của "
        "ward.key.json cùng cụm mật khẩu cũ vẫn mở được cơ sở dữ liệu và mọi bản sao lưu, kể cả bản làm sau này; "
        "các bản sao lưu làm trước vẫn mở bằng cụm mật khẩu cũ (hoặc mã khôi phục). Nếu cụm mật khẩu cũ hoặc tệp "
        "khóa có thể đã lộ, hãy chạy `ward-desk key rotate`.",
        "The passphrase in ward.key.json was changed. What did NOT change: the database key. An old copy of "
        "ward.key.json with the old passphrase still opens the database and every backup, also those made from "
        "now on; backups made before still open with the old passphrase (or the recovery code). If the old "
        "passphrase or the key file may have leaked, run `ward-desk key rotate`."),
    "key.cli.rotated": (
        "Đã mã hóa lại cơ sở dữ liệu bằng khóa mới. Tệp khóa cũ và cụm mật khẩu cũ không mở được cơ sở dữ liệu "
        "này hay bản sao lưu nào làm từ nay; bản sao lưu làm trước vẫn mở bằng tệp .key.json của chính nó.\n"
        "MÃ KHÔI PHỤC MỚI (in hoặc chép lại, cất giữ an toàn; chỉ hiện một lần): {code}",
        "The database was re-encrypted with a new key. The old key file and passphrase open neither it nor any "
        "backup made from now on; backups made before still open with their own .key.json.\n"
        "NEW RECOVERY CODE (print or copy it, keep it safe; shown only once): {code}"),
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


def cmd_rotate(args) -> int:
    from ward_desk.cli.prompts import new_passphrase
    from ward_desk.services import key_admin

    passphrase = new_passphrase("WARD_DESK_NEW_PASSPHRASE", "key.cli.new_needed")  # may be the current one
    with opened(data_folder(args)):
        code = key_admin.rotate(passphrase)
    print(messages.text("key.cli.rotated", code=code))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("key", help="passphrase, recovery code, or rotate the key after a leak (admin)")
    sub = parser.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    sub.add_parser("passphrase", help="a new passphrase (WARD_DESK_NEW_PASSPHRASE, else asked twice)"
                   ).set_defaults(handler=cmd_passphrase)
    sub.add_parser("recovery-code", help="a new recovery code, printed once; the old one stops working"
                   ).set_defaults(handler=cmd_recovery_code)
    sub.add_parser("rotate", help="re-encrypt the database with a new key (after a leak): old key files and "
                                  "passphrases open nothing made after; a new recovery code is printed; the "
                                  "passphrase from WARD_DESK_NEW_PASSPHRASE, else asked twice"
                   ).set_defaults(handler=cmd_rotate)
