"""The command line given hostile or odd input: one Chinese line and exit code 2, nothing else.

Huge integers, ``~nouser/`` paths, file names that are not UTF-8, a disk that fills up during
an export, and a full-ID ledger whose audit row cannot be written.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.demo import create_demo
from desktop_app.exports import get_export, parse_options
from desktop_app.logs import current_log_file
from desktop_app.storage.database import open_database
from tests.test_cli import assert_refused

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """A small demo database, made once for the module."""
    path = tmp_path_factory.mktemp("演示") / "演示 数据.db"
    db = open_database(path)
    try:
        create_demo(db, scale=1)
    finally:
        db.close()
    return path


def _main(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("name", "option", "suffix"),
    [
        ("signin-sheet", "--session", ".pdf"),
        ("training-notice", "--session", ".pdf"),
        ("rectification-ledger", "--inspection", ".xlsx"),
        ("personnel-ledger", "--year", ".xlsx"),
        ("renewal-notice", "--within", ".pdf"),
    ],
)
def test_huge_integers_are_refused_in_chinese(capsys, demo_file, tmp_path, name, option, suffix):
    out = tmp_path / f"导出{suffix}"
    code, stdout, err = _main(
        capsys, "export", name, "--db", str(demo_file), "--out", str(out), option, "9" * 30
    )
    assert_refused(code, stdout, err, contains=option)
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["export", "rectification-ledger", "--db", "~nouser_lawledger/a.db", "--out", "a.xlsx"],
        ["export", "rectification-ledger", "--db", "{db}", "--out", "~nouser_lawledger/a.xlsx"],
        ["backup", "--db", "~nouser_lawledger/a.db"],
        ["backup", "--db", "{db}", "--to", "~nouser_lawledger/备份"],
        ["restore", "--db", "{db}", "--from", "~nouser_lawledger/备份.db"],
        ["demo", "--db", "~nouser_lawledger/演示.db"],
        ["import", "personnel", "~nouser_lawledger/人员.xlsx", "--db", "{db}"],
        ["--db", "~nouser_lawledger/a.db"],
    ],
)
def test_a_home_folder_that_cannot_be_found_is_a_user_error(capsys, demo_file, args) -> None:
    args = [a.replace("{db}", str(demo_file)) for a in args]
    code, stdout, err = _main(capsys, *args)
    assert_refused(code, stdout, err, contains="主文件夹")


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are always Unicode")
def test_undecodable_file_names_never_break_the_log(capsys, demo_file, tmp_path) -> None:
    bad = os.fsdecode(b"\xff\xfe")  # what Python makes of bytes that are not UTF-8
    ledger, db = ["export", "rectification-ledger"], ["--db", str(demo_file)]
    report = ["export", "rectification-report", *db, "--out", "a.pdf"]
    cases = [
        [*ledger, *db, "--out", f"{bad}/a.xlsx"],
        [*ledger, "--db", str(tmp_path / f"{bad}.db"), "--out", "a.xlsx"],
        [*report, "--inspection", bad],
        ["import", "rectification", str(tmp_path / "无.xlsx"), *db, "--inspection", f"{bad}巡察"],
    ]
    for args in cases:
        code, stdout, err = _main(capsys, *args)
        assert "Logging error" not in err
        assert_refused(code, stdout, err)
    logged = current_log_file().read_text(encoding="utf-8")
    assert "\\udcff\\udcfe" in logged  # escaped in the log, the record kept


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are always Unicode")
def test_an_export_to_a_file_name_that_is_not_utf8_works(demo_file, tmp_path) -> None:
    out = os.fsencode(tmp_path) + b"/\xff\xfe.xlsx"
    db = ["--db", str(demo_file), "--out"]
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", *["export", "rectification-ledger"], *db, out],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    assert os.path.exists(out)


# A disk that fills up: files opened for writing in the output folder fail with ENOSPC once
# their buffered data goes to the disk, as a real full disk does (the buffer is flushed late,
# even by the garbage collector, which is where stray tracebacks come from).
FULL_DISK = textwrap.dedent(
    """
    import builtins, errno, io, os, sys
    FOLDER = os.path.realpath(sys.argv.pop(1))
    class Full(io.RawIOBase):
        def __init__(self, fd, name):
            self.fd, self.name = fd, name
        def writable(self):
            return True
        def seekable(self):
            return True
        def seek(self, *args):
            return os.lseek(self.fd, *args)
        def tell(self):
            return os.lseek(self.fd, 0, os.SEEK_CUR)
        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        def fileno(self):
            return self.fd
        def close(self):
            if not self.closed:
                os.close(self.fd)
            super().close()
    real_open = io.open
    def full_open(file, mode="r", *args, **kwargs):
        writing = any(m in mode for m in "wax") and isinstance(file, (str, bytes, os.PathLike))
        if writing and os.path.dirname(os.path.realpath(os.fsdecode(file))) == FOLDER:
            handle = real_open(file, mode, *args, **kwargs)
            fd = os.dup(handle.fileno())
            handle.close()
            writer = io.BufferedWriter(Full(fd, file))
            return writer if "b" in mode else io.TextIOWrapper(writer, encoding="utf-8")
        return real_open(file, mode, *args, **kwargs)
    builtins.open = io.open = full_open
    from desktop_app import cli
    sys.exit(cli.main(sys.argv[1:]))
    """
)


@pytest.mark.parametrize(
    ("name", "suffix", "extra"),
    [
        ("rectification-ledger", ".xlsx", []),
        ("rectification-report", ".docx", ["--format", "docx"]),
        ("renewal-notice", ".pdf", []),
        ("personnel-ledger", ".xlsx", ["--full-id"]),
    ],
)
def test_a_full_disk_gives_one_chinese_line_and_no_file(demo_file, tmp_path, name, suffix, extra):
    folder = tmp_path / "满了"
    folder.mkdir()
    out = folder / f"导出{suffix}"
    arguments = ["--db", str(demo_file), "--out", str(out), *extra]
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(folder), "export", name, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    line = assert_refused(result.returncode, result.stdout, result.stderr, contains="磁盘空间不足")
    assert "Exception ignored" not in result.stderr and "No space" not in line
    assert list(folder.iterdir()) == []  # no partial file, no temporary file


def test_a_full_id_ledger_never_exists_without_its_audit_row(demo_file, tmp_path) -> None:
    copy = tmp_path / "副本.db"
    copy.write_bytes(demo_file.read_bytes())
    db = open_database(copy)
    try:
        audit_rows = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        db.execute(  # whatever makes the audit write fail: a full disk, a lock, a trigger
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log"
            " BEGIN SELECT RAISE(ABORT, 'audit refused'); END"
        )
        spec = get_export("personnel-ledger")
        out = tmp_path / "完整身份证号.xlsx"
        with pytest.raises(sqlite3.IntegrityError, match="audit refused"):
            spec.run(db, out, parse_options(spec, {"full-id": True}))
        assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".~*")) == []
        kept = tmp_path / "已有.xlsx"  # an earlier file of that name is left as it was
        kept.write_bytes(b"earlier")
        with pytest.raises(sqlite3.IntegrityError):
            spec.run(db, kept, parse_options(spec, {"full-id": True}))
        assert kept.read_bytes() == b"earlier"
        db.execute("DROP TRIGGER refuse_audit")
        assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_rows
        rows = spec.run(db, out, parse_options(spec, {"full-id": True}))
        assert out.exists() and rows > 0
        last = db.execute("SELECT action, summary FROM audit_log ORDER BY id DESC").fetchone()
        assert last[0] == "export" and out.name in last[1]
    finally:
        db.close()
