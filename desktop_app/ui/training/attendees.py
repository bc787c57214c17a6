"""Adding people to a session's list: whole units or departments, or picked by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.training import ATTENDANCE_STATUSES, AttendanceStatus
from desktop_app.storage.training import queries
from desktop_app.storage.training.repo import TrainingRepo
from desktop_app.ui import messages
from desktop_app.ui.dialogs.form import ok_cancel
from desktop_app.ui.table_model import Column, SqlTableModel
from desktop_app.ui.widgets import button_row, make_table, search_box

if TYPE_CHECKING:
    from sqlite_utils import Database

PICK_COLUMNS = [
    Column("name", "姓名", 80),
    Column("unit", "单位", 140),
    Column("department", "处室", 110),
    Column("post", "职务", 100),
]
NO_DEPARTMENT = "(未分处室)"
GROUP_ROLE = Qt.ItemDataRole.UserRole


class AddAttendeesDialog(QDialog):
    """Tick units or departments, or pick persons from a searchable list; then 添加."""

    def __init__(self, parent: QWidget | None, db: Database, session_id: int) -> None:
        super().__init__(parent)
        self.db = db
        self.repo = TrainingRepo(db)
        self.session = self.repo.get_session(session_id)
        self.session_id = session_id
        self.added = 0
        self.setWindowTitle(f"添加参加人员 — {self.session.title}")
        self.resize(860, 560)
        self.groups = QTreeWidget()
        self.groups.setObjectName("groups")
        self.groups.setHeaderLabels(["单位 / 处室", "在职人数"])
        self.groups.setColumnWidth(0, 360)
        self._fill_groups()
        self.search = search_box("搜索姓名、单位、处室、职务…", self._search)
        self.search.setObjectName("personSearch")
        self.people = SqlTableModel(PICK_COLUMNS, parent=self)
        self.people_view = make_table(self.people, "trainingPick", multi=True)
        self.people_view.doubleClicked.connect(lambda _i: self.pick())
        self.picked = QListWidget()
        self.picked.setObjectName("picked")
        self.picked.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.status = QComboBox()
        self.status.setObjectName("status")
        self.status.addItems(ATTENDANCE_STATUSES)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.groups, "按单位/处室")
        self.tabs.addTab(self._picker(), "逐个选择")
        buttons = ok_cancel(self, "添加")
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("登记为:"))
        bottom.addWidget(self.status)
        note = QLabel("按单位/处室添加时,已在名单中的人员自动跳过。")
        note.setStyleSheet("color:#666")
        bottom.addWidget(note, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._search()

    def _picker(self) -> QWidget:
        box = QWidget()
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.people_view, 1)
        left.addLayout(button_row([("加入已选 →", self.pick)]))
        right = QVBoxLayout()
        self.picked_label = QLabel("已选 0 人")
        right.addWidget(self.picked_label)
        right.addWidget(self.picked, 1)
        right.addLayout(button_row([("移除", self.unpick)]))
        row = QHBoxLayout(box)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        return box

    def _fill_groups(self) -> None:
        units: dict[str, QTreeWidgetItem] = {}
        for unit, department, count in queries.units_and_departments(self.db):
            parent = units.get(unit)
            if parent is None:
                parent = QTreeWidgetItem(self.groups, [unit or "(未填单位)", ""])
                parent.setFlags(
                    parent.flags()
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsAutoTristate
                )
                parent.setCheckState(0, Qt.CheckState.Unchecked)
                parent.setData(0, GROUP_ROLE, (unit, None))
                parent.setExpanded(True)
                units[unit] = parent
            child = QTreeWidgetItem(parent, [department or NO_DEPARTMENT, str(count)])
            child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            child.setCheckState(0, Qt.CheckState.Unchecked)
            child.setData(0, GROUP_ROLE, (unit, department))
        for item in units.values():
            total = sum(int(child.text(1)) for child in _children(item))
            item.setText(1, str(total))

    def check_group(self, unit: str, department: str | None = None) -> None:
        """Tick a unit, or one department of it."""
        for item in self._units():
            if item.data(0, GROUP_ROLE)[0] != unit:
                continue
            if department is None:
                item.setCheckState(0, Qt.CheckState.Checked)
                return
            for child in _children(item):
                if child.data(0, GROUP_ROLE)[1] == department:
                    child.setCheckState(0, Qt.CheckState.Checked)
                    return
        raise KeyError(unit, department)

    def checked_groups(self) -> list[tuple[str, str | None]]:
        """Ticked departments (a fully ticked unit as the whole unit)."""
        found: list[tuple[str, str | None]] = []
        for item in self._units():
            if item.checkState(0) == Qt.CheckState.Checked:
                found.append(item.data(0, GROUP_ROLE))
                continue
            for child in _children(item):
                if child.checkState(0) == Qt.CheckState.Checked:
                    found.append(child.data(0, GROUP_ROLE))
        return found

    def _units(self) -> list[QTreeWidgetItem]:
        items = (self.groups.topLevelItem(i) for i in range(self.groups.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _search(self) -> None:
        self.people.set_query(queries.person_pick_query(self.db, self.search.text()))

    def pick(self) -> None:
        """Move the selected persons of the list to 已选."""
        have = self.picked_ids()
        for index in self.people_view.selectionModel().selectedRows():
            row = self.people.row(index.row())
            if row is None or row["id"] in have:
                continue
            label = "  ".join(p for p in (row["name"], row["unit"], row["department"]) if p)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.picked.addItem(item)
            have.add(row["id"])
        self.picked_label.setText(f"已选 {self.picked.count()} 人")

    def unpick(self) -> None:
        """Remove the selected entries from 已选."""
        for item in self.picked.selectedItems():
            self.picked.takeItem(self.picked.row(item))
        self.picked_label.setText(f"已选 {self.picked.count()} 人")

    def picked_ids(self) -> set[int]:
        """Ids of the persons in 已选."""
        return {
            self.picked.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.picked.count())
        }

    def accept(self) -> None:
        """Add everyone chosen in one transaction; a refusal keeps the dialog open."""
        picked = [
            self.picked.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.picked.count())
        ]
        group_ids = queries.person_ids_in(self.db, self.checked_groups())
        try:
            status = AttendanceStatus(self.status.currentText())
            self.added = self.repo.add_attendees(
                self.session_id, picked, status, group_ids=group_ids
            )
        except UserError as exc:
            messages.warn(self, self.windowTitle(), str(exc))
            return
        if not self.added:
            messages.inform(self, self.windowTitle(), "所选人员均已在名单中,未添加新人员。")
        super().accept()


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(j) for j in range(item.childCount()))
    return [child for child in children if child is not None]


def add_attendees(parent: QWidget, db: Database, session_id: int) -> int:
    """Show the picker; returns how many people were added."""
    dialog = AddAttendeesDialog(parent, db, session_id)
    try:
        return dialog.added if dialog.exec() else 0
    finally:
        dialog.deleteLater()
