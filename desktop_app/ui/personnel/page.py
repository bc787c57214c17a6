"""The personnel page (执法人员): roster, certificates, lifecycle events, exports."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.context import AppContext
from desktop_app.domain.notices import NoticeTexts
from desktop_app.domain.personnel import (
    CERTIFICATE_KINDS,
    DISPLAY_STATUSES,
    HELD_STATUSES,
    PERSON_STATUSES,
    CertificateStatus,
    CertWarning,
    Event,
)
from desktop_app.domain.personnel_notice import default_notice_texts
from desktop_app.exports import personnel as _personnel_exports  # noqa: F401  (registers the exports)
from desktop_app.storage.personnel import queries
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.ui import messages, state
from desktop_app.ui.exporting import run_export
from desktop_app.ui.personnel import dialogs, export_dialogs
from desktop_app.ui.personnel.columns import ROSTER_COLUMNS, WarningTableModel, warning_colour
from desktop_app.ui.personnel.detail import PersonDetail
from desktop_app.ui.style import summary_look
from desktop_app.ui.widgets import (
    button_row,
    filter_combo,
    guarded,
    make_table,
    search_box,
    select_id,
    selected_id,
    set_choices,
    shortcut,
)


class PersonnelPage(QWidget):
    """Who holds which certificate, whose expires, who must be cancelled: on one page."""

    title = "执法人员"

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = search_box("搜索姓名、身份证号、证号、单位…(Ctrl+F)", self.apply_filter)
        self.search.setObjectName("search")
        self.unit = filter_combo("全部单位")
        self.department = filter_combo("全部处室")
        self.status = filter_combo("全部人员状态", PERSON_STATUSES)
        self.kind = filter_combo("全部证件种类", CERTIFICATE_KINDS)
        self.cert_status = filter_combo("全部证件状态", DISPLAY_STATUSES)
        self.condition = filter_combo("全部预警", queries.CONDITIONS)
        self.within = QSpinBox()
        self.within.setObjectName("within")
        self.within.setRange(1, 3650)
        self.within.setSuffix(" 天内到期")
        self.within.setToolTip("“即将到期”筛选的天数")
        self.within.setValue(self.repo.rules().lead_days)
        self.within.valueChanged.connect(lambda _v: self._within_changed())
        self.combos = {
            "unit": self.unit,
            "department": self.department,
            "status": self.status,
            "kind": self.kind,
            "cert_status": self.cert_status,
            "condition": self.condition,
        }
        for name, combo in self.combos.items():
            combo.setObjectName(name)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1990, 2100)
        self.year.setValue(ctx.today().year)
        self.year.setPrefix("统计年度 ")
        self.year.valueChanged.connect(lambda _v: self.apply_filter())
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        summary_look(self.summary)
        self.summary.setWordWrap(True)
        self.roster = WarningTableModel(ROSTER_COLUMNS, warning_colour, self)
        self.view = make_table(self.roster, "roster", multi=True)
        self.view.doubleClicked.connect(lambda _i: self.edit_person())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.roster.modelReset.connect(self._selected)
        self.detail = PersonDetail(ctx, self)
        self.detail.changed.connect(self.refresh_keep_selection)
        self._build_layout()
        self._shortcuts()
        self.refresh_all()

    @property
    def repo(self) -> PersonnelRepo:
        """The personnel repository on the GUI thread's connection."""
        return PersonnelRepo(self.ctx.db)

    # -- layout ------------------------------------------------------------------
    def _build_layout(self) -> None:
        top = button_row(
            [
                ("新增人员", self.add_person),
                ("编辑人员", self.edit_person),
                ("删除人员", self.delete_person),
                ("批量办理", self.batch),
                ("转出", self.transfer_out),
                ("导出台账", self.export_ledger),
                ("换证通知", self.export_notice),
                ("证件设置", self.edit_rules),
            ]
        )
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for combo in self.combos.values():
            filters.addWidget(combo, 1)
        filters.addWidget(self.within)
        filters.addLayout(button_row([("清除筛选", self.clear_filters)]))
        counts = QHBoxLayout()
        counts.addWidget(self.summary, 1)
        counts.addWidget(self.year, 0, Qt.AlignmentFlag.AlignTop)
        roster_box = QWidget()
        box = QVBoxLayout(roster_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view)
        box.addLayout(counts)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("personnelSplitter")
        splitter.addWidget(roster_box)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def _shortcuts(self) -> None:
        shortcut(self, "Ctrl+F", self.search.setFocus)
        shortcut(self, "Ctrl+N", self.add_person)
        shortcut(self, "F2", self.edit_person)
        shortcut(self, "F5", self.refresh_keep_selection)

    # -- filter state ----------------------------------------------------------------
    def current_filter(self) -> queries.RosterFilter:
        """The filter the widgets describe."""
        values = {name: combo.currentData() or "" for name, combo in self.combos.items()}
        return queries.RosterFilter(
            text=self.search.text(), within_days=self.within.value(), **values
        )

    def _within_changed(self) -> None:
        """Changing the days means: show who expires within them."""
        expiring = self.condition.findData(CertWarning.EXPIRING.value)
        if self.condition.currentIndex() != expiring:
            self.condition.setCurrentIndex(expiring)  # re-filters through its signal
        else:
            self.apply_filter()

    def apply_filter(self) -> None:
        """Re-query the roster and the counts line in SQL."""
        flt, today, rules = self.current_filter(), self.ctx.today(), self.repo.rules()
        self.roster.set_query(queries.roster_query(self.ctx.conn, flt, today, rules))
        figures = queries.summary(self.ctx.conn, flt, today, rules, self.year.value())
        self.summary.setText(figures.text())

    def clear_filters(self) -> None:
        """Show everyone."""
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def _reload_choices(self) -> None:
        db = self.ctx.conn
        set_choices(self.unit, "全部单位", queries.distinct_values(db, "unit"))
        set_choices(self.department, "全部处室", queries.distinct_values(db, "department"))

    def refresh_all(self) -> None:
        """Re-read everything (after a restore, a settings change or another page's edit)."""
        self._reload_choices()
        self.apply_filter()

    def refresh_keep_selection(self) -> None:
        """Re-query after a change and keep the selected person selected."""
        keep = self.selected_person()
        self._reload_choices()
        self.apply_filter()
        if keep is not None:
            self.select_person(keep)

    def select_person(self, person_id: int) -> None:
        """Select a person if they are among the loaded rows."""
        select_id(self.view, person_id)

    def selected_person(self) -> int | None:
        """Id of the current person (the first selected)."""
        return selected_id(self.view)

    def selected_persons(self) -> list[int]:
        """Ids of all selected persons, in view order."""
        selection = self.view.selectionModel()
        rows = sorted(i.row() for i in selection.selectedRows()) if selection else []
        return [r for r in (self.roster.row_id(row) for row in rows) if r is not None]

    def _selected(self) -> None:
        self.detail.show_person(self.selected_person())

    # -- actions ---------------------------------------------------------------------
    def _guard(self, action) -> Any:
        return guarded(self, self.title, action)

    def _places(self) -> tuple[list[str], list[str]]:
        db = self.ctx.conn
        return queries.distinct_values(db, "unit"), queries.distinct_values(db, "department")

    def add_person(self) -> None:
        """新增人员."""
        units, departments = self._places()
        new_id = self._guard(
            lambda: dialogs.edit_person(self, self.repo, None, units, departments, self.ctx.today())
        )
        if new_id:
            self.refresh_keep_selection()
            self.select_person(new_id)

    def edit_person(self) -> None:
        """Edit the selected person."""
        person_id = self.selected_person()
        if person_id is None:
            return
        units, departments = self._places()
        person = self.repo.get_person(person_id)
        if self._guard(
            lambda: dialogs.edit_person(
                self, self.repo, person, units, departments, self.ctx.today()
            )
        ):
            self.refresh_keep_selection()

    def delete_person(self) -> None:
        """Delete the selected person (only one without any record) after confirmation."""
        person_id = self.selected_person()
        if person_id is None:
            return
        name = self.repo.get_person(person_id).name
        if messages.ask(self, "删除人员", f"确定删除“{name}”吗?"):
            self._guard(lambda: self.repo.delete_person(person_id))
            self.refresh_keep_selection()

    def batch(self) -> None:
        """The same event on the certificates of several selected persons, all or nothing."""
        person_ids = self.selected_persons()
        if not person_ids:
            messages.inform(self, self.title, "请先在名单中选择人员(可按住 Ctrl 多选)。")
            return
        choice = export_dialogs.batch_choice(self, len(person_ids))
        if choice is None:
            return
        event, kind = choice
        wanted = (
            (CertificateStatus.SUSPENDED.value,) if event == Event.RESTORE else HELD_STATUSES[:1]
        )
        repo, ids, skipped = self.repo, [], 0
        for person_id in person_ids:
            found = [
                c.id
                for c in repo.certificates_of(person_id)
                if c.status in wanted and kind in (c.kind, export_dialogs.ALL_KINDS)
            ]
            ids += found
            skipped += not found
        if not ids:
            messages.inform(self, self.title, f"所选人员没有可以{event.value}的证件。")
            return
        who = f"{len(person_ids) - skipped} 人 {len(ids)} 个证件"
        if skipped:
            who += f"(另有 {skipped} 人无可办理的证件,不办理)"
        if self._guard(lambda: dialogs.record_event(self, repo, event, ids, self.ctx.today(), who)):
            self.refresh_keep_selection()

    def transfer_out(self) -> None:
        """转出 the selected persons' enforcement relationship."""
        person_ids = self.selected_persons()
        if not person_ids:
            messages.inform(self, self.title, "请先在名单中选择要转出的人员。")
            return
        people = [self.repo.get_person(i) for i in person_ids[:3]]
        names = "、".join(p.name for p in people) + (
            f"等 {len(person_ids)} 人" if len(person_ids) > 3 else ""
        )
        if self._guard(
            lambda: dialogs.transfer_out(self, self.repo, person_ids, names, self.ctx.today())
        ):
            self.refresh_keep_selection()

    def edit_rules(self) -> None:
        """证件设置: validity, review interval, warning lead, pass mark, who may hold."""
        if self._guard(lambda: dialogs.edit_rules(self, self.repo)):
            self.within.blockSignals(True)  # a new default, not a new filter
            self.within.setValue(self.repo.rules().lead_days)
            self.within.blockSignals(False)
            self.refresh_keep_selection()
            self.detail.refresh()

    # -- exports -----------------------------------------------------------------------
    def export_ledger(self) -> None:
        """Ask for the year and ID display, then export the personnel ledger."""
        choice = export_dialogs.ledger_options(self, self.ctx.today())
        if choice is None:
            return
        options = {"year": choice.year, "full-id": choice.full_id, "today": self.ctx.today()}
        self._export("personnel-ledger", options, f"执法人员台账_{choice.year}")

    def export_notice(self) -> None:
        """Edit the notice's texts, then export the renewal notice PDF."""
        saved = NoticeTexts.from_json(self.repo.notice_texts())
        texts = default_notice_texts(self.ctx.today(), saved)
        edited = export_dialogs.notice_texts(self, texts, self.repo.rules().lead_days)
        if edited is None:
            return
        texts, within = edited
        if self._guard(lambda: self.repo.save_notice_texts(texts.to_json()) or True) is None:
            return
        options = {"within": within, "texts": texts, "today": self.ctx.today()}
        self._export("renewal-notice", options, f"换证和年审通知_{self.ctx.today():%Y%m%d}")

    def _export(self, name: str, options: dict[str, Any], file_stem: str) -> None:
        """Ask where to save, run the export in the background, then offer the file."""
        run_export(self, self.ctx, name, options, file_stem)

    def save_state(self) -> None:
        """Remember column widths."""
        state.save_columns("roster", self.view)
        self.detail.save_state()
