"""The home page's reads, run off the GUI thread, side by side, each on its own connection.

The window opens at once; the figures arrive a moment later. Each read (rectification,
personnel, certificates and training) is a plain storage function on the plain sqlite3
connection of its thread (sqlite3 lets other threads run while a query executes);
when all are done their results are handed to the GUI thread in one signal. A reload
asked for while one is running starts when it ends; results of a superseded load, or
arriving after the page has gone, are dropped.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.storage import home
from desktop_app.storage.database import open_connection
from desktop_app.storage.settings import (
    read_certificate_rules,
    read_training_rules,
    read_warning_rules,
)

log = logging.getLogger(__name__)


@dataclass
class HomeData:
    """Everything the page shows, read at one moment."""

    today: date
    rectification: home.RectificationHome
    staff: home.StaffHome
    lead_days: int = 14
    stall_days: int = 30
    certificate_lead_days: int = 60
    min_hours: float = 40.0


def _rectification(conn: Any, today: date) -> dict[str, Any]:
    rules = read_warning_rules(conn)
    data = home.rectification_home(conn, today, rules)
    return {"rectification": data, "lead_days": rules.lead_days, "stall_days": rules.stall_days}


def _staff(conn: Any, today: date) -> dict[str, Any]:
    rules = read_certificate_rules(conn)
    return {"staff": home.staff_home(conn, today, rules), "certificate_lead_days": rules.lead_days}


def _certificates_and_training(conn: Any, today: date) -> dict[str, Any]:
    training = read_training_rules(conn)
    valid, expiries = home.certificates_in_force(conn, today)
    return {
        "valid": valid,
        "expiries": expiries,
        "training": home.training_home(conn, today, training),
        "min_hours": training.min_hours,
    }


Read = Callable[[Any, date], dict[str, Any]]
# Two threads, one a core of the clerk's two: the personnel pass (the largest read at
# 100,000 rows) alone, and the rectification figures then the certificates and training,
# about as much again. A third thread made the reads slower on two cores, not faster.
READS: tuple[tuple[Read, ...], ...] = (
    (_staff,),
    (_rectification, _certificates_and_training),
)


def read_all(path: Path, today: date, *, parallel: bool = True) -> HomeData:
    """Every read of the page, each group of ``READS`` on a connection of its own (in
    threads when parallel)."""
    results: list[dict[str, Any]] = [{} for _ in READS]
    errors: list[BaseException] = []

    def run(index: int) -> None:
        conn = open_connection(path)
        try:
            for read in READS[index]:
                results[index].update(read(conn, today))
        except BaseException as exc:  # handed to the caller below
            errors.append(exc)
        finally:
            conn.close()

    if parallel:
        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(READS))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for index in range(len(READS)):
            run(index)
    if errors:
        raise errors[0]
    merged: dict[str, Any] = {}
    for part in results:
        merged.update(part)
    staff = home.with_training(merged.pop("staff"), merged.pop("training"))
    staff.valid, staff.expiries = merged.pop("valid"), merged.pop("expiries")
    return HomeData(today=today, staff=staff, **merged)


class HomeLoader(QObject):
    """Runs ``read_all`` in the background; ``loaded`` carries the data, ``failed`` a text."""

    loaded = Signal(object)
    failed = Signal(str)
    done = Signal(object)  # from the reading thread: (generation, data or None, error)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.running = False
        self.again: date | None = None
        self.generation = 0
        self.closed = False
        self.done.connect(self.receive)

    def load(self, today: date) -> None:
        """Read everything for ``today`` (after the running load, if one is running)."""
        if self.running:
            self.again = today
            return
        self.running = True
        self.generation += 1
        generation = self.generation

        def work() -> None:
            try:
                data = read_all(self.path, today)
            except Exception as exc:  # a read failed: the page says so, the log has why
                log.exception("home page figures could not be read")
                self._finish(generation, None, f"{type(exc).__name__}: {exc}")
            else:
                self._finish(generation, data, "")

        threading.Thread(target=work, name="home-figures", daemon=True).start()

    def _finish(self, generation: int, data: HomeData | None, error: str) -> None:
        """Back on any thread: hand the result to the GUI thread (queued signal)."""
        if self.closed:
            return
        with contextlib.suppress(RuntimeError):  # the page and its loader were deleted
            self.done.emit((generation, data, error))

    def receive(self, result: tuple[int, HomeData | None, str]) -> None:
        """On the GUI thread: pass the result on, then start a reload that was asked for."""
        generation, data, error = result
        self.running = False
        if self.closed:
            return
        again, self.again = self.again, None
        if again is not None:
            self.load(again)
            return
        if generation != self.generation:
            return
        if data is None:
            self.failed.emit(error)
        else:
            self.loaded.emit(data)

    def close(self) -> None:
        """The page is going: drop whatever arrives from now on."""
        self.closed = True
