"""Folders: the data folder (overridable), backups beside the database, logs, cache."""

import sys
from pathlib import Path

import pytest

from desktop_app import paths


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
