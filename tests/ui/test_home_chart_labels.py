"""The home charts' axes: whole-number ticks, and every category label shown whole."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QValueAxis

from desktop_app.storage import home
from desktop_app.storage.home import hour_band_labels
from desktop_app.ui.home import charts
from desktop_app.ui.home.loader import HomeData


@pytest.mark.parametrize(
    ("top", "scale"),
    [(0, (1, 1)), (3, (4, 1)), (6, (8, 2)), (23, (30, 10)), (58, (80, 20)), (920, (1500, 500))],
)
def test_the_value_axis_counts_in_whole_steps(top: int, scale: tuple[int, int]) -> None:
    assert charts.integer_scale(top) == scale


def _data() -> HomeData:
    rectification = home.RectificationHome(
        by_department=[("外专国合处", {"逾期": 3}), ("行政执法处", {"滞后": 2})]
    )
    staff = home.StaffHome(
        year=2026,
        expiries=[("2026-12", 1)] + [(f"2027-{m:02d}", 0) for m in range(1, 12)],
        bands=list(zip(hour_band_labels(40), [5, 4, 0, 0, 0, 1], strict=True)),
    )
    return HomeData(today=date(2026, 12, 2), rectification=rectification, staff=staff)


KEPT: list = []  # the charts stay alive while their axes are read


def _axis(chart, kind):
    KEPT.append(chart)
    return next(axis for axis in chart.axes() if isinstance(axis, kind))


def test_category_labels_are_whole_and_a_less_than_sign_is_shown(qtbot) -> None:
    data = _data()
    hours = _axis(charts.hours_chart(data), QBarCategoryAxis)
    assert hours.categories()[1] == "&lt;10"  # "<10" is read as a tag and shown as nothing
    months = _axis(charts.expiries_chart(data), QBarCategoryAxis)
    assert months.categories()[0] == "12" and not months.truncateLabels()
    departments = _axis(charts.departments_chart(data), QBarCategoryAxis)
    assert departments.categories() == ["行政执法处", "外专国合处"]
    assert not departments.truncateLabels()


def test_an_empty_chart_ticks_zero_and_one_only(qtbot) -> None:
    values = _axis(charts.departments_chart(HomeData(date(2026, 12, 2), *_empty())), QValueAxis)
    assert (values.min(), values.max(), values.tickCount()) == (0, 1, 2)


def _empty() -> tuple[home.RectificationHome, home.StaffHome]:
    return home.RectificationHome(), home.StaffHome(year=2026)
