"""The log file: rotated at start (keeping three old files), one handler, INFO and up."""

import logging
import os
import subprocess
import sys
from pathlib import Path

from desktop_app import logs

ROOT = Path(__file__).resolve().parents[1]


def test_log_is_rotated_at_start_keeping_three_old_files(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    log = folder / "lawledger.log"
    log.write_bytes(b"x" * logs.LOG_BYTES)  # full: this start begins a new file
    for number, text in ((1, "one"), (2, "two"), (3, "three")):
        (folder / f"lawledger.log.{number}").write_text(text, encoding="utf-8")
    env = {**os.environ, "LAWLEDGER_DATA_DIR": str(tmp_path)}
    version = [sys.executable, "-m", "desktop_app", "--version"]
    subprocess.run(version, cwd=ROOT, env=env, check=True, capture_output=True)
    assert sorted(p.name for p in folder.iterdir()) == [
        "lawledger.log.1",
        "lawledger.log.2",
        "lawledger.log.3",
    ]
    assert (folder / "lawledger.log.1").stat().st_size == logs.LOG_BYTES
    assert (folder / "lawledger.log.2").read_text(encoding="utf-8") == "one"
    assert (folder / "lawledger.log.3").read_text(encoding="utf-8") == "two"  # "three" dropped

    (folder / "lawledger.log").write_text("短日志\n", encoding="utf-8")
    subprocess.run(version, cwd=ROOT, env=env, check=True, capture_output=True)
    assert (folder / "lawledger.log").read_text(encoding="utf-8") == "短日志\n"  # under the limit


def test_rotate_shifts_full_logs_and_leaves_short_ones(tmp_path: Path) -> None:
    log = tmp_path / logs.LOG_NAME
    logs.rotate(log)  # no log yet: nothing to do
    assert list(tmp_path.iterdir()) == []
    log.write_bytes(b"x" * (logs.LOG_BYTES - 1))
    logs.rotate(log)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lawledger.log"]
    log.write_bytes(b"y" * logs.LOG_BYTES)
    logs.rotate(log)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lawledger.log.1"]


def test_setup_logging_adds_one_handler_and_writes_to_the_data_folder() -> None:
    first = logs.setup_logging()
    handlers = list(logging.getLogger().handlers)
    assert logs.setup_logging() == first == logs.current_log_file()
    assert logging.getLogger().handlers == handlers  # a second call adds nothing
    assert first.parent == Path(os.environ["LAWLEDGER_DATA_DIR"]) / "logs"
    logging.getLogger("desktop_app.test").info("一行日志")
    assert "INFO desktop_app.test: 一行日志" in first.read_text(encoding="utf-8")
