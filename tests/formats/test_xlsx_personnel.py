"""The personnel ledger exported through the registry and read back with openpyxl."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel import CertificateEvent
from desktop_app.exports import get_export, parse_options
from desktop_app.exports import personnel as _personnel_exports  # noqa: F401  (registers the exports)
from desktop_app.formats.personnel.xlsx import EXPIRED_FILL, LEDGER_COLUMNS
from desktop_app.jobs import Cancelled
from desktop_app.storage.personnel.repo import PersonnelRepo
from tests.personnel_factory import add_person, build_seed_001_year, issue

YEAR = 2019
TODAY = date(2019, 12, 31)
MASKED = re.compile(r"^\d{6}\*{8}[\dX]{4}$")


@pytest.fixture
def repo(db) -> PersonnelRepo:
    build = PersonnelRepo(db)
    build_seed_001_year(build, YEAR)
    return build


def export(db, path: Path, **raw) -> int:
    spec = get_export("personnel-ledger")
    options = parse_options(spec, {"year": str(YEAR), **raw})
    options["today"] = TODAY
    return spec.run(db, path, options, None, None)


def audit_rows(db) -> list[tuple]:
    return db.execute("SELECT action, record_type, summary FROM audit_log ORDER BY id").fetchall()


def cells(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_summary_sheet_has_the_years_counts_exactly(db, repo, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    export(db, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", "执法人员台账"]
    rows = {row[1]: row[2] for row in cells(book["汇总"])[3:]}
    assert rows["2019年新办证件"] == 1
    assert rows["2019年注销证件"] == 3
    assert rows["2019年转出执法关系"] == 11
    assert rows["2019年换证"] == 0
    sentence = next(r[4] for r in cells(book["汇总"]) if r[1] == "年度报告用语")
    assert sentence == "2019年新办执法证件1个、换证0个、注销执法证件3个,转出11人执法关系。"


def test_ids_masked_by_default_and_nothing_audited(db, repo, tmp_path: Path) -> None:
    before = audit_rows(db)
    path = tmp_path / "台账.xlsx"
    rows = export(db, path)
    sheet = openpyxl.load_workbook(path)["执法人员台账"]
    table = cells(sheet)
    assert table[2] == [c.title for c in LEDGER_COLUMNS]
    data = table[3:]
    assert len(data) == rows == 19  # 5 held + 3 cancelled + 11 transferred this year
    assert all(MASKED.match(r[3]) for r in data)
    full_ids = {r[0] for r in db.execute("SELECT id_number FROM persons").fetchall()}
    everything = " ".join(
        str(v)
        for sheet in openpyxl.load_workbook(path)
        for r in cells(sheet)
        for v in r
        if v is not None
    )
    assert not any(number in everything for number in full_ids)
    assert audit_rows(db) == before
    names = {r[1] for r in data}
    assert "前一年注销" not in names  # cancelled before the year began
    by_name = {r[1]: r for r in data}
    assert by_name["划转1"][13] == "转出" and "机构改革" in by_name["划转1"][15]
    assert by_name["新办人员"][11] == datetime(2019, 5, 20)


def test_full_ids_only_on_request_and_then_audited(db, repo, tmp_path: Path) -> None:
    path = tmp_path / "完整.xlsx"
    export(db, path, **{"full-id": True})
    data = cells(openpyxl.load_workbook(path)["执法人员台账"])[3:]
    full_ids = {r[0] for r in db.execute("SELECT id_number FROM persons").fetchall()}
    assert {r[3] for r in data} <= full_ids and not any("*" in r[3] for r in data)
    last = audit_rows(db)[-1]
    assert last[:2] == ("export", "person") and "完整身份证号" in last[2]


def test_expired_rows_are_coloured_and_text_stays_text(db, tmp_path: Path) -> None:
    repo = PersonnelRepo(db)
    person = add_person(repo, '=HYPERLINK("http://x")', TODAY, notes="")
    cert_id = issue(repo, person, "E1", date(2014, 1, 1), date(2019, 6, 1))
    repo.record_event(cert_id, CertificateEvent("年审", date(2015, 1, 1), person))
    path = tmp_path / "色.xlsx"
    export(db, path)
    sheet = openpyxl.load_workbook(path)["执法人员台账"]
    name_cell, until_cell = sheet.cell(4, 2), sheet.cell(4, 13)
    assert name_cell.data_type == "s" and name_cell.value.startswith("=")
    assert until_cell.fill.fgColor.rgb.endswith(EXPIRED_FILL)
    assert sheet.cell(4, 14).value == "已过期" and sheet.cell(4, 16).value.startswith("已过期")


def test_cancel_leaves_no_file_and_no_audit(db, repo, tmp_path: Path) -> None:
    before = audit_rows(db)
    path = tmp_path / "取消.xlsx"
    spec = get_export("personnel-ledger")
    options = {"year": YEAR, "full-id": True, "today": TODAY}
    with pytest.raises(Cancelled):
        spec.run(db, path, options, None, lambda: True)
    assert not path.exists() and audit_rows(db) == before


def test_full_ids_refused_when_the_log_cannot_be_written(db, db_path, repo, tmp_path) -> None:
    from sqlite_utils import Database

    readonly = Database(sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True))
    path = tmp_path / "只读.xlsx"
    try:
        with pytest.raises(UserError, match="操作日志"):
            export(readonly, path, **{"full-id": True})
        assert not path.exists()
        assert export(readonly, path) == 19  # masked needs no log
    finally:
        readonly.conn.close()


def test_the_years_counts_count_certificates_not_events(db, repo, tmp_path: Path) -> None:
    """Two 年审 of one certificate in the year (a correction, a second review) are one."""
    person = add_person(repo, "两次年审", TODAY)
    cert_id = issue(repo, person, "R0001", date(YEAR - 2, 3, 1))
    repo.record_event(cert_id, CertificateEvent("年审", date(YEAR, 3, 1), person))
    repo.record_event(cert_id, CertificateEvent("年审", date(YEAR, 9, 1), person))
    path = tmp_path / "年审.xlsx"
    export(db, path)
    rows = {row[1]: row[2] for row in cells(openpyxl.load_workbook(path)["汇总"])[3:]}
    assert rows[f"{YEAR}年年审"] == 1
    events = db.execute(
        "SELECT count(*) FROM certificate_events WHERE event = '年审' AND date LIKE ?",
        [f"{YEAR}-%"],
    ).fetchone()[0]
    assert events == 2
