"""One writer per database file, within a process and across processes."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.storage.lock import DatabaseInUseError, DatabaseLock

ROOT = Path(__file__).resolve().parents[2]


def test_second_lock_is_refused_with_a_chinese_message(db_path: Path) -> None:
    with DatabaseLock(db_path):
        with pytest.raises(DatabaseInUseError) as caught:
            DatabaseLock(db_path).acquire()
        message = str(caught.value)
        assert isinstance(caught.value, UserError)
        assert db_path.name in message and "另一个法治台账窗口" in message
        assert "\n" not in message
    # Released: the next one gets it.
    again = DatabaseLock(db_path).acquire()
    again.release()


def test_lock_on_another_file_is_independent(db_path: Path) -> None:
    other = db_path.with_name("另一个 文件.db")
    with DatabaseLock(db_path), DatabaseLock(other):
        pass


def test_release_twice_is_harmless(db_path: Path) -> None:
    lock = DatabaseLock(db_path).acquire()
    lock.release()
    lock.release()


CHILD = textwrap.dedent(
    """
    import sys
    from desktop_app.storage.lock import DatabaseInUseError, DatabaseLock
    try:
        DatabaseLock(sys.argv[1]).acquire()
    except DatabaseInUseError as exc:
        print(exc)
        sys.exit(3)
    print("acquired")
    """
)


def _child(db_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_a_second_process_cannot_take_the_lock(db_path: Path) -> None:
    with DatabaseLock(db_path):
        held = _child(db_path)
    assert held.returncode == 3, held.stderr
    assert "另一个法治台账窗口" in held.stdout
    free = _child(db_path)
    assert free.returncode == 0, free.stderr
    assert free.stdout.strip() == "acquired"
