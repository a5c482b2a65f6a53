"""UI layer: translatable names of record kinds, columns and codes (one place, so lupdate sees every string)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

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

CODE_NAMES = {
    "F": QT_TRANSLATE_NOOP("Labels", "Female"), "M": QT_TRANSLATE_NOOP("Labels", "Male"),
    "T": QT_TRANSLATE_NOOP("Labels", "Transgender"), "U": QT_TRANSLATE_NOOP("Labels", "Unknown"),
    "SW": QT_TRANSLATE_NOOP("Labels", "Sex worker"), "RISK": QT_TRANSLATE_NOOP("Labels", "At risk"),
    "EST_WORKER": QT_TRANSLATE_NOOP("Labels", "Establishment worker"),
    "Y": QT_TRANSLATE_NOOP("Labels", "Yes"), "N": QT_TRANSLATE_NOOP("Labels", "No"),
    "DIRECT": QT_TRANSLATE_NOOP("Labels", "Direct"), "ESTABLISHMENT": QT_TRANSLATE_NOOP("Labels", "At establishment"),
    "ONLINE": QT_TRANSLATE_NOOP("Labels", "Online"), "PHONE": QT_TRANSLATE_NOOP("Labels", "Phone"),
    "PEER_MEETING": QT_TRANSLATE_NOOP("Labels", "Peer meeting"),
    "REFERRED": QT_TRANSLATE_NOOP("Labels", "Referred"), "RECEIVED": QT_TRANSLATE_NOOP("Labels", "Received"),
    "DECLINED": QT_TRANSLATE_NOOP("Labels", "Declined"), "LOST": QT_TRANSLATE_NOOP("Labels", "Lost to follow-up"),
    "APPROVED": QT_TRANSLATE_NOOP("Labels", "Approved"), "DISBURSED": QT_TRANSLATE_NOOP("Labels", "Disbursed"),
    "REJECTED": QT_TRANSLATE_NOOP("Labels", "Rejected"), "CLOSED": QT_TRANSLATE_NOOP("Labels", "Closed"),
    "LISTED": QT_TRANSLATE_NOOP("Labels", "Listed"), "DELISTED": QT_TRANSLATE_NOOP("Labels", "Delisted"),
    "ACTIVE": QT_TRANSLATE_NOOP("Labels", "Active"), "DISSOLVED": QT_TRANSLATE_NOOP("Labels", "Dissolved"),
    "VISIT": QT_TRANSLATE_NOOP("Labels", "Visit"), "TRAINING": QT_TRANSLATE_NOOP("Labels", "Training"),
    "PEER": QT_TRANSLATE_NOOP("Labels", "Peer group"), "SELF_HELP": QT_TRANSLATE_NOOP("Labels", "Self-help group"),
    "CLUB": QT_TRANSLATE_NOOP("Labels", "Club"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def kind_name(kind: str) -> str:
    return tr(KIND_NAMES.get(kind, kind))


def column_name(key: str) -> str:
    return tr(COLUMN_NAMES.get(key, key))


def code_name(code: str) -> str:
    """``Female (F)``: the code stays visible because the paper slips and workbooks use it."""
    name = CODE_NAMES.get(code)
    return f"{tr(name)} ({code})" if name else code
