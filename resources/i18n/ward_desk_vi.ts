<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>App</name>
    <message>
        <source>Restore: an administrator signs in</source>
        <translation>Khôi phục: quản trị viên đăng nhập</translation>
    </message>
    <message>
        <source>Restoring needs an administrator of the backup (the accounts as they were then).

User name:</source>
        <translation>Khôi phục cần một quản trị viên của bản sao lưu (các tài khoản như lúc sao lưu).

Tên người dùng:</translation>
    </message>
    <message>
        <source>Password of %1:</source>
        <translation>Mật khẩu của %1:</translation>
    </message>
    <message>
        <source>Type the new passphrase again:</source>
        <translation>Nhập lại cụm mật khẩu mới:</translation>
    </message>
    <message>
        <source>The two passphrases differ; type them again.</source>
        <translation>Hai cụm mật khẩu không khớp; hãy nhập lại.</translation>
    </message>
    <message>
        <source>%1

Choose a passphrase to encrypt the data (8 characters or more):</source>
        <translation>%1

Chọn cụm mật khẩu để mã hóa dữ liệu (từ 8 ký tự trở lên):</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>Mã khôi phục</translation>
    </message>
    <message>
        <source>The ward&apos;s data is now encrypted. Write this recovery code down and keep it locked away: it opens the data if the passphrase is forgotten.

%1</source>
        <translation>Dữ liệu của xã/phường đã được mã hóa. Hãy chép lại mã khôi phục này và cất giữ cẩn thận: nó mở được dữ liệu khi quên cụm mật khẩu.

%1</translation>
    </message>
    <message>
        <source>%1

The newest backup is %2. Restore it? The damaged file is kept aside; what was entered after that backup must be entered again.</source>
        <translation>%1

Bản sao lưu mới nhất là %2. Khôi phục bản này? Tệp bị hỏng được giữ lại riêng; những gì nhập sau lần sao lưu đó phải nhập lại.</translation>
    </message>
    <message>
        <location filename="../../ward_desk/app.py" line="80"/>
        <source>%1

Passphrase (or the recovery code):</source>
        <translation>%1

Cụm mật khẩu (hoặc mã khôi phục):</translation>
    </message>
    <message>
        <location filename="../../ward_desk/app.py" line="82"/>
        <source>Open the ward&apos;s data</source>
        <translation>Mở dữ liệu của phường/xã</translation>
    </message>
    <message>
        <source>The ward&apos;s data is damaged</source>
        <translation>Dữ liệu của phường bị hỏng</translation>
    </message>
    <message>
        <source>The database file failed its integrity check (the PC was perhaps switched off while writing, or the disk is failing), so Ward Desk will not work on it.

%1</source>
        <translation>Tệp cơ sở dữ liệu không qua được bước kiểm tra toàn vẹn (có thể máy bị tắt khi đang ghi, hoặc ổ đĩa sắp hỏng), nên Ward Desk sẽ không làm việc trên tệp này.

%1</translation>
    </message>
    <message>
        <source>The newest backup is %1. Restoring it replaces the damaged data; what was entered after that backup must be entered again.</source>
        <translation>Bản sao lưu mới nhất là %1. Khôi phục bản này sẽ thay thế dữ liệu bị hỏng; những gì nhập sau bản sao lưu đó cần nhập lại.</translation>
    </message>
    <message>
        <source>Restore the newest backup</source>
        <translation>Khôi phục bản sao lưu mới nhất</translation>
    </message>
    <message>
        <source>There is no backup in this data folder. Ask your administrator: a backup on a USB stick can be restored with `ward-desk backup restore FILE`.</source>
        <translation>Thư mục dữ liệu này không có bản sao lưu nào. Hãy hỏi quản trị viên: bản sao lưu trên USB có thể khôi phục bằng lệnh `ward-desk backup restore TỆP`.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>Chưa khôi phục được</translation>
    </message>
    <message>
        <source>Ward Desk is already open for this data folder; its window has been brought forward.</source>
        <translation>Ward Desk đang mở với thư mục dữ liệu này; cửa sổ đó đã được đưa lên trước.</translation>
    </message>
</context>
<context>
    <name>ClientPage</name>
    <message>
        <location filename="../../ward_desk/ui/client_page.py" line="23"/>
        <source>Edit client</source>
        <translation>Sửa khách hàng</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/client_page.py" line="24"/>
        <source>Back to clients</source>
        <translation>Về danh sách khách hàng</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/client_page.py" line="59"/>
        <source>Client %1</source>
        <translation>Khách hàng %1</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/client_page.py" line="62"/>
        <source>born %1</source>
        <translation>sinh năm %1</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/client_page.py" line="64"/>
        <source>registered %1</source>
        <translation>đăng ký %1</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../ward_desk/ui/widgets.py" line="36"/>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/widgets.py" line="39"/>
        <location filename="../../ward_desk/ui/widgets.py" line="51"/>
        <source>Pick a date</source>
        <translation>Chọn ngày</translation>
    </message>
    <message>
        <source>Not a valid date: type dd/mm/yyyy, e.g. 23/11/2026</source>
        <translation>Ngày không hợp lệ: hãy gõ dd/mm/yyyy, ví dụ 23/11/2026</translation>
    </message>
