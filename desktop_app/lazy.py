"""Modules loaded on first use, to keep them out of the application's start-up."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """The module ``name``, executed only when one of its attributes is first used.

    For modules a caller needs only once the clerk acts: the edit dialogs of the first page,
    the export registry of the command line. The window opens without paying for them, and
    the call sites still read as ordinary module attributes (importlib's LazyLoader).
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:  # as the import system does: ``package.child`` names the module too
        setattr(sys.modules[parent], child, module)
    spec.loader.exec_module(module)
    return module
