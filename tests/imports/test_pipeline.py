"""Importing clerks' ledgers end to end: what lands in the database, re-import, undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app import imports
from desktop_app.storage.imports import list_batches
from tests.imports import ledgers

TODAY = date(2022, 10, 11)


def _run(db, kind: str, path: Path, **options):
    source = imports.open_source(path)
    result = imports.preview(db.conn, source, imports.Options(kind, today=TODAY, **options))
    return result


def _committed(db, kind: str, path: Path) -> imports.Preview:
    """Read a file that must import cleanly, and write it."""
    result = _run(db, kind, path)
    assert result.ok, result.all_errors()
    imports.commit(db, result, None)
    return result


def _all(db, sql: str, params=()):
    return db.execute(sql, list(params)).fetchall()


def test_rectification_ledger_with_merged_two_row_header(db, tmp_path: Path) -> None:
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    result = _run(db, "rectification", path)
    assert result.errors == [] and result.unknown == []
    assert result.headers[4:6] == ["责任单位/牵头部门", "责任单位/配合部门"]
    assert result.summary["problems"] == 3 and result.summary["measures"] == 4
    imports.commit(db, result, tmp_path / "backups")
    assert list((tmp_path / "backups").glob("lawledger-pre-import-*.db"))
    (name,) = _all(db, "SELECT name FROM inspections")[0]
    assert name == "市委巡察五组依法行政专项巡察"
    problems = _all(db, "SELECT description, category, status FROM problems ORDER BY seq")
    assert problems == [
        ("学习不深入", "贯彻习近平法治思想不到位", "整改中"),
        ("执法不规范", "行政执法工作重视不够", "长期坚持"),
        ("执法协同不足", "行政执法工作重视不够", "已完成"),
    ]
    measures = _all(
        db,
        "SELECT content, lead_dept, resp_depts, deadline, status, completion_date FROM measures"
        " ORDER BY id",
    )
    assert measures == [
        ("制定学习计划", "政策法规处", "办公室", "2022-05-31", "已完成", "2022-05-31"),
        ("开展专题研讨", "政策法规处", "人事处", "2022-12-31", "整改中", None),
        ("修订执法制度", "执法处", "", None, "长期坚持", None),
        ("建立联合执法机制", "执法处", "", "2022-12-31", "已完成", "2022-10-11"),
    ]
    assert ("开展2次",) in _all(db, "SELECT text FROM progress")
    # the footer (填表人, 说明) never became a problem
    assert not _all(db, "SELECT 1 FROM problems WHERE description LIKE '%填表人%'")


def test_reimport_updates_instead_of_duplicating_and_undo_restores(db, tmp_path: Path) -> None:
    first = ledgers.rectification_xlsx(tmp_path / "第一周.xlsx")
    imports.commit(db, _run(db, "rectification", first), None)
    second = ledgers.rectification_xlsx(tmp_path / "第二周.xlsx", deadline_b="2023年6月")
    again = _run(db, "rectification", second)
    assert again.counts["problems"] == {"create": 0, "update": 1, "skip": 2}  # its deadline
    assert again.counts["measures"] == {"create": 0, "update": 1, "skip": 3}
    assert any("2022-12-31" in line and "2023-06-30" in line for line in again.changes)
    done = imports.commit(db, again, None)
    assert _all(db, "SELECT count(*) FROM measures") == [(4,)]
    assert ("2023-06-30",) in _all(db, "SELECT deadline FROM measures")
    imports.undo(db, done.batch_id)
    assert ("2022-12-31",) in _all(db, "SELECT deadline FROM measures")
    assert ("2023-06-30",) not in _all(db, "SELECT deadline FROM measures")
    batches = list_batches(db.conn)
    assert batches[0].undone_at and batches[1].undone_at is None
    imports.undo(db, batches[1].id)
    assert _all(db, "SELECT count(*) FROM problems") == [(0,)]
    assert _all(db, "SELECT count(*) FROM inspections") == [(0,)]


def test_audit_rows_of_an_import_carry_its_batch(db, tmp_path: Path) -> None:
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    done = imports.commit(db, _run(db, "rectification", path), None)
    untagged = _all(db, "SELECT count(*) FROM audit_log WHERE batch_id IS NULL")
    tagged = _all(db, "SELECT count(*) FROM audit_log WHERE batch_id = ?", [done.batch_id])
    assert untagged == [(0,)] and tagged[0][0] > 8


def test_mapping_is_remembered_for_the_same_headers(db, tmp_path: Path) -> None:
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    source = imports.open_source(path)
    options = imports.Options("rectification", today=TODAY)
    prepared = imports.prepare(source, options, db.conn)
    assert prepared.mapping[8] == "progress" and not prepared.remembered
    options.mapping = {**prepared.mapping, 8: ""}  # the clerk does not import 进展情况
    imports.commit(db, imports.preview(db.conn, source, options), None)
    again = imports.prepare(source, imports.Options("rectification", today=TODAY), db.conn)
    assert again.remembered and again.mapping[8] == ""
    assert _all(db, "SELECT count(*) FROM progress") == [(0,)]


def test_word_plan_table_with_merged_problem_cells(db, tmp_path: Path) -> None:
    path = ledgers.plan_docx(tmp_path / "整改方案.docx")
    result = _run(db, "rectification", path, inspection_name="依法行政专项巡察")
    assert result.ok, result.all_errors()
    imports.commit(db, result, None)
    rows = _all(
        db,
        "SELECT p.description, m.content, m.deadline, m.status FROM measures m"
        " JOIN problems p ON p.id = m.problem_id ORDER BY m.id",
    )
    assert rows == [
        ("制度建设不健全", "建立舆情应急处置方案", "2022-06-30", "未启动"),
        ("制度建设不健全", "梳理执法风险点", "2022-09-30", "未启动"),
        ("制度建设不健全", "集中学习三项制度", "2022-12-31", "未启动"),
        ("赋权事项未落实", "加强业务指导", None, "长期坚持"),
    ]


def test_unknown_status_word_is_listed_then_mapped_once(db, tmp_path: Path) -> None:
    path = ledgers.workbook(
        tmp_path / "清单.xlsx",
        [
            ["问题描述", "整改措施", "完成情况"],
            ["问题一", "措施一", "待定"],
            ["问题二", "措施二", "待定"],
            ["问题三", "措施三", "已办结"],
        ],
    )
    result = _run(db, "rectification", path, inspection_name="自查")
    assert not result.ok
    assert [(u.value, u.rows) for u in result.unknown] == [("待定", [2, 3])]
    assert {(e.row, e.column) for e in result.all_errors()} == {(2, "完成情况"), (3, "完成情况")}
    mapped = _run(
        db, "rectification", path, inspection_name="自查", value_map={"status": {"待定": "未启动"}}
    )
    assert mapped.ok
    imports.commit(db, mapped, None)
    later = _run(db, "rectification", path, inspection_name="自查")
    assert later.unknown == []  # remembered


def test_personnel_gbk_csv(db, tmp_path: Path) -> None:
    path = ledgers.personnel_csv_gbk(tmp_path / "执法人员.csv")
    assert _committed(db, "personnel", path).summary == {"persons": 2, "certificates": 3}
    persons = _all(db, "SELECT name, gender, id_number, birth_date FROM persons ORDER BY id")
    assert persons == [
        ("王一", "女", ledgers.ID_A, "1949-12-31"),
        ("李二", "男", ledgers.ID_B, "1991-01-01"),
    ]
    certs = _all(db, "SELECT number, issue_date, valid_until, status FROM certificates ORDER BY id")
    assert certs == [
        ("32060001", "2021-03-01", "2026-02-28", "有效"),
        ("J32060009", "2021-03-01", "2026-02-28", "有效"),
        ("32060002", "2020-06-01", "2025-05-31", "暂扣"),
    ]
    again = _run(db, "personnel", path)
    assert again.counts["persons"]["skip"] == 2 and again.counts["certificates"]["skip"] == 3


def test_excel_rounded_id_number_is_an_error_naming_the_row(db, tmp_path: Path) -> None:
    rows = [
        ["姓名", "身份证号", "执法证号", "发证日期", "有效期至"],
        ["王一", ledgers.ID_A, "1", "2021-01-01", "2025-12-31"],
        ["李二", 3.20602e17, "2", "2021-01-01", "2025-12-31"],
    ]
    path = ledgers.workbook(tmp_path / "名单.xlsx", rows, title="人员")
    result = _run(db, "personnel", path)
    errors = result.all_errors()
    assert len(errors) == 1
    assert (errors[0].sheet, errors[0].row, errors[0].column) == ("人员", 3, "身份证号")
    assert "后几位已经丢失" in errors[0].message
    with pytest.raises(Exception, match="错误"):
        imports.commit(db, result, None)
    assert _all(db, "SELECT count(*) FROM persons") == [(0,)]


def test_training_sign_up_list(db, tmp_path: Path) -> None:
    path = ledgers.training_xlsx(tmp_path / "签到.xlsx")
    assert _committed(db, "training", path).summary == {"sessions": 2, "attendance": 3}
    sessions = _all(db, "SELECT date, title, kind, hours FROM training_sessions ORDER BY date")
    assert sessions == [
        ("2022-05-10", "民法典专题讲座", "专题讲座", 2.0),
        ("2022-06-08", "在线学法考试", "在线学法考试", 1.0),
    ]
    attendance = _all(
        db,
        "SELECT p.name, a.status, a.hours, a.score FROM training_attendance a"
        " JOIN persons p ON p.id = a.person_id ORDER BY a.id",
    )
    assert attendance == [
        ("王一", "出席", 2.0, None),
        ("李二", "请假", 0.0, None),
        ("王一", "出席", 1.0, 95.0),
    ]
    assert _all(db, "SELECT count(*) FROM persons") == [(2,)]  # the same 王一 twice
    again = _run(db, "training", path)
    assert again.counts["sessions"]["skip"] == 2 and again.counts["attendance"]["skip"] == 3


def test_excluded_rows_and_error_rows_file(db, tmp_path: Path) -> None:
    rows = [["问题描述", "整改时限"], ["问题一", "2023-02-30"], ["问题二", "2023-03-01"]]
    path = ledgers.workbook(tmp_path / "清单.xlsx", rows)
    result = _run(db, "rectification", path, inspection_name="自查")
    assert [(e.row, e.column) for e in result.errors] == [(2, "整改时限")]
    out = tmp_path / "错误行.csv"
    assert imports.error_rows_csv(result, out) == 1
    assert "问题一" in out.read_text(encoding="utf-8-sig")
    kept = _run(db, "rectification", path, inspection_name="自查", excluded={2})
    assert kept.ok and kept.summary["problems"] == 1


def test_long_cell_is_an_error_and_nothing_is_written(db, tmp_path: Path) -> None:
    path = tmp_path / "长.csv"
    path.write_text("问题描述,整改措施\n" + "长" * 40000 + ",措施\n", encoding="utf-8")
    result = _run(db, "rectification", path, inspection_name="自查")
    assert [e.row for e in result.errors] == [2]
    assert "32767" in result.errors[0].message
