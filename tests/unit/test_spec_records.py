"""The records standard is declared once (``ward_desk.spec.records``): the hand-written models agree with it column
by column, its kinds are in parent-first order, and one wording per column serves the form, the list and the
RECORDS-1 workbook."""

from __future__ import annotations

import pytest
from peewee import CharField, DateField, ForeignKeyField, IntegerField, TextField

from ward_desk.models.records import MODEL_BY_KIND, RECORD_MODELS
from ward_desk.services import ids, queries, records, rules
from ward_desk.spec import records as spec
from ward_desk.spec.codes import CODE_LISTS

MODEL_FIELD = {"id": CharField, "code": CharField, "text": TextField, "note": TextField, "date": DateField,
               "int": IntegerField, "year": IntegerField, "money": IntegerField}
BOOKKEEPING = {"id", "created_at", "updated_at", "deleted_at"}


@pytest.mark.parametrize("name", spec.SHEETS)
def test_the_model_agrees_with_the_declaration_column_by_column(name):
    declared, kind = spec.KINDS[name], records.KINDS[name]
    model = kind.model
    assert model._meta.table_name == name
    matched = set()
    for column in declared.columns:
        field = model._meta.fields[kind.attr(column.key)]
        matched.add(field.name)
        assert field.null is (not column.required), column.key
        if column.ref:
            assert isinstance(field, ForeignKeyField) and field.rel_model is records.KINDS[column.ref].model
            continue
        assert type(field) is MODEL_FIELD[column.type], column.key
        if isinstance(field, CharField):
            assert field.max_length == column.max_length, column.key
        if column.type == "id":
            assert field.unique, column.key
    assert set(model._meta.fields) - BOOKKEEPING == matched, "a model column the standard does not declare"


def test_every_model_is_a_declared_kind_and_the_order_is_parent_first():
    assert tuple(m._meta.table_name for m in RECORD_MODELS) == spec.SHEETS
    for i, declared in enumerate(spec.KINDS.values()):
        for target in declared.refs.values():
            assert target in spec.SHEETS[:i], (declared.name, target)


def test_every_kind_has_a_model_and_every_kind_with_an_id_its_automatic_id_form():
    assert set(MODEL_BY_KIND) == set(spec.KINDS)
    for name, declared in spec.KINDS.items():
        assert MODEL_BY_KIND[name]._meta.table_name == name
        if declared.id_column == "id":  # clients are named by their UIC, members by group, client and date
            assert declared.id_prefix and declared.id_prefix.isalpha() and declared.id_digits > 0, name
            assert ids.numbered(name) and ids.number_of(name, ids.format_id(name, 42)) == 42
            assert len(ids.format_id(name, 1)) == len(declared.id_prefix) + declared.id_digits
        else:
            assert declared.id_prefix is None and not ids.numbered(name), name
    prefixes = [k.id_prefix for k in spec.KINDS.values() if k.id_prefix]
    assert len(prefixes) == len(set(prefixes)), "two kinds share an id prefix"
    # the forms the wards' registers already use
    assert [ids.format_id(k, 7) for k in ("contacts", "referrals", "peer_groups")] == ["DK0000007", "DR000007", "DG007"]


def test_columns_know_their_code_lists_lengths_and_ranges():
    for declared in spec.KINDS.values():
        for column in declared.columns:
            assert column.vi.strip() and column.en.strip()
            if column.type == "code":
                assert column.codes in CODE_LISTS
                assert max(len(code) for code in CODE_LISTS[column.codes].codes) <= column.max_length
            if column.type in ("id", "text", "note"):
                assert column.max_length, column.key
            if column.type in ("int", "money"):
                # plausible, and never beyond what either database's INTEGER holds
                assert column.low == 0 and 0 < column.high < 2**31, column.key


