"""The personnel page (执法人员): roster, certificates, lifecycle events, exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSpinBox

from desktop_app.context import AppContext
from desktop_app.domain.personnel import (
    CERTIFICATE_KINDS,
    DISPLAY_STATUSES,
    HELD_STATUSES,
    PERSON_STATUSES,
    CertificateStatus,
    CertWarning,
    Event,
)
from desktop_app.exports import personnel as _personnel_exports  # noqa: F401  (registers the exports)
from desktop_app.storage.personnel import queries
from desktop_app.storage.settings import read_certificate_rules
from desktop_app.ui.personnel import dialogs, export_dialogs
from desktop_app.ui.personnel.columns import ROSTER_COLUMNS, WarningTableModel, warning_colour
from desktop_app.ui.personnel.detail import PersonDetail
from desktop_app.ui.register_page import RegisterPage
from desktop_app.ui.widgets import filter_combo, set_choices, shortcut

if TYPE_CHECKING:
    from desktop_app.domain.personnel import PersonnelRules
    from desktop_app.storage.personnel.repo import PersonnelRepo


class PersonnelPage(RegisterPage):
    """Who holds which certificate, whose expires, who must be cancelled: on one page."""

    register_key = "personnel"
    # the yearly training hours on the roster, the certificate rules and the minimum hours
    also_shows = frozenset({"training_sessions", "training_attendance", "settings"})
    list_key = "roster"
    detail: PersonDetail
    exports = (("导出台账", "export_ledger"), ("换证通知", "export_notice"))

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.make_search("搜索姓名、身份证号、证号、单位…(Ctrl+F)")
        self.unit = self.add_filter("unit", filter_combo("全部单位"))
        self.department = self.add_filter("department", filter_combo("全部处室"))
        self.status = self.add_filter("status", filter_combo("全部人员状态", PERSON_STATUSES))
        self.kind = self.add_filter("kind", filter_combo("全部证件种类", CERTIFICATE_KINDS))
        self.cert_status = self.add_filter(
            "cert_status", filter_combo("全部证件状态", DISPLAY_STATUSES)
        )
        self.condition = self.add_filter("condition", filter_combo("全部预警", queries.CONDITIONS))
        self.within = QSpinBox()
        self.within.setObjectName("within")
        self.within.setRange(1, 3650)
        self.within.setSuffix(" 天内到期")
        self.within.setToolTip("“即将到期”筛选的天数")
        self.within.setValue(self.rules().lead_days)
        self.within.valueChanged.connect(lambda _v: self._within_changed())
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1990, 2100)
        self.year.setValue(ctx.today().year)
        self.year.setPrefix("统计年度 ")
        self.year.valueChanged.connect(lambda _v: self.apply_filter())
        self.summary = self.make_summary()
        self.summary.setWordWrap(True)
        self.roster = WarningTableModel(ROSTER_COLUMNS, warning_colour, self)
        self.make_list(self.roster, multi=True, open_row=self.edit_person)
        self.detail = PersonDetail(ctx, self)
        self._build_layout()
        shortcut(self, "Ctrl+N", self.add_person)
        shortcut(self, "F2", self.edit_person)
        self.refresh_all()

    def rules(self) -> PersonnelRules:
        """The certificate rules (validity, review, warning lead), read on the GUI connection."""
        return read_certificate_rules(self.ctx.conn)

    @property
    def repo(self) -> PersonnelRepo:
        """The personnel repository on the GUI thread's connection."""
        return self.ctx.personnel

    def _build_layout(self) -> None:
        top = self.toolbar(
            [
                ("新增人员", self.add_person),
                ("编辑人员", self.edit_person),
                ("删除人员", self.delete_person),
                ("批量办理", self.batch),
                ("转出", self.transfer_out),
            ],
            after=[("证件设置", self.edit_rules)],
        )
        filters = self.filter_bar(
            (self.search, 3), *((c, 1) for c in self.filters.values()), (self.within, 0)
        )
        counts = QHBoxLayout()
        counts.addWidget(self.summary, 1)
        counts.addWidget(self.year, 0, Qt.AlignmentFlag.AlignTop)
        splitter = self.split(self.box(self.view, counts), self.detail, "personnelSplitter")
        self.stack(top, filters, splitter, stretch_of=splitter)

    # -- filter state ----------------------------------------------------------------
    def current_filter(self) -> queries.RosterFilter:
        """The filter the widgets describe."""
        values = {name: combo.currentData() or "" for name, combo in self.filters.items()}
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
        flt, today, rules = self.current_filter(), self.ctx.today(), self.rules()
        figures = queries.summary(self.ctx.conn, flt, today, rules, self.year.value())
        query = queries.roster_query(self.ctx.conn, flt, today, rules)
        self.roster.set_query(query, count=figures.persons)  # the summary counted them
        self.summary.setText(figures.text())

    def reload_choices(self) -> None:
        """The units and departments on the roster."""
        db = self.ctx.conn
        set_choices(self.unit, "全部单位", queries.distinct_values(db, "unit"))
        set_choices(self.department, "全部处室", queries.distinct_values(db, "department"))

    selected_person = RegisterPage.selected_id

    # -- actions ---------------------------------------------------------------------
    def _places(self) -> tuple[list[str], list[str]]:
        db = self.ctx.conn
        return queries.distinct_values(db, "unit"), queries.distinct_values(db, "department")

    def add_person(self) -> None:
        """新增人员."""
        units, departments = self._places()
        self.add(
            lambda: dialogs.edit_person(self, self.repo, None, units, departments, self.ctx.today())
        )

    def edit_person(self) -> None:
        """Edit the selected person."""
        person_id = self.selected_id()
        if person_id is None:
            return
        units, departments = self._places()
        person = queries.get_person(self.ctx.conn, person_id)
        self.guard(
            lambda: dialogs.edit_person(
                self, self.repo, person, units, departments, self.ctx.today()
            )
        )

    def delete_person(self) -> None:
        """Delete the selected person (only one without any record) after confirmation."""
        person_id = self.selected_id()
        if person_id is not None:
            name = queries.get_person(self.ctx.conn, person_id).name
            delete = lambda: self.repo.delete_person(person_id)  # noqa: E731
            self.confirmed("删除人员", f"确定删除“{name}”吗?", delete)

    def batch(self) -> None:
        """The same event on the certificates of several selected persons, all or nothing."""
        person_ids = self.selected_ids()
        if not person_ids:
            self.inform("请先在名单中选择人员(可按住 Ctrl 多选)。")
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
                for c in queries.certificates_of(self.ctx.conn, person_id)
                if c.id is not None
                and c.status in wanted
                and kind in (c.kind, export_dialogs.ALL_KINDS)
            ]
            ids += found
            skipped += not found
        if not ids:
            self.inform(f"所选人员没有可以{event.value}的证件。")
            return
        who = f"{len(person_ids) - skipped} 人 {len(ids)} 个证件"
        if skipped:
            who += f"(另有 {skipped} 人无可办理的证件,不办理)"
        self.guard(lambda: dialogs.record_event(self, repo, event, ids, self.ctx.today(), who))

    def transfer_out(self) -> None:
        """转出 the selected persons' enforcement relationship."""
        person_ids = self.selected_ids()
        if not person_ids:
            self.inform("请先在名单中选择要转出的人员。")
            return
        people = [queries.get_person(self.ctx.conn, i) for i in person_ids[:3]]
        names = "、".join(p.name for p in people) + (
            f"等 {len(person_ids)} 人" if len(person_ids) > 3 else ""
        )
        self.guard(
            lambda: dialogs.transfer_out(self, self.repo, person_ids, names, self.ctx.today())
        )

    def edit_rules(self) -> None:
        """证件设置: validity, review interval, warning lead, pass mark, who may hold."""
        self.guard(lambda: dialogs.edit_rules(self, self.repo), then=self._new_lead_days)

    def _new_lead_days(self, _saved: object = None) -> None:
        self.within.blockSignals(True)  # a new default, not a new filter
        self.within.setValue(self.rules().lead_days)
        self.within.blockSignals(False)

    # -- exports -----------------------------------------------------------------------
    def export_ledger(self) -> None:
        """Ask for the year and ID display, then export the personnel ledger."""
        choice = export_dialogs.ledger_options(self, self.ctx.today())
        if choice is None:
            return
        options = {"year": choice.year, "full-id": choice.full_id, "today": self.ctx.today()}
        self.export("personnel-ledger", options, f"执法人员台账_{choice.year}")

    def export_notice(self) -> None:
        """The renewal notice: texts and window beside its preview; PDF, Word or print."""
        from desktop_app.ui.personnel.notice_dialog import renewal_notice_dialog

        dialog = self.guard(lambda: renewal_notice_dialog(self, self.ctx, self.rules().lead_days))
        if dialog:
            dialog.exec()
