"""Windows specifics simulated on Linux: the data folder under %LOCALAPPDATA%, and the database,
exports and evidence files in folders whose names hold Chinese characters and spaces.

Fonts under %WINDIR%\\Fonts and the per-user font folder are covered by
tests/formats/test_fonts.py (a fake Windows font folder, WINDIR and LOCALAPPDATA).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from desktop_app import cli, paths, selfcheck
from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.storage import backup
from desktop_app.ui.app import open_context
from desktop_app.ui.rectification.detail import ProblemDetail
from tests.ui.helpers import Messages


@pytest.fixture
def windows_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """platformdirs answering as on Windows for a user 张 三; returns his %LOCALAPPDATA%."""
    profile = tmp_path / "Users" / "张 三" / "AppData"
    folders = {"CSIDL_LOCAL_APPDATA": str(profile / "Local"), "CSIDL_APPDATA": str(profile)}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    return profile / "Local"


def test_data_folder_is_under_localappdata_not_roaming(windows_user: Path) -> None:
    folder = windows_user / "LawLedger"
    assert paths.data_dir() == folder and folder.is_dir()
    assert paths.default_db_path() == folder / "lawledger.db"
    assert paths.backup_dir(paths.default_db_path()) == folder / "backups" / "lawledger"
    assert paths.logs_dir() == folder / "logs"
    assert paths.evidence_cache_dir() == folder / "Cache" / "evidence"
    # nothing in the roaming profile, which Windows domains copy between machines
    assert sorted(p.name for p in windows_user.parent.iterdir()) == ["Local"]


def test_the_data_folder_override_wins_on_windows(
    windows_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portable = tmp_path / "U盘 便携版" / "数据"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(portable))
    assert paths.data_dir() == portable and portable.is_dir()
    assert paths.evidence_cache_dir() == portable / "cache" / "evidence"
    assert not (windows_user / "LawLedger").exists()


def test_database_exports_and_backup_in_chinese_folders_with_spaces(tmp_path: Path) -> None:
    documents = tmp_path / "我的 文档" / "法治 台账 2024"
    documents.mkdir(parents=True)
    db = documents / "台账 (正式).db"
    assert cli.main(["demo", "--db", str(db)]) == 0

    ledger = documents / "导出 文件" / "整改 工作台账 2024.xlsx"
    ledger.parent.mkdir()
    assert cli.main(["export", "rectification-ledger", "--db", str(db), "--out", str(ledger)]) == 0
    book = load_workbook(ledger, read_only=True)
    try:
        headers = [
            v for sheet in book.worksheets for row in sheet.iter_rows(max_row=4) for v in row
        ]
        assert any(cell.value == "问题描述" for cell in headers)
    finally:
        book.close()

    report = documents / "导出 文件" / "整改 进展通报.pdf"
    args = ["export", "rectification-report", "--db", str(db), "--out", str(report)]
    assert cli.main([*args, "--inspection", "1"]) == 0
    assert selfcheck.check_pdf(report, "问题整改情况") > 0

    to = tmp_path / "移动 硬盘" / "台账 备份"
    assert cli.main(["backup", "--db", str(db), "--to", str(to)]) == 0
    [made] = backup.list_backups(to)
    assert made.kind == "manual" and made.path.stat().st_size > 0


def test_evidence_is_stored_opened_and_saved_through_chinese_paths(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings_in_tmp
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "数据 文件夹"))
    messages = Messages(monkeypatch)
    ctx = open_context(tmp_path / "法治 台账" / "台账 数据.db")
    try:
        ctx.today_override = date(2022, 10, 11)
        repo = ctx.rectification
        inspection = repo.add_inspection(Inspection(name="市委巡察五组专项巡察", kind="专项巡察"))
        problem = repo.add_problem(Problem(description="执法案卷不规范", inspection_id=inspection))
        source = tmp_path / "佐证 材料" / "局党组会议 纪要(第 3 次).pdf"
        source.parent.mkdir()
        source.write_bytes(b"%PDF-1.4 minutes of the meeting")

        detail = ProblemDetail(ctx)
        qtbot.addWidget(detail)
        detail.show_problem(problem)
        monkeypatch.setattr(
            QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([str(source)], ""))
        )
        detail.add_evidence()
        assert detail.evidence.count() == 1
        detail.evidence.setCurrentRow(0)

        opened: list[QUrl] = []
        monkeypatch.setattr(
            QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True)
        )
        detail.open_evidence()
        [url] = opened
        assert url.isLocalFile()
        extracted = Path(url.toLocalFile())
        assert extracted.name == source.name
        assert extracted.is_relative_to(paths.evidence_cache_dir())
        assert extracted.read_bytes() == source.read_bytes()

        target = tmp_path / "另存 为" / "纪要 副本.pdf"
        target.parent.mkdir()
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
        )
        detail.save_evidence_as()
        assert target.read_bytes() == source.read_bytes()
        assert messages.shown == []
    finally:
        ctx.close()
