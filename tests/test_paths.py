"""Folders: the data folder (overridable), backups beside the database, logs, cache."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from desktop_app import logs, paths
from desktop_app.domain.errors import UserError


def test_override_is_respected_and_created(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "便携 版" / "数据"
    monkeypatch.setenv("LAWLEDGER_DATA_DIR", str(target))
    assert paths.data_dir() == target and target.is_dir()
    assert paths.default_db_path() == target / "lawledger.db"
    assert paths.logs_dir() == target / "logs" and (target / "logs").is_dir()
    assert paths.evidence_cache_dir() == target / "cache" / "evidence"
    assert paths.evidence_cache_dir().is_dir()


def test_backup_dir_is_beside_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "法治 台账" / "测试 数据.db"
    folder = paths.backup_dir(db_path)
    assert folder == tmp_path / "法治 台账" / "backups" / "测试 数据"
    assert folder.is_dir()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_default_is_the_user_data_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("LAWLEDGER_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    assert paths.data_dir() == tmp_path / "xdg-data" / "LawLedger"
    assert paths.evidence_cache_dir() == tmp_path / "xdg-cache" / "LawLedger" / "evidence"


def test_documents_dir_exists() -> None:
    assert paths.documents_dir().is_dir()


def _odd_values(tmp_path: Path) -> list[str]:
    """Data-folder values a clerk or an installer script may leave in the environment."""
    a_file = tmp_path / "普通文件.txt"
    a_file.write_text("x", encoding="utf-8")
    return [
        "~nouser_lawledger/x",  # an unknown user's home: pathlib raises RuntimeError
        "/dev/null/x",  # through a device
        str(a_file / "数据"),  # through a file
        str(a_file),  # a file, not a folder
        "相对/路径",  # relative: would follow the folder the app is started in
        "/tmp/a\x01b",  # a control character
        "/tmp/\udcff坏",  # an undecodable byte (surrogate escape)
    ]


def test_odd_data_folders_are_refused_in_chinese(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for value in _odd_values(tmp_path):
        monkeypatch.setenv("LAWLEDGER_DATA_DIR", value)
        with pytest.raises(paths.DataFolderError) as refused:
            paths.data_dir()
        text = str(refused.value)
        assert text.startswith("数据文件夹“") and "LAWLEDGER_DATA_DIR" in text, text
        assert "无法使用:" in text and "删除该环境变量" in text, text
        with pytest.raises(UserError):
            paths.default_db_path()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["普通文件.txt"]  # nothing created


def test_reasons_name_what_is_wrong(tmp_path: Path, monkeypatch) -> None:
    expected = {
        "~nouser_lawledger/x": "无法确定“~用户名”所指的用户主文件夹",
        "/dev/null/x": "路径中有一级不是文件夹",
        "相对/路径": "不是完整路径",
        "/tmp/a\x01b": "路径中含有控制字符",
    }
    for value, reason in expected.items():
        monkeypatch.setenv("LAWLEDGER_DATA_DIR", value)
        with pytest.raises(paths.DataFolderError, match=reason):
            paths.data_dir()


def test_logs_and_evidence_cache_fall_back_to_the_temp_folder(monkeypatch) -> None:
    monkeypatch.setenv("LAWLEDGER_DATA_DIR", "~nouser_lawledger/x")
    monkeypatch.setattr(tempfile, "tempdir", None)
    temp = Path(tempfile.gettempdir())
    assert logs.log_folder() == temp / "LawLedger-logs"
    assert paths.evidence_cache_dir() == temp / "LawLedger-cache" / "evidence"
    assert paths.evidence_cache_dir().is_dir()


@pytest.mark.parametrize("value", ["~nouser_lawledger/x", "/dev/null/x"])
def test_cli_never_shows_a_traceback_for_an_odd_data_folder(tmp_path: Path, value: str) -> None:
    env = {**os.environ, "LAWLEDGER_DATA_DIR": value, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "desktop_app", "export", "--list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert "Traceback" not in run.stderr and run.returncode == 0, run.stderr
    assert "rectification-ledger" in run.stdout
    check = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--self-check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert "Traceback" not in check.stdout + check.stderr and check.returncode != 0
    assert f"[失败] 数据文件夹:数据文件夹“{value}”" in check.stdout
