"""A file written through ``files.replacing`` is whole or absent, never half written."""

from pathlib import Path

import pytest

from desktop_app import files
from desktop_app.domain.errors import UserError
from desktop_app.files import hidden_beside, replacing, write_replacing


def test_a_finished_write_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"earlier")
    with replacing(target, tmp_path / ".~台账.part") as hidden:
        hidden.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.xlsx"]


def test_a_failed_write_leaves_the_target_and_no_hidden_file(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"earlier")
    with pytest.raises(RuntimeError), replacing(target, tmp_path / ".~part") as hidden:
        hidden.write_bytes(b"half")
        raise RuntimeError("refused")
    assert target.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.xlsx"]


def test_a_file_error_names_the_target(tmp_path: Path) -> None:
    target = tmp_path / "folder"
    target.mkdir()
    (target / "inside").write_bytes(b"")  # a non-empty folder cannot be replaced by a file
    refused = pytest.raises(UserError, match=r"无法写入文件“.*folder”")
    with refused, replacing(target, tmp_path / ".~part") as hidden:
        hidden.write_bytes(b"new")
    assert not (tmp_path / ".~part").exists()


def test_a_refused_write_names_the_programs_that_may_hold_it(tmp_path: Path, monkeypatch) -> None:
    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    target = tmp_path / "通知.docx"
    target.write_bytes(b"earlier")
    monkeypatch.setattr(files.os, "replace", locked)
    refused = r"无法写入文件“.*通知.docx”:权限不足或文件已在 Word 或 WPS 中打开"
    with pytest.raises(UserError, match=refused):
        write_replacing(target, lambda hidden: Path(hidden).write_bytes(b"new"), files.WORD)
    assert target.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["通知.docx"]


def test_write_replacing_returns_what_the_writer_returns(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    written = write_replacing(target, lambda name: Path(name).write_bytes(b"%PDF"), "PDF 阅读器")
    assert written == 4
    assert target.read_bytes() == b"%PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_hidden_names_are_fresh_and_hidden(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    names = {hidden_beside(target) for _ in range(20)}
    assert len(names) == 20
    assert all(p.name.startswith(".~台账.") and p.suffix == ".xlsx" for p in names)


def test_a_missing_folder_is_named_without_a_reader(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"无法写入文件“.*nope.*a.pdf”"):
        hidden_beside(tmp_path / "nope" / "a.pdf", "PDF 阅读器")
