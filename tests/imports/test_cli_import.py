"""``python -m desktop_app import``: the same counts as the GUI, JSON keys, exit codes."""

from __future__ import annotations

import json
import sqlite3
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
    rows = [["执法人员台账"], ["姓名", "身份证号"], ["王一", 3.20602e17]]
    path = ledgers.workbook(tmp_path / "人员.xlsx", rows, title="名单")
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


def test_list_and_undo_of_an_import_batch(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "台账.db")
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    assert _run(capsys, "rectification", str(path), "--db", db)[0] == 0
    code, out = _run(capsys, "list", "--db", db)
    assert code == 0 and "第 1 批" in out and "台账.xlsx · 依法行政" in out
    assert "新增 3 个问题" in out
    code, out = _run(capsys, "list", "--db", db, "--json")
    (batch,) = json.loads(out)["batches"]
    assert (batch["id"], batch["kind"], batch["undone_at"]) == (1, "rectification", None)
    code, out = _run(capsys, "undo", "1", "--db", db)
    assert code == 0 and "撤销导入" in out and "删除" in out and "备份" in out
    assert sqlite3.connect(db).execute("SELECT count(*) FROM problems").fetchone() == (0,)
    assert list((tmp_path / "backups" / "台账").glob("*pre-import*"))
    code, out = _run(capsys, "list", "--db", db)
    assert "已于" in out and "撤销" in out


def test_undo_refusals_are_one_chinese_line_and_exit_2(capsys, tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    missing = cli.main(["import", "undo", "1", "--db", str(db)])
    assert missing == 2 and "不存在" in capsys.readouterr().err and not db.exists()
    path = ledgers.rectification_xlsx(tmp_path / "台账.xlsx")
    _run(capsys, "rectification", str(path), "--db", str(db))
    for args, words in (
        (["undo", "9"], "找不到第 9 批"),
        (["undo", "甲"], "不是导入批次号"),
        (["undo"], "批次号"),
        (["rectification"], "请给出要导入的文件"),
    ):
        code = cli.main(["import", *args, "--db", str(db)])
        err = capsys.readouterr().err.strip()
        assert code == 2 and words in err and len(err.splitlines()) == 1, (args, err)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE measures SET leader = '改过' WHERE id = 1")
    conn.execute(
        "INSERT INTO audit_log (at, os_user, action, record_type, record_id, summary)"
        " VALUES ('2099-01-01', 'x', 'update', 'measure', 1, '改过')"
    )
    conn.commit()
    conn.close()
    code = cli.main(["import", "undo", "1", "--db", str(db)])
    assert code == 2 and "--force" in capsys.readouterr().err
    assert _run(capsys, "undo", "1", "--db", str(db), "--force")[0] == 0
    code = cli.main(["import", "undo", "1", "--db", str(db)])
    assert code == 2 and "已于" in capsys.readouterr().err
