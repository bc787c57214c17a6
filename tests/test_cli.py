"""The command line, run as a real process and in-process: results and one-line refusals."""

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from desktop_app import cli, exports
from desktop_app.exports import ExportOption, ExportSpec
from desktop_app.storage import migrations
from desktop_app.storage.lock import DatabaseLock

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def run(*args: str) -> subprocess.CompletedProcess:
    """``python -m desktop_app ...`` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def assert_refused(code: int, out: str, err: str, *, expected: int = 2, contains: str = "") -> str:
    """Exactly one clear line on stderr, the exit code, and never a traceback."""
    assert code == expected, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in out + err
    assert contains in lines[0], lines[0]
    return lines[0]


def refused(result: subprocess.CompletedProcess, **kwargs) -> str:
    return assert_refused(result.returncode, result.stdout, result.stderr, **kwargs)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# -- demo ------------------------------------------------------------------------
def test_demo_creates_a_filled_database(db_path: Path) -> None:
    result = run("demo", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.strip().splitlines()
    assert "1000 个问题" in line and "5 个巡察" in line and "秒" in line
    assert count(db_path, "problems") == 1000
    assert count(db_path, "measures") >= 2000
    conn = sqlite3.connect(db_path)
    audit = conn.execute("SELECT action, record_type FROM audit_log").fetchall()
    conn.close()
    assert audit == [("import", "database")]


def test_demo_refuses_a_database_with_data(demo_db, db_path: Path) -> None:
    demo_db.close()
    before = sha(db_path)
    refused(run("demo", "--db", str(db_path)), contains="已有数据")
    assert sha(db_path) == before


def test_demo_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    other = tmp_path / "笔记.txt"
    other.write_text("会议记录" * 100, encoding="utf-8")
    refused(run("demo", "--db", str(other)), contains="不是法治台账的数据库")


@pytest.mark.parametrize("scale", ["0", "101", "abc", "2.5"])
def test_demo_scale_out_of_range(tmp_path: Path, capsys, scale: str) -> None:
    target = tmp_path / "演示.db"
    code = cli.main(["demo", "--db", str(target), "--scale", scale])
    captured = capsys.readouterr()
    line = assert_refused(code, captured.out, captured.err, contains="--scale")
    assert "1 到 100" in line and "命令行参数有误" in line
    assert not target.exists()


def test_demo_scale_multiplies_problems(tmp_path: Path, capsys) -> None:
    target = tmp_path / "演示 3.db"
    assert cli.main(["demo", "--db", str(target), "--scale", "3"]) == 0
    assert "3000 个问题" in capsys.readouterr().out
    assert count(target, "problems") == 3000


# -- export ----------------------------------------------------------------------
def test_export_list_with_an_empty_registry(monkeypatch, capsys) -> None:
    monkeypatch.setattr(exports, "EXPORTS", {})
    monkeypatch.setattr(exports, "load_all", lambda: exports.EXPORTS)
    assert cli.main(["export", "--list"]) == 0
    captured = capsys.readouterr()
    assert "尚无可用的导出" in captured.out and captured.err == ""


def test_export_list_as_a_process() -> None:
    result = run("export", "--list")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert lines
    names = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert set(names) == set(_registered_names())


def _registered_names() -> list[str]:
    exports.load_all()
    return list(exports.EXPORTS) or ["当前版本尚无可用的导出。"]


def test_unknown_export_name(demo_db, db_path: Path, tmp_path: Path) -> None:
    result = run("export", "没有这个导出", "--db", str(db_path), "--out", str(tmp_path / "a.xlsx"))
    refused(result, contains="没有名为“没有这个导出”的导出")


def test_export_needs_an_existing_database(tmp_path: Path) -> None:
    missing = tmp_path / "不存在 的.db"
    names = _registered_names()
    spec = exports.EXPORTS.get(names[0])
    name, suffix = (spec.name, spec.suffix) if spec else ("任意", ".xlsx")
    result = run("export", name, "--db", str(missing), "--out", str(tmp_path / f"a{suffix}"))
    if spec is None:
        refused(result, contains="没有名为")
    else:
        refused(result, contains="数据库文件不存在")
    assert not missing.exists()


@pytest.fixture
def fake_export(monkeypatch):
    """A registered export with a date, a number and a flag option; records its calls."""
    calls: list[dict] = []

    def write(db, out: Path, options, progress, cancelled) -> int:
        rows = db.execute("SELECT count(*) FROM problems").fetchone()[0]
        out.write_text(f"{rows}", encoding="utf-8")
        calls.append({"options": options, "rows": rows, "cancelled": cancelled})
        return rows

    spec = ExportSpec(
        name="test-ledger",
        title="测试台账",
        suffix=".txt",
        run=write,
        options=(
            ExportOption("since", "起始日期", "date"),
            ExportOption("limit", "最多行数", "int"),
            ExportOption("weekly", "按周汇总", "flag"),
        ),
    )
    other = ExportSpec(
        name="test-other",
        title="另一个",
        suffix=".txt",
        run=write,
        options=(ExportOption("year", "年度", "int"),),
    )
    monkeypatch.setattr(exports, "EXPORTS", {spec.name: spec, other.name: other})
    monkeypatch.setattr(exports, "load_all", lambda: exports.EXPORTS)
    return calls


def test_export_runs_with_checked_options(fake_export, demo_db, db_path: Path, tmp_path, capsys):
    demo_db.close()
    before = sha(db_path)
    out = tmp_path / "导出 结果.txt"
    args = ["export", "test-ledger", "--db", str(db_path), "--out", str(out)]
    assert cli.main([*args, "--since", "2023年5月22日", "--limit", "7", "--weekly"]) == 0
    assert capsys.readouterr().out.strip() == f"已导出:{out}(1000 行/页)"
    assert out.read_text(encoding="utf-8") == "1000"
    [call] = fake_export
    assert call["options"] == {"since": date(2023, 5, 22), "limit": 7, "weekly": True}
    assert call["cancelled"] is None
    assert sha(db_path) == before  # a current database is read, never written


def test_export_lists_the_options(fake_export, capsys) -> None:
    assert cli.main(["export", "--list"]) == 0
    out = capsys.readouterr().out
    assert "test-ledger  测试台账" in out
    assert "--since <日期>  起始日期" in out and "--weekly  按周汇总" in out


@pytest.mark.parametrize(
    ("extra", "contains"),
    [
        (["--since", "明天"], "--since"),
        (["--since", "2023-02-30"], "不是存在的日期"),
        (["--limit", "很多"], "--limit"),
        (["--year", "2024"], "没有选项 --year"),
        (["--nonsense"], "无法识别的参数 --nonsense"),
    ],
)
def test_export_bad_options(fake_export, demo_db, db_path, tmp_path, capsys, extra, contains):
    out = tmp_path / "结果.txt"
    args = ["export", "test-ledger", "--db", str(db_path), "--out", str(out), *extra]
    code = cli.main(args)
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err, contains=contains)
    assert not out.exists() and fake_export == []


@pytest.mark.parametrize(
    ("out", "contains"),
    [
        ("没有 这个文件夹/结果.txt", "不存在"),
        ("结果.xlsx", "扩展名应为 .txt"),
        (".", "扩展名"),
    ],
)
def test_export_unwritable_output(fake_export, demo_db, db_path, tmp_path, capsys, out, contains):
    code = cli.main(["export", "test-ledger", "--db", str(db_path), "--out", str(tmp_path / out)])
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err, contains=contains)
    assert fake_export == []


def test_export_as_a_process_with_a_missing_output_folder(demo_db, db_path: Path, tmp_path):
    names = [n for n in _registered_names() if n in exports.EXPORTS]
    if not names:
        result = run("export", "x", "--db", str(db_path), "--out", str(tmp_path / "无/a.xlsx"))
        refused(result, contains="没有名为")
        return
    spec = exports.EXPORTS[names[0]]
    out = tmp_path / "没有 这个文件夹" / f"结果{spec.suffix}"
    refused(run("export", spec.name, "--db", str(db_path), "--out", str(out)), contains="不存在")


def test_export_migrates_an_older_database_under_the_lock(fake_export, tmp_path, capsys):
    old = tmp_path / "旧 版本.db"
    shutil.copyfile(FIXTURES / "schema_0001_rectification.db", old)
    out = tmp_path / "结果.txt"
    with DatabaseLock(old):
        code = cli.main(["export", "test-ledger", "--db", str(old), "--out", str(out)])
        captured = capsys.readouterr()
        if len(migrations.known_names()) > 1:  # migrating needs the lock
            assert_refused(code, captured.out, captured.err, expected=3, contains="另一个")
    assert cli.main(["export", "test-ledger", "--db", str(old), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "3"
    conn = sqlite3.connect(old)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    conn.close()
    assert applied == migrations.known_names()


def test_export_of_a_failing_job_leaves_no_partial_file(
    monkeypatch, demo_db, db_path, tmp_path, capsys
):
    def broken(db, out: Path, options, progress, cancelled) -> int:
        out.write_text("半个文件", encoding="utf-8")
        raise RuntimeError("boom")

    spec = ExportSpec(name="broken", title="坏的", suffix=".txt", run=broken)
    monkeypatch.setattr(exports, "EXPORTS", {"broken": spec})
    monkeypatch.setattr(exports, "load_all", lambda: exports.EXPORTS)
    out = tmp_path / "结果.txt"
    code = cli.main(["export", "broken", "--db", str(db_path), "--out", str(out)])
    captured = capsys.readouterr()
    line = assert_refused(code, captured.out, captured.err, expected=1, contains="意外错误")
    log_file = Path(line.rsplit(":", 1)[1])
    assert "RuntimeError: boom" in log_file.read_text(encoding="utf-8")
    assert "Traceback" in log_file.read_text(encoding="utf-8")
    assert not out.exists()


# -- backup and restore -------------------------------------------------------------
def test_backup_writes_a_file(demo_db, db_path: Path, tmp_path: Path) -> None:
    demo_db.close()
    result = run("backup", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    made = Path(result.stdout.strip().split(":", 1)[1])
    assert made.is_file() and made.parent == db_path.parent / "backups" / db_path.stem
    assert count(made, "problems") == 1000
    target = tmp_path / "U盘 备份"
    result = run("backup", "--db", str(db_path), "--to", str(target))
    assert result.returncode == 0, result.stderr
    assert [p.name.startswith("lawledger-manual-") for p in target.iterdir()] == [True]


def test_backup_refusals(tmp_path: Path, demo_db, db_path: Path) -> None:
    refused(run("backup", "--db", str(tmp_path / "无.db")), contains="数据库文件不存在")
    blocker = tmp_path / "一个文件"
    blocker.write_text("x")
    refused(run("backup", "--db", str(db_path), "--to", str(blocker)), contains="一个文件")


def test_restore_round_trip(demo_db, repo, db_path: Path, capsys) -> None:
    assert cli.main(["backup", "--db", str(db_path)]) == 0
    made = Path(capsys.readouterr().out.strip().split(":", 1)[1])
    [problem_id] = demo_db.execute(
        "SELECT id FROM problems WHERE signoff_date IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    problem = repo.get_problem(problem_id)
    problem.description = "恢复前改过"
    repo.update_problem(problem)
    demo_db.close()
    assert cli.main(["restore", "--db", str(db_path), "--from", str(made)]) == 0
    out = capsys.readouterr().out
    assert made.name in out and "lawledger-pre-restore-" in out
    conn = sqlite3.connect(db_path)
    try:
        description = conn.execute(
            "SELECT description FROM problems WHERE id = ?", [problem_id]
        ).fetchone()
        restores = conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'restore'"
        ).fetchone()
    finally:
        conn.close()
    assert description[0] != "恢复前改过" and restores[0] == 1


def test_restore_refuses_a_missing_or_corrupt_backup(demo_db, db_path: Path, tmp_path, capsys):
    demo_db.close()
    before = count(db_path, "problems")
    code = cli.main(["restore", "--db", str(db_path), "--from", str(tmp_path / "无.db")])
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err, contains="找不到备份文件")
    bad = tmp_path / "坏.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 600)
    code = cli.main(["restore", "--db", str(db_path), "--from", str(bad)])
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err, contains="坏.db")
    assert count(db_path, "problems") == before


@pytest.mark.parametrize("command", ["demo", "backup", "restore"])
def test_lock_held_exits_3(command: str, db_path: Path, tmp_path: Path) -> None:
    db_path.write_bytes(b"")
    args = {
        "demo": ["demo", "--db", str(db_path)],
        "backup": ["backup", "--db", str(db_path)],
        "restore": [
            "restore",
            "--db",
            str(db_path),
            "--from",
            str(FIXTURES / "schema_0001_rectification.db"),
        ],
    }[command]
    with DatabaseLock(db_path):
        result = run(*args)
    line = refused(result, expected=3, contains="另一个法治台账窗口")
    assert db_path.name in line
    assert db_path.stat().st_size == 0


# -- arguments and the GUI ---------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "contains"),
    [
        (["frobnicate"], "没有“frobnicate”这个命令"),
        (["--bogus"], "无法识别的参数 --bogus"),
        (["demo"], "缺少必需的参数 --db"),
        (["demo", "--db"], "--db 后面缺少取值"),
        (["restore", "--db", "x.db"], "缺少必需的参数 --from"),
    ],
)
def test_argument_mistakes_are_one_line(args, contains, capsys) -> None:
    code = cli.main(args)
    captured = capsys.readouterr()
    line = assert_refused(code, captured.out, captured.err, contains=contains)
    assert line.startswith("命令行参数有误:") and line.endswith("请用 --help 查看用法")


def test_argument_mistake_as_a_process() -> None:
    refused(run("frobnicate", "--what"), contains="命令行参数有误")


def test_help_and_version(capsys) -> None:
    assert cli.main(["--help"]) == 0
    assert "demo" in capsys.readouterr().out
    assert cli.main(["--version"]) == 0
    assert "法治台账" in capsys.readouterr().out


def test_gui_starts_on_the_given_or_default_database(monkeypatch, db_path: Path) -> None:
    opened: list[Path] = []
    fake = types.ModuleType("desktop_app.ui.app")
    fake.run_gui = lambda path: opened.append(path) or 0
    monkeypatch.setitem(sys.modules, "desktop_app.ui.app", fake)
    assert cli.main(["--db", str(db_path)]) == 0
    assert cli.main([]) == 0
    from desktop_app import paths

    assert opened == [db_path, paths.default_db_path()]
    assert paths.default_db_path().parent == paths.data_dir()


def test_gui_refuses_a_folder(tmp_path: Path, capsys) -> None:
    code = cli.main(["--db", str(tmp_path)])
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err, contains="是一个文件夹")


def test_the_lawledger_entry_point_is_cli_main() -> None:
    from desktop_app.__main__ import main

    assert main is cli.main