</context>
<context>
    <name>DetailsPage</name>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="63"/>
        <source>Office, reporting period and name</source>
        <translation>Nơi nhận báo cáo, kỳ báo cáo và tên hiển thị</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="66"/>
        <source>Calendar month</source>
        <translation>Tháng dương lịch</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="67"/>
        <source>15th to 14th (Decree 09)</source>
        <translation>Từ ngày 15 đến 14 (Nghị định 09)</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="78"/>
        <source>Reports to (office)</source>
        <translation>Báo cáo lên (cấp tổng hợp)</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="79"/>
        <source>Reporting period</source>
        <translation>Kỳ báo cáo</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="80"/>
        <source>Ward name shown</source>
        <translation>Tên phường/xã hiển thị</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="81"/>
        <source>Passphrase for the data</source>
        <translation>Cụm mật khẩu bảo vệ dữ liệu</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="82"/>
        <source>Passphrase again</source>
        <translation>Nhập lại cụm mật khẩu</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="89"/>
        <source>The two passphrases differ.</source>
        <translation>Hai cụm mật khẩu không giống nhau.</translation>
    </message>
    <message>
        <source>Passphrase for the data (8 characters or more)</source>
        <translation>Cụm mật khẩu bảo vệ dữ liệu (từ 8 ký tự trở lên)</translation>
    </message>
    <message>
        <source>The passphrase for the office&apos;s data</source>
        <translation>Cụm mật khẩu bảo vệ dữ liệu của cơ quan</translation>
    </message>
    <message>
        <source>The data is kept encrypted; the passphrase opens it where this computer&apos;s credential store cannot (another computer, a restored backup).</source>
        <translation>Dữ liệu được mã hoá; cụm mật khẩu mở được dữ liệu ở nơi kho khoá của máy này không mở được (máy khác, bản sao lưu được khôi phục).</translation>
    </message>
</context>
<context>
    <name>FollowupsScreen</name>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="22"/>
        <location filename="../../ward_desk/ui/followups_screen.py" line="24"/>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="22"/>
        <location filename="../../ward_desk/ui/followups_screen.py" line="24"/>
        <source>Client code</source>
        <translation>Mã khách hàng</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="22"/>
        <source>Service</source>
        <translation>Dịch vụ</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="23"/>
        <source>Referred on</source>
        <translation>Ngày chuyển gửi</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="23"/>
        <location filename="../../ward_desk/ui/followups_screen.py" line="25"/>
        <source>Days waiting</source>
        <translation>Số ngày chờ</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="24"/>
        <source>Programme</source>
        <translation>Chương trình vay</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="25"/>
        <source>Approved on</source>
        <translation>Ngày duyệt</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="26"/>
        <source>Enter or double click opens the record to record what happened.</source>
        <translation>Nhấn Enter hoặc nháy đúp để mở bản ghi và ghi kết quả.</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="63"/>
        <source>Referrals still waiting after %1 days: %2</source>
        <translation>Chuyển gửi vẫn đang chờ sau %1 ngày: %2</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/followups_screen.py" line="65"/>
        <source>Loans approved but not yet disbursed: %1</source>
        <translation>Khoản vay đã duyệt nhưng chưa giải ngân: %1</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Xuất ra Excel…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>In…</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>Cần theo dõi</translation>
    </message>
    <message>
        <source>printed on %1</source>
        <translation>in ngày %1</translation>
    </message>
    <message>
        <source>Nothing waiting.</source>
        <translation>Không có việc nào đang chờ.</translation>
    </message>
