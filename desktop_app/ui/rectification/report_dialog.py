"""The progress report (整改进展情况通报): which inspections, its texts, a live preview.

One inspection by default (the one on the page); several only when ticked. The texts are
kept with the inspection (or, for several, in the settings) so next week's report starts
from them; exports, preview and print run through ``exports.rectification``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout

from desktop_app.domain.notices import READINGS, NoticeTexts
from desktop_app.exports import rectification as export_specs
from desktop_app.storage.rectification import queries
from desktop_app.ui.dialogs.document_dialog import DocumentDialog
from desktop_app.ui.dialogs.notice_texts import NoticeField, closing_fields, head_fields

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.context import AppContext
    from desktop_app.jobs import CancelCheck, Progress

REPORT_FIELDS = (
    *head_fields("中共南通市科学技术局党组文件", "通科党〔2022〕16号"),
    NoticeField("opening", "开头段落", lines=5),
    NoticeField(
        "practices", "一、工作做法", lines=7, placeholder="每段一行,如 (一)统一思想认识。…"
    ),
    NoticeField("reading", "问题整改情况的写法", choices=READINGS),
    NoticeField("stat_date", "统计截止日期", placeholder="不填则为成文日期"),
    NoticeField("next_steps", "下一步工作打算", lines=6),
    NoticeField("closing", "结束语(联系方式)", lines=4),
    *closing_fields(contact=False),
)
NOTE = (
    "统计数字与台账一致:按统计截止日期计算逾期。"
    "落款、红头、版记和联系方式默认取自“文件 → 本单位信息”。"
)


def _write(
    db: Database,
    out: Path,
    ids: list[int],
    texts: NoticeTexts,
    options: dict[str, Any],
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> int:
    return export_specs.write_report(db, out, ids, texts, progress, cancelled, options)


def _dated(ctx: AppContext, options: dict[str, Any]) -> dict[str, Any]:
    return {**options, "today": ctx.today()}


def _texts_for(ctx: AppContext, ids: list[int]) -> NoticeTexts:
    """The texts kept for this scope, else texts to start from."""
    sections = export_specs.report_sections(ctx.db, ids)
    return export_specs.report_texts(ctx.db, ids, sections, ctx.today())


class ReportDialog(DocumentDialog):
    """The report of the chosen inspections: scope, texts, preview, export, print."""

    def __init__(self, ctx: AppContext, inspection: int | None, parent=None) -> None:
        ids = export_specs.report_ids(ctx.db, inspection or None)
        scope = QListWidget()
        scope.setObjectName("scope")
        for insp in queries.list_inspections(ctx.conn):
            item = QListWidgetItem(insp.name)
            item.setData(Qt.ItemDataRole.UserRole, insp.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = insp.id in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            scope.addItem(item)
        scope.setMaximumHeight(110)
        box = QGroupBox("通报范围(勾选多项即为多项巡察的合并通报)")
        QVBoxLayout(box).addWidget(scope)
        super().__init__(
            ctx,
            "整改进展情况通报",
            _texts_for(ctx, ids),
            REPORT_FIELDS,
            lambda db, out, texts, options, *job: _write(
                db, out, self.ids, texts, _dated(ctx, options), *job
            ),
            file_stem="整改进展情况通报",
            save_texts=self.keep_texts,
            note=NOTE,
            extra=box,
            parent=parent,
        )
        self.ids, self.scope = ids, scope
        self.scope.itemChanged.connect(lambda _item: self._scope_changed())

    def chosen(self) -> list[int]:
        """The ticked inspections."""
        items = [self.scope.item(i) for i in range(self.scope.count())]
        return [
            int(i.data(Qt.ItemDataRole.UserRole))
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def _scope_changed(self) -> None:
        ids = self.chosen()
        if ids and ids != self.ids:
            self.ids = ids
            self.replace_texts(_texts_for(self.ctx, ids))

    def keep_texts(self, texts: NoticeTexts) -> None:
        """Keep the texts so that next week's report starts from them."""
        if len(self.ids) == 1:
            self.ctx.rectification.save_report_texts(self.ids[0], texts)
        else:
            self.ctx.settings.set_many({export_specs.ALL_OPEN_TEXTS_KEY: texts.to_json()})

    def print_report(self) -> None:
        """打印报告 from the page: set the report and open the print preview."""
        self.print_document()
