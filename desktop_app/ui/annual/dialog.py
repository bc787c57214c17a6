"""年度法治工作数据: the year's figures with how each was counted, their workbook, the report.

The figures are read on the GUI thread's connection (a few aggregate queries). 导出Excel…
writes the ``annual-figures`` workbook; 年度报告草稿… opens the one document dialog on the
``annual-report`` draft, whose own paragraphs are edited in the one notice-texts editor and
kept for next year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.annual import REPORT_SECTIONS, SECTIONS
from desktop_app.exports import Job
from desktop_app.exports import annual as annual_exports
from desktop_app.formats.annual import sentences
from desktop_app.ui import state
from desktop_app.ui.dialog_buttons import closing_row
from desktop_app.ui.dialogs.document_dialog import DocumentDialog
from desktop_app.ui.dialogs.notice_texts import SIGN_DATE, NoticeField
from desktop_app.ui.dialogs.screen_fit import fit_to_screen
from desktop_app.ui.text_table import fill_texts, text_table
from desktop_app.ui.widgets import guarded, row_of, text_label

if TYPE_CHECKING:
    from pathlib import Path

    from sqlite_utils import Database

    from desktop_app.context import AppContext
    from desktop_app.domain.annual import AnnualFigures
    from desktop_app.domain.notices import NoticeTexts

COLUMNS = ("类别", "指标", "数值", "统计口径")
REPORT_FIELDS = (
    NoticeField("title", "标题", required=True),
    NoticeField("addressee", "主送机关", placeholder="如 市委、市政府"),
    NoticeField("opening", "开头段落", lines=4),
    NoticeField(
        "practices", f"一、{REPORT_SECTIONS[0]}(数据之后的段落)", lines=6,
        placeholder="每段一行;如 (五)坚持依法科学民主决策。…",
    ),
    NoticeField("content", f"二、{REPORT_SECTIONS[1]}(数据之后)", lines=4),
    NoticeField("requirements", f"三、{REPORT_SECTIONS[2]}", lines=5),
    NoticeField("next_steps", f"四、{REPORT_SECTIONS[3]}", lines=5),
    NoticeField("closing", f"五、{REPORT_SECTIONS[4]}", lines=3),
    NoticeField("signature", "落款", placeholder="不填则用本单位信息中的落款"),
    SIGN_DATE,
)  # fmt: skip
NOTE = (
    "一、二部分开头的数据句由台账自动生成(见“年度法治工作数据”),其后是您撰写的段落;"
    "您撰写的文字会保存下来,明年从它们开始。"
)


class AnnualDialog(QDialog):
    """The year chooser, the figures table, and the exports."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("年度法治工作数据")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1990, 2100)
        self.year.setPrefix("统计年度 ")
        self.year.setValue(annual_exports.report_year({}, ctx.today()))
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.as_of = QLabel()
        self.table = text_table("figures", COLUMNS, stretch=(3,), rows=False)
        for column, width in enumerate((90, 200, 90)):
            self.table.setColumnWidth(column, width)
        self.words = text_label("sentences")
        layout = QVBoxLayout(self)
        layout.addLayout(row_of(self.year, (self.as_of, 1)))
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("报告中的写法:"))
        layout.addWidget(self.words)
        actions = [("导出Excel…", self.export_figures), ("年度报告草稿…", self.open_report)]
        layout.addLayout(closing_row(self, actions))
        if not state.restore_geometry("annual-dialog", self):
            fit_to_screen(self, 1100, 760)
        self.figures: AnnualFigures | None = None
        self.refresh()

    def refresh(self) -> None:
        """Count the chosen year's figures and show them."""
        year = self.year.value()
        figures = annual_exports.figures_of(self.ctx.conn, year, self.ctx.today())
        self.figures = figures
        self.as_of.setText(f"统计截止日期:{figures.as_of.isoformat()}")
        shown = [f for section in SECTIONS for f in figures.of(section)]
        fill_texts(self.table, [((f.section, f.label, f.text(), f.how), None) for f in shown])
        self.words.setText("\n".join(s for _section, s in sentences(figures)) or "(本年度无数据)")

    def value(self, key: str) -> Any:
        """The shown figure ``key`` (for tests)."""
        assert self.figures is not None
        return self.figures.value(key)

    def export_figures(self) -> None:
        """导出Excel…: the annual-figures workbook of the chosen year."""
        from desktop_app.ui.exporting import run_export

        year = self.year.value()
        options = {"year": year, "today": self.ctx.today()}
        run_export(self, self.ctx, "annual-figures", options, f"{year}年度法治工作数据")

    def open_report(self) -> None:
        """年度报告草稿…: the report's texts beside its preview; export PDF or Word."""
        dialog = guarded(self, "年度报告", lambda: report_dialog(self.ctx, self.year.value(), self))
        if dialog is not None:
            dialog.exec()

    def done(self, result: int) -> None:
        """Remember the window size."""
        state.save_geometry("annual-dialog", self)
        super().done(result)


def report_dialog(ctx: AppContext, year: int, parent: QWidget | None = None) -> DocumentDialog:
    """The document dialog of the year's draft report (its texts kept for next year)."""
    texts = annual_exports.kept_texts(ctx.conn, year, ctx.today())

    def write(
        db: Database, out: Path, texts: NoticeTexts, options: dict[str, Any], *job: Any
    ) -> int:
        dated = {**options, "today": ctx.today()}
        return annual_exports.write_report(db, out, year, texts, dated, Job(*job))

    def keep(texts: NoticeTexts) -> None:
        ctx.settings.set_many(annual_exports.keep_values(texts, year))

    return DocumentDialog(
        ctx,
        f"{year}年度法治政府建设年度报告",
        texts,
        REPORT_FIELDS,
        write,
        file_stem=f"{year}年度法治政府建设情况的报告",
        save_texts=keep,
        note=NOTE,
        parent=parent,
    )


def open_annual(parent: QWidget, ctx: AppContext) -> None:
    """Open 年度法治工作数据."""
    dialog = guarded(parent, "年度法治工作数据", lambda: AnnualDialog(ctx, parent))
    if dialog is not None:
        dialog.exec()
