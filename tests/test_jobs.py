"""One vocabulary for long jobs: the cancel check, the one Cancelled error."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop_app import jobs

PACKAGE = Path(jobs.__file__).resolve().parent


def test_check_raises_only_when_asked_to_stop() -> None:
    jobs.check(None)
    jobs.check(lambda: False)
    with pytest.raises(jobs.Cancelled, match=r"^导出已取消$"):
        jobs.check(lambda: True)
    with pytest.raises(jobs.Cancelled, match=r"^打印已取消$"):
        jobs.check(lambda: True, "打印已取消")


def test_cancelled_is_defined_once_in_the_package() -> None:
    """Formats, exports and the GUI share jobs.Cancelled; a second class would slip past the GUI."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            named = isinstance(node, ast.ClassDef) and node.name == "Cancelled"
            aliased = isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "Cancelled" for t in node.targets
            )
            if named or aliased:
                found.append(path.relative_to(PACKAGE).as_posix())
    assert found == ["jobs.py"]
