"""The document dialogs' writer hands an export the dialog's options, its own fixed ones and
the edited texts (none when a document has no texts to edit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.domain.notices import NoticeTexts
from desktop_app.ui.dialogs import document_dialog


class _Spec:
    """An export that only records what it was asked to write."""

    def __init__(self) -> None:
        self.asked: list[dict[str, Any]] = []

    def run(self, _db: Any, _out: Path, values: dict[str, Any], *_job: Any) -> int:
        self.asked.append(values)
        return 1


def test_fixed_options_win_and_blank_texts_stay_out(monkeypatch) -> None:
    spec = _Spec()
    monkeypatch.setattr(document_dialog, "get_export", lambda name: spec)
    write = document_dialog.export_writer("signin-sheet", {"session": 3})
    edited = NoticeTexts(title="关于开展学法活动的通知")
    assert write(None, Path("out.pdf"), NoticeTexts(), {"format": "pdf", "session": 9}, None, None)
    write(None, Path("out.docx"), edited, {"format": "docx"}, None, None)
    assert spec.asked == [
        {"format": "pdf", "session": 3},
        {"format": "docx", "session": 3, "texts": edited},
    ]
