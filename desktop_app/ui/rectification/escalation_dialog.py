"""督办: choose late and stalled items (a department's, or one), the level, then the document.

The one document dialog (texts beside a live preview, PDF and Word) on the
``escalation-notice`` export's code. Exporting a document records the escalation on each
of its items (level, date, number) once the file is written; previewing records nothing.
批量生成 writes one document per department into a folder and records them all.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.escalation import (
    GROUPINGS,
    LEVELS,
    PER_DEPARTMENT,
    PER_ITEM,
    EscalationItem,
    Level,
    group_items,
)
from desktop_app.exports import Job
from desktop_app.exports import escalation as escalation_exports
from desktop_app.storage.rectification import escalations
from desktop_app.ui import messages, state
from desktop_app.ui.dialogs.document_dialog import PREVIEW_HINT, DocumentDialog
from desktop_app.ui.dialogs.notice_texts import NoticeField, closing_fields, head_fields
from desktop_app.ui.exporting import ask_save_path, offer_file
from desktop_app.ui.tasks import TaskProgress, run_task
from desktop_app.ui.widgets import button_row, guarded

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.context import AppContext
    from desktop_app.domain.notices import NoticeTexts

ITEM_ROLE = Qt.ItemDataRole.UserRole
ALL_DEPARTMENTS = "全部部门"
FIELDS = (
    *head_fields("南通市科学技术局文件", "通科督〔2022〕3号"),
    NoticeField("opening", "开头段落", lines=4),
    NoticeField("requirements", "有关要求", lines=5, placeholder="每段一行"),
    *closing_fields(),
)
NOTE = (
    "导出PDF或Word即视为发出:每个事项记下本次督办的级别、日期和文号(预览不记录)。"
    "发文字号按设置中的“督办文书机关代字”自动编号,可修改。"
)


def _item_text(item: EscalationItem) -> str:
    what = "措施" if item.measure_id else "问题"
    deadline = item.deadline.isoformat() if item.deadline else "未定"
    sent = f" 已发:{'、'.join(item.sent)}" if item.sent else ""
    subject = " ".join(item.subject.split())
    subject = subject if len(subject) <= 46 else subject[:45] + "…"
    return (
        f"【{item.warning}】{item.department or '未填部门'} {what}:{subject}(时限 {deadline}){sent}"
    )


class Chooser(QGroupBox):
    """Level, grouping, department and the items, above the texts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("督办对象", parent)
        self.level = QComboBox()
        self.level.setObjectName("level")
        self.level.addItems(list(LEVELS))
        self.grouping = QComboBox()
        self.grouping.setObjectName("grouping")
        for key, label in GROUPINGS:
            self.grouping.addItem(label, key)
        self.department = QComboBox()
        self.department.setObjectName("department")
        self.items = QListWidget()
        self.items.setObjectName("items")
        self.items.setMinimumHeight(150)
        form = QFormLayout()
        form.addRow("督办级别", self.level)
        form.addRow("发文方式", self.grouping)
        form.addRow("牵头部门", self.department)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.items)


