"""From a tile or a reminder to the list it names: the page shown, its filters set, a record
chosen. Works on the pages' public parts (their filter drop-downs, search box and list)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.domain.home import Target
from desktop_app.storage.rectification import queries
from desktop_app.ui.widgets import select_id

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QTableView, QWidget

MAX_PAGES = 50  # pages of a list searched for a record to select (10,000 rows)


def _choose(combo: QComboBox, value: Any) -> None:
    """Set a drop-down to the entry holding ``value`` (the first, "no filter", otherwise)."""
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(value), 0) if value not in (None, "") else 0)
    combo.blockSignals(False)


def _set_filters(page: Any, filters: dict[str, Any]) -> None:
    """Every filter of a register page as ``filters`` says (others cleared), search too."""
    for name, combo in page.filters.items():
        _choose(combo, filters.get(name, ""))
    page.search.blockSignals(True)
    page.search.setText(str(filters.get("search", "")))
    page.search.blockSignals(False)


def select_row(view: QTableView, record_id: int) -> bool:
    """Select a record in a list over the one table model, loading pages until it is found."""
    model = view.model()
    step = getattr(model, "PAGE", 200)
    for start in range(0, min(model.rowCount(), step * MAX_PAGES), step):
        model.row(start)  # type: ignore[attr-defined]
        if model.find_row(record_id) >= 0:  # type: ignore[attr-defined]
            select_id(view, record_id)
            return True
    return False


def open_rectification(page: Any, target: Target) -> None:
    """The problem list with the target's filters (all inspections unless one is named)."""
    inspection = target.filters.get("inspection", 0)
    if target.record is not None:
        problem = queries.get_problem(page.ctx.conn, target.record, with_measures=False)
        inspection = problem.inspection_id
    _choose(page.inspection, inspection)
    page.reload_choices()
    _set_filters(page, target.filters)
    page.apply_filter()
    found = target.record is not None and select_row(page.problem_view, target.record)
    if found and target.measure is not None:
        select_id(page.detail.measure_view, target.measure)


def open_personnel(page: Any, target: Target) -> None:
    """The roster with the target's condition (or a person found by name)."""
    page.reload_choices()
    _set_filters(page, target.filters)
    page.year.blockSignals(True)
    page.year.setValue(page.ctx.today().year)
    page.year.blockSignals(False)
    page.apply_filter()
    if target.record is not None:
        select_row(page.view, target.record)


def open_training(page: Any, target: Target) -> None:
    """The training page of the target's year; the per-person tab with the short ones."""
    year = target.filters.get("year")
    if year:
        page.reload_choices()
        _choose(page.year, year)
    for name in ("month", "kind"):
        _choose(page.filters[name], "")
    page.apply_filter()
    if target.filters.get("tab") == "persons":
        page.tabs.setCurrentIndex(1)
        page.persons.holders_only.setChecked(True)
        page.persons.short_only.setChecked(bool(target.filters.get("short")))
    else:
        page.tabs.setCurrentIndex(0)


OPENERS = {"rectification": open_rectification, "personnel": open_personnel}
OPENERS["training"] = open_training


def show_target(window: QWidget, target: Target) -> Any:
    """Show the page a target names, filtered and with its record chosen; returns the page."""
    page = window.open_page(target.page)  # type: ignore[attr-defined]
    opener = OPENERS.get(target.page)
    if opener is not None:
        opener(page, target)
    return page
