"""The draw dialog: the plan, who draws and who witnesses, the seed, and a live check.

While the clerk fills in the plan, the line under the form says how many targets and
inspectors take part and whether the plan can be met ("合格的持证人员只有 3 人,…"), read
from the live pools. 抽取 draws and records through the repository; a refusal keeps the
dialog open. The same dialog, opened on an earlier draw, makes a redraw: the earlier plan
to start from, and the reason, which the new record keeps.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import parse_date
from desktop_app.domain.draw_algorithm import new_seed
from desktop_app.domain.draw_pools import infeasibility
from desktop_app.domain.draws import (
    MAX_TEAM,
    TARGET_KINDS,
    DrawPlan,
    Quota,
    split_tags,
    validate_plan,
)
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.storage.draws import directory, queries
from desktop_app.storage.draws.pools import live_pools
from desktop_app.ui import messages, state
from desktop_app.ui.combos import make_editable
from desktop_app.ui.dialogs.form import inputs_state, may_discard, ok_cancel
from desktop_app.ui.style import note_look
from desktop_app.ui.widgets import text_label

if TYPE_CHECKING:
    from desktop_app.context import AppContext
    from desktop_app.storage.draws.repo import DrawsRepo

OPERATOR_KEY = "draws/operator"
CHECK_DELAY_MS = 300


def _checklist(name: str, items: list[str], chosen: tuple[str, ...]) -> QListWidget:
    """A short list of check boxes (nothing checked: no restriction)."""
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setMaximumHeight(88)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    for text in dict.fromkeys([*items, *chosen]):
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if text in chosen else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(i).text()
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    )


class PlanDialog(QDialog):
    """新建抽取 (or 重新抽取): the plan, operator, witness and seed; ``draw_id`` once drawn."""

    def __init__(
        self,
        ctx: AppContext,
        repo: DrawsRepo,
        parent: QWidget | None = None,
        *,
        plan: DrawPlan | None = None,
        redraw_of: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.repo, self.redraw_of = ctx, repo, redraw_of
        self.draw_id: int | None = None
        title = f"重新抽取(取代第 {redraw_of} 号)" if redraw_of else "新建抽取"
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        plan = plan or DrawPlan("", ctx.today())
        self.timer = QTimer(self)  # the live check runs shortly after the clerk stops typing
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._task(plan)
        self._targets(plan)
        self._teams(plan)
        self._people()
        self.check_line = text_label("planCheck")
        self.timer.timeout.connect(self.check_plan)
        buttons = ok_cancel(self, "抽取")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.check_line)
        layout.addWidget(buttons)
        self._watch()
        self.check_plan()

    # -- building ---------------------------------------------------------------------
    def _task(self, plan: DrawPlan) -> None:
        self.matter = QComboBox()
        self.matter.setObjectName("matter")
        self.matter.addItem("(不指定)", None)
        for matter in directory.matters(self.repo.db, active_only=True):
            self.matter.addItem(matter.name, matter.id)
        self.matter.setCurrentIndex(max(self.matter.findData(plan.matter_id), 0))
        self.matter.currentIndexChanged.connect(lambda _i: self._matter_chosen())
        self.title_edit = QLineEdit(plan.title)
        self.title_edit.setObjectName("title")
        self.title_edit.setPlaceholderText("如 2022全市外国人合法工作情况检查")
        self.date_edit = QLineEdit(plan.draw_date.isoformat())
        self.date_edit.setObjectName("draw_date")
        self.form.addRow("抽查事项", self.matter)
        self.form.addRow("抽查任务名称 *", self.title_edit)
        self.form.addRow("抽取日期 *", self.date_edit)
        if self.redraw_of:
            self.reason = QPlainTextEdit()
            self.reason.setObjectName("reason")
            self.reason.setMaximumHeight(60)
            self.reason.setPlaceholderText("必须说明,如:方案筛选条件有误,经分管领导同意重新抽取")
            self.form.addRow("重新抽取的原因 *", self.reason)

    def _targets(self, plan: DrawPlan) -> None:
        industries, areas = directory.target_choices(self.repo.db)
        self.kinds = _checklist("kinds", list(TARGET_KINDS), plan.kinds)
        self.industries = _checklist("industries", industries, plan.industries)
        self.areas = _checklist("areas", areas, plan.areas)
        scope = QHBoxLayout()
        for label, widget in (
            ("类型", self.kinds),
            ("行业", self.industries),
            ("区域", self.areas),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(f"{label}(不选为不限)"))
            column.addWidget(widget)
            scope.addLayout(column)
        self.form.addRow("检查对象范围", scope)
        self.by_count = QRadioButton("抽取家数")
        self.by_count.setObjectName("byCount")
        self.by_ratio = QRadioButton("抽取比例")
        self.count = _spin("count", 1, 100000, plan.count or 9)
        self.ratio = QDoubleSpinBox()
        self.ratio.setObjectName("ratio")
        self.ratio.setRange(0.1, 100)
        self.ratio.setSuffix(" %")
        self.ratio.setValue(plan.ratio or 5)
        (self.by_ratio if plan.ratio is not None else self.by_count).setChecked(True)
        amount = QHBoxLayout()
        for part in (self.by_count, self.count, self.by_ratio, self.ratio):
            amount.addWidget(part)
        amount.addStretch(1)
        self.form.addRow("抽取数量", amount)
        self.include_checked = QCheckBox("本年度已被抽中的对象也参加抽取")
        self.include_checked.setObjectName("include_checked")
        self.include_checked.setChecked(plan.include_checked)
        self.form.addRow("", self.include_checked)

    def _teams(self, plan: DrawPlan) -> None:
        self.teams = _spin("teams", 0, 10000, plan.teams or 0, "每家一组")
        self.team_size = _spin("team_size", 1, MAX_TEAM, plan.team_size)
        self.team_size_max = _spin(
            "team_size_max", 0, MAX_TEAM, plan.team_size_max or 0, "人数固定"
        )
        self.team_size_max.setToolTip("各组人数不等时填写每组最多人数(如 5 至 7 人)")
        self.certified = _spin("certified_min", 1, MAX_TEAM, plan.certified_min)
        sizes = QHBoxLayout()
        for label, widget in (
            ("检查组数", self.teams),
            ("每组人数", self.team_size),
            ("至", self.team_size_max),
        ):
            sizes.addWidget(QLabel(label))
            sizes.addWidget(widget)
        sizes.addWidget(QLabel("每组持证人员不少于"))
        sizes.addWidget(self.certified)
        sizes.addStretch(1)
        self.form.addRow("检查组", sizes)
        self.quotas = QTableWidget(0, 2)
        self.quotas.setObjectName("quotas")
        self.quotas.setHorizontalHeaderLabels(["部门", "每组人数"])
        self.quotas.horizontalHeader().setStretchLastSection(True)
        self.quotas.setColumnWidth(0, 240)
        self.quotas.verticalHeader().setVisible(False)
        self.quotas.verticalHeader().setDefaultSectionSize(32)
        self.quotas.setMaximumHeight(134)
        for quota in plan.quotas:
            self.add_quota(quota.agency, quota.count)
        add, remove = QPushButton("添加部门"), QPushButton("删除部门")
        add.setObjectName("addQuota")
        add.clicked.connect(lambda: self.add_quota("", 1))
        remove.clicked.connect(self.remove_quota)
        row = QHBoxLayout()
        row.addWidget(self.quotas, 1)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        row.addLayout(side)
        self.form.addRow("联合检查各部门人数", row)
        self.tags = QLineEdit("、".join(plan.inspector_tags))
        self.tags.setObjectName("tags")
        self.tags.setPlaceholderText("不填为不限;如 外国人工作管理")
        self.form.addRow("专业领域要求", self.tags)
        self.rotation = QCheckBox("不安排上次检查同一对象的人员(轮换)")
        self.rotation.setObjectName("rotation")
        self.rotation.setChecked(plan.rotation)
        self.certified_only = QCheckBox("只抽取持有有效行政执法证的人员")
        self.certified_only.setObjectName("certified_only")
        self.certified_only.setChecked(not plan.allow_uncertified)
        self.form.addRow("", self.rotation)
        self.form.addRow("", self.certified_only)

    def _people(self) -> None:
        self.operator = QLineEdit(str(state.settings().value(OPERATOR_KEY, "") or ""))
        self.operator.setObjectName("operator")
        self.witness = QLineEdit()
        self.witness.setObjectName("witness")
        self.witness.setPlaceholderText("如 驻局纪检监察组 王某(必须填写)")
        self.seed = QLineEdit()
        self.seed.setObjectName("seed")
        self.seed.setPlaceholderText("由监督人现场给出(4–64 个字符);留空则由系统随机生成并记录")
        generate = QPushButton("生成")
        generate.setObjectName("generateSeed")
        generate.clicked.connect(lambda: self.seed.setText(new_seed()))
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(generate)
        self.form.addRow("经办人 *", self.operator)
        self.form.addRow("监督人 *", self.witness)
        self.form.addRow("随机种子", seed_row)

    def add_quota(self, agency: str, count: int) -> None:
        """One more department row of the joint check."""
        row = self.quotas.rowCount()
        self.quotas.insertRow(row)
        combo = make_editable(QComboBox(), 8)
        combo.addItems(directory.agencies(self.repo.db))
        combo.setCurrentText(agency)
        combo.currentTextChanged.connect(lambda _t: self.timer.start())
        spin = QSpinBox()
        spin.setRange(1, MAX_TEAM)
        spin.setValue(count)
        spin.valueChanged.connect(lambda _v: self.timer.start())
        self.quotas.setCellWidget(row, 0, combo)
        self.quotas.setCellWidget(row, 1, spin)
        self.timer.start()

    def remove_quota(self) -> None:
        """Drop the current (or last) department row."""
        row = self.quotas.currentRow()
        self.quotas.removeRow(row if row >= 0 else self.quotas.rowCount() - 1)
        self.timer.start()

    def _watch(self) -> None:
        for edit in (self.title_edit, self.date_edit, self.tags):
            edit.textChanged.connect(lambda _t: self.timer.start())
        spins = (self.count, self.ratio, self.teams, self.team_size, self.team_size_max)
        for spin in (*spins, self.certified):
            spin.valueChanged.connect(lambda _v: self.timer.start())
        for box in (self.by_count, self.include_checked, self.rotation, self.certified_only):
            box.toggled.connect(lambda _c: self.timer.start())
        for listing in (self.kinds, self.industries, self.areas):
            listing.itemChanged.connect(lambda _i: self.timer.start())

    def _matter_chosen(self) -> None:
        if not self.title_edit.text().strip() and self.matter.currentData():
            year = self._date_or_today().year
            self.title_edit.setText(f"{year}年{self.matter.currentText()}")
        self.timer.start()

    # -- reading ----------------------------------------------------------------------
    def _date_or_today(self) -> date:
        try:
            return parse_date(self.date_edit.text(), "抽取日期") or self.ctx.today()
        except ValidationError:
            return self.ctx.today()

    def plan(self) -> DrawPlan:
        """The plan the form describes (not yet checked)."""
        draw_date = parse_date(self.date_edit.text(), "抽取日期", required=True)
        quotas = []
        for row in range(self.quotas.rowCount()):
            combo, spin = self.quotas.cellWidget(row, 0), self.quotas.cellWidget(row, 1)
            assert isinstance(combo, QComboBox) and isinstance(spin, QSpinBox)
            quotas.append(Quota(combo.currentText().strip(), spin.value()))
        assert draw_date is not None
        return DrawPlan(
            self.title_edit.text().strip(),
            draw_date,
            matter_id=self.matter.currentData(),
            matter_name=self.matter.currentText() if self.matter.currentData() else "",
            kinds=_checked(self.kinds),
            industries=_checked(self.industries),
            areas=_checked(self.areas),
            count=self.count.value() if self.by_count.isChecked() else None,
            ratio=None if self.by_count.isChecked() else self.ratio.value(),
            teams=self.teams.value() or None,
            team_size=self.team_size.value(),
            team_size_max=self.team_size_max.value() or None,
            certified_min=self.certified.value(),
            quotas=tuple(quotas),
            inspector_tags=split_tags(self.tags.text()),
            include_checked=self.include_checked.isChecked(),
            rotation=self.rotation.isChecked(),
            allow_uncertified=not self.certified_only.isChecked(),
        )

    def check_plan(self) -> str:
        """Show (and return) what the live pools say of the plan; "" when it can be drawn."""
        self.count.setEnabled(self.by_count.isChecked())
        self.ratio.setEnabled(not self.by_count.isChecked())
        try:
            plan = validate_plan(self.plan(), queries.min_certified(self.ctx.conn))
            pools = live_pools(self.ctx.conn, plan, replacing=self.redraw_of)
            reason = infeasibility(plan, pools)
        except UserError as exc:
            reason, pools = str(exc), None
        if pools is not None:
            certified = sum(1 for i in pools.inspectors if i.certified)
            counts = (
                f"符合条件的检查对象 {len(pools.targets)} 家,可参加抽取的执法检查人员 "
                f"{len(pools.inspectors)} 人(其中持证 {certified} 人)。"
            )
        else:
            counts = ""
        if reason:
            self.check_line.setText(f"{counts}无法抽取:{reason}")
            self.check_line.setStyleSheet("color: #b00020;")
        else:
            wanted = plan.target_count(len(pools.targets)) if pools else 0
            self.check_line.setText(
                f"{counts}方案可行:将抽取 {wanted} 家,组成 {plan.team_count(wanted)} 个检查组"
                f"({plan.size_text()})。"
            )
            self.check_line.setStyleSheet("")
            note_look(self.check_line)
        return reason

    # -- drawing ----------------------------------------------------------------------
    def accept(self) -> None:
        """Draw and record; a refusal (an infeasible plan, no witness) keeps the dialog open."""
        try:
            plan = self.plan()
            reason = self.reason.toPlainText().strip() if self.redraw_of else ""
            self.draw_id = self.repo.run_draw(
                plan,
                operator=self.operator.text(),
                witness=self.witness.text(),
                seed=self.seed.text(),
                redraw_of=self.redraw_of,
                reason=reason,
            )
        except UserError as exc:
            messages.warn(self, self.windowTitle(), str(exc))
            return
        state.settings().setValue(OPERATOR_KEY, self.operator.text().strip())
        super().accept()

    def showEvent(self, event: QShowEvent) -> None:
        """Remember the plan as first shown, to tell whether the clerk changed it."""
        if not hasattr(self, "_shown_state"):
            self._shown_state = inputs_state(self)
        super().showEvent(event)

    def reject(self) -> None:
        """取消, Esc or ×: ask before discarding a changed plan."""
        shown = getattr(self, "_shown_state", None)
        if may_discard(self, shown is not None and inputs_state(self) != shown):
            super().reject()

    def done(self, result: int) -> None:
        """Close; the pending live check must not run on a closed database later."""
        self.timer.stop()
        super().done(result)


def _spin(name: str, low: int, high: int, value: int, special: str = "") -> QSpinBox:
    """A named number box; ``special`` is shown for its lowest value."""
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    if special:
        spin.setSpecialValueText(special)
    spin.setValue(value)
    return spin


def run_plan_dialog(
    ctx: AppContext,
    repo: DrawsRepo,
    parent: QWidget,
    *,
    plan: DrawPlan | None = None,
    redraw_of: int | None = None,
) -> int | None:
    """Show the draw dialog; the new draw's id, or None when cancelled."""
    dialog = PlanDialog(ctx, repo, parent, plan=plan, redraw_of=redraw_of)
    drawn = dialog.draw_id if dialog.exec() else None
    dialog.deleteLater()
    return drawn
