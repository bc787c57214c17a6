"""Evidence files: no stored name writes outside its folder, no file is read whole or trusted."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.storage.rectification import evidence as evidence_module
from desktop_app.storage.rectification.evidence import safe_file_name

HOSTILE_NAMES = [
    "../../逃出去.txt",
    "..\\..\\逃出去.txt",
    "/tmp/绝对路径.txt",
    "C:\\Windows\\绝对路径.txt",
    "..",
    ".",
    "",
    "CON",
    "nul.txt",
    "a:b.txt",
    "名字\x00截断.txt",
    "坏\udcff字.txt",
    " .隐藏. ",
]


@pytest.fixture
def problem_id(repo) -> int:
    inspection = repo.add_inspection(Inspection("市委第一巡察组反馈"))
    return repo.add_problem(Problem("制度不健全", inspection_id=inspection))


def _counts(db) -> tuple[int, int, int]:
    return tuple(
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("evidence", "evidence_blobs", "audit_log")
    )


def test_a_file_goes_in_and_comes_out_the_same(repo, problem_id, tmp_path: Path) -> None:
    data = os.urandom(3 * evidence_module.CHUNK_BYTES + 17)  # several chunks, a ragged end
    source = tmp_path / "整改 报告.pdf"
    source.write_bytes(data)
    evidence_id = repo.evidence.add(problem_id, None, source)
    row = repo.db.execute("SELECT size, sha256 FROM evidence WHERE id = ?", [evidence_id])
    assert row.fetchone() == (len(data), hashlib.sha256(data).hexdigest())
    assert repo.evidence.data(evidence_id) == ("整改 报告.pdf", data)
    out = tmp_path / "取出"
    out.mkdir()
    assert repo.evidence.extract(evidence_id, out).read_bytes() == data
    saved = tmp_path / "另存.pdf"
    repo.evidence.save_to(evidence_id, saved)
    assert saved.read_bytes() == data
    assert sorted(p.name for p in out.iterdir()) == ["整改 报告.pdf"]  # no temporary left


def test_an_empty_file_is_kept(repo, problem_id, tmp_path: Path) -> None:
    source = tmp_path / "空.txt"
    source.write_bytes(b"")
    evidence_id = repo.evidence.add(problem_id, None, source)
    assert repo.evidence.data(evidence_id) == ("空.txt", b"")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_stored_name_never_writes_outside_the_folder(repo, problem_id, tmp_path, name) -> None:
    source = tmp_path / "材料.txt"
    source.write_bytes("佐证".encode())
    evidence_id = repo.evidence.add(problem_id, None, source)
    # A restored or hand-edited database may hold any name at all, even one not in UTF-8.
    stored = name.encode("utf-8", "surrogateescape")
    repo.db.execute(
        "UPDATE evidence SET file_name = CAST(? AS TEXT) WHERE id = ?", [stored, evidence_id]
    )
    folder = tmp_path / "缓存" / str(evidence_id)
    folder.mkdir(parents=True)
    written = repo.evidence.extract(evidence_id, folder)
    assert written.parent == folder
    assert written.read_bytes() == "佐证".encode()
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.parent.name != "法治 台账"]
    assert sorted(files) == sorted([source, written])
    assert not Path("/tmp/绝对路径.txt").exists()


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_safe_names_are_plain_portable_names(name: str) -> None:
    safe = safe_file_name(name)
    assert safe and "/" not in safe and "\\" not in safe and ":" not in safe
    assert safe not in (".", "..") and not safe.startswith(".") and safe == safe.strip()
    assert safe.encode("utf-8")  # storable and printable: no surrogate, no NUL
    assert "\x00" not in safe
    assert safe.split(".")[0].upper() not in ("CON", "NUL")


def test_the_size_limit_is_checked_before_reading(repo, problem_id, tmp_path, monkeypatch):
    huge = tmp_path / "三个G.mp4"
    subprocess.run(["truncate", "-s", "3G", str(huge)], check=True)  # sparse: takes no space
    before = _counts(repo.db)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="200 MB"):
            repo.evidence.add(problem_id, None, huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert _counts(repo.db) == before


def test_a_file_under_the_limit_is_streamed_not_read_whole(repo, problem_id, tmp_path) -> None:
    big = tmp_path / "录像.mp4"
    with big.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    tracemalloc.start()
    try:
        evidence_id = repo.evidence.add(problem_id, None, big)
        out = tmp_path / "取出"
        out.mkdir()
        written = repo.evidence.extract(evidence_id, out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # a few chunks, never the 60 MB file
    assert written.stat().st_size == 60 * 1024 * 1024


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are a POSIX thing")
def test_a_fifo_is_refused_without_blocking(repo, problem_id, tmp_path) -> None:
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    before = _counts(repo.db)
    with pytest.raises(ValidationError, match="特殊文件"):
        repo.evidence.add(problem_id, None, fifo)
    assert _counts(repo.db) == before


def test_a_folder_or_a_device_is_refused(repo, problem_id, tmp_path) -> None:
    with pytest.raises(ValidationError, match="文件夹"):
        repo.evidence.add(problem_id, None, tmp_path)
    if Path("/dev/zero").exists():  # endless: reading it whole would never finish
        with pytest.raises(ValidationError, match="特殊文件"):
            repo.evidence.add(problem_id, None, Path("/dev/zero"))


def test_a_missing_file_is_a_chinese_message(repo, problem_id, tmp_path) -> None:
    with pytest.raises(UserError, match="无法读取文件"):
        repo.evidence.add(problem_id, None, tmp_path / "不存在.pdf")


def test_a_file_that_grows_while_read_is_refused(repo, problem_id, tmp_path, monkeypatch):
    source = tmp_path / "变化.txt"
    source.write_bytes(b"x" * 10)
    real_open = evidence_module._open_regular

    def grown(file: Path):
        handle, size = real_open(file)
        source.write_bytes(b"x" * 5000)  # appended after the size was read
        return handle, size

    monkeypatch.setattr(evidence_module, "_open_regular", grown)
    before = _counts(repo.db)
    with pytest.raises(UserError, match="发生了变化"):
        repo.evidence.add(problem_id, None, source)
    assert _counts(repo.db) == before
