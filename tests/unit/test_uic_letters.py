"""The UIC helper and search folding treat Ð/ð (U+00D0/U+00F0, the look-alike of Đ/đ) as D."""

from __future__ import annotations

import pytest

from ward_desk.services import uic
from ward_desk.textutil import fold


@pytest.mark.parametrize("name", ["Đào", "đào", "\u00d0ào", "\u00f0ào", "Ðào", "ðÀO"])
def test_every_d_with_stroke_gives_d(name):
    assert uic.given_initial(f"Nguyễn Thị {name}") == "D"
    assert fold(name) == "dao"


def test_code_with_look_alike_letters_matches_the_vietnamese_one():
    vietnamese = uic.build_code("Lê Thị Đào", "Đỗ Văn Đức", "Trần Thị Hoa", "F", 1995)
    look_alike = uic.build_code("Lê Thị \u00d0ào", "\u00d0ỗ Văn \u00f0ức", "Trần Thị Hoa", "F", 1995)
    assert vietnamese == look_alike == "DDHF1995"
    assert look_alike.isascii()


def test_office_database_fold_maps_the_look_alike_too():
    from ward_desk.db_server import _fold_sql  # the PostgreSQL wd_fold is derived from textutil.fold

    sql = _fold_sql()
    source, target = sql.split("translate(value, '")[1].split("')")[0].split("', '")
    mapping = dict(zip(source, target))
    assert mapping["\u00d0"] == "d" and mapping["\u00f0"] == "d" and mapping["Đ"] == "d"
