"""Core layer: every code list of the records standard (RETURN-v1 §1), with its Vietnamese and English
labels, declared once. No Qt here.

The Vietnamese label is the official form's wording where there is one; a code keeps its place in the list
(the order of a form's drop-down, of a return's categories). A code may appear in two lists with different
meanings (``JOB`` is a service and a loan programme), so a label is always looked up through its list.
"""

from __future__ import annotations

from dataclasses import dataclass

from ward_desk import config


@dataclass(frozen=True)
class CodeList:
    name: str
    labels: dict[str, tuple[str, str]]  # code -> (Vietnamese, English), in the list's order

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, code: str, lang: str | None = None) -> str:
        """The code's label in ``lang`` (default: the interface language); the code itself when unknown."""
        pair = self.labels.get(code)
        if pair is None:
            return code
        return pair[0] if (lang or config.language()) == "vi" else pair[1]

    def __contains__(self, code: object) -> bool:
        return code in self.labels


def _lists(**lists: dict[str, tuple[str, str]]) -> dict[str, CodeList]:
    return {name: CodeList(name, labels) for name, labels in lists.items()}


CODE_LISTS: dict[str, CodeList] = _lists(
    sex={"F": ("Nữ", "Female"), "M": ("Nam", "Male"), "T": ("Chuyển giới", "Transgender"),
         "U": ("Không rõ", "Unknown")},
    group={"SW": ("Người bán dâm", "Sex worker"), "RISK": ("Nguy cơ", "At risk"),
           "EST_WORKER": ("Người lao động tại cơ sở", "Establishment worker")},
    migrant={"Y": ("Có", "Yes"), "N": ("Không", "No")},
    channel={"DIRECT": ("Trực tiếp", "Direct"), "ESTABLISHMENT": ("Tại cơ sở kinh doanh", "At an establishment"),
             "ONLINE": ("Trực tuyến", "Online"), "PHONE": ("Điện thoại", "Phone"),
             "PEER_MEETING": ("Sinh hoạt nhóm", "Peer meeting")},
    audience={"SW": ("Người bán dâm", "Sex workers"), "EST_OWNER": ("Chủ cơ sở", "Establishment owners"),
              "EST_WORKER": ("Người lao động tại cơ sở", "Establishment workers"),
              "YOUTH": ("Thanh thiếu niên", "Youth"), "MIGRANT": ("Người di cư", "Migrants"),
              "COMMUNITY": ("Cộng đồng", "Community")},
    service={"HIV_TEST": ("Xét nghiệm HIV", "HIV testing"),
             "PREP": ("Điều trị dự phòng trước phơi nhiễm (PrEP)", "Pre-exposure prophylaxis (PrEP)"),
             "PEP": ("Dự phòng sau phơi nhiễm (PEP)", "Post-exposure prophylaxis (PEP)"),
             "ARV": ("Điều trị ARV", "ARV treatment"),
             "STI": ("Bệnh lây truyền qua đường tình dục", "Sexually transmitted infections"),
             "HEPATITIS": ("Viêm gan", "Hepatitis"), "TB": ("Lao", "Tuberculosis"),
             "SRH": ("Sức khỏe sinh sản", "Sexual and reproductive health"),
             "HEALTH_OTHER": ("Y tế khác", "Other health"),
             "LEGAL": ("Tư vấn, trợ giúp pháp lý", "Legal aid"), "PSYCH": ("Tư vấn tâm lý", "Psychological counselling"),
             "GBV": ("Hỗ trợ bạo lực giới", "Gender-based violence support"),
             "VOCATIONAL": ("Học nghề", "Vocational training"), "JOB": ("Giới thiệu việc làm", "Job placement"),
             "EDUCATION": ("Giáo dục văn hóa", "Cultural education"),
             "SOCIAL": ("Trợ giúp xã hội", "Social assistance")},
    status={"REFERRED": ("Đã chuyển gửi", "Referred"), "RECEIVED": ("Đã nhận dịch vụ", "Received"),
            "DECLINED": ("Từ chối", "Declined"), "LOST": ("Mất dấu", "Lost to follow-up")},
    programme={"JOB": ("Giải quyết việc làm", "Job creation"), "POOR": ("Hộ nghèo", "Poor household"),
               "NEAR_POOR": ("Hộ cận nghèo", "Near-poor household"),
               "ESCAPED": ("Hộ mới thoát nghèo", "Household newly out of poverty"), "OTHER": ("Khác", "Other")},
    establishment_type={"KARAOKE": ("Karaoke", "Karaoke"), "MASSAGE": ("Xoa bóp", "Massage"),
                        "HOTEL": ("Khách sạn, nhà nghỉ", "Hotel, guest house"),
                        "BAR": ("Quán bar, vũ trường", "Bar, dance club"), "CAFE": ("Cà phê", "Café"),
                        "OTHER": ("Khác", "Other")},
    activity_kind={"VISIT": ("Thăm cơ sở", "Visit"), "TRAINING": ("Tập huấn", "Training")},
    group_kind={"PEER": ("Nhóm đồng đẳng", "Peer group"), "SELF_HELP": ("Nhóm tự lực", "Self-help group"),
                "CLUB": ("Câu lạc bộ", "Club")},
    # ---- version 2 (RETURN-v2 §1) ----
    yes_no={"Y": ("Có", "Yes"), "N": ("Không", "No")},
    inspection_team={"W178": ("Đội 178 phường", "Ward 178 team"), "P178": ("Đoàn 178 tỉnh", "Province 178 team"),
                     "POLICE": ("Công an", "Police"), "OTHER": ("Khác", "Other")},
    inspection_result={"COMPLIANT": ("Chấp hành đúng quy định", "Compliant"),
                       "VIOLATION": ("Có vi phạm", "Violation"),
                       "NOT_OPERATING": ("Không hoạt động", "Not operating")},
    sanction={"NONE": ("Không xử lý", "None"), "WARNING": ("Cảnh cáo", "Warning"), "FINE": ("Phạt tiền", "Fine"),
              "SUSPENDED": ("Đình chỉ hoạt động", "Suspended"),
              "REVOKED": ("Thu hồi giấy phép", "Licence revoked")},
    signatory={"OWNER": ("Chủ cơ sở", "Owner"), "MANAGER": ("Người quản lý", "Manager")},
    caller={"SW": ("Người bán dâm", "Sex worker"), "EST_WORKER": ("Người lao động tại cơ sở", "Establishment worker"),
            "EST_OWNER": ("Chủ cơ sở", "Establishment owner"), "FAMILY": ("Gia đình", "Family"),
            "COMMUNITY": ("Cộng đồng", "Community"), "UNKNOWN": ("Không rõ", "Unknown")},
    hotline_topic={"HEALTH": ("Sức khỏe", "Health"), "HIV": ("HIV", "HIV"), "LEGAL": ("Pháp lý", "Legal"),
                   "GBV": ("Bạo lực giới", "Gender-based violence"), "LOAN_JOB": ("Vay vốn, việc làm", "Loans, jobs"),
                   "PSYCH": ("Tâm lý", "Psychological"), "OTHER": ("Khác", "Other")},
    gbv_type={"RAPE": ("Hiếp dâm", "Rape"), "SEXUAL_ASSAULT": ("Tấn công tình dục", "Sexual assault"),
              "PHYSICAL_ASSAULT": ("Bạo lực thể chất", "Physical assault"),
              "FORCED_MARRIAGE": ("Cưỡng ép kết hôn", "Forced marriage"),
              "DENIAL_OF_RESOURCES": ("Từ chối nguồn lực, cơ hội, dịch vụ", "Denial of resources"),
              "PSYCHOLOGICAL": ("Bạo lực tinh thần", "Psychological abuse")},
    perpetrator={"INTIMATE_PARTNER": ("Bạn tình, vợ/chồng", "Intimate partner"), "CLIENT": ("Khách mua dâm", "Client"),
                 "EST_OWNER_STAFF": ("Chủ, nhân viên cơ sở", "Establishment owner or staff"),
                 "AUTHORITY": ("Người có chức vụ", "Person in authority"), "FAMILY": ("Gia đình", "Family"),
                 "OTHER": ("Khác", "Other"), "UNKNOWN": ("Không rõ", "Unknown")},
    consent_purpose={"STORE": ("Lưu giữ hồ sơ", "Keep records"),
                     "REFER": ("Chia sẻ để chuyển gửi", "Share for a referral"),
                     "FOLLOW_UP": ("Liên hệ theo dõi", "Follow-up contact"),
                     "GROUP": ("Ghi tên thành viên nhóm", "Peer group membership")},
    consent_form={"PAPER": ("Văn bản", "On paper"), "VERBAL_WITNESSED": ("Bằng lời, có người chứng kiến",
                                                                      "Verbal, witnessed")},
    training_audience={"STAFF": ("Cán bộ, thành viên đội 178", "Officials and 178 team members"),
                       "PEER_EDUCATOR": ("Tuyên truyền viên đồng đẳng", "Peer educators"),
                       "VOLUNTEER": ("Tình nguyện viên", "Volunteers"), "OTHER": ("Khác", "Other")},
    # states the lists derive from a record's dates (not columns of RECORDS-1)
    loan_stage={"REFERRED": ("Đã giới thiệu", "Referred"), "APPROVED": ("Đã duyệt", "Approved"),
                "DISBURSED": ("Đã giải ngân", "Disbursed"), "REJECTED": ("Bị từ chối", "Rejected"),
                "CLOSED": ("Đã tất toán", "Closed")},
    establishment_state={"LISTED": ("Trong danh sách", "Listed"),
                         "DELISTED": ("Đã rút khỏi danh sách", "Delisted")},
    group_state={"ACTIVE": ("Đang hoạt động", "Active"), "DISSOLVED": ("Đã giải thể", "Dissolved")},
    commitment_state={"IN_FORCE": ("Còn hiệu lực", "In force"), "EXPIRED": ("Hết hiệu lực", "Expired"),
                      "WITHDRAWN": ("Đã hủy", "Withdrawn")},
)


def code_label(list_name: str, code: str, lang: str | None = None) -> str:
    return CODE_LISTS[list_name].label(code, lang)
