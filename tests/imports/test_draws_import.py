"""The target directory (检查对象名录库) imported from Excel: preview, commit, re-import, undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from desktop_app import imports
from desktop_app.storage.draws import directory
from desktop_app.storage.imports import list_batches
from tests.test_cli import run as run_cli

TODAY = date(2022, 6, 1)
HEADER = ["序号", "企业名称", "统一社会信用代码", "主体类型", "所属行业", "所属区域", "地址",
          "联系人", "联系电话", "经营状态"]  # fmt: skip
ROWS = [
    [1, "南通市甲科技有限公司", "91110000600037341L", "有限责任公司", "软件业", "崇川区",
     "工农路1号", "王经理", "0513-3310001", "存续"],
    [2, "南通市乙培训学校", "", "民办非企业单位", "教育培训", "通州区", "", "", "", "开业"],
    [3, "南通市丙电子有限公司", "91110000600037341A", "公司", "电子", "海安市", "", "", "", "在业"],
]  # fmt: skip


def directory_xlsx(path: Path, rows: list[list] = ROWS) -> Path:
    """A directory as offices keep it: a title row, the header, the companies."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "检查对象名录库"
    sheet.append(["2022年检查对象名录库"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def preview(db, path: Path, **options):
    source = imports.open_source(path)
    return imports.preview(db.conn, source, imports.Options("draws", today=TODAY, **options))


def test_preview_finds_the_columns_and_refuses_a_failing_code(db, tmp_path: Path) -> None:
    result = preview(db, directory_xlsx(tmp_path / "名录库.xlsx"))
    assert [e.row for e in result.errors] == [5]
    assert "校验位错误" in result.errors[0].message and "仍然使用" in result.errors[0].message
    assert directory.target_count(db) == 0


def test_commit_reimport_and_undo(db, tmp_path: Path) -> None:
    path = directory_xlsx(tmp_path / "名录库.xlsx")
    result = preview(db, path, excluded={5})  # the row with the failing code is left out
    assert result.ok and result.counts == {"check_targets": {"create": 2, "update": 0, "skip": 0}}
    done = imports.commit(db, result, tmp_path / "backups")
    targets = directory.all_targets(db)
    assert [(t["name"], t["kind"], t["status"]) for t in targets] == [
        ("南通市甲科技有限公司", "企业", "在营"),
        ("南通市乙培训学校", "社会组织", "在营"),
    ]
    assert targets[0]["credit_code"] == "91110000600037341L"
    again = preview(db, path, excluded={5})
    assert again.counts["check_targets"] == {"create": 0, "update": 0, "skip": 2}
    changed = [row[:] for row in ROWS[:2]]
    changed[0][9] = "已注销"
    second = preview(db, directory_xlsx(tmp_path / "新.xlsx", changed))
    assert second.counts["check_targets"] == {"create": 0, "update": 1, "skip": 1}
    assert any("状态“在营”→“注销”" in c for c in second.changes)
    imports.commit(db, second, None)
    assert directory.all_targets(db)[0]["status"] == "注销"
    imports.undo(db, list_batches(db)[0].id)
    assert directory.all_targets(db)[0]["status"] == "在营"
    imports.undo(db, done.batch_id)
    assert directory.target_count(db) == 0


def test_the_import_command(db, db_path: Path, tmp_path: Path) -> None:
    db.close()
    path = directory_xlsx(tmp_path / "名录库.xlsx", ROWS[:2])
    result = run_cli("import", "draws", str(path), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "检查对象:新增 2" in result.stdout


def test_import_list_names_the_draws_import_as_the_manifest_does(
    db, db_path: Path, tmp_path: Path
) -> None:
    """The batch of a targets import reads 双随机抽查 and 家检查对象 (the manifest's words)."""
    result = preview(db, directory_xlsx(tmp_path / "名录库.xlsx", ROWS[:2]))
    assert imports.describe(result) == "导入“名录库.xlsx”:新增 2 家检查对象"
    imports.commit(db, result, None)
    db.close()
    listed = run_cli("import", "list", "--db", str(db_path))
    assert listed.returncode == 0, listed.stderr
    assert "双随机抽查  名录库.xlsx" in listed.stdout
