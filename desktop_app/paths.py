"""Where LawLedger keeps its files: data, backups, logs, evidence cache, exports.

On Windows the data folder is %LOCALAPPDATA%\\LawLedger. The environment variable
``LAWLEDGER_DATA_DIR`` overrides it (tests, portable installs); every folder is created
when it is asked for.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop_app import APP_ID

DATA_DIR_ENV = "LAWLEDGER_DATA_DIR"
DB_FILE_NAME = "lawledger.db"


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def data_dir() -> Path:
    """The user's data folder (created), or ``$LAWLEDGER_DATA_DIR`` when set."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return _made(Path(override).expanduser())
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
    """Scratch folder where evidence files are extracted to open them with the system viewer."""
    if os.environ.get(DATA_DIR_ENV, "").strip():
        return _made(data_dir() / "cache" / "evidence")
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
