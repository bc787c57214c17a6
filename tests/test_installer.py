"""The Windows installer and the first run.

The packaging half builds installer/lawledger.spec with PyInstaller through installer/build.sh
(about 35 s), runs the frozen application's ``--self-check`` offscreen and compiles
installer/lawledger.nsi with makensis against that build. The first-run half drives the
welcome on a new database and the About dialog.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from desktop_app import __version__, selfcheck
from desktop_app.domain.rectification import Inspection
from desktop_app.storage import backup
from desktop_app.ui import app as gui_app
from desktop_app.ui import tasks
from desktop_app.ui.dialogs import maintenance, welcome
from desktop_app.ui.main_window import MainWindow
from tests.ui.helpers import answer_modals, click, on_next_modal

ROOT = Path(__file__).resolve().parent.parent
VERSION = __version__
SETUP_NAME = f"法治台账-安装程序-{VERSION}.exe"
EXE_NAME = "LawLedger.exe" if sys.platform == "win32" else "LawLedger"
# Qt modules (and their libraries) the product does not use must stay out of the build.
UNWANTED = re.compile(r"Qt6?(Qml|Quick|WebEngine|VirtualKeyboard|3D|Multimedia)|numpy|tkinter")


def _makensis_available() -> bool:
    """makensis is needed under CI (.ci/run installs nsis); elsewhere its absence skips."""
    if shutil.which("makensis"):
        return True
    if os.environ.get("CI"):
        pytest.fail("makensis is missing although CI is set: .ci/run must install nsis")
    return False


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """installer/build.sh --fast into a folder whose path holds Chinese and a space."""
    if sys.platform == "win32":
        pytest.skip("on Windows the build is checked by installer/build.ps1")
    out = tmp_path_factory.mktemp("安装 包")
    command = ["bash", str(ROOT / "installer" / "build.sh"), "--fast", str(out)]
    if not shutil.which("makensis"):
        command.insert(2, "--no-installer")
    env = {**os.environ, "PYTHON": sys.executable}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0:
        pytest.fail(
            f"build.sh failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    yield out
    shutil.rmtree(out, ignore_errors=True)  # about 400 MB with the uncompressed installer


@pytest.mark.slow
def test_frozen_application_passes_its_self_check(build: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LAWLEDGER_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [str(build / "LawLedger" / EXE_NAME), "--self-check"],
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    lines = done.stdout.decode("utf-8").splitlines()
    assert done.returncode == 0, done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    assert len(lines) == len(selfcheck.CHECKS)
    assert all(line.startswith("[通过] ") for line in lines), lines
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8")
    assert str(build / "LawLedger") in next(line for line in lines if "资源文件" in line)


@pytest.mark.slow
def test_build_holds_resources_but_not_unused_qt_modules(build: Path) -> None:
    app = build / "LawLedger"
    files = [p.relative_to(app).as_posix() for p in app.rglob("*") if p.is_file()]
    assert "_internal/resources/style.qss" in files
    assert "_internal/resources/icons/app.ico" in files
    assert [f for f in files if UNWANTED.search(f)] == []
    translations = [f for f in files if f.endswith(".qm")]
    assert all("zh_CN" in f for f in translations), translations


@pytest.mark.slow
def test_windows_version_resource_carries_product_and_version(build: Path) -> None:
    text = (build / "work" / "lawledger" / "version_info.txt").read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval").body
    assert tree.func.id == "VSVersionInfo"
    strings = {
        node.args[0].value: node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct"
    }
    assert strings["ProductName"] == "法治台账"
    assert strings["FileVersion"] == strings["ProductVersion"] == VERSION
    assert strings["OriginalFilename"] == "LawLedger.exe"
    numbers = [int(n) for n in VERSION.split(".")[:3]]
    assert f"filevers={(*numbers, 0)!r}" in text


@pytest.mark.slow
def test_installer_script_compiles_against_the_build(build: Path) -> None:
    if not _makensis_available():
        pytest.skip("makensis not installed (Debian: apt-get install nsis); CI installs it")
    setup = build / SETUP_NAME
    assert setup.is_file()
    app = (build / "LawLedger").rglob("*")
    app_size = sum(p.stat().st_size for p in app if p.is_file() and not p.is_symlink())
    assert setup.stat().st_size > app_size  # --fast stores the files uncompressed
    assert setup.read_bytes()[:2] == b"MZ"


def test_installer_script_keeps_user_data_and_installs_per_user() -> None:
    script = (ROOT / "installer" / "lawledger.nsi").read_text(encoding="utf-8-sig")
    assert "RequestExecutionLevel user" in script
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\LawLedger"' in script
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in script
    assert re.search(r'!define APP_ID "\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}"', script)
    # the data folder is removed only in the branch the user confirms (default answer: No)
    removals = [line.strip() for line in script.splitlines() if "RMDir /r" in line]
    assert 'RMDir /r "${DATA_DIR}"' in removals
    confirm = script.index("MB_DEFBUTTON2")
    assert script.index("IDYES delete_data") > confirm
    assert script.index('RMDir /r "${DATA_DIR}"') > script.index("delete_data:")


# -- first run ---------------------------------------------------------------------------
@pytest.fixture
def ctx(tmp_path: Path, settings_in_tmp):
    """A new, empty database in a folder with Chinese characters and a space."""
    context = gui_app.open_context(tmp_path / "法治 台账" / "新 台账.db")
    yield context
    context.close()


@pytest.fixture
def window(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def _answer_welcome(button: str, seen: list[str]):
    def action(dialog) -> None:
        seen.append(dialog.windowTitle())
        click(dialog, button)

    return action


def test_welcome_on_an_empty_database_loads_the_demo_data(qtbot, window, ctx) -> None:
    seen: list[str] = []
    on_next_modal(_answer_welcome(welcome.LOAD_DEMO, seen))
    assert welcome.offer_welcome(window) is True
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=30000)
    assert seen == ["欢迎使用法治台账"]
    assert ctx.db.execute("SELECT count(*) FROM problems").fetchone()[0] > 0
    assert not welcome.is_empty(ctx.db)
    assert window.rectification.problems.rowCount() > 0  # the pages were re-read
    assert "已载入示例数据" in window.statusBar().currentMessage()
    # the empty database was kept as a backup to start afresh from
    [empty] = [b for b in backup.list_backups(ctx.backup_dir) if b.kind == "manual"]
    assert empty.path.stat().st_size > 0
    assert welcome.offer_welcome(window) is False


def test_start_using_leaves_the_database_empty_and_asks_only_once(qtbot, window, ctx) -> None:
    seen: list[str] = []
    answer_modals(
        [
            (QWidget, _answer_welcome(welcome.START, seen)),
            (QWidget, lambda profile: seen.append(profile.windowTitle()) or profile.reject()),
        ]
    )
    assert welcome.offer_welcome(window) is True
    assert seen == ["欢迎使用法治台账", "本单位信息"]  # then who signs the office's documents
    assert welcome.is_empty(ctx.db)
    assert tasks.running_tasks() == 0
    assert welcome.offer_welcome(window) is False  # still empty, but shown once already


def test_no_welcome_for_a_database_with_data(qtbot, window, ctx) -> None:
    ctx.rectification.add_inspection(Inspection(name="审计反馈", kind="审计"))
    seen: list[str] = []
    on_next_modal(_answer_welcome(welcome.START, seen), timeout_ms=300)
    assert welcome.offer_welcome(window) is False
    qtbot.wait(400)
    assert seen == []


def test_starting_the_application_on_a_new_database_offers_the_welcome(
    qtbot, tmp_path: Path, monkeypatch, settings_in_tmp
) -> None:
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    seen: list[str] = []
    answer_modals(
        [
            (QWidget, _answer_welcome(welcome.START, seen)),
            (QWidget, lambda profile: seen.append(profile.windowTitle()) or profile.reject()),
        ]
    )

    def event_loop(_app=None) -> int:
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert gui_app.run_gui(tmp_path / "首次 运行" / "lawledger.db") == 0
    assert seen == ["欢迎使用法治台账", "本单位信息"]


def test_about_shows_version_database_and_backups_and_opens_the_data_folder(
    window, ctx, monkeypatch
) -> None:
    shown: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )

    def press_open(box: QMessageBox) -> None:
        shown.append(box.text())
        [button] = [b for b in box.findChildren(QPushButton) if b.text() == "打开数据文件夹"]
        button.click()

    on_next_modal(press_open)
    maintenance.about(window, ctx)
    [text] = shown
    assert __version__ in text and str(ctx.db_path) in text and str(ctx.backup_dir) in text
    assert opened == [str(ctx.db_path.parent)]