def test_the_kinds_derived_from_the_declaration():
    assert rules.SHEETS == tuple(records.KINDS) == tuple(queries.LISTS) == spec.SHEETS
    assert spec.client_kinds() == ("contacts", "referrals", "loans", "peer_members", "hotline_calls", "gbv_cases",
                                   "consents")
    assert records.KINDS["clients"].dependents == (("contacts", "client_code"), ("referrals", "client_code"),
                                                   ("loans", "client_code"), ("peer_members", "client_code"),
                                                   ("hotline_calls", "client_code"), ("gbv_cases", "client_code"),
                                                   ("consents", "client_code"))
    assert records.KINDS["establishments"].dependents == (
        ("establishment_activities", "establishment_id"), ("inspections", "establishment_id"),
        ("commitments", "establishment_id"))
    assert tuple(c.key for c in spec.KINDS["contacts"].columns if c.keep) == ("date", "channel", "staff")


# The 14 columns the form and the exported workbook named differently before: one wording now.
SETTLED = {
    ("clients", "migrant"): "Di cư", ("clients", "consent_on"): "Ngày đồng ý lưu dữ liệu",
    ("contacts", "channel"): "Hình thức", ("sessions", "participants_f"): "Số người dự (nữ)",
    ("sessions", "participants_m"): "Số người dự (nam)", ("referrals", "provider"): "Nơi cung cấp dịch vụ",
    ("loans", "programme"): "Chương trình vay vốn", ("loans", "amount_disbursed"): "Số tiền giải ngân",
    ("establishments", "listed_on"): "Ngày đưa vào danh sách",
    ("establishments", "delisted_on"): "Ngày rút khỏi danh sách", ("establishments", "workers"): "Số người lao động",
    ("establishment_activities", "owners_trained"): "Số chủ cơ sở được tập huấn",
    ("establishment_activities", "workers_trained_f"): "Số người lao động nữ được tập huấn",
    ("establishment_activities", "workers_trained_m"): "Số người lao động nam được tập huấn",
}


def test_the_settled_wordings_are_the_declaration_s():
    for (kind, key), wording in SETTLED.items():
        if key in spec.KINDS[kind].keys:
            assert spec.KINDS[kind].column(key).label("vi") == wording
        else:  # a version 1 column replaced in version 2: read from a version 1 workbook under the same wording
            assert spec.VERSION_1_COLUMNS[kind].label("vi") == wording
            continue
        assert spec.column_label(key, "vi", kind) == wording


def test_the_exported_workbook_labels_its_columns_with_the_declared_wording(ward_db, tmp_path):
    from openpyxl import load_workbook

    from ward_desk.services.records_io import export_records

    path = tmp_path / "out.xlsx"
    export_records(path)
    book = load_workbook(path, read_only=True)
    for declared in spec.KINDS.values():
        keys, wording = list(book[declared.name].iter_rows(max_row=2, values_only=True))
        assert keys == declared.keys
        assert tuple(w.removeprefix("# ") for w in wording) == tuple(c.vi for c in declared.columns)


def test_an_older_database_gets_its_ids_in_the_standard_s_form_keeping_every_record(ward_db):
    """Schema 4: ids stored before in other case (or with letters the standard refuses) are upper-cased; two that
    would become one stay two records, the later one suffixed; references follow (they hold row ids)."""
    from ward_desk.models import SchemaVersion
    from ward_desk.models.migrations import bring_up_to_date
    from ward_desk.models.records import Client, Contact

    for code in ("HC00000", "hc00000", "Mé 1", "ok-1"):
        Client.insert(client_code=code, sex="F", group="SW").execute()
    lower = Client.get(Client.client_code == "hc00000")
    Contact.insert(ref="k1", client=lower.id, date="2025-01-02", channel="DIRECT").execute()
    SchemaVersion.delete().execute()
    SchemaVersion.create(version=3)
    bring_up_to_date(ward_db, new=False)
    assert sorted(c.client_code for c in Client.select()) == ["HC00000", "HC00000-2", "ME-1", "OK-1"]
    contact = Contact.get()
    assert (contact.ref, contact.client.client_code) == ("K1", "HC00000-2")
    assert records.get_record("clients", lower.id)["client_code"] == "HC00000-2"
