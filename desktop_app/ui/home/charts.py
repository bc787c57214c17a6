"""The home page's four charts (QtCharts), drawn from the figures the page has read.

Imported when the figures first arrive, after the window is up: QtCharts and its classes
cost nothing at start. Completion by inspection, warned items by department, certificate
expiries by month for the next twelve months, holders' hours of the year against the
minimum.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from desktop_app.domain.rectification import Alert
from desktop_app.ui.home.loader import HomeData
from desktop_app.ui.home.page import CHART_HEIGHT
from desktop_app.ui.style import FONT_FAMILIES

DONE, LEFT = "#4f8f5b", "#d8dee6"
WARNING_COLOURS = {Alert.OVERDUE.value: "#d9534f", Alert.STALLED.value: "#e8b93c"}
WARNING_COLOURS[Alert.NEAR.value] = "#5b8fd1"
SHORT, REACHED = "#e8a33c", "#4f8f5b"


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(size)
    font.setBold(bold)
    return font


def _label(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(10, bold=True))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(_font(8))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def integer_scale(top: float, most_ticks: int = 5) -> tuple[int, int]:
    """The axis end and tick step (1, 2, 5, 10, 20, 50…) for counts up to ``top``, with room
    above the longest bar: every tick a whole number, at most ``most_ticks`` steps."""
    target = top * 1.1
    step = 1
    while math.ceil(target / step) > most_ticks:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return max(step, math.ceil(target / step) * step), step


def _axes(chart: QChart, series, categories: list[str], horizontal: bool) -> None:
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([html.escape(text, quote=False) for text in categories])  # labels are rich text
    names.setLabelsFont(_font(8))
    names.setTruncateLabels(False)  # the labels are short already; Qt cut "12" and 外专国合处 to …
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setLabelsFont(_font(8))
    top = max([sum(s.at(i) for s in series.barSets()) for i in range(len(categories))] or [0])
    high, step = integer_scale(top)
    values.setRange(0, high)
    values.setTickCount(high // step + 1)
    if horizontal:
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(values)


def _set(name: str, values: Sequence[float], colour: str) -> QBarSet:
    bars = QBarSet(name)
    bars.append([float(v) for v in values])
    bars.setColor(QColor(colour))
    bars.setBorderColor(QColor(colour))
    return bars


def completion_chart(data: HomeData) -> QChart:
    """问题完成情况(按检查): completed and open problems of the newest inspections."""
    rows = data.rectification.by_inspection
    chart = _chart("问题整改完成情况(按检查)")
    series = QHorizontalStackedBarSeries()
    series.append(_set("已完成", [done for _n, _all, done in rows], DONE))
    series.append(_set("未完成", [n - done for _name, n, done in rows], LEFT))
    _axes(chart, series, [_label(name, 8) for name, _n, _d in rows], horizontal=True)
    return chart


def departments_chart(data: HomeData) -> QChart:
    """预警事项(按牵头部门): overdue, stalled and near items of the most warned departments."""
    rows = list(reversed(data.rectification.by_department))
    chart = _chart("预警事项(按牵头部门)")
    series = QHorizontalStackedBarSeries()
    for warning, colour in WARNING_COLOURS.items():
        series.append(_set(warning, [counts.get(warning, 0) for _d, counts in rows], colour))
    _axes(chart, series, [_label(dept, 6) for dept, _c in rows], horizontal=True)
    return chart


def expiries_chart(data: HomeData) -> QChart:
    """证件到期(未来12个月): valid certificates expiring each month."""
    rows = data.staff.expiries
    chart = _chart("执法证件到期(未来 12 个月,按月)")
    series = QBarSeries()
    series.append(_set("到期证件", [n for _m, n in rows], "#8b3a3a"))
    labels = [str(int(month[5:])) for month, _n in rows]
    _axes(chart, series, labels, horizontal=False)
    chart.legend().hide()
    return chart


def hours_chart(data: HomeData) -> QChart:
    """学时与最低学时: holders by their hours of the year against the minimum."""
    rows = data.staff.bands
    chart = _chart(f"{data.staff.year}年持证人员学时分布(最低 {data.min_hours:g} 学时)")
    series = QBarSeries()
    series.append(_set("未达最低学时", [n for _l, n in rows[:-1]] + [0], SHORT))
    series.append(_set("已达最低学时", [0] * (len(rows) - 1) + [rows[-1][1]], REACHED))
    series.setBarWidth(0.9)
    _axes(chart, series, [label for label, _n in rows], horizontal=False)
    return chart


class ChartsPanel(QWidget):
    """The four charts side by side; ``show_data`` redraws them."""

    BUILDERS = (completion_chart, departments_chart, expiries_chart, hours_chart)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("charts")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.views: list[QChartView] = []
        for index in range(len(self.BUILDERS)):
            view = QChartView()
            view.setObjectName(f"chart{index}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setFixedHeight(CHART_HEIGHT)
            grid.addWidget(view, 0, index)
            self.views.append(view)

    def show_data(self, data: HomeData) -> None:
        """Draw every chart from the figures (the old charts are dropped)."""
        for view, build in zip(self.views, self.BUILDERS, strict=True):
            old = view.chart()
            view.setChart(build(data))
            if old is not None:
                old.deleteLater()

    def titles(self) -> list[str]:
        """The charts' titles (for tests)."""
        return [view.chart().title() for view in self.views]
