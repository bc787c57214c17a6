"""The home page (首页), the first page on start: today's work of every register.

Tiles per register (each opens its list, filtered), four charts, and one digest of
reminders sorted by urgency (each opens its record). The window paints the tiles from their
titles (``tiles``) before anything is read; once it has, the figures are read off the GUI
thread (``loader``) and the page fills in a moment later: the reading and the digest
(``digest``, ``storage.home``), and the charts module (QtCharts), are loaded only then.
The page follows every register's changes: visible, it re-reads at once; hidden, when next
shown. Nothing pops up.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app import registers
from desktop_app.domain.dates import cn_date
from desktop_app.storage.changes import Changes
from desktop_app.ui.clerk_widget import ClerkWidget
from desktop_app.ui.home.tiles import GROUPS, tile_title
from desktop_app.ui.style import HEADING, summary_look
from desktop_app.ui.widgets import button_row, row_of, shortcut

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QMouseEvent

    from desktop_app.context import AppContext
    from desktop_app.domain.home import Reminder, Target, Tile
    from desktop_app.ui.home.loader import HomeData, HomeLoader

WEEKDAYS = "一二三四五六日"
TILE_ALERT, TILE_PLAIN = "#b3261e", HEADING
REMINDER_COLOURS = {"逾期": "#b3261e", "应注销": "#5b2a86", "已过期": "#b3261e", "备份": "#8a4b00"}
REMINDER_COLOURS |= {"年度报告": "#8a4b00", "滞后": "#7a5a00", "即将到期": "#8b0000"}
CHART_HEIGHT = 196  # with the tiles above, the page fits a 1366x768 laptop without a scroll


class TileFrame(QFrame):
    """One figure: its title, the value large, a note; a click opens its list."""

    clicked = Signal(object)

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.target: Target | None = None  # where a click leads, once the figures are read
        self.title = QLabel(title)
        self.value = QLabel("…")
        self.value.setObjectName("value")
        font = self.value.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel("正在读取…")
        self.note.setWordWrap(True)
        small = self.note.font()
        small.setPointSize(max(small.pointSize() - 1, 8))
        self.note.setFont(small)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 4)
        column.setSpacing(0)
        for label in (self.title, self.value, self.note):
            column.addWidget(label)
        self.setMinimumWidth(112)

    def show_tile(self, tile: Tile) -> None:
        """Show a tile's figures; from now on a click or Enter opens its list."""
        from PySide6.QtCore import Qt  # the Qt namespace (~10 ms) is built after the first paint

        if self.target is None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.target = tile.target
        self.title.setText(tile.title)
        self.value.setText(tile.value)
        self.note.setText(tile.note)
        self.setToolTip(f"{tile.title}:{tile.value}\n{tile.note}\n单击打开相应清单")
        palette = self.value.palette()
        palette.setColor(
            self.value.foregroundRole(), QColor(TILE_ALERT if tile.alert else TILE_PLAIN)
        )
        self.value.setPalette(palette)

    def click(self) -> None:
        """Open the tile's list (as a mouse click or Enter does); nothing before the read."""
        if self.target is not None:
            self.clicked.emit(self.target)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click opens the list."""
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.pos()):
            self.click()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter or space opens the list."""
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.click()
        else:
            super().keyPressEvent(event)