class EscalationDialog(DocumentDialog):
    """The 督办 document of the chosen items; exporting it records the escalation."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        department: str = "",
        problem_ids: list[int] | None = None,
        inspection_id: int | None = None,
    ) -> None:
        self.ctx = ctx
        # Documents recorded in this dialog, with their items as they were written (the same
        # document exported again shows the same history and is not recorded twice).
        self._recorded: dict[tuple[Any, ...], list[EscalationItem]] = {}
        self.problem_ids = problem_ids or []
        self.inspection_id = inspection_id
        self.chooser = Chooser()
        self.all_items = self._read_items()
        if not self.all_items:
            raise UserError("没有逾期或滞后的整改事项,无需督办。")
        super().__init__(
            ctx,
            "督办文书",
            self._starting_texts(self._first_items(department)),
            FIELDS,
            self._write,
            file_stem="督办通知",
            save_texts=self._keep_head,
            note=NOTE,
            extra=self._extra(),
            extra_options=self._choice,
            parent=parent,
        )
        self._fill_departments(department)
        self.chooser.level.setCurrentText(self._suggested().value)
        self.chooser.level.currentIndexChanged.connect(lambda _i: self._restart())
        self.chooser.grouping.currentIndexChanged.connect(lambda _i: self._grouping_changed())
        self.chooser.department.currentIndexChanged.connect(lambda _i: self._department_changed())
        self.chooser.items.itemChanged.connect(lambda _i: self._restart())
        self._fill_items()
        self._restart()

    # -- the choice --------------------------------------------------------------------
    def _read_items(self) -> list[EscalationItem]:
        rules = self.ctx.warning_rules()
        flt = escalations.ItemFilter(problem_ids=self.problem_ids, inspection_id=self.inspection_id)
        return escalations.late_items(self.ctx.conn, self.ctx.today(), rules, flt)

    def _first_items(self, department: str) -> list[EscalationItem]:
        chosen = [i for i in self.all_items if i.department == department]
        return chosen or [self.all_items[0]]

    def _extra(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.chooser)
        column.addLayout(button_row([("批量生成(每部门一份)…", self.write_all)]))
        return box

    def _fill_departments(self, department: str) -> None:
        combo = self.chooser.department
        combo.blockSignals(True)
        combo.clear()
        counts: dict[str, int] = {}
        for item in self.all_items:
            counts[item.department] = counts.get(item.department, 0) + 1
        combo.addItem(f"{ALL_DEPARTMENTS}({len(self.all_items)} 项)", ALL_DEPARTMENTS)
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            combo.addItem(f"{name or '未填部门'}({n} 项)", name)
        start = department or self.all_items[0].department
        combo.setCurrentIndex(max(combo.findData(start), 0))
        combo.blockSignals(False)

    def grouping(self) -> str:
        """每个部门一份 or 一事一单."""
        return str(self.chooser.grouping.currentData() or PER_DEPARTMENT)

    def level(self) -> Level:
        """The chosen level."""
        return Level(self.chooser.level.currentText())

    def _shown_items(self) -> list[EscalationItem]:
        wanted = self.chooser.department.currentData()
        if wanted in (None, ALL_DEPARTMENTS):
            return list(self.all_items)
        return [i for i in self.all_items if i.department == wanted]

    def _fill_items(self) -> None:
        single = self.grouping() == PER_ITEM
        widget = self.chooser.items
        widget.blockSignals(True)
        widget.clear()
        for n, item in enumerate(self._shown_items()):
            entry = QListWidgetItem(_item_text(item))
            entry.setData(ITEM_ROLE, item.key)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = not single or n == 0
            entry.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            widget.addItem(entry)
        widget.blockSignals(False)

    def chosen_items(self) -> list[EscalationItem]:
        """The ticked items (in 一事一单 the first ticked only)."""
        keys = []
        widget = self.chooser.items
        for row in range(widget.count()):
            entry = widget.item(row)
            if entry.checkState() == Qt.CheckState.Checked:
                keys.append(tuple(entry.data(ITEM_ROLE)))
        by_key = {i.key: i for i in self.all_items}
        items = [by_key[k] for k in keys if k in by_key]
        return items[:1] if self.grouping() == PER_ITEM else items

    def _suggested(self) -> Level:
        items = self.chosen_items() if self.chooser.items.count() else self.all_items
        return escalation_exports.level_for(items or self.all_items)

    def _grouping_changed(self) -> None:
        self._fill_items()
        self._restart()

    def _department_changed(self) -> None:
        self._fill_items()
        self._restart()

    def _addressee(self, items: list[EscalationItem]) -> str:
        return group_items(items, PER_DEPARTMENT)[0][0] if items else ""

    def _starting_texts(self, items: list[EscalationItem]) -> NoticeTexts:
        level = self.level() if hasattr(self, "form") else escalation_exports.level_for(items)
        return escalation_exports.starting_texts(
            self.ctx.conn, level, items, self._addressee(items), self.ctx.today()
        )

    def _restart(self) -> None:
        """Texts to start from for the current choice (the clerk's edits start over)."""
        items = self.chosen_items()
        if items:
            self.replace_texts(self._starting_texts(items))
            departments = {i.department for i in items}
            self.status.setText(
                f"已选 {len(items)} 项,"
                + (
                    PREVIEW_HINT
                    if len(departments) == 1
                    else "涉及多个部门:请按部门分别发文或用批量生成"
                )
            )
        else:
            self.status.setText("请勾选要督办的事项。")

    # -- writing -----------------------------------------------------------------------
    def _write(
        self,
        db: Database,
        out: Path,
        texts: NoticeTexts,
        options: dict[str, Any],
        *job: Any,
    ) -> int:
        items, level = options.pop("items"), options.pop("level")
        if not items:
            raise UserError("请勾选要督办的事项。")
        dated = {**options, "today": self.ctx.today(), "record": False}
        return escalation_exports.write_document(db, out, dated, Job(*job), level, texts, items)

    def _choice(self) -> dict[str, Any]:
        """Read on the GUI thread, for the writing thread: the items and the level."""
        level = self.level()
        return {"items": self._document_items(level, self.texts()), "level": level}

    @staticmethod
    def _key(level: Level, texts: NoticeTexts, items: list[EscalationItem]) -> tuple[Any, ...]:
        return (level, texts.doc_no, texts.sign_date, tuple(i.key for i in items))

    def _document_items(self, level: Level, texts: NoticeTexts) -> list[EscalationItem]:
        """The chosen items; as they were written when this document was recorded already."""
        items = self.chosen_items()
        return self._recorded.get(self._key(level, texts, items), items)

    def _keep_head(self, texts: NoticeTexts) -> None:
        """Keep the red header, issuer, contact, 抄送 and signature for next time."""
        head = {
            k: getattr(texts, k) for k in ("red_header", "issuer", "contact", "cc", "signature")
        }
        self.ctx.settings.set_many({escalation_exports.TEXTS_KEY: head})

    def export(self, fmt: str) -> None:
        """Save the document, then record the escalation on its items."""
        from desktop_app.ui.dialogs.agency_profile import ensure_signer

        level = self.level()
        try:
            texts = self.texts()
        except UserError as exc:
            messages.warn(self, self.title, str(exc))
            return
        items = self._document_items(level, texts)
        if not items:
            messages.warn(self, self.title, "请勾选要督办的事项。")
            return
        signed = ensure_signer(self, self.ctx, texts.signature, self.title)
        if signed is None:
            return
        stem = f"{level.value}-{self._addressee(items)}"
        out = ask_save_path(self, f"导出{level.value}", f".{fmt}", stem)
        if out is None:
            return
        self._keep_head(texts)
        options = {"format": fmt, "unsigned": not signed, "today": self.ctx.today()}
        ctx = self.ctx

        def job(progress: TaskProgress) -> int:
            db = ctx.worker_db()
            try:
                return escalation_exports.write_document(
                    db, out, options, Job(progress.report, progress.cancelled), level, texts, items
                )
            finally:
                db.conn.close()

        def done(count: int) -> None:
            self.record(level, texts, items)
            summary = "可用 Word 或 WPS 打开、修改" if fmt == "docx" else f"共 {count} 页"
            offer_file(self, out, f"{summary};已在 {len(items)} 个事项上记录本次{level.value}")

        run_task(self, f"正在生成{level.value}…", job, done)

    def record(self, level: Level, texts: NoticeTexts, items: list[EscalationItem]) -> None:
        """Record the escalation on the GUI thread's connection (pages hear of it); the same
        document exported again (the Word after the PDF) is recorded once."""
        key = self._key(level, texts, items)
        if key in self._recorded:
            return
        addressee = self._addressee(items)
        repo = escalations.EscalationRepo(self.ctx.db)
        with self.ctx.changes.batch():
            done = guarded(self, self.title, lambda: repo.record(level, texts, addressee, items))
        if done:
            self._recorded[key] = items
        self._reread()

    def _reread(self) -> None:
        """After recording: the items' history again (the choice and the texts stay)."""
        self.all_items = self._read_items() or self.all_items
        by_key = {i.key: i for i in self.all_items}
        widget = self.chooser.items
        widget.blockSignals(True)  # relabelled, not re-chosen: the texts (and number) stay
        for row in range(widget.count()):
            entry = widget.item(row)
            item = by_key.get(tuple(entry.data(ITEM_ROLE)))
            if item is not None:
                entry.setText(_item_text(item))
        widget.blockSignals(False)

    def write_all(self) -> None:
        """批量生成: one document per department of the shown items, into a folder."""
        from desktop_app.ui.dialogs.agency_profile import ensure_signer

        groups = group_items(self._shown_items(), PER_DEPARTMENT)
        level = self.level()
        signed = ensure_signer(self, self.ctx, "", self.title)
        if signed is None:
            return
        start = state.last_folder("exports", Path.home())
        folder = QFileDialog.getExistingDirectory(self, "选择保存督办文书的文件夹", str(start))
        if not folder:
            return
        state.remember_folder("exports", str(Path(folder) / "x"))
        ctx, today = self.ctx, self.ctx.today()
        plans = []
        for addressee, items in groups:
            texts = escalation_exports.starting_texts(ctx.conn, level, items, addressee, today)
            plans.append((addressee, items, texts))
        plans = _numbered(plans)

        def job(progress: TaskProgress) -> list[Path]:
            db = ctx.worker_db()
            written = []
            try:
                for n, (addressee, items, texts) in enumerate(plans, 1):
                    out = Path(folder) / f"{level.value}-{addressee or '未填部门'}.pdf"
                    options = {"format": "pdf", "unsigned": not signed, "today": today}
                    escalation_exports.write_document(db, out, options, Job(), level, texts, items)
                    written.append(out)
                    progress.report(n, len(plans))
            finally:
                db.conn.close()
            return written

        def done(written: list[Path]) -> None:
            repo = escalations.EscalationRepo(ctx.db)

            def record_all() -> None:
                for addressee, items, texts in plans:
                    repo.record(level, texts, addressee, items)

            with ctx.changes.batch():
                guarded(self, self.title, record_all)
            messages.inform(self, self.title, f"已生成 {len(written)} 份{level.value}:\n{folder}")
            messages.open_with_system(Path(folder))
            self._reread()

        run_task(self, f"正在生成{level.value}…", job, done)


def _numbered(plans: list[tuple[str, list[EscalationItem], NoticeTexts]]) -> list[Any]:
    """Successive document numbers for a batch (each plan was given the same next one)."""
    from desktop_app.domain.escalation import doc_number, number_in

    if not plans or not plans[0][2].doc_no:
        return plans
    first = plans[0][2].doc_no
    prefix = first.split("〔", 1)[0]
    year = plans[0][2].sign_date.year if plans[0][2].sign_date else 0
    start = number_in(first, prefix, year) or 1
    return [
        (addressee, items, replace(texts, doc_no=doc_number(prefix, year, start + i)))
        for i, (addressee, items, texts) in enumerate(plans)
    ]


def open_escalation(
    parent: QWidget,
    ctx: AppContext,
    *,
    department: str = "",
    problem_ids: list[int] | None = None,
    inspection_id: int | None = None,
) -> None:
    """Open the 督办 dialog (refused, with a message, when nothing is late)."""
    dialog = guarded(
        parent,
        "督办",
        lambda: EscalationDialog(
            ctx, parent, department=department, problem_ids=problem_ids, inspection_id=inspection_id
        ),
    )
    if dialog is not None:
        dialog.exec()