</context>
<context>
    <name>ListScreen</name>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="42"/>
        <source>Search (diacritics and case ignored)…</source>
        <translation>Tìm kiếm (không cần dấu, không phân biệt hoa thường)…</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="47"/>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="51"/>
        <source>Recycle bin</source>
        <translation>Thùng rác</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="71"/>
        <source>&amp;Add</source>
        <translation>&amp;Thêm</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="72"/>
        <source>&amp;Edit</source>
        <translation>&amp;Sửa</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="73"/>
        <source>&amp;Delete</source>
        <translation>&amp;Xoá</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="74"/>
        <source>&amp;Restore</source>
        <translation>&amp;Khôi phục</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="75"/>
        <source>&amp;Purge</source>
        <translation>Xoá &amp;hẳn</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="81"/>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="83"/>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ward_desk/ui/list_screen.py" line="161"/>
        <source>%n record(s)</source>
        <translation><numerusform>%n bản ghi</numerusform></translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="209"/>
        <source>Confirm</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="218"/>
        <source>Not done</source>
        <translation>Chưa thực hiện được</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="226"/>
        <source>Move this record to the recycle bin? It can be restored later.</source>
        <translation>Chuyển bản ghi này vào thùng rác? Có thể khôi phục sau.</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="229"/>
        <source>Restore this record from the recycle bin?</source>
        <translation>Khôi phục bản ghi này từ thùng rác?</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/list_screen.py" line="232"/>
        <source>Delete this record for good? This cannot be undone.</source>
        <translation>Xoá hẳn bản ghi này? Không thể hoàn tác.</translation>
    </message>
    <message>
        <source>Move this record to the recycle bin? A supervisor can restore it later.</source>
        <translation>Chuyển bản ghi này vào thùng rác? Người giám sát có thể khôi phục sau.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="59"/>
        <source>Dashboard</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="59"/>
        <source>Follow-ups</source>
        <translation>Cần theo dõi</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="60"/>
        <source>Returns</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="60"/>
        <source>Office</source>
        <translation>Cấp tổng hợp</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="60"/>
        <source>Settings</source>
        <translation>Thiết lập</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="61"/>
        <source>Audit trail</source>
        <translation>Nhật ký</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="61"/>
        <source>Users</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="61"/>
        <source>Backups</source>
        <translation>Sao lưu</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="97"/>
        <source>Build code (UIC)…</source>
        <translation>Tạo mã (UIC)…</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="153"/>
        <source>no ward set</source>
        <translation>chưa chọn phường/xã</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="155"/>
        <source>Ward: %1 · Database: %2</source>
        <translation>Phường/xã: %1 · Cơ sở dữ liệu: %2</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/main_window.py" line="156"/>
        <source>Ward Desk — %1</source>
        <translation>Ward Desk — %1</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Sign out so that someone else can sign in (Ctrl+Shift+Q)</source>
        <translation>Đăng xuất để người khác đăng nhập (Ctrl+Shift+Q)</translation>
    </message>
    <message>
        <source>clerk</source>
        <translation>cán bộ nhập liệu</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>người phụ trách</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>quản trị viên</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>Đang đăng nhập: %1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>&amp;Hồ sơ</translation>
    </message>
    <message>
        <source>&amp;Import from a RECORDS-1 workbook…</source>
        <translation>&amp;Nhập hồ sơ từ tệp Excel RECORDS-1…</translation>
    </message>
    <message>
        <source>&amp;Export every record to a workbook…</source>
        <translation>&amp;Xuất toàn bộ hồ sơ ra tệp Excel…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Đăng &amp;xuất</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>Export every record</source>
        <translation>Xuất toàn bộ hồ sơ</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Sổ Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting records…</source>
        <translation>Đang xuất hồ sơ…</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>Chưa xuất được</translation>
    </message>
    <message>
        <source>Every record written to %1</source>
        <translation>Đã ghi toàn bộ hồ sơ vào %1</translation>
    </message>
    <message>
        <source>Inbox and completeness</source>
        <translation>Tiếp nhận và tổng hợp</translation>
    </message>
    <message>
        <source>%1 (%2 wards)</source>
        <translation>%1 (%2 phường/xã)</translation>
    </message>
    <message>
        <source>&amp;Office</source>
        <translation>&amp;Tổng hợp</translation>
    </message>
    <message>
        <source>&amp;Receive ward files…</source>
        <translation>&amp;Nhận tệp báo cáo của phường/xã…</translation>
    </message>
    <message>
        <source>Receive a &amp;folder of ward files…</source>
        <translation>Nhận cả &amp;thư mục tệp báo cáo…</translation>
    </message>
    <message>
        <source>Consolidating office: %1 · Database: %2</source>
        <translation>Cơ quan tổng hợp: %1 · Cơ sở dữ liệu: %2</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Đã đăng xuất</translation>
    </message>
    <message>
        <source>The account %1 has been disabled by an administrator. You are signed out; ask an administrator if you need it again.</source>
        <translation>Tài khoản %1 đã bị quản trị viên vô hiệu hóa. Bạn đã được đăng xuất; hãy hỏi quản trị viên nếu cần dùng lại.</translation>
    </message>
    <message>
        <source>Your role has changed: only what it allows is offered now.</source>
        <translation>Quyền của bạn đã thay đổi: từ giờ chỉ hiện những việc quyền này được làm.</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>Rút lại đồng ý</translation>
    </message>
    <message>
        <source>&amp;Hotline call…</source>
        <translation>Cuộc gọi đường &amp;dây nóng…</translation>
    </message>
    <message>
        <source>Record a &amp;GBV case…</source>
        <translation>Ghi nhận vụ việc bạo lực &amp;giới…</translation>
    </message>
    <message>
        <source>Quick call form (Ctrl+H)…</source>
        <translation>Mẫu nhập nhanh cuộc gọi (Ctrl+H)…</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Changed by someone else</source>
        <translation>Đã được người khác sửa</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Tải lại</translation>
    </message>
    <message>
        <source>Keep my form</source>
        <translation>Giữ biểu mẫu của tôi</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/record_form.py" line="32"/>
        <source>Edit: %1</source>
        <translation>Sửa: %1</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/record_form.py" line="33"/>
        <source>New: %1</source>
        <translation>Thêm mới: %1</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/record_form.py" line="58"/>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/record_form.py" line="62"/>
        <source>Save and add another</source>
        <translation>Lưu và thêm tiếp</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/record_form.py" line="64"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/record_form.py" line="67"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <source>Check before saving</source>
        <translation>Cần xem lại trước khi lưu</translation>
    </message>
    <message>
        <source>Ctrl+Enter, or Enter in the last field</source>
        <translation>Ctrl+Enter, hoặc Enter ở ô cuối</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Go back and check</source>
        <translation>Quay lại xem</translation>
    </message>
    <message>
        <source>Move this record from client %1 to client %2?</source>
        <translation>Chuyển hồ sơ này từ khách hàng %1 sang khách hàng %2?</translation>
    </message>
    <message>
        <source>Move to another client</source>
        <translation>Chuyển sang khách hàng khác</translation>
    </message>
    <message>
        <source>Move to another client…</source>
        <translation>Chuyển sang khách hàng khác…</translation>
    </message>
    <message>
        <source>Not moved</source>
        <translation>Chưa chuyển</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Lưu vẫn lưu</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
    <message>
        <source>This record belongs to %1. Client code to move it to:</source>
        <translation>Hồ sơ này thuộc khách hàng %1. Mã khách hàng cần chuyển sang:</translation>
    </message>
    <message>
        <source>given when saved</source>
        <translation>tự động đánh số khi lưu</translation>
    </message>
    <message>
        <source>Create this client?</source>
        <translation>Tạo khách hàng này?</translation>
    </message>
    <message>
        <source>Record the consent…</source>
        <translation>Ghi nhận sự đồng ý…</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="20"/>
        <source>Calendar month</source>
        <translation>Tháng dương lịch</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="21"/>
        <source>15th to 14th (Decree 09)</source>
        <translation>Từ ngày 15 đến 14 (Nghị định 09)</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="24"/>
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="25"/>
        <source>Save settings</source>
        <translation>Lưu thiết lập</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="28"/>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="29"/>
        <source>Ward name shown</source>
        <translation>Tên phường/xã hiển thị</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="30"/>
        <source>Reporting period</source>
        <translation>Kỳ báo cáo</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="31"/>
        <source>Follow up referrals after</source>
        <translation>Theo dõi chuyển gửi sau</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="56"/>
        <source>The new language is used for windows opened from now on; restart to change every screen.</source>
        <translation>Ngôn ngữ mới dùng cho các cửa sổ mở từ bây giờ; khởi động lại để đổi toàn bộ màn hình.</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/settings_screen.py" line="59"/>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <source>On this computer, for you</source>
        <translation>Trên máy này, cho riêng bạn</translation>
    </message>
    <message>
        <source>Anyone signed in may change the language; it is kept on this computer only.</source>
        <translation>Ai đã đăng nhập cũng đổi được ngôn ngữ; lựa chọn chỉ lưu trên máy này.</translation>
    </message>
    <message>
        <source>province code (e.g. 01) or C-…</source>
        <translation>mã tỉnh (ví dụ 01) hoặc C-…</translation>
    </message>
    <message>
        <source> minutes without use</source>
        <translation> phút không sử dụng</translation>
    </message>
    <message>
        <source>The office&apos;s settings</source>
        <translation>Thiết lập của cơ quan</translation>
    </message>
    <message>
        <source>The ward&apos;s settings</source>
        <translation>Thiết lập của phường/xã</translation>
    </message>
    <message>
        <source>Consolidating office</source>
        <translation>Cơ quan tổng hợp</translation>
    </message>
    <message>
        <source>Ward</source>
        <translation>Phường/xã</translation>
    </message>
    <message>
        <source>Reports to (office)</source>
        <translation>Báo cáo lên (cấp tổng hợp)</translation>
    </message>
    <message>
        <source>Lock the window after</source>
        <translation>Khoá cửa sổ sau</translation>
    </message>
    <message>
        <source>no ward set</source>
        <translation>chưa chọn phường/xã</translation>
    </message>
    <message>
        <source>Only an administrator can change these settings; you can still change the language above.</source>
        <translation>Chỉ quản trị viên mới thay đổi được các thiết lập này; bạn vẫn đổi được ngôn ngữ ở trên.</translation>
    </message>
    <message>
        <source>not a province code or a C-… office code</source>
        <translation>không phải mã tỉnh hay mã cơ quan C-…</translation>
    </message>
    <message>
        <source>custom office</source>
        <translation>cơ quan tự đặt</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="107"/>
        <source>Ward Desk: first-time setup</source>
        <translation>Ward Desk: thiết lập lần đầu</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="113"/>
        <source>Next &gt;</source>
        <translation>Tiếp &gt;</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="114"/>
        <source>&lt; Back</source>
        <translation>&lt; Quay lại</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="115"/>
        <source>Create the ward&apos;s database</source>
        <translation>Tạo cơ sở dữ liệu của phường/xã</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="116"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="147"/>
        <source>Recovery code</source>
        <translation>Mã khôi phục</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="148"/>
        <source>Write this recovery code on paper and keep it locked away. It opens the data if the passphrase is forgotten; it is shown only now:

