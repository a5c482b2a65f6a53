"""Core layer: the records standard (RETURN-v1 §1, RECORDS-1) declared once. No Qt here.

Each record kind is a RECORDS-1 sheet, in parent-first order (a kind only names kinds above it), with its
columns in the workbook's order. A column says what the rules, the import and export, the lists, the forms and
the labels need to know about it: its type, whether it is required, its code list (``spec.codes``), its length
limit or plausible range, the kind it refers to, whether a list search looks in it, whether "save and add
another" keeps it, and its one Vietnamese and English wording (form, list, workbook label row, messages).

Column types: ``id`` (a record id or client code: visible ASCII letters, digits, ``-`` and ``_``, stored
upper-case), ``code`` (one of a code list), ``text`` (one line), ``note`` (free text where tab and newline are
allowed), ``date``, ``int`` (a count), ``year``, ``money`` (VND, whole).
"""

from __future__ import annotations

from dataclasses import dataclass

from ward_desk import config

ID_LENGTH = 32  # record ids and client codes (a UIC is 8 characters; ward-made ids about 10)
CODE_LENGTH = 16  # a code column's storage width (the longest code, ESTABLISHMENT, has 13; INTIMATE_PARTNER 16)
MIN_BIRTH_YEAR = 1930
COUNT_TYPES = ("int", "year", "money")
TEXT_TYPES = ("text", "note")


@dataclass(frozen=True)
class Column:
    key: str
    type: str
    vi: str
    en: str
    required: bool = False
    codes: str | None = None  # a CODE_LISTS name, for type "code"
    max_length: int | None = None  # id, code, text and note columns
    low: int | None = None  # numbers: the plausible range (birth year: up to the current year)
    high: int | None = None
    ref: str | None = None  # the kind this column names by its id
    searched: bool = False  # a list search looks in it
    keep: bool = False  # "save and add another" keeps it for the next paper slip
    future: bool = False  # a date that may be later than today (a commitment's end of validity)

    def label(self, lang: str | None = None) -> str:
        return self.vi if (lang or config.language()) == "vi" else self.en


@dataclass(frozen=True)
class Kind:
    """A RECORDS-1 sheet: its name, the column(s) a row is matched by, its names (many / one) and columns."""

    name: str
    vi: str
    en: str
    one_vi: str
    one_en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    status: str | None = None  # what its list filters by: a code column, or a code list of states (loan_stage)
    sort: str | None = None  # the column its list opens sorted by (default: its first date, which it filters by)
    id_prefix: str | None = None  # a new record's automatic id: this prefix, then the number in id_digits digits
    id_digits: int = 0  # (DK0000042: the ward's paper registers and the demo data use these)

    @property
    def list_sort(self) -> str:
        return self.sort or next(c.key for c in self.columns if c.type == "date")

    @property
    def id_column(self) -> str | None:
        """The column holding the row's own id (``client_code`` for clients); None for peer members."""
        return self.key[0] if len(self.key) == 1 else None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def refs(self) -> dict[str, str]:
        return {c.key: c.ref for c in self.columns if c.ref}

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def label(self, lang: str | None = None) -> str:
        return self.vi if (lang or config.language()) == "vi" else self.en

    def one(self, lang: str | None = None) -> str:
        return self.one_vi if (lang or config.language()) == "vi" else self.one_en


def _id(key="id", vi="Mã", en="Code", *, ref=None, searched=True, keep=False) -> Column:
    return Column(key, "id", vi, en, True, max_length=ID_LENGTH, ref=ref, searched=searched, keep=keep)


def _code(key, vi, en, codes=None, *, required=True, searched=False, keep=False) -> Column:
    return Column(key, "code", vi, en, required, codes or key, max_length=CODE_LENGTH, searched=searched, keep=keep)


def _date(key, vi, en, *, required=False, keep=False, future=False) -> Column:
    return Column(key, "date", vi, en, required, keep=keep, future=future)


def _count(key, vi, en, high, *, required=False, type_="int") -> Column:
    return Column(key, type_, vi, en, required, low=0, high=high)


def _text(key, vi, en, max_length, *, required=False, note=False, keep=False) -> Column:
    return Column(key, "note" if note else "text", vi, en, required, max_length=max_length, searched=True,
                  keep=keep)


