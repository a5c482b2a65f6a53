"""UI layer: the names of record kinds, columns and codes, in one place.

Kinds and columns are Qt translations (lupdate sees every string); codes carry both names here (``CODE_NAMES``)
so every screen, the dashboard and the printed return name a code the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from ward_desk import config

KIND_NAMES = {
    "clients": QT_TRANSLATE_NOOP("Labels", "Clients"),
    "contacts": QT_TRANSLATE_NOOP("Labels", "Contacts"),
    "sessions": QT_TRANSLATE_NOOP("Labels", "Group sessions"),
    "referrals": QT_TRANSLATE_NOOP("Labels", "Referrals"),
    "loans": QT_TRANSLATE_NOOP("Labels", "Loans"),
    "establishments": QT_TRANSLATE_NOOP("Labels", "Establishments"),
    "establishment_activities": QT_TRANSLATE_NOOP("Labels", "Establishment visits"),
    "peer_groups": QT_TRANSLATE_NOOP("Labels", "Peer groups"),
    "peer_members": QT_TRANSLATE_NOOP("Labels", "Peer group members"),
    "peer_meetings": QT_TRANSLATE_NOOP("Labels", "Peer group meetings"),
}

COLUMN_NAMES = {
    "id": QT_TRANSLATE_NOOP("Labels", "Code"),
    "client_code": QT_TRANSLATE_NOOP("Labels", "Client code"),
    "sex": QT_TRANSLATE_NOOP("Labels", "Sex"),
    "birth_year": QT_TRANSLATE_NOOP("Labels", "Year of birth"),
    "group": QT_TRANSLATE_NOOP("Labels", "Group"),
    "migrant": QT_TRANSLATE_NOOP("Labels", "Migrant"),
    "registered_on": QT_TRANSLATE_NOOP("Labels", "Registered on"),
    "consent_on": QT_TRANSLATE_NOOP("Labels", "Consent on"),
    "date": QT_TRANSLATE_NOOP("Labels", "Date"),
    "channel": QT_TRANSLATE_NOOP("Labels", "Channel"),
    "condoms": QT_TRANSLATE_NOOP("Labels", "Condoms"),
    "lubricants": QT_TRANSLATE_NOOP("Labels", "Lubricants"),
    "materials": QT_TRANSLATE_NOOP("Labels", "Materials"),
    "staff": QT_TRANSLATE_NOOP("Labels", "Staff"),
    "audience": QT_TRANSLATE_NOOP("Labels", "Audience"),
    "participants_f": QT_TRANSLATE_NOOP("Labels", "Participants (female)"),
    "participants_m": QT_TRANSLATE_NOOP("Labels", "Participants (male)"),
    "topic": QT_TRANSLATE_NOOP("Labels", "Topic"),
    "location": QT_TRANSLATE_NOOP("Labels", "Location"),
    "service": QT_TRANSLATE_NOOP("Labels", "Service"),
    "referred_on": QT_TRANSLATE_NOOP("Labels", "Referred on"),
    "status": QT_TRANSLATE_NOOP("Labels", "Status"),
    "received_on": QT_TRANSLATE_NOOP("Labels", "Received on"),
    "provider": QT_TRANSLATE_NOOP("Labels", "Provider"),
    "programme": QT_TRANSLATE_NOOP("Labels", "Programme"),
    "stage": QT_TRANSLATE_NOOP("Labels", "Stage"),
    "amount_requested": QT_TRANSLATE_NOOP("Labels", "Amount requested"),
    "approved_on": QT_TRANSLATE_NOOP("Labels", "Approved on"),
    "disbursed_on": QT_TRANSLATE_NOOP("Labels", "Disbursed on"),
    "amount_disbursed": QT_TRANSLATE_NOOP("Labels", "Amount disbursed"),
    "rejected_on": QT_TRANSLATE_NOOP("Labels", "Rejected on"),
    "closed_on": QT_TRANSLATE_NOOP("Labels", "Closed on"),
    "name": QT_TRANSLATE_NOOP("Labels", "Name"),
    "type": QT_TRANSLATE_NOOP("Labels", "Type"),
    "address": QT_TRANSLATE_NOOP("Labels", "Address"),
    "listed_on": QT_TRANSLATE_NOOP("Labels", "Listed on"),
    "delisted_on": QT_TRANSLATE_NOOP("Labels", "Delisted on"),
    "workers": QT_TRANSLATE_NOOP("Labels", "Workers"),
    "commitment_on": QT_TRANSLATE_NOOP("Labels", "Commitment on"),
    "establishment_id": QT_TRANSLATE_NOOP("Labels", "Establishment code"),
    "establishment": QT_TRANSLATE_NOOP("Labels", "Establishment"),
    "kind": QT_TRANSLATE_NOOP("Labels", "Kind"),
    "owners_trained": QT_TRANSLATE_NOOP("Labels", "Owners trained"),
    "workers_trained_f": QT_TRANSLATE_NOOP("Labels", "Workers trained (female)"),
    "workers_trained_m": QT_TRANSLATE_NOOP("Labels", "Workers trained (male)"),
    "founded_on": QT_TRANSLATE_NOOP("Labels", "Founded on"),
    "dissolved_on": QT_TRANSLATE_NOOP("Labels", "Dissolved on"),
    "group_id": QT_TRANSLATE_NOOP("Labels", "Group code"),
    "joined_on": QT_TRANSLATE_NOOP("Labels", "Joined on"),
    "left_on": QT_TRANSLATE_NOOP("Labels", "Left on"),
    "attendees": QT_TRANSLATE_NOOP("Labels", "Attendees"),
}

# code -> (Vietnamese, English): every code of ``services.rules.CODES`` and the list statuses of
# ``services.queries`` (loan stages, establishment and group states). Kept as pairs, not Qt translations, because
# the printed return (``ui.returns.form``) needs the Vietnamese name whatever the UI language is.
CODE_NAMES: dict[str, tuple[str, str]] = {
    # sex, client group, migrant
    "F": ("Nữ", "Female"), "M": ("Nam", "Male"), "T": ("Chuyển giới", "Transgender"), "U": ("Không rõ", "Unknown"),
    "SW": ("Người bán dâm", "Sex worker"), "RISK": ("Nguy cơ", "At risk"),
    "EST_WORKER": ("Người lao động tại cơ sở", "Establishment worker"),
    "Y": ("Có", "Yes"), "N": ("Không", "No"),
    # contact channel
    "DIRECT": ("Trực tiếp", "Direct"), "ESTABLISHMENT": ("Tại cơ sở kinh doanh", "At an establishment"),
    "ONLINE": ("Trực tuyến", "Online"), "PHONE": ("Điện thoại", "Phone"),
    "PEER_MEETING": ("Sinh hoạt nhóm", "Peer meeting"),
    # session audience (also SW, EST_WORKER above)
    "EST_OWNER": ("Chủ cơ sở", "Establishment owner"), "YOUTH": ("Thanh thiếu niên", "Youth"),
    "MIGRANT": ("Người di cư", "Migrant"), "COMMUNITY": ("Cộng đồng", "Community"),
    # referral service (RETURN-v1 §2)
    "HIV_TEST": ("Xét nghiệm HIV", "HIV testing"),
    "PREP": ("Điều trị dự phòng trước phơi nhiễm (PrEP)", "Pre-exposure prophylaxis (PrEP)"),
    "PEP": ("Dự phòng sau phơi nhiễm (PEP)", "Post-exposure prophylaxis (PEP)"), "ARV": ("Điều trị ARV", "ARV treatment"),
    "STI": ("Bệnh lây truyền qua đường tình dục", "Sexually transmitted infections"),
    "HEPATITIS": ("Viêm gan", "Hepatitis"), "TB": ("Lao", "Tuberculosis"),
    "SRH": ("Sức khỏe sinh sản", "Sexual and reproductive health"), "HEALTH_OTHER": ("Y tế khác", "Other health"),
    "LEGAL": ("Tư vấn, trợ giúp pháp lý", "Legal aid"), "PSYCH": ("Tư vấn tâm lý", "Psychological counselling"),
    "GBV": ("Hỗ trợ bạo lực giới", "Gender-based violence support"),
    "VOCATIONAL": ("Học nghề", "Vocational training"),
    "JOB": ("Việc làm", "Jobs"),  # a service and a loan programme: see LIST_NAMES
    "EDUCATION": ("Giáo dục văn hóa", "Cultural education"), "SOCIAL": ("Trợ giúp xã hội", "Social assistance"),
    # referral status
    "REFERRED": ("Đã chuyển gửi", "Referred"), "RECEIVED": ("Đã nhận dịch vụ", "Received"),
    "DECLINED": ("Từ chối", "Declined"), "LOST": ("Mất dấu", "Lost to follow-up"),
    # loan programme (also JOB) and loan stage
    "POOR": ("Hộ nghèo", "Poor household"), "NEAR_POOR": ("Hộ cận nghèo", "Near-poor household"),
    "ESCAPED": ("Hộ mới thoát nghèo", "Household newly out of poverty"), "OTHER": ("Khác", "Other"),
    "APPROVED": ("Đã duyệt", "Approved"), "DISBURSED": ("Đã giải ngân", "Disbursed"),
    "REJECTED": ("Bị từ chối", "Rejected"), "CLOSED": ("Đã tất toán", "Closed"),
    # establishment type (also OTHER) and state, activity kind
    "KARAOKE": ("Karaoke", "Karaoke"), "MASSAGE": ("Xoa bóp", "Massage"),
    "HOTEL": ("Khách sạn, nhà nghỉ", "Hotel, guest house"), "BAR": ("Quán bar, vũ trường", "Bar, dance club"),
    "CAFE": ("Cà phê", "Café"),
    "LISTED": ("Trong danh sách", "Listed"), "DELISTED": ("Đã rút khỏi danh sách", "Delisted"),
    "VISIT": ("Thăm cơ sở", "Visit"), "TRAINING": ("Tập huấn", "Training"),
    # peer group kind and state
    "PEER": ("Nhóm đồng đẳng", "Peer group"), "SELF_HELP": ("Nhóm tự lực", "Self-help group"),
    "CLUB": ("Câu lạc bộ", "Club"),
    "ACTIVE": ("Đang hoạt động", "Active"), "DISSOLVED": ("Đã giải thể", "Dissolved"),
}

# A code whose meaning depends on its list (a ``rules.CODES`` key, which is also the column key where it matters).
LIST_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "service": {"JOB": ("Giới thiệu việc làm", "Job placement")},
    "programme": {"JOB": ("Giải quyết việc làm", "Job creation")},
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def kind_name(kind: str) -> str:
    return tr(KIND_NAMES.get(kind, kind))


def column_name(key: str) -> str:
    return tr(COLUMN_NAMES.get(key, key))


def code_names(code: str, codes: str | None = None) -> tuple[str, str] | None:
    """(Vietnamese, English) name of ``code``; ``codes`` (its list, e.g. ``"programme"``) settles a shared code."""
    return LIST_NAMES.get(codes or "", {}).get(code) or CODE_NAMES.get(code)


def code_label(code: str, codes: str | None = None, lang: str | None = None) -> str:
    """The name alone, in ``lang`` (default: the UI's language, as ``messages`` use); the code when unknown."""
    names = code_names(code, codes)
    if names is None:
        return code
    return names[0] if (lang or config.language()) == "vi" else names[1]


def code_name(code: str, codes: str | None = None) -> str:
    """``Nữ (F)``: the code stays visible because the paper slips and workbooks use it."""
    return f"{code_label(code, codes)} ({code})" if code_names(code, codes) else code
