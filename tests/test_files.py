"""A file written through ``files.replacing`` is whole or absent, never half written."""

from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.files import replacing


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
