"""Importing a changed roster or sign-up list again: what is updated, what is kept, what is said."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app import imports
from tests.imports import ledgers

TODAY = date(2022, 10, 11)
ROSTER_HEADER = "姓名,性别,公民身份号码,工作单位,处室,执法证号,发证日期,有效期至,证件状态\n"


def _roster(path: Path, *rows: str) -> Path:
    path.write_text(ROSTER_HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def _sign_up(path: Path, rows: list[list[object]]) -> Path:
    header = ["培训日期", "培训主题", "形式", "学时", "地点", "姓名", "出勤", "成绩"]
    return ledgers.workbook(path, [header, *rows], title="签到")


def _import(db, kind: str, path: Path) -> imports.Preview:
    result = imports.preview(db.conn, imports.open_source(path), imports.Options(kind, today=TODAY))
    assert result.ok, result.all_errors()
    imports.commit(db, result, None)
    return result


def test_a_changed_roster_updates_persons_and_certificates(db, tmp_path: Path) -> None:
    _import(
        db,
        "personnel",
        _roster(
            tmp_path / "v1.csv",
            f"王一,女,{ledgers.ID_A},市科技局,政策法规处,32060001,2021-03-01,2026-02-28,有效",
            f"李二,男,{ledgers.ID_B},市科技局,执法处,32060002,2020-06-01,2025-05-31,有效",
        ),
    )
    again = _import(
        db,
        "personnel",
        _roster(
            tmp_path / "v2.csv",
            f"王一,女,{ledgers.ID_A},市司法局,政策法规处,32060001,2021-03-01,2027-02-28,有效",
            f"李二,男,{ledgers.ID_B},市科技局,,32060002,2020-06-01,2025-05-31,暂扣",
        ),
    )
    assert again.changes == [
        "人员“王一”:unit“市科技局”→“市司法局”",
        "证件“32060001”:有效期至“2026-02-28”→“2027-02-28”",
        "证件“32060002”:状态“有效”→“暂扣”",
    ]
    assert again.counts == {
        "persons": {"create": 0, "update": 1, "skip": 1},
        "certificates": {"create": 0, "update": 2, "skip": 0},
    }
    persons = db.execute("SELECT name, unit, department FROM persons ORDER BY id").fetchall()
    assert persons == [("王一", "市司法局", "政策法规处"), ("李二", "市科技局", "执法处")]
    certs = db.execute("SELECT number, valid_until, status FROM certificates ORDER BY id")
    assert certs.fetchall() == [
        ("32060001", "2027-02-28", "有效"),
        ("32060002", "2025-05-31", "暂扣"),
    ]


def test_a_changed_sign_up_list_updates_sessions_and_attendance(db, tmp_path: Path) -> None:
    first = [
        ["2022-05-10", "民法典专题讲座", "讲座", 2, "三楼会议室", "王一", "√", None],
        ["2022-05-10", "民法典专题讲座", "讲座", 2, "三楼会议室", "李二", "请假", None],
    ]
    _import(db, "training", _sign_up(tmp_path / "v1.xlsx", first))
    second = [
        ["2022-05-10", "民法典专题讲座", "讲座", 3, "五楼报告厅", "王一", "√", 90],
        ["2022-05-10", "民法典专题讲座", "讲座", 3, "五楼报告厅", "李二", "√", None],
    ]
    again = _import(db, "training", _sign_up(tmp_path / "v2.xlsx", second))
    assert again.counts == {
        "sessions": {"create": 0, "update": 1, "skip": 0},
        "attendance": {"create": 0, "update": 2, "skip": 0},
    }
    assert again.changes == [
        "培训“民法典专题讲座”:hours“2.0”→“3.0”",
        "培训“民法典专题讲座”:place“三楼会议室”→“五楼报告厅”",
        "出勤(第 2 行):hours“2.0”→“3.0”",
        "出勤(第 2 行):score“(空)”→“90.0”",
        "出勤(第 3 行):status“请假”→“出席”",
        "出勤(第 3 行):hours“(空)”→“3.0”",  # 0 credited hours on leave
    ]
    sessions = db.execute("SELECT title, hours, place FROM training_sessions").fetchall()
    assert sessions == [("民法典专题讲座", 3.0, "五楼报告厅")]
    attendance = db.execute(
        "SELECT p.name, a.status, a.hours, a.score FROM training_attendance a"
        " JOIN persons p ON p.id = a.person_id ORDER BY a.id"
    ).fetchall()
    assert attendance == [("王一", "出席", 3.0, 90.0), ("李二", "出席", 3.0, None)]