%1</source>
        <translation>Hãy chép mã khôi phục này ra giấy và cất giữ cẩn thận. Mã này mở được dữ liệu khi quên cụm mật khẩu; mã chỉ hiện một lần này:

%1</translation>
    </message>
    <message>
        <source>Shared database</source>
        <translation>Cơ sở dữ liệu dùng chung</translation>
    </message>
    <message>
        <source>Create the office&apos;s database</source>
        <translation>Tạo cơ sở dữ liệu của cơ quan</translation>
    </message>
</context>
<context>
    <name>UicDialog</name>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="19"/>
        <source>Build a client code</source>
        <translation>Tạo mã khách hàng</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="24"/>
        <source>full name or given name</source>
        <translation>họ tên hoặc tên</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="30"/>
        <source>e.g. 1995</source>
        <translation>ví dụ 1995</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="40"/>
        <source>Mother&apos;s name</source>
        <translation>Tên của mẹ</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="41"/>
        <source>Father&apos;s name</source>
        <translation>Tên của cha</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="42"/>
        <source>Client&apos;s own name</source>
        <translation>Tên của khách hàng</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="43"/>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="44"/>
        <source>Year of birth</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="45"/>
        <source>Client code</source>
        <translation>Mã khách hàng</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="46"/>
        <source>The names are used only to build the code and are not stored.</source>
        <translation>Các tên chỉ dùng để tạo mã và không được lưu lại.</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="50"/>
        <source>Use this code</source>
        <translation>Dùng mã này</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="51"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/uic_dialog.py" line="72"/>
        <source>A client with code %1 already exists. It may be the same person: check before adding; nothing is merged.</source>
        <translation>Đã có khách hàng mã %1. Có thể là cùng một người: hãy kiểm tra trước khi thêm; không có gì được gộp tự động.</translation>
    </message>
    <message>
        <source>Open it</source>
        <translation>Mở hồ sơ này</translation>
    </message>
    <message>
        <source>A different person: add a suffix</source>
        <translation>Người khác: thêm hậu tố</translation>
    </message>
    <message>
        <source>in the recycle bin</source>
        <translation>trong thùng rác</translation>
    </message>
    <message>
        <source>A client with code %1 already exists (%2). It may be the same person: open it, or if this is a different person add a suffix; nothing is merged.</source>
        <translation>Đã có khách hàng mã %1 (%2). Có thể là cùng một người: hãy mở hồ sơ đó; nếu là người khác thì thêm hậu tố. Không có gì bị gộp.</translation>
    </message>
