"""Where LawLedger keeps its files: data, backups, logs, evidence cache, exports.

On Windows the data folder is %LOCALAPPDATA%\\LawLedger. The environment variable
``LAWLEDGER_DATA_DIR`` overrides it (tests, portable installs); every folder is created
when it is asked for. A data folder that cannot be used (``~nouser/``, a path through a
file, no permission, odd characters) raises ``DataFolderError`` with a Chinese message.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop_app import APP_ID
from desktop_app.domain.errors import UserError, os_error_reason

DATA_DIR_ENV = "LAWLEDGER_DATA_DIR"
DB_FILE_NAME = "lawledger.db"


class DataFolderError(UserError, OSError):
    """The data folder cannot be used; ``str()`` says which and why, in Chinese.

    It is an OSError too, so that code falling back on a file error (the log folder) does.
    """


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shown(text: str) -> str:
    """A path as it can be printed: undecodable bytes and control characters escaped."""
    printable = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in printable)


def _folder_refused(value: str, reason: str) -> DataFolderError:
    return DataFolderError(
        f"数据文件夹“{_shown(value)}”(环境变量 {DATA_DIR_ENV})无法使用:{reason}。"
        f"请改为一个可写入的文件夹的完整路径,或删除该环境变量以使用默认位置"
    )


def _override_folder(value: str) -> Path:
    """The folder ``$LAWLEDGER_DATA_DIR`` names, created; DataFolderError when it cannot be."""
    if any(not ch.isprintable() for ch in value):
        raise _folder_refused(value, "路径中含有控制字符")
    try:
        folder = Path(value).expanduser()
    except RuntimeError:  # pathlib: "Could not determine home directory" (~nouser/)
        raise _folder_refused(value, "无法确定“~用户名”所指的用户主文件夹") from None
    if not folder.is_absolute():  # relative: it would follow the folder the app starts in
        raise _folder_refused(value, "不是完整路径")
    try:
        os.fsencode(folder)
        made = _made(folder)
    except UnicodeError:
        raise _folder_refused(value, "路径中含有无法识别的字符") from None
    except OSError as exc:
        raise _folder_refused(value, os_error_reason(exc)) from None
    if not os.access(made, os.W_OK | os.X_OK):
        raise _folder_refused(value, "没有写入权限")
    return made


def data_dir() -> Path:
    """The user's data folder (created), or ``$LAWLEDGER_DATA_DIR`` when set."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return _override_folder(override)
    return _made(platformdirs.user_data_path(APP_ID, appauthor=False, roaming=False))


def default_db_path() -> Path:
    """The database opened when no ``--db`` is given."""
    return data_dir() / DB_FILE_NAME


def backup_dir(db_path: str | Path) -> Path:
    """Backups of one database: ``<its folder>/backups/<its name without suffix>`` (created)."""
    db_path = Path(db_path)
    return _made(db_path.parent / "backups" / db_path.stem)


def logs_dir() -> Path:
    """Folder of the rotating log files (created)."""
    return _made(data_dir() / "logs")


def evidence_cache_dir() -> Path:
    """Scratch folder where evidence files are extracted to open them with the system viewer
    (in the temp folder when the data folder named by the environment cannot be used)."""
    if os.environ.get(DATA_DIR_ENV, "").strip():
        try:
            return _made(data_dir() / "cache" / "evidence")
        except DataFolderError:
            import tempfile

            return _made(Path(tempfile.gettempdir()) / "LawLedger-cache" / "evidence")
    return _made(platformdirs.user_cache_path(APP_ID, appauthor=False) / "evidence")


def documents_dir() -> Path:
    """The default folder offered for exports: the user's Documents, else the home folder."""
    documents = platformdirs.user_documents_path()
    return documents if documents.is_dir() else Path.home()


def resources_dir() -> Path:
    """The shipped ``resources/`` folder: in the source tree, a frozen bundle or the install."""
    import sys

    candidates = [Path(__file__).resolve().parent.parent / "resources"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    candidates.append(Path(sys.prefix) / "share" / "lawledger" / "resources")
    for candidate in candidates:
        if (candidate / "style.qss").is_file():
            return candidate
    return candidates[0]
