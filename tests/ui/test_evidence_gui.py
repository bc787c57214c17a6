"""Opening and saving evidence from the detail pane never writes outside the chosen folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.paths import evidence_cache_dir
from desktop_app.ui import messages as message_boxes
from desktop_app.ui.rectification.detail import ProblemDetail

HOSTILE = ["../../../逃出缓存.txt", "/tmp/绝对路径_佐证.txt", "..\\..\\逃出缓存.txt"]


@pytest.fixture
def detail(show, ctx, tmp_path: Path):
    repo = ctx.rectification
    inspection = repo.add_inspection(Inspection("市委第一巡察组反馈"))
    problem = repo.add_problem(Problem("制度不健全", inspection_id=inspection))
    source = tmp_path / "材料.txt"
    source.write_bytes("佐证".encode())
    repo.evidence.add(problem, None, source)
    pane = show(ProblemDetail(ctx), (900, 500))
    pane.show_problem(problem)
    pane.evidence.setCurrentRow(0)
    return pane


@pytest.mark.parametrize("name", HOSTILE)
def test_opening_evidence_with_a_hostile_name_stays_in_the_cache(
    detail, ctx, messages, monkeypatch, name
) -> None:
    ctx.db.execute("UPDATE evidence SET file_name = ?", [name])
    opened: list[Path] = []
    monkeypatch.setattr(message_boxes, "open_with_system", lambda p: opened.append(p) or True)
    cache = evidence_cache_dir()
    outside = {p for p in cache.parent.parent.rglob("*") if p.is_file()}
    detail.open_evidence()
    assert len(opened) == 1
    assert opened[0].resolve().is_relative_to(cache.resolve())
    assert opened[0].read_bytes() == "佐证".encode()
    after = {p for p in cache.parent.parent.rglob("*") if p.is_file()}
    assert {p for p in after - outside if not p.resolve().is_relative_to(cache.resolve())} == set()
    assert not Path("/tmp/绝对路径_佐证.txt").exists()
    assert messages.texts() == []


def test_save_as_offers_a_safe_name_and_streams_the_file(
    detail, ctx, messages, monkeypatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    ctx.db.execute("UPDATE evidence SET file_name = '../../别处.txt'")
    offered: list[str] = []
    target = tmp_path / "另存" / "材料副本.txt"
    target.parent.mkdir()

    def ask(_parent, _title, start, *args, **kwargs):
        offered.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    detail.save_evidence_as()
    assert Path(offered[0]).name == "别处.txt"
    assert target.read_bytes() == "佐证".encode()