</context>
<context>
    <name>WardPage</name>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="20"/>
        <source>Which ward does this computer serve?</source>
        <translation>Máy tính này phục vụ phường/xã nào?</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="21"/>
        <source>Type the ward&apos;s name (diacritics not needed) or its code, then pick it.</source>
        <translation>Gõ tên phường/xã (không cần dấu) hoặc mã, rồi chọn.</translation>
    </message>
    <message>
        <location filename="../../ward_desk/ui/wizard.py" line="24"/>
        <source>e.g. hoan kiem</source>
        <translation>ví dụ: hoan kiem</translation>
    </message>
    <message>
        <source>A ward: this computer records the ward&apos;s work</source>
        <translation>Một phường/xã: máy này ghi chép công việc của phường/xã</translation>
    </message>
    <message>
        <source>A consolidating office: this computer receives the wards&apos; returns (a province, or an office for a list of wards)</source>
        <translation>Một cơ quan tổng hợp: máy này nhận báo cáo của các phường/xã (một tỉnh/thành phố, hoặc một cơ quan cho một danh sách phường/xã)</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Unsaved changes</source>
        <translation>Thay đổi chưa lưu</translation>
    </message>
    <message>
        <source>Discard the changes you have not saved?</source>
        <translation>Bỏ những thay đổi chưa lưu?</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Bỏ thay đổi</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Tiếp tục sửa</translation>
    </message>
</context>
<context>
    <name>StoragePage</name>
    <message>
        <source>Where is the data kept?</source>
        <translation>Dữ liệu được lưu ở đâu?</translation>
    </message>
    <message>
        <source>On this computer, in an encrypted file (one ward PC)</source>
        <translation>Trên máy này, trong một tệp được mã hoá (một máy của phường)</translation>
    </message>
    <message>
        <source>In the office&apos;s shared database (PostgreSQL, several staff)</source>
        <translation>Trong cơ sở dữ liệu dùng chung của cơ quan (PostgreSQL, nhiều cán bộ)</translation>
    </message>
    <message>
        <source>Check the connection</source>
        <translation>Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Database address</source>
        <translation>Địa chỉ cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Database password</source>
        <translation>Mật khẩu cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>This database already holds the unit&apos;s data: finish to use it and sign in.</source>
        <translation>Cơ sở dữ liệu này đã có dữ liệu của đơn vị: bấm Hoàn tất để dùng và đăng nhập.</translation>
    </message>
    <message>
        <source>This database is empty: the next pages set it up for the ward.</source>
        <translation>Cơ sở dữ liệu này còn trống: các trang tiếp theo sẽ thiết lập nó cho phường.</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>The first account (administrator)</source>
        <translation>Tài khoản đầu tiên (quản trị)</translation>
    </message>
    <message>
        <source>Each person signs in with their own name and password. This first account manages the others, the settings and the backups.</source>
        <translation>Mỗi người đăng nhập bằng tên và mật khẩu riêng. Tài khoản đầu tiên này quản lý các tài khoản khác, phần cài đặt và các bản sao lưu.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Password (8 characters or more)</source>
        <translation>Mật khẩu (từ 8 ký tự trở lên)</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu không khớp.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Locked out?</source>
        <translation>Bị khóa?</translation>
    </message>
    <message>
        <source>Type the locked account's user name first.</source>
        <translation>Hãy nhập tên người dùng của tài khoản bị khóa trước.</translation>
    </message>
    <message>
        <source>Unlock an account</source>
        <translation>Mở khóa tài khoản</translation>
    </message>
    <message>
        <source>The data's passphrase or its recovery code lifts the lockout of %1:</source>
        <translation>Cụm mật khẩu của dữ liệu hoặc mã khôi phục mở khóa cho %1:</translation>
    </message>
    <message>
        <source>%1 is unlocked: sign in with the password.</source>
        <translation>Đã mở khóa %1: hãy đăng nhập bằng mật khẩu.</translation>
    </message>
    <message>
        <source>Ward Desk: sign in</source>
        <translation>Ward Desk: đăng nhập</translation>
    </message>
    <message>
        <source>This database has no accounts yet (it was made by an earlier version). Create the first account, an administrator, who can then add the others.</source>
        <translation>Cơ sở dữ liệu này chưa có tài khoản nào (do phiên bản trước tạo ra). Hãy tạo tài khoản đầu tiên, là quản trị viên; người này sẽ thêm các tài khoản khác.</translation>
    </message>
    <message>
        <source>Sign in with your own name and password.</source>
        <translation>Đăng nhập bằng tên và mật khẩu của chính bạn.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>Tạo và đăng nhập</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu không khớp.</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Ward Desk is locked</source>
        <translation>Ward Desk đang khoá</translation>
    </message>
    <message>
        <source>Ward Desk was locked after a while without use. %1, type your password to go on; nothing you had open was lost.</source>
        <translation>Ward Desk đã tự khoá sau một thời gian không dùng. %1, hãy nhập mật khẩu để tiếp tục; những gì đang mở vẫn được giữ nguyên.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khoá</translation>
    </message>
    <message>
        <source>Quit Ward Desk</source>
        <translation>Thoát Ward Desk</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Record type</source>
        <translation>Loại hồ sơ</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Chi tiết</translation>
    </message>