CLIENT = _id("client_code", "Mã khách hàng", "Client code", ref="clients")
ESTABLISHMENT = _id("establishment_id", "Mã cơ sở", "Establishment code", ref="establishments")
GBV_CODE_LENGTH = 24  # the GBVIMS type DENIAL_OF_RESOURCES has 19 characters
AMOUNT = 1_000_000_000  # VND: a loan of the programmes is tens of millions

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("clients", "Khách hàng", "Clients", "Khách hàng", "Client", (
        _id("client_code", "Mã khách hàng", "Client code"),
        Column("sex", "code", "Giới tính", "Sex", True, "sex", max_length=1),
        Column("birth_year", "year", "Năm sinh", "Year of birth", low=MIN_BIRTH_YEAR),
        _code("group", "Nhóm", "Group", keep=True),
        Column("migrant", "code", "Di cư", "Migrant", False, "migrant", max_length=1),
        _date("registered_on", "Ngày đăng ký", "Registered on", keep=True)), key=("client_code",), status="group",
        sort="client_code"),
    Kind("contacts", "Tiếp cận", "Contacts", "Lượt tiếp cận", "Contact", (
        _id(), CLIENT, _date("date", "Ngày", "Date", required=True, keep=True),
        _code("channel", "Hình thức", "Channel", keep=True),
        _count("condoms", "Bao cao su", "Condoms", 1_000), _count("lubricants", "Chất bôi trơn", "Lubricants", 1_000),
        _count("materials", "Tài liệu", "Materials", 1_000), _text("staff", "Cán bộ", "Staff", 100, keep=True)),
        status="channel", id_prefix="DK", id_digits=7),
    Kind("sessions", "Truyền thông nhóm", "Group sessions", "Buổi truyền thông nhóm", "Group session", (
        _id(), _date("date", "Ngày", "Date", required=True, keep=True),
        _code("audience", "Đối tượng", "Audience", keep=True),
        _count("participants_f", "Số người dự (nữ)", "Participants (female)", 10_000, required=True),
        _count("participants_m", "Số người dự (nam)", "Participants (male)", 10_000, required=True),
        _text("topic", "Chủ đề", "Topic", 500, note=True), _text("location", "Địa điểm", "Location", 200, keep=True)),
        status="audience", id_prefix="DS", id_digits=5),
    Kind("referrals", "Chuyển gửi", "Referrals", "Chuyển gửi", "Referral", (
        _id(), CLIENT, _code("service", "Dịch vụ", "Service", searched=True, keep=True),
        _date("referred_on", "Ngày chuyển gửi", "Referred on", required=True, keep=True),
        _code("status", "Trạng thái", "Status", keep=True), _date("received_on", "Ngày nhận dịch vụ", "Received on"),
        _text("provider", "Nơi cung cấp dịch vụ", "Provider", 200, keep=True)), status="status",
        id_prefix="DR", id_digits=6),
    Kind("loans", "Vay vốn", "Loans", "Khoản vay", "Loan", (
        _id(), CLIENT, _code("programme", "Chương trình vay vốn", "Programme", searched=True, keep=True),
        _date("referred_on", "Ngày giới thiệu vay", "Referred on", required=True, keep=True),
        _count("amount_requested", "Số tiền đề nghị", "Amount requested", AMOUNT, type_="money"),
        _date("approved_on", "Ngày duyệt", "Approved on"), _date("disbursed_on", "Ngày giải ngân", "Disbursed on"),
        _count("amount_disbursed", "Số tiền giải ngân", "Amount disbursed", AMOUNT, type_="money"),
        _date("rejected_on", "Ngày từ chối", "Rejected on"), _date("closed_on", "Ngày tất toán", "Closed on")),
        status="loan_stage", id_prefix="DL", id_digits=5),
    Kind("establishments", "Cơ sở kinh doanh dịch vụ", "Establishments", "Cơ sở kinh doanh dịch vụ",
         "Establishment", (
             _id(), _text("name", "Tên", "Name", 200, required=True),
             _code("type", "Loại hình", "Type", "establishment_type", searched=True, keep=True),
             _text("address", "Địa chỉ", "Address", 500, note=True),
             _date("listed_on", "Ngày đưa vào danh sách", "Listed on", required=True, keep=True),
             _date("delisted_on", "Ngày rút khỏi danh sách", "Delisted on"),
             _count("workers", "Số người lao động", "Workers", 10_000)), status="establishment_state",
         sort="name", id_prefix="DE", id_digits=4),
    Kind("establishment_activities", "Hoạt động tại cơ sở", "Establishment visits", "Hoạt động tại cơ sở",
         "Establishment visit", (
             _id(), _id("establishment_id", "Mã cơ sở", "Establishment code", ref="establishments"),
             _date("date", "Ngày", "Date", required=True, keep=True),
             _code("kind", "Loại", "Kind", "activity_kind", keep=True),
             _count("owners_trained", "Số chủ cơ sở được tập huấn", "Owners trained", 1_000),
             _count("workers_trained_f", "Số người lao động nữ được tập huấn", "Workers trained (female)", 10_000),
             _count("workers_trained_m", "Số người lao động nam được tập huấn", "Workers trained (male)", 10_000)),
         status="kind", id_prefix="DA", id_digits=5),
    Kind("peer_groups", "Nhóm đồng đẳng", "Peer groups", "Nhóm đồng đẳng", "Peer group", (
        _id(), _text("name", "Tên", "Name", 200, required=True),
        _code("kind", "Loại", "Kind", "group_kind", searched=True, keep=True),
        _date("founded_on", "Ngày thành lập", "Founded on", required=True, keep=True),
        _date("dissolved_on", "Ngày giải thể", "Dissolved on")), status="group_state", sort="name",
        id_prefix="DG", id_digits=3),
    Kind("peer_members", "Thành viên nhóm", "Peer group members", "Thành viên nhóm", "Peer group member", (
        _id("group_id", "Mã nhóm", "Group code", ref="peer_groups", keep=True), CLIENT,
        _date("joined_on", "Ngày tham gia", "Joined on", required=True, keep=True), _date("left_on", "Ngày rời nhóm", "Left on")),
        key=("group_id", "client_code", "joined_on")),
    Kind("peer_meetings", "Sinh hoạt nhóm", "Peer group meetings", "Buổi sinh hoạt nhóm", "Peer group meeting", (
        _id(), _id("group_id", "Mã nhóm", "Group code", ref="peer_groups"),
        _date("date", "Ngày", "Date", required=True, keep=True), _count("attendees", "Số người dự", "Attendees", 1_000)),
        id_prefix="DM", id_digits=6),
    # ---- version 2 (RETURN-v2 §1) ----
    Kind("inspections", "Kiểm tra cơ sở", "Inspections", "Lần kiểm tra", "Inspection", (
        _id(), ESTABLISHMENT, _date("date", "Ngày kiểm tra", "Date", required=True, keep=True),
        _code("team", "Đoàn kiểm tra", "Team", "inspection_team", keep=True),
        _code("result", "Kết quả", "Result", "inspection_result"),
        _code("sanction", "Hình thức xử lý", "Sanction", required=False),
        _count("fine_amount", "Số tiền phạt", "Fine amount", AMOUNT, type_="money")), status="result",
        id_prefix="DI", id_digits=5),
    Kind("commitments", "Cam kết của cơ sở", "Commitments", "Bản cam kết", "Commitment", (
        _id(), ESTABLISHMENT, _date("signed_on", "Ngày ký cam kết", "Signed on", required=True),
        _code("signatory", "Người ký", "Signatory"),
        _date("valid_until", "Có hiệu lực đến", "Valid until", future=True),
        _date("withdrawn_on", "Ngày hủy cam kết", "Withdrawn on")), status="commitment_state",
        id_prefix="DC", id_digits=5),
    Kind("hotline_calls", "Cuộc gọi đường dây nóng", "Hotline calls", "Cuộc gọi đường dây nóng", "Hotline call", (
        _id(), _date("date", "Ngày gọi", "Date", required=True, keep=True),
        _code("caller", "Người gọi", "Caller"),
        Column("sex", "code", "Giới tính người gọi", "Caller's sex", True, "sex", max_length=1),
        _code("topic", "Nội dung", "Topic", "hotline_topic", searched=True),
        Column("referred", "code", "Đã chuyển gửi", "Referred", False, "yes_no", max_length=1),
        Column("client_code", "id", "Mã khách hàng", "Client code", False, max_length=ID_LENGTH, ref="clients",
               searched=True),
        _text("staff", "Cán bộ nghe máy", "Staff", 100, keep=True)), status="topic",
        id_prefix="DH", id_digits=5),
    Kind("gbv_cases", "Vụ việc bạo lực giới", "GBV cases", "Vụ việc bạo lực giới", "GBV case", (
        _id(), CLIENT, _date("reported_on", "Ngày tiếp nhận", "Reported on", required=True),
        Column("type", "code", "Loại bạo lực", "Type", True, "gbv_type", max_length=GBV_CODE_LENGTH),
        _code("perpetrator", "Người gây bạo lực", "Perpetrator"),
        Column("consent_to_refer", "code", "Đồng ý chuyển gửi", "Consent to refer", False, "yes_no",
               max_length=1)), status="type",
        id_prefix="DV", id_digits=4),
    Kind("consents", "Đồng ý xử lý dữ liệu", "Consents", "Sự đồng ý", "Consent", (
        _id(), CLIENT, _code("purpose", "Mục đích", "Purpose", "consent_purpose"),
        _date("given_on", "Ngày đồng ý", "Given on", required=True),
        _date("withdrawn_on", "Ngày rút lại", "Withdrawn on"),
        _code("form", "Hình thức", "Form", "consent_form", required=False)), status="purpose",
        id_prefix="DN", id_digits=6),
    Kind("trainings", "Tập huấn", "Trainings", "Lớp tập huấn", "Training", (
        _id(), _date("date", "Ngày", "Date", required=True),
        _code("audience", "Đối tượng", "Audience", "training_audience"),
        _count("participants_f", "Số người dự (nữ)", "Participants (female)", 10_000, required=True),
        _count("participants_m", "Số người dự (nam)", "Participants (male)", 10_000, required=True),
        _text("topic", "Chủ đề", "Topic", 500, note=True)), status="audience",
        id_prefix="DT", id_digits=4),
)}

