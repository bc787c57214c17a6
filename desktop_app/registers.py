"""The manifest: every register the application keeps, and where each of its parts lives.

Menus, pages, the export registry, the demo, the "is this database empty" answer, the
migrations, the fixture maker and the start-up guard all read this list; a new register is
its own files (one per layer) plus one entry here. Parts are named by dotted path, so that
reading the manifest imports nothing: start-up loads only the first page.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Table:
    """A table of the register and how a count of its rows is phrased ("个问题")."""

    name: str
    label: str


@dataclass(frozen=True)
class Register:
    """One register: its page, exports, demo builder, tables and schema."""

    key: str  # the folder name in every layer: storage/<key>/, ui/<key>/, exports/<key>.py …
    title: str  # navigation and menu text
    page: str  # "module:Class" of its page
    tables: tuple[Table, ...]  # the first holds the register's top-level records
    menu: tuple[tuple[str, str], ...] = ()  # (导出 menu text, page method)

    @property
    def exports_module(self) -> str:
        """The module whose import registers this register's exports."""
        return f"desktop_app.exports.{self.key}"

    @property
    def schema_module(self) -> str:
        """The module holding this register's migration steps (``STEPS``)."""
        return f"desktop_app.storage.{self.key}.schema"

    @property
    def repo_module(self) -> str:
        """The module of its write repository (loaded on first write)."""
        return f"desktop_app.storage.{self.key}.repo"

    @property
    def demo_module(self) -> str:
        """The module of its demo builder (``create_demo``)."""
        return f"desktop_app.demo.{self.key}"

    @property
    def main_table(self) -> str:
        """The table of its top-level records."""
        return self.tables[0].name


# In order: navigation, menus and the demo follow it (training's demo uses the persons).
REGISTERS: tuple[Register, ...] = (
    Register(
        key="rectification",
        title="整改台账",
        page="desktop_app.ui.rectification.page:RectificationPage",
        tables=(
            Table("inspections", "个巡察"),
            Table("problems", "个问题"),
            Table("measures", "项整改措施"),
            Table("progress", "条整改进展"),
            Table("evidence", "份佐证材料"),
        ),
        menu=(
            ("导出台账", "export_ledger"),
            ("导出报告", "open_report"),
            ("打印报告", "print_report"),
        ),
    ),
    Register(
        key="personnel",
        title="执法人员",
        page="desktop_app.ui.personnel.page:PersonnelPage",
        tables=(
            Table("persons", "名人员"),
            Table("certificates", "个执法证件"),
            Table("certificate_events", "条证件变动记录"),
            Table("qualification_exams", "条资格考试记录"),
        ),
        menu=(("执法人员台账", "export_ledger"), ("换证和年审通知", "export_notice")),
    ),
    Register(
        key="training",
        title="学法培训",
        page="desktop_app.ui.training.page:TrainingPage",
        tables=(
            Table("training_sessions", "次学法培训"),
            Table("training_attendance", "条出勤记录"),
        ),
        menu=(
            ("学法培训台账", "export_ledger"),
            ("签到表", "export_signin_sheet"),
            ("培训通知", "export_notice"),
        ),
    ),
)


def get(key: str) -> Register:
    """The register called ``key``."""
    return next(register for register in REGISTERS if register.key == key)


def count_labels() -> dict[str, str]:
    """How a count of each table's rows is phrased, over every register."""
    return {table.name: table.label for register in REGISTERS for table in register.tables}


def main_tables() -> tuple[str, ...]:
    """The top-level table of every register (a database is empty when all are)."""
    return tuple(register.main_table for register in REGISTERS)


def resolve(ref: str) -> Any:
    """The object named by ``"package.module:attribute"`` (imported now)."""
    module, _, attribute = ref.partition(":")
    return getattr(importlib.import_module(module), attribute)