</context>
<context>
    <name>AuditScreen</name>
    <message>
        <source>Everyone</source>
        <translation>Tất cả mọi người</translation>
    </message>
    <message>
        <source>Every action</source>
        <translation>Mọi thao tác</translation>
    </message>
    <message>
        <source>Text in the record, detail or values</source>
        <translation>Chữ trong hồ sơ, chi tiết hoặc giá trị</translation>
    </message>
    <message>
        <source>Verify the chain</source>
        <translation>Kiểm tra chuỗi nhật ký</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>%1 mục</translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation>Chi tiết: %1</translation>
    </message>
    <message>
        <source>Before:</source>
        <translation>Trước:</translation>
    </message>
    <message>
        <source>After:</source>
        <translation>Sau:</translation>
    </message>
    <message>
        <source>The audit trail is intact: no entry was changed or removed.</source>
        <translation>Nhật ký nguyên vẹn: không mục nào bị sửa hay xoá.</translation>
    </message>
    <message>
        <source>The audit trail was tampered with: entry #%1 (%2) and %3 break(s) in all.</source>
        <translation>Nhật ký đã bị can thiệp: mục #%1 (%2), tổng cộng %3 chỗ đứt.</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>Xuất nhật ký</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Sổ Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>%1 entries written to %2</source>
        <translation>Đã ghi %1 mục vào %2</translation>
    </message>
</context>
<context>
    <name>BackupScreen</name>
    <message>
        <source>Change the data passphrase…</source>
        <translation>Đổi cụm mật khẩu của dữ liệu…</translation>
    </message>
    <message>
        <source>Change the data passphrase</source>
        <translation>Đổi cụm mật khẩu của dữ liệu</translation>
    </message>
    <message>
        <source>New passphrase (8 characters or more, a few words):</source>
        <translation>Cụm mật khẩu mới (từ 8 ký tự, vài từ ghép lại):</translation>
    </message>
    <message>
        <source>The new passphrase again:</source>
        <translation>Nhập lại cụm mật khẩu mới:</translation>
    </message>
    <message>
        <source>The two passphrases differ; nothing was changed.</source>
        <translation>Hai cụm mật khẩu khác nhau; không có gì thay đổi.</translation>
    </message>
    <message>
        <source>The passphrase was changed. The data's key was not: an old copy of the key file with the old passphrase still opens the data.</source>
        <translation>Đã đổi cụm mật khẩu. Khóa của dữ liệu thì không đổi: một bản sao cũ của tệp khóa cùng cụm mật khẩu cũ vẫn mở được dữ liệu.</translation>
    </message>
    <message>
        <source>Re-encrypt with a new key?</source>
        <translation>Mã hóa lại bằng khóa mới?</translation>
    </message>
    <message>
        <source>Changing the passphrase does not change the key that encrypts the data: an old copy of ward.key.json (from a backup, a USB stick) with the old passphrase still opens it and every new backup.

Re-encrypt the data now with a new key? Old key files then open nothing made from now on; a new recovery code is shown once.</source>
        <translation>Đổi cụm mật khẩu không đổi khóa mã hóa dữ liệu: một bản sao cũ của ward.key.json (từ bản sao lưu, USB) cùng cụm mật khẩu cũ vẫn mở được dữ liệu và mọi bản sao lưu mới.

Mã hóa lại dữ liệu ngay bằng khóa mới? Khi đó các tệp khóa cũ không mở được gì làm từ nay; mã khôi phục mới được hiện một lần.</translation>
    </message>
    <message>
        <source>The data was re-encrypted with a new key. NEW RECOVERY CODE (write it down, keep it locked away; shown only once): %1</source>
        <translation>Dữ liệu đã được mã hóa lại bằng khóa mới. MÃ KHÔI PHỤC MỚI (ghi lại, cất giữ an toàn; chỉ hiện một lần): %1</translation>
    </message>
    <message>
        <source>New recovery code</source>
        <translation>Mã khôi phục mới</translation>
    </message>
    <message>
        <source>Ward Desk makes an encrypted backup every day while it is open and each time it closes, keeping the newest of the last 7 days and 12 months. Keep a copy away from this PC too (a USB stick locked in a drawer).</source>
        <translation>Ward Desk tự tạo một bản sao lưu mã hoá mỗi ngày khi đang mở và mỗi lần đóng, giữ bản mới nhất của 7 ngày và 12 tháng gần đây. Hãy giữ thêm một bản ở ngoài máy này (USB cất trong ngăn có khoá).</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Bản sao lưu</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Thời điểm tạo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Sao lưu ngay</translation>
    </message>
    <message>
        <source>Back up to a folder…</source>
        <translation>Sao lưu vào thư mục…</translation>
    </message>
    <message>
        <source>Restore the selected backup…</source>
        <translation>Khôi phục bản đã chọn…</translation>
    </message>
    <message>
        <source>Restore a backup from a file…</source>
        <translation>Khôi phục từ tệp…</translation>
    </message>
    <message>
        <source>Backup written: %1</source>
        <translation>Đã ghi bản sao lưu: %1</translation>
    </message>
    <message>
        <source>Where to write the backup (e.g. a USB stick)</source>
        <translation>Ghi bản sao lưu vào đâu (ví dụ USB)</translation>
    </message>
    <message>
        <source>Backup to restore</source>
        <translation>Bản sao lưu cần khôi phục</translation>
    </message>
    <message>
        <source>Ward Desk backups (*.wdbak *.db);;All files (*)</source>
        <translation>Bản sao lưu Ward Desk (*.wdbak *.db);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Choose a backup in the list first.</source>
        <translation>Hãy chọn một bản sao lưu trong danh sách trước.</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Khôi phục bản sao lưu</translation>
    </message>
    <message>
        <source>Restore %1?

Everything entered after that backup is replaced and must be entered again. The current data is kept until the restored backup has opened.</source>
        <translation>Khôi phục %1?

