"""lazy_import: a module runs only when first used, and is then the ordinary module."""

import sys
from pathlib import Path

import pytest

from desktop_app.lazy import lazy_import


@pytest.fixture
def package(tmp_path: Path, monkeypatch):
    """A throw-away package ``lazypkg`` whose module ``slow`` records that it ran."""
    root = tmp_path / "lazypkg"
    root.mkdir()
    (root / "__init__.py").write_text("RUNS = []\n", encoding="utf-8")
    (root / "slow.py").write_text(
        "import lazypkg\nlazypkg.RUNS.append('slow')\nANSWER = 42\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield sys.modules.setdefault("lazypkg", __import__("lazypkg"))
    for name in ("lazypkg.slow", "lazypkg"):
        sys.modules.pop(name, None)


def test_module_runs_on_first_attribute_use_only(package) -> None:
    slow = lazy_import("lazypkg.slow")
    assert package.RUNS == []
    assert slow.ANSWER == 42
    assert package.RUNS == ["slow"]
    assert slow.ANSWER == 42 and package.RUNS == ["slow"]  # once


def test_later_imports_get_the_same_module(package) -> None:
    slow = lazy_import("lazypkg.slow")
    import lazypkg.slow
    from lazypkg import slow as again

    assert lazypkg.slow is slow and again is slow
    assert lazy_import("lazypkg.slow") is slow
    assert again.ANSWER == 42 and package.RUNS == ["slow"]


def test_a_missing_module_is_refused_at_once(package) -> None:
    with pytest.raises(ModuleNotFoundError):
        lazy_import("lazypkg.missing")
