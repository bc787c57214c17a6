"""Column mapping and the inspection proposed, as a clerk's ledger needs them the first time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app import imports
from desktop_app.domain.imports.headers import propose_mapping
from desktop_app.imports.rectification import inspection_name, proposed_inspection
from tests.imports import ledgers


def test_a_column_of_status_words_is_the_status_whatever_its_header() -> None:
    headers = ["存在问题", "整改措施", "整改情况", "进展情况"]
    columns = [
        ["问题一", "问题二", "问题三"],
        ["措施一", "措施二", "措施三"],
        ["已完成", "正在推进", "√"],
        ["已印发计划", "开展两次学习", "已抽查案卷120卷"],
    ]
    chosen = {p.column: p.field for p in propose_mapping("rectification", headers, columns)}
    assert chosen == {0: "problem", 1: "measure", 2: "status", 3: "progress"}
    texts = [["问题一", "问题二"], ["措施一", "措施二"], ["已完成制度修订,正在印发", "完成了学习"]]
    chosen = {p.column: p.field for p in propose_mapping("rectification", headers[:3], texts)}
    assert chosen[2] == "progress"  # texts that start with a status word stay progress


def test_the_inspection_is_named_by_the_title_the_document_or_the_file() -> None:
    title = "市委第三巡察组反馈问题整改落实情况台账"
    assert inspection_name(title, "Sheet1", "台账") == "市委第三巡察组"
    assert inspection_name("", "表格1", "整改", "市科技局党组落实市委巡察反馈意见整改方案") == (
        "市科技局党组落实市委巡察"
    )
    assert inspection_name("", "Sheet1", "2024年审计整改台账") == "2024年审计"
    assert inspection_name("", "工作表1", "") == "导入的巡察"


def test_a_word_plan_goes_into_the_inspection_its_first_line_names(db, tmp_path: Path) -> None:
    source = imports.open_source(ledgers.plan_docx(tmp_path / "方案.docx"))
    options = imports.Options("rectification", today=date(2022, 10, 11))
    assert (
        proposed_inspection(imports.prepare(source, options, db.conn)) == "市科技局党组落实市委巡察"
    )


def test_a_ledger_with_a_status_column_called_zhenggai_qingkuang(db, tmp_path: Path) -> None:
    rows = [
        ["序号", "存在问题", "整改措施", "整改情况", "进展情况"],
        [1, "问题一", "措施一", "已完成", "已印发"],
        [2, "问题二", "措施二", "正在推进", "开展两次"],
    ]
    path = ledgers.workbook(tmp_path / "台账.xlsx", rows)
    result = imports.preview(
        db.conn,
        imports.open_source(path),
        imports.Options("rectification", inspection_name="自查", today=date(2022, 10, 11)),
    )
    assert result.ok and result.summary["by_status"] == {"已完成": 1, "整改中": 1}
    assert result.imported_as[3:] == ["完成情况", "整改进展"]
