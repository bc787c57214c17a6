"""The batched commit: the rows, derived columns and audit rows of the repositories; undo."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop_app import imports
from desktop_app.domain.rectification import SignOff
from desktop_app.imports.common import ImportCancelled
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.settings import write_settings
from tests.imports import ledgers

TODAY = date(2022, 10, 11)
DERIVED = "id, status, completion_date, last_progress, measure_count, search_text"


def _preview(db, path: Path, **options):
    source = imports.open_source(path)
    return imports.preview(
        db.conn, source, imports.Options("rectification", today=TODAY, **options)
    )


def _all(db, sql: str, params=()):
    return db.execute(sql, list(params)).fetchall()


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    header = ["问题描述", "整改措施", "整改时限", "完成情况", "进展情况"]
    return ledgers.workbook(path, [header, *rows], title="清单")


def test_preview_rows_show_the_values_as_read_and_the_error_file_keeps_the_file_text(
    db, tmp_path: Path
) -> None:
    result = _preview(db, ledgers.rectification_xlsx(tmp_path / "台账.xlsx"))
    first = next(row for row in result.rows if row.number == 6)
    assert result.headers[6] == "完成时限" and result.imported_as[6] == "整改时限"
    assert first.raw[6] == "44712" and first.cells[6] == "2022-05-31"
    assert first.cells[7] == "已完成" and first.cells[2] == "学习不深入"
    last = next(row for row in result.rows if row.number == 10)
    assert (last.raw[6], last.cells[6]) == ("2022年底", "2022-12-31")
    assert (last.raw[7], last.cells[7]) == ("√", "已完成")
    broken = _ledger(tmp_path / "错.xlsx", [["问题一", "措施一", "2023-02-30", "", ""]])
    wrong = _preview(db, broken, inspection_name="自查")
    assert wrong.rows[0].cells[2] == "2023-02-30"  # refused: shown as written, error listed
    out = tmp_path / "错误行.csv"
    imports.error_rows_csv(wrong, out)
    assert "2023-02-30" in out.read_text(encoding="utf-8-sig")


def test_committed_rows_are_what_the_repository_derives(db, tmp_path: Path) -> None:
    path = _ledger(
        tmp_path / "清单.xlsx",
        [
            ["问题一", "措施一", "2022-05-31", "已完成", "已印发"],
            ["问题一", "措施二", "2022-12-31", "正在推进", "开展两次"],
            ["问题二", "", "长期", "", "持续推进"],
            ["问题三", "措施三", "2022-09-30", "即知即改", ""],
        ],
    )
    done = imports.commit(db, _preview(db, path, inspection_name="自查"), None)
    stored = _all(db, f"SELECT {DERIVED} FROM problems ORDER BY id")
    repo = RectificationRepo(db)
    with db.atomic():
        for problem_id, *_rest in stored:
            repo.refresh_problem(problem_id)
    assert _all(db, f"SELECT {DERIVED} FROM problems ORDER BY id") == stored
    assert [row[1:5] for row in stored] == [
        ("整改中", None, TODAY.isoformat(), 2),
        ("长期坚持", None, TODAY.isoformat(), 0),
        ("已完成", "2022-09-30", None, 1),  # completed by its past deadline
    ]
    assert _all(db, "SELECT content, last_progress FROM measures ORDER BY id") == [
        ("措施一", TODAY.isoformat()),
        ("措施二", TODAY.isoformat()),
        ("措施三", None),
    ]
    # one audit row per record, in the batch, holding the record as a repository logs it
    logged = _all(
        db,
        "SELECT record_type, count(*) FROM audit_log WHERE batch_id = ? AND action = 'create'"
        " GROUP BY record_type ORDER BY record_type",
        [done.batch_id],
    )
    assert logged == [("inspection", 1), ("measure", 3), ("problem", 3), ("progress", 3)]
    (after,) = _all(
        db, "SELECT after FROM audit_log WHERE record_type = 'measure' ORDER BY id LIMIT 1"
    )[0]
    measure = repo.get_measure(1)
    assert json.loads(after)["content"] == measure.content == "措施一"
    assert json.loads(after)["completion_date"] == "2022-05-31"


def test_imported_problems_are_found_by_the_search_index(db, tmp_path: Path) -> None:
    if not _all(db, "SELECT 1 FROM sqlite_master WHERE name = 'problems_fts'"):
        pytest.skip("this schema has no search index")
    path = _ledger(tmp_path / "清单.xlsx", [["执法公示不及时", "建立公示制度", "", "", ""]])
    imports.commit(db, _preview(db, path, inspection_name="自查"), None)
    hits = _all(db, "SELECT rowid FROM problems_fts WHERE problems_fts MATCH ?", ['"公示制度"'])
    assert hits == [(1,)]


def test_undo_of_a_measure_added_to_an_existing_problem_puts_the_problem_back(
    db, tmp_path: Path
) -> None:
    first = _ledger(tmp_path / "一.xlsx", [["问题一", "措施一", "", "已完成", ""]])
    imports.commit(db, _preview(db, first, inspection_name="自查"), None)
    before = _all(db, f"SELECT {DERIVED} FROM problems")
    assert before[0][1] == "已完成" and before[0][4] == 1
    second = _ledger(
        tmp_path / "二.xlsx",
        [["问题一", "措施一", "", "已完成", ""], ["问题一", "措施二", "", "正在推进", "推进中"]],
    )
    again = _preview(db, second, inspection_name="自查")
    assert again.counts["measures"] == {"create": 1, "update": 0, "skip": 1}
    done = imports.commit(db, again, None)
    assert _all(db, "SELECT status, measure_count FROM problems") == [("整改中", 2)]
    imports.undo(db, done.batch_id)
    assert _all(db, f"SELECT {DERIVED} FROM problems") == before
    assert _all(db, "SELECT count(*) FROM progress") == [(0,)]


def test_a_signed_off_problem_gets_no_new_measure_or_progress(db, tmp_path: Path) -> None:
    first = _ledger(tmp_path / "一.xlsx", [["问题一", "措施一", "2022-05-31", "已完成", ""]])
    imports.commit(db, _preview(db, first, inspection_name="自查"), None)
    repo = RectificationRepo(db)
    write_settings(db, {"rectification.signoff_evidence": False})  # 销号 without evidence here
    repo.sign_off("problem", 1, SignOff(TODAY, "整改工作组", "同意"))
    second = _ledger(
        tmp_path / "二.xlsx",
        [["问题一", "措施一", "2022-05-31", "已完成", "补充"], ["问题一", "措施二", "", "", ""]],
    )
    result = _preview(db, second, inspection_name="自查")
    assert {e.row for e in result.errors} == {2, 3}
    assert all("已销号" in e.message for e in result.errors)


def test_a_cancel_during_the_commit_writes_nothing(db, tmp_path: Path) -> None:
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    result = _preview(db, path)
    calls = iter(range(100))
    with pytest.raises(ImportCancelled):
        imports.commit(db, result, None, cancelled=lambda: next(calls) > 5)
    for table in ("inspections", "problems", "measures", "progress", "import_batches"):
        assert _all(db, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert _all(db, "SELECT count(*) FROM audit_log") == [(0,)]


def test_cells_merged_down_several_measures_fill_each_measure(db, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["问题描述", "整改措施", "牵头部门", "整改时限"],
        ["问题一", "措施一", "政策法规处", "2023年6月"],
        [None, "措施二", None, None],
        [None, "措施三", None, None],
    ]
    path = ledgers.workbook(tmp_path / "合并.xlsx", rows, merged=("A2:A4", "C2:C4", "D2:D4"))
    source = imports.open_source(path)
    assert (1, 2, 3, 2) in source.tables[0].merged  # C2:C4, as (row, column) from 0
    imports.commit(db, _preview(db, path, inspection_name="自查"), None)
    assert _all(db, "SELECT content, lead_dept, deadline FROM measures ORDER BY id") == [
        ("措施一", "政策法规处", "2023-06-30"),
        ("措施二", "政策法规处", "2023-06-30"),
        ("措施三", "政策法规处", "2023-06-30"),
    ]
    assert _all(db, "SELECT count(*) FROM problems") == [(1,)]