VERSION_1_SHEETS = ("clients", "contacts", "sessions", "referrals", "loans", "establishments",
                    "establishment_activities", "peer_groups", "peer_members", "peer_meetings")
# Version 1 columns replaced in version 2 (RETURN-v2 §1): read from a version 1 workbook, never written.
VERSION_1_COLUMNS = {"clients": _date("consent_on", "Ngày đồng ý lưu dữ liệu", "Consent on"),
                     "establishments": _date("commitment_on", "Ngày ký cam kết", "Commitment on")}

SHEETS: tuple[str, ...] = tuple(KINDS)  # the workbook's sheet order, which is also parent-first

# Columns a list shows that are not RECORDS-1 columns (a referenced row's name, a state derived from dates).
LIST_COLUMNS: dict[str, tuple[str, str]] = {
    "stage": ("Giai đoạn", "Stage"),
    "establishment": ("Cơ sở", "Establishment"),
    "group": ("Nhóm", "Group"),
    "state": ("Tình trạng", "State"),
}


def column_label(key: str, lang: str | None = None, kind_name: str | None = None) -> str:
    """The wording of a column key (of ``kind_name`` when given, else the first kind that has it)."""
    kinds = [KINDS[kind_name]] if kind_name in KINDS else list(KINDS.values())
    for k in kinds:
        if key in k.keys:
            return k.column(key).label(lang)
    if key in LIST_COLUMNS:
        vi, en = LIST_COLUMNS[key]
        return vi if (lang or config.language()) == "vi" else en
    return key


def client_kinds() -> tuple[str, ...]:
    """The kinds that name a client: the tabs of a client's page, in the standard's order."""
    return tuple(k.name for k in KINDS.values() if "clients" in k.refs.values() and k.name != "clients")


def movable_kinds() -> tuple[str, ...]:
    """The kinds a record of which belongs to one client and may be moved to another (its client is not part of
    its key, as a peer group member's is): contacts, referrals, loans."""
    return tuple(k for k in client_kinds() if "client_code" not in KINDS[k].key)