Mọi thứ nhập sau bản sao lưu đó sẽ bị thay thế và phải nhập lại. Dữ liệu hiện tại được giữ cho đến khi bản khôi phục mở được.</translation>
    </message>
    <message>
        <source>Restored %1. Every screen now shows the restored data.</source>
        <translation>Đã khôi phục %1. Mọi màn hình giờ hiển thị dữ liệu đã khôi phục.</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>New account</source>
        <translation>Tài khoản mới</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Password (8 characters or more)</source>
        <translation>Mật khẩu (từ 8 ký tự trở lên)</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu không khớp.</translation>
    </message>
    <message>
        <source>clerk (enter and edit records)</source>
        <translation>cán bộ nhập liệu (nhập và sửa hồ sơ)</translation>
    </message>
    <message>
        <source>supervisor (also returns, unlocking periods, the audit trail)</source>
        <translation>người phụ trách (thêm: báo cáo, mở khoá kỳ, nhật ký)</translation>
    </message>
    <message>
        <source>administrator (also accounts, settings, backups)</source>
        <translation>quản trị viên (thêm: tài khoản, cài đặt, sao lưu)</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Thêm…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Đổi vai trò…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>Đặt lại mật khẩu…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Khoá tài khoản</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Mở lại tài khoản</translation>
    </message>
    <message>
        <source>Lift lockout</source>
        <translation>Gỡ tạm khoá</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>đã khoá</translation>
    </message>
    <message>
        <source>locked out</source>
        <translation>tạm khoá do nhập sai</translation>
    </message>
    <message>
        <source>active</source>
        <translation>đang dùng</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Đã xong.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Đổi vai trò</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Đặt lại mật khẩu</translation>
    </message>
    <message>
        <source>New password for %1:</source>
        <translation>Mật khẩu mới cho %1:</translation>
    </message>
    <message>
        <source>clerk (enter and edit records)</source>
        <translation>cán bộ nhập liệu (nhập và sửa hồ sơ)</translation>
    </message>
    <message>
        <source>supervisor (also returns, unlocking periods, the audit trail)</source>
        <translation>người phụ trách (thêm: báo cáo, mở khoá kỳ, nhật ký)</translation>
    </message>
    <message>
        <source>administrator (also accounts, settings, backups)</source>
        <translation>quản trị viên (thêm: tài khoản, cài đặt, sao lưu)</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>e.g. Bộ Y tế</source>
        <translation>ví dụ: Bộ Y tế</translation>
    </message>
    <message>
        <source>Reporting agency (printed heading)</source>
        <translation>Cơ quan báo cáo (in ở tiêu đề)</translation>
    </message>
    <message>
        <source>Receiving body</source>
        <translation>Nơi nhận báo cáo</translation>
    </message>
    <message>
        <source>Which consolidating office is this?</source>
        <translation>Đây là cơ quan tổng hợp nào?</translation>
    </message>
    <message>
        <source>A province or city receives the returns of all its wards; a custom office (code C-…) receives those of the wards you list.</source>
        <translation>Một tỉnh/thành phố nhận báo cáo của mọi phường/xã trực thuộc; một cơ quan tự đặt (mã C-…) nhận báo cáo của các phường/xã bạn liệt kê.</translation>
    </message>
    <message>
        <source>A province or city (all its wards)</source>
        <translation>Một tỉnh/thành phố (mọi phường/xã trực thuộc)</translation>
    </message>
    <message>
        <source>A custom office for a list of wards</source>
        <translation>Một cơ quan tự đặt cho một danh sách phường/xã</translation>
    </message>
    <message>
        <source>e.g. ha noi</source>
        <translation>ví dụ: ha noi</translation>
    </message>
    <message>
        <source>ward name or code, e.g. ba dinh</source>
        <translation>tên hoặc mã phường/xã, ví dụ: ba dinh</translation>
    </message>
    <message>
        <source>Add →</source>
        <translation>Thêm →</translation>
    </message>
    <message>
        <source>← Remove</source>
        <translation>← Bỏ ra</translation>
    </message>
    <message>
        <source>Office code</source>
        <translation>Mã cơ quan</translation>
    </message>
    <message>
        <source>Wards of this office</source>
        <translation>Các phường/xã của cơ quan</translation>
    </message>
    <message>
        <source>%1 wards will report to this office.</source>
        <translation>%1 phường/xã sẽ báo cáo lên cơ quan này.</translation>
    </message>
    <message>
        <source>%1 wards chosen</source>
        <translation>Đã chọn %1 phường/xã</translation>
    </message>
    <message>
        <source>An office code is C- followed by letters, digits, - or _ (at most 40), e.g. C-HOANKIEM.</source>
        <translation>Mã cơ quan gồm C- rồi đến chữ cái không dấu, chữ số, - hoặc _ (tối đa 40 ký tự), ví dụ C-HOANKIEM.</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Lưu tất cả</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Có</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Có với &amp;tất cả</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Không</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>K&amp;hông với tất cả</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Bỏ qua</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Không lưu</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Khôi phục mặc định</translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <source>&amp;OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Huỷ</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Đó&amp;ng</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>Đóng, không lưu</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Xem chi tiết...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Ẩn chi tiết...</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Cắt</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Cắt</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Sao chép địa chỉ liên &amp;kết</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Select All</source>
        <translation>&amp;Chọn tất cả</translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Tăng</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>&amp;Giảm</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation>Tìm trong:</translation>
    </message>
    <message>
        <source>&amp;Look in:</source>
        <translation>Tìm t&amp;rong:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Tên tệp:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Loại tệ&amp;p:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Mở</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Chọn</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Lưu thành</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Chọn thư mục</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Mọi tệp (*)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Thư mục:</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Tiến tới</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Thư mục cha</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Tiến tới</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Lên thư mục cha</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Tạo thư mục mới</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Tạo thư mục mới</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Xem dạng danh sách</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Xem chi tiết</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Chuyển sang xem dạng danh sách</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Chuyển sang xem chi tiết</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Thanh bên</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Danh sách các nơi và dấu trang</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Nơi mở gần đây</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Thư mục mới</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>Thư mục &amp;mới</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>Đổi t&amp;ên</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Xoá</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>&amp;Hiện tệp ẩn</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>Ổ đĩa</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Lối tắt</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>Bí danh</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Không rõ</translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>Bạn có chắc muốn xoá &apos;%1&apos;?</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is write protected.