class HomePage(ClerkWidget):
    """Tiles, charts and the digest of reminders of every register."""

    title = "首页"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        tables = {t.name for r in registers.REGISTERS for t in r.tables} | {"settings"}
        super().__init__(ctx, tables, parent)
        self.data: HomeData | None = None
        self.reminder_list: list[Reminder] = []
        self.charts: Any = None  # the charts panel, built with the first figures
        self.tiles: dict[str, TileFrame] = {}
        self.loader: HomeLoader | None = None  # made for the first read
        self._build()
        self._painted = False  # the first read (and F5) start once the page has been painted

    def paintEvent(self, event: Any) -> None:
        """The first paint starts the first read: the window is up before any query runs."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._first_read)  # not once the page is gone

    def _first_read(self) -> None:
        """Read the figures; F5 reads them again (a key sequence builds PySide's whole Qt
        namespace, which the first paint need not wait for)."""
        shortcut(self, "F5", self.reload)
        self.reload()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        summary_look(self.heading)
        actions = [
            ("督办…", self.open_escalation),
            ("年度法治工作数据…", self.open_annual),
            ("刷新", self.reload),
        ]
        top = row_of((self.heading, 1), button_row(actions))
        tiles = QWidget()
        column = QVBoxLayout(tiles)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        for key, title, per_row, titles in GROUPS:
            column.addWidget(self._group(key, title, per_row, titles))
        column.addStretch(1)
        self.digest = QListWidget()
        self.digest.setObjectName("reminders")
        self.digest.setWordWrap(True)
        self.digest.setAlternatingRowColors(True)
        self.digest.itemActivated.connect(self._reminder_activated)
        self.digest_count = QLabel("正在读取…")
        self.digest_count.setObjectName("reminderCount")
        right = QGroupBox("今日提醒(双击打开)")
        side = QVBoxLayout(right)
        side.addWidget(self.digest_count)
        side.addWidget(self.digest, 1)
        upper = QHBoxLayout()
        upper.addWidget(tiles, 3)
        upper.addWidget(right, 2)
        self.chart_area = QVBoxLayout()
        self.chart_note = QLabel("统计图表在数据读取后显示。")
        self.chart_note.setMinimumHeight(CHART_HEIGHT)
        self.chart_area.addWidget(self.chart_note)
        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(upper, 1)
        rows.addLayout(self.chart_area)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._heading()

    def _group(self, key: str, title: str, per_row: int, titles: dict[str, str]) -> QGroupBox:
        box = QGroupBox(title)
        box.setObjectName(f"group_{key}")
        grid = QGridLayout(box)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(4)
        year = self.ctx.today().year
        for index, tile in enumerate(titles):
            frame = TileFrame(tile, tile_title(tile, year), box)
            frame.clicked.connect(self.open_target)
            grid.addWidget(frame, index // per_row, index % per_row)
            self.tiles[tile] = frame
        return box

    def _heading(self) -> None:
        today = self.ctx.today()
        self.heading.setText(f"今日待办  {cn_date(today)}(星期{WEEKDAYS[today.weekday()]})")

    # -- reading -----------------------------------------------------------------------
    def reload(self) -> None:
        """Read every figure again (in the background)."""
        self._heading()
        if self.loader is None:
            from desktop_app.ui.home.loader import HomeLoader  # the reads: not at start

            self.loader = HomeLoader(self.ctx.db_path, self)
            self.loader.loaded.connect(self.show_data)
            self.loader.failed.connect(self._failed)
        self.loader.load(self.ctx.today())

    def on_changes(self, changes: Changes) -> None:
        """A register changed: read the figures again."""
        self.reload()

    @property
    def loaded(self) -> bool:
        """True once the figures of the latest read are shown."""
        running = self.loader is not None and self.loader.running
        return self.data is not None and not running and self._painted

    def show_data(self, data: HomeData) -> None:
        """Fill the tiles, the charts and the digest from freshly read figures."""
        from desktop_app.ui.home import digest

        self.data = data
        for tile in digest.tiles(data):
            self.tiles[tile.key].show_tile(tile)
        self._show_charts(data)
        self.show_reminders()

    def _show_charts(self, data: HomeData) -> None:
        if self.charts is None:
            from desktop_app.ui.home.charts import ChartsPanel  # QtCharts: not at start

            self.charts = ChartsPanel(self)
            self.chart_note.hide()
            self.chart_area.addWidget(self.charts)
        self.charts.show_data(data)

    def _last_backup(self) -> datetime | None:
        from desktop_app.storage.backup import list_backups

        found = list_backups(self.ctx.backup_dir)
        return found[0].taken_at if found else None

    def show_reminders(self) -> None:
        """The digest from the figures read and the age of the last backup."""
        if self.data is None:
            return
        from desktop_app.ui.home import digest

        self.reminder_list = digest.reminders(self.data, self._last_backup())
        self.digest.clear()
        for reminder in self.reminder_list:
            item = QListWidgetItem(reminder.text)  # row n is reminder_list[n]
            colour = REMINDER_COLOURS.get(reminder.kind)
            if colour:
                item.setForeground(QColor(colour))
            self.digest.addItem(item)
        urgent = sum(r.rank >= 60 for r in self.reminder_list)
        self.digest_count.setText(
            f"共 {len(self.reminder_list)} 条提醒,其中紧急 {urgent} 条"
            if self.reminder_list
            else "今天没有需要提醒的事项。"
        )

    def _failed(self, error: str) -> None:
        self.digest_count.setText(f"首页数据读取失败({error}),请按 F5 重试;详细信息已写入日志。")

    def showEvent(self, event: Any) -> None:
        """Shown again: the backup may have been made meanwhile (and catch up with changes)."""
        super().showEvent(event)
        self.show_reminders()

    # -- acting ------------------------------------------------------------------------
    def open_target(self, target: Target) -> None:
        """Open the list or record a tile or reminder names."""
        if target.action:
            self._act(target)
            return
        from desktop_app.ui.home.navigate import show_target

        show_target(self.window(), target)

    def _act(self, target: Target) -> None:
        window: Any = self.window()
        if target.action == "backup":
            window.backup_now()
        elif target.action == "annual":
            self.open_annual()
        elif target.action == "recheck":
            from desktop_app.ui.rectification.recheck_dialog import open_rechecks

            open_rechecks(self, self.ctx, target.filters.get("round"))

    def _reminder_activated(self, item: QListWidgetItem) -> None:
        self.open_reminder(self.digest.row(item))

    def open_reminder(self, row: int) -> None:
        """Open the record of the digest's row ``row`` (as a double-click does)."""
        self.open_target(self.reminder_list[row].target)

    def open_escalation(self) -> None:
        """督办…: late and stalled items of every department."""
        from desktop_app.ui.rectification.escalation_dialog import open_escalation

        open_escalation(self, self.ctx)

    def open_annual(self) -> None:
        """年度法治工作数据: the year's figures, their export and the annual report."""
        from desktop_app.ui.annual.dialog import open_annual

        open_annual(self, self.ctx)
