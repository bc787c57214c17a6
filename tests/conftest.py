"""Shared fixtures: a real SQLite file in a folder whose names hold Chinese and spaces."""

import atexit
import os
import shutil
import tempfile

# Before anything imports Qt or reads the data folder.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_DATA_DIR = tempfile.mkdtemp(prefix="lawledger-tests-")
os.environ["LAWLEDGER_DATA_DIR"] = _DATA_DIR
# QSettings (window geometry, column widths, folders) go to a temporary folder too,
# never into the developer's own ~/.config/LawLedger.
os.environ["XDG_CONFIG_HOME"] = os.path.join(_DATA_DIR, "config")
atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from desktop_app.demo import create_demo  # noqa: E402
from desktop_app.storage.database import open_database  # noqa: E402
from desktop_app.storage.rectification.repo import RectificationRepo  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database goes: tmp_path/"法治 台账"/"测试 数据.db" (folder exists)."""
    folder = tmp_path / "法治 台账"
    folder.mkdir()
    return folder / "测试 数据.db"


@pytest.fixture
def db(db_path: Path):
    """A freshly migrated database, closed after the test."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def repo(db) -> RectificationRepo:
    """The rectification repository on ``db``."""
    return RectificationRepo(db)


@pytest.fixture
def demo_db(db):
    """``db`` filled with the demo data at scale 1 (about 1,000 problems)."""
    create_demo(db, scale=1)
    return db


@pytest.fixture
def settings_in_tmp(tmp_path: Path):
    """QSettings of the test (remembered folders, the welcome's marks) go to a scratch file."""
    from PySide6.QtCore import QSettings, QStandardPaths

    default = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    kinds = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)
    for kind in kinds:
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "设置"))
    yield
    for kind in kinds:
        QSettings.setPath(kind, QSettings.Scope.UserScope, default)


# A modal dialog nobody answers blocks inside Qt, where pytest-timeout's signal cannot reach:
# the watchdog closes one that stays open this long and fails the test that left it.
MODAL_LIMIT_S = 60


@pytest.fixture(autouse=True)
def _no_forgotten_modal(request):
    """Close (and fail on) a modal dialog a GUI test left open for MODAL_LIMIT_S seconds."""
    if not {"qtbot", "qapp", "window"} & set(request.fixturenames):
        yield
        return
    from tests.modal_watchdog import ModalWatchdog

    request.getfixturevalue("qapp")
    watchdog = ModalWatchdog(MODAL_LIMIT_S)
    yield
    watchdog.stop()
    if watchdog.closed:
        pytest.fail(f"modal dialog left open and closed by the watchdog: {watchdog.closed}")


# Qt 6.11's bindings can crash in the interpreter's last garbage collection, after every test has
# passed and the summary is printed (wrappers of Qt objects whose C++ side Qt already destroyed).
# The run's result is known by then: end the process with it, once the test data folder is gone.
_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session, exitstatus) -> None:
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    import sys

    if "PySide6.QtCore" not in sys.modules or not _EXIT_STATUS:
        return
    shutil.rmtree(_DATA_DIR, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_EXIT_STATUS[-1])
