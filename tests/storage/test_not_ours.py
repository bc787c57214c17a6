"""A file that is not a LawLedger database is never changed: not even a -wal appears beside it.

Only a missing or empty file is initialised (the GUI's first run, the demo); export and
backup want an existing LawLedger database; an export never overwrites a database.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.errors import UserError
from desktop_app.storage import migrations
from desktop_app.storage.database import NotOursError, inspect_file, open_database
from desktop_app.ui.app import open_context


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _other_program(path: Path, *, wal: bool) -> Path:
    """Another program's SQLite database (closed cleanly, as it would be found on disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '0513-0000')")
    conn.commit()
    conn.close()
    return path


def _app_tables_only(path: Path) -> Path:
    """LawLedger's tables, but no record of its migrations (not ours either)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute(f"DROP TABLE {migrations.TABLE}")
    conn.commit()
    conn.close()
    return path


KINDS = {
    "other-program": lambda p: _other_program(p, wal=False),
    "other-program-wal": lambda p: _other_program(p, wal=True),
    "app-tables-without-migrations": _app_tables_only,
}


@pytest.mark.parametrize("kind", KINDS)
def test_opening_refuses_a_file_that_is_not_ours_untouched(kind: str, tmp_path: Path) -> None:
    path = KINDS[kind](tmp_path / "别的 程序" / "data.db")
    before = _files(path.parent)
    with pytest.raises(NotOursError, match="不是法治台账的数据库") as caught:
        open_database(path, backup_dir=path.parent / "backups")
    assert "未做任何改动" in str(caught.value)
    assert _files(path.parent) == before  # no migrations, no WAL switch, no -wal/-shm


@pytest.mark.parametrize("kind", KINDS)
def test_the_window_refuses_it_before_putting_a_lock_file_beside_it(kind, tmp_path: Path) -> None:
    path = KINDS[kind](tmp_path / "别的 程序" / "data.db")
    before = _files(path.parent)
    with pytest.raises(UserError, match="不是法治台账的数据库"):
        open_context(path)
    assert _files(path.parent) == before


@pytest.mark.parametrize("command", ["export", "backup", "demo"])
@pytest.mark.parametrize("kind", KINDS)
def test_commands_refuse_a_file_that_is_not_ours_untouched(
    command: str, kind: str, tmp_path: Path, capsys
) -> None:
    path = KINDS[kind](tmp_path / "别的 程序" / "data.db")
    before = _files(tmp_path)
    args = {
        "export": ["export", "rectification-ledger", "--db", str(path)],
        "backup": ["backup", "--db", str(path)],
        "demo": ["demo", "--db", str(path)],
    }[command]
    if command == "export":
        args += ["--out", str(tmp_path / "台账.xlsx")]
    code = cli.main(args)
    captured = capsys.readouterr()
    assert code == cli.EXIT_USER_ERROR, captured
    [line] = captured.err.strip().splitlines()
    assert "不是法治台账的数据库" in line
    assert _files(tmp_path) == before  # no .lock, no backups folder, no output either


@pytest.mark.parametrize("command", ["export", "backup"])
def test_export_and_backup_refuse_a_zero_byte_file(command: str, tmp_path: Path, capsys):
    path = tmp_path / "空的.db"
    path.write_bytes(b"")
    args = (
        ["export", "rectification-ledger", "--db", str(path), "--out", str(tmp_path / "a.xlsx")]
        if command == "export"
        else ["backup", "--db", str(path)]
    )
    code = cli.main(args)
    captured = capsys.readouterr()
    assert code == cli.EXIT_USER_ERROR and "是空文件" in captured.err
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_new_or_empty_file_may_still_be_initialised(tmp_path: Path) -> None:
    empty = tmp_path / "空的.db"
    empty.write_bytes(b"")
    assert inspect_file(tmp_path / "新的.db") == "new" and inspect_file(empty) == "empty"
    for path in (tmp_path / "新的.db", empty):
        open_database(path).close()
        assert inspect_file(path) == "ours"


def test_export_never_overwrites_the_database(db, db_path: Path, tmp_path: Path, capsys) -> None:
    db.close()
    ledger = db_path.with_name("台账.xlsx")  # a database whose name has an export's suffix
    db_path.rename(ledger)
    before = _files(ledger.parent)
    code = cli.main(["export", "rectification-ledger", "--db", str(ledger), "--out", str(ledger)])
    captured = capsys.readouterr()
    assert code == cli.EXIT_USER_ERROR and "就是数据库文件本身" in captured.err
    assert _files(ledger.parent) == before


def test_export_never_overwrites_another_database(db, db_path: Path, tmp_path: Path, capsys):
    db.close()
    other = _other_program(tmp_path / "其他.xlsx", wal=False)
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    code = cli.main(["export", "rectification-ledger", "--db", str(db_path), "--out", str(other)])
    captured = capsys.readouterr()
    assert code == cli.EXIT_USER_ERROR and "是一个数据库文件" in captured.err
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
