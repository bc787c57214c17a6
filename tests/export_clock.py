"""The day exports run on in a test: one patch of their clock that no module keeps afterwards."""

from __future__ import annotations

from datetime import date


def fix_export_day(monkeypatch, day: date) -> None:
    """Exports run on ``day``; every export module is loaded first, so that none keeps the
    patched clock after the test (a module importing ``today`` would hold the stand-in)."""
    from desktop_app import exports

    exports.load_all()
    monkeypatch.setattr(exports, "today", lambda: day)
