"""Evidence opened for viewing is extracted per window: closing one window keeps what another
running window shows, and removes what ended windows left behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.paths import evidence_cache_dir
from desktop_app.storage.rectification.viewing_cache import close_session, session_cache
from desktop_app.ui import messages as message_boxes
from desktop_app.ui.app import clear_evidence_cache
from desktop_app.ui.rectification.detail import ProblemDetail

ROOT = Path(__file__).resolve().parents[2]
# The other window: extracts a copy into its own session folder, says where, and keeps
# running until told to end (then ends without cleaning up, as after a crash).
OTHER_WINDOW = """
import sys
from pathlib import Path
from desktop_app.storage.rectification.viewing_cache import session_cache
copy = session_cache(Path(sys.argv[1])).folder_for(7) / "另一窗口的纪要.pdf"
copy.write_bytes(b"%PDF-1.7 other")
print(copy, flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def other_window():
    """A second LawLedger process using the same cache root; yields its extracted copy."""
    child = subprocess.Popen(
        [sys.executable, "-c", OTHER_WINDOW, str(evidence_cache_dir())],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield child, Path(child.stdout.readline().strip())
    finally:
        if child.poll() is None:
            child.stdin.close()
            child.wait(timeout=30)


def _opened_through_the_pane(qtbot, show, ctx, monkeypatch, tmp_path: Path) -> Path:
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="市委巡察"))
    problem_id = repo.add_problem(Problem(description="学法制度不健全", inspection_id=insp))
    source = tmp_path / "本窗口的纪要.pdf"
    source.write_bytes(b"%PDF-1.7 this")
    repo.evidence.add(problem_id, None, source)
    pane = show(ProblemDetail(ctx), (900, 500))
    pane.show_problem(problem_id)
    pane.evidence.setCurrentRow(0)
    opened: list[Path] = []
    monkeypatch.setattr(message_boxes, "open_with_system", lambda p: opened.append(p) or True)
    pane.open_evidence()
    [path] = opened
    return path


def test_closing_one_window_keeps_the_copies_another_window_shows(
    qtbot, show, ctx, messages, monkeypatch, tmp_path, other_window
) -> None:
    child, theirs = other_window
    mine = _opened_through_the_pane(qtbot, show, ctx, monkeypatch, tmp_path)
    assert mine.read_bytes() == b"%PDF-1.7 this" and theirs.read_bytes() == b"%PDF-1.7 other"
    assert mine.parent.parent != theirs.parent.parent  # a folder per window

    clear_evidence_cache()  # this window closes (what run_gui does at exit)

    assert not mine.exists()
    assert theirs.read_bytes() == b"%PDF-1.7 other"  # the other window still shows it

    child.stdin.close()  # the other window ends without clearing (a crash, a kill)
    child.wait(timeout=30)
    clear_evidence_cache()  # the next window to close clears what it left
    assert not theirs.exists()
    assert list(evidence_cache_dir().iterdir()) == []


def test_a_session_folder_is_reused_until_the_window_closes(qtbot, messages) -> None:
    root = evidence_cache_dir()
    first = session_cache(root).folder_for(3)
    assert session_cache(root).folder_for(3) == first
    close_session(root)
    assert not first.exists()
    assert session_cache(root).folder_for(3) != first
    close_session(root)
