"""The same person or certificate cannot be entered twice by typing it in full-width forms."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.personnel import Certificate, Person
from desktop_app.storage.personnel.repo import PersonnelRepo

TODAY = date(2025, 3, 10)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def test_a_full_width_id_number_is_the_same_person(db) -> None:
    repo = PersonnelRepo(db)
    repo.add_person(Person("张伟", id_number="11010519491231002X"), TODAY)
    with pytest.raises(ValidationError, match="重复") as caught:
        repo.add_person(Person("张伟", id_number="11010519491231002X".translate(FULL_WIDTH)), TODAY)
    assert caught.value.field == "身份证号"
    assert db.execute("SELECT count(*) FROM persons").fetchone()[0] == 1


def test_a_full_width_certificate_number_is_the_same_certificate(db) -> None:
    repo = PersonnelRepo(db)
    first = repo.add_person(Person("张伟"), TODAY)
    second = repo.add_person(Person("李娜"), TODAY)
    cert = Certificate(
        first, "豫执 0123A", issue_date=date(2023, 1, 1), valid_until=date(2028, 1, 1)
    )
    repo.issue_certificate(cert)
    twin = Certificate(
        second, "豫执０１２３Ａ", issue_date=date(2023, 1, 1), valid_until=date(2028, 1, 1)
    )
    with pytest.raises(ValidationError, match="已登记") as caught:
        repo.issue_certificate(twin)
    assert caught.value.field == "证号"
    assert db.execute("SELECT number FROM certificates").fetchall() == [("豫执0123A",)]
