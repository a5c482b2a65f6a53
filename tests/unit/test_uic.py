"""UIC builder: given-name initials (last word), diacritics stripped, sex, year; duplicates only reported."""

from __future__ import annotations

import datetime as dt

from ward_desk.services import uic


def test_code_from_last_words_without_diacritics():
    assert uic.build_code("Lê Thị Mai", "Trần Văn Nam", "Trần Thị Hoa", "f", 1995) == "MNHF1995"
    assert uic.build_code("Nguyễn Thị Ánh", "Đỗ Đức", "Phạm Ngọc Ước", "M", "1988") == "ADUM1988"


def test_missing_or_bad_answers_give_no_code_and_name_the_field():
    assert uic.build_code("", "Nam", "Hoa", "F", 1995) is None
    fields = {p.field for p in uic.problems("  ", "Nam", "Hoa", "X", 1800)}
    assert fields == {"mother", "sex", "birth_year"}
    assert uic.problems("Mai", "Nam", "Hoa", "F", dt.date.today().year + 1)[0].field == "birth_year"


def test_code_exists_reports_but_never_changes_anything(ward_db):
    from ward_desk.models.records import Client

    Client.create(client_code="MNHF1995", sex="F", group="SW")
    assert uic.code_exists("MNHF1995")
    assert not uic.code_exists("MNHF1996")
    assert Client.select().count() == 1