Do you want to delete it anyway?</source>
        <translation>&apos;%1&apos; đang được chống ghi.
Bạn vẫn muốn xoá?</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>Không xoá được thư mục.</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 đã có.
Bạn có muốn thay thế không?</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
Không tìm thấy tệp.
Hãy kiểm tra lại tên tệp.</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Không tìm thấy thư mục.
Hãy kiểm tra lại tên thư mục.</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Kích thước</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Ngày sửa</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Máy tính</translation>
    </message>
</context>
<context>
    <name>QPrintPreviewDialog</name>
    <message>
        <source>Print Preview</source>
        <translation>Xem trước khi in</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Page setup</source>
        <translation>Thiết lập trang</translation>
    </message>
    <message>
        <source>Page Setup</source>
        <translation>Thiết lập trang</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Trang sau</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Trang trước</translation>
    </message>
    <message>
        <source>First page</source>
        <translation>Trang đầu</translation>
    </message>
    <message>
        <source>Last page</source>
        <translation>Trang cuối</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Vừa chiều rộng</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>Vừa trang</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Phóng to</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Thu nhỏ</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Khổ dọc</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Khổ ngang</translation>
    </message>
    <message>
        <source>Show single page</source>
        <translation>Xem từng trang</translation>
    </message>
    <message>
        <source>Show facing pages</source>
        <translation>Xem hai trang cạnh nhau</translation>
    </message>
    <message>
        <source>Show overview of all pages</source>
        <translation>Xem tất cả các trang</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
</context>
<context>
    <name>Entry</name>
    <message>
        <source>Last contact</source>
        <translation>Lần gặp cuối</translation>
    </message>
    <message>
        <source>Look up (F4)</source>
        <translation>Tra cứu (F4)</translation>
    </message>
    <message>
        <source>Look up: %1</source>
        <translation>Tra cứu: %1</translation>
    </message>
    <message>
        <source>Type part of the code…</source>
        <translation>Gõ một phần của mã…</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>sinh %1</translation>
    </message>
    <message>
        <source>last contact %1</source>
        <translation>gặp lần cuối %1</translation>
    </message>
    <message>
        <source>no contact yet</source>
        <translation>chưa gặp lần nào</translation>
    </message>
</context>
<context>
    <name>QuickDateEdit</name>
    <message>
        <source>dd/mm/yyyy; 5/12 = this year; t or + = today; Page Up/Down: a day</source>
        <translation>dd/mm/yyyy; 5/12 = năm nay; t hoặc + = hôm nay; Page Up/Down: thêm/bớt một ngày</translation>
    </message>
</context>
<context>
    <name>EstablishmentPage</name>
    <message>
        <source>Edit establishment</source>
        <translation>Sửa cơ sở</translation>
    </message>
    <message>
        <source>Back to establishments</source>
        <translation>Về danh sách cơ sở</translation>
    </message>
    <message>
        <source>listed %1</source>
        <translation>đưa vào danh sách %1</translation>
    </message>
    <message>
        <source>delisted %1</source>
        <translation>rút khỏi danh sách %1</translation>
    </message>
</context>
<context>
    <name>HotlineCallForm</name>
    <message>
        <source>Hotline call</source>
        <translation>Cuộc gọi đường dây nóng</translation>
    </message>
    <message>
        <source>only if the caller is a registered client and agrees</source>
        <translation>chỉ khi người gọi là khách hàng đã đăng ký và đồng ý</translation>
    </message>
    <message>
        <source>Save call (Enter)</source>
        <translation>Lưu cuộc gọi (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <source>Type the number of each answer: the cursor moves on by itself.</source>
        <translation>Gõ số của từng câu trả lời: con trỏ tự chuyển sang ô tiếp theo.</translation>
    </message>
    <message>
        <source>Saved call %1. Next call:</source>
        <translation>Đã lưu cuộc gọi %1. Cuộc gọi tiếp theo:</translation>
    </message>
</context>
<context>
    <name>ConsentReviewScreen</name>
    <message>
        <source>Clients whose consent to keep their records was withdrawn</source>
        <translation>Khách hàng đã rút lại sự đồng ý lưu giữ hồ sơ</translation>
    </message>
    <message>
        <source>Personal Data Protection Law 91/2025: review each one: erase what the law requires, or record the consent the person gives again.</source>
        <translation>Luật Bảo vệ dữ liệu cá nhân 91/2025: xem lại từng trường hợp: xóa những gì luật yêu cầu, hoặc ghi nhận sự đồng ý nếu người đó đồng ý lại.</translation>
    </message>
    <message>
        <source>Client code</source>
        <translation>Mã khách hàng</translation>
    </message>
    <message>
        <source>Withdrawn on</source>
        <translation>Ngày rút lại</translation>
    </message>
    <message>
        <source>Open the client&apos;s page</source>
        <translation>Mở trang khách hàng</translation>
    </message>
    <message numerus="yes">
        <source>%n client(s) to review</source>
        <translation><numerusform>%n khách hàng cần xem lại</numerusform></translation>
    </message>
</context>
</TS>
