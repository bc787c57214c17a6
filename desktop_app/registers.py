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
    record: str = ""  # the audit log's name of one of its rows ("draw"), when audited here
    record_label: str = ""  # how the 操作日志 names such a row ("双随机抽取")


@dataclass(frozen=True)
class Command:
    """A register's own command: ``python -m desktop_app <name> …``."""

    name: str
    help: str
    build: str  # "module:function" that adds the command's arguments (loaded when used)


@dataclass(frozen=True)
class Register:
    """One register: its page, exports, demo builder, tables and schema."""

    key: str  # the folder name in every layer: storage/<key>/, ui/<key>/, exports/<key>.py …
    title: str  # navigation and menu text
    page: str  # "module:Class" of its page
    tables: tuple[Table, ...]  # the first holds the register's top-level records
    menu: tuple[tuple[str, str], ...] = ()  # (导出 menu text, page method)
    command: Command | None = None  # its command-line sub-command, if any

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
    def repository(self) -> str:
        """ "module:Class" of its write repository (``storage.training.repo:TrainingRepo``)."""
        return f"{self.repo_module}:{self.key.title()}Repo"

    @property
    def demo_module(self) -> str:
        """The module of its demo builder (``create_demo``)."""
        return f"desktop_app.demo.{self.key}"

    @property
    def main_table(self) -> str:
        """The table of its top-level records."""
        return self.tables[0].name


# In order: navigation, menus and the demo follow it (training's demo uses the persons; the
# draws' demo uses them and their certificates).
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
            Table("escalation_notices", "份督办文书", "escalation_notice", "督办文书"),
            Table("escalations", "条督办记录", "escalation", "督办"),
            Table("problem_repeats", "条屡查屡犯标记", "problem_repeat", "屡查屡犯"),
            Table("recheck_rounds", "次回头看", "recheck_round", "回头看"),
            Table("recheck_items", "条回头看复查记录", "recheck_item", "回头看复查"),
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
    Register(
        key="draws",
        title="双随机抽查",
        page="desktop_app.ui.draws.page:DrawsPage",
        tables=(
            Table("check_targets", "家检查对象", "check_target", "检查对象"),
            Table("check_matters", "项抽查事项", "check_matter", "抽查事项"),
            Table("draws", "次抽取", "draw", "双随机抽取"),
            Table("draw_assignments", "个抽中对象"),
            Table("draw_members", "人次检查人员"),
            Table("draw_exclusions", "条排除记录"),
            Table("check_results", "条检查结果", "check_result", "检查结果"),
            Table("inspector_profiles", "名检查人员的抽取信息", "inspector", "执法检查人员"),
            Table("inspector_conflicts", "条回避申报", "inspector_conflict", "回避申报"),
        ),
        menu=(
            ("抽取记录", "export_record"),
            ("检查任务通知", "export_notice"),
            ("结果公示", "export_publicity"),
        ),
        command=Command(
            "draw",
            "双随机抽查:检查方案、抽取、重新抽取、核验、查看、录入结果、年度情况",
            "desktop_app.commands.draws:add_arguments",
        ),
    ),
)


def get(key: str) -> Register:
    """The register called ``key``."""
    return next(register for register in REGISTERS if register.key == key)


def count_labels() -> dict[str, str]:
    """How a count of each table's rows is phrased, over every register."""
    return {table.name: table.label for register in REGISTERS for table in register.tables}


def record_types() -> dict[str, str]:
    """The audited kinds of record the registers name in their tables, with their labels."""
    return {
        table.record: table.record_label
        for register in REGISTERS
        for table in register.tables
        if table.record
    }


def record_tables() -> dict[str, str]:
    """The table each audited kind of record named in the manifest lives in."""
    return {
        table.record: table.name
        for register in REGISTERS
        for table in register.tables
        if table.record
    }


def main_tables() -> tuple[str, ...]:
    """The top-level table of every register (a database is empty when all are)."""
    return tuple(register.main_table for register in REGISTERS)


def resolve(ref: str) -> Any:
    """The object named by ``"package.module:attribute"`` (imported now)."""
    module, _, attribute = ref.partition(":")
    return getattr(importlib.import_module(module), attribute)
