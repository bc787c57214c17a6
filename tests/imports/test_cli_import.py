"""``python -m desktop_app import``: the same counts as the GUI, JSON keys, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app import cli, imports
from tests.imports import ledgers

SEED = Path("/work/shared/seeds/000_36d21ba27252efd5.txt")


def _run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["import", *args])
    return code, capsys.readouterr().out


def test_kinds_of_the_parser_are_the_imports(capsys) -> None:
    assert tuple(imports.KINDS) == cli.IMPORT_KINDS


def test_feedback_text_json_into_a_new_database(capsys, tmp_path: Path) -> None:
    db = tmp_path / "新 文件夹" / "台账.db"
    code, out = _run(capsys, "feedback-text", str(SEED), "--db", str(db), "--dry-run", "--json")
    assert code == 0
    result = json.loads(out)
    assert (result["problems"], result["measures"]) == (5, 18)
    assert result["by_status"] == {"整改中": 5} and result["errors"] == []
    assert db.exists()
    code, out = _run(capsys, "feedback-text", str(SEED), "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["batch"] == 1
    code, out = _run(capsys, "feedback-text", str(SEED), "--db", str(db), "--json")
    assert json.loads(out)["counts"]["measures"] == {"create": 0, "update": 0, "skip": 18}


def test_errors_exit_2_with_rows_as_the_spreadsheet_shows_them(capsys, tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "人员.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["执法人员台账"])
    ws.append(["姓名", "身份证号"])
    ws.append(["王一", 3.20602e17])
    wb.save(path)
    code, out = _run(capsys, "personnel", str(path), "--db", str(tmp_path / "a.db"), "--json")
    assert code == 2
    (error,) = json.loads(out)["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("名单", 3, "身份证号")
    assert set(json.loads(out)) >= {"persons", "certificates", "errors"}


def test_training_and_text_output(capsys, tmp_path: Path) -> None:
    path = ledgers.training_xlsx(tmp_path / "签到.xlsx")
    code, out = _run(capsys, "training", str(path), "--db", str(tmp_path / "a.db"), "--json")
    assert code == 0 and (json.loads(out)["sessions"], json.loads(out)["attendance"]) == (2, 3)
    code, out = _run(capsys, "training", str(path), "--db", str(tmp_path / "a.db"), "--dry-run")
    assert code == 0 and "未写入任何数据" in out


def test_a_hostile_file_is_one_line_and_exit_2(capsys, tmp_path: Path) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    code = cli.main(["import", "rectification", str(path), "--db", str(tmp_path / "a.db")])
    captured = capsys.readouterr()
    assert code == 2 and len(captured.err.strip().splitlines()) == 1 and "已损坏" in captured.err
