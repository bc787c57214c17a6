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
    """A table of the register and how a count of its rows is phrased ("个问题").

    A table audited here has ``record_label``, how the 操作日志 names one of its rows
    ("双随机抽取"); the audit log's name of such a row is ``record``, by default the table's
    name in the singular ("draws": "draw").
    """

    name: str
    label: str
    record_label: str = ""
    given_record: str = ""  # the audit log's name of a row where it is not the singular

    @property
    def record(self) -> str:
        """The audit log's name of one of its rows ("draw"); "" when not audited here."""
        if not self.record_label:
            return ""
        return self.given_record or self.name.removesuffix("s")


@dataclass(frozen=True)
class Command:
    """A register's own command: ``python -m desktop_app <name> …``."""

    name: str
    help: str
    build: str  # "module:function" that adds the command's arguments (loaded when used)


class Part:
    """Where a part of every register lives, by the layers' convention: the register's key
    names its folder or module in each layer (``{key}``; ``{Key}`` capitalised for a class)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __get__(self, register: Register, owner: type) -> str:
        """The dotted path of this part of ``register``."""
        return self.pattern.format(key=register.key, Key=register.key.title())


@dataclass(frozen=True)
class Register:
    """One register: its title, tables, 导出 menu and command; its parts are named by its key."""

    key: str  # the folder name in every layer: storage/<key>/, ui/<key>/, exports/<key>.py …
    title: str  # navigation and menu text
    tables: tuple[Table, ...]  # the first holds the register's top-level records
    menu: tuple[tuple[str, str], ...] = ()  # (导出 menu text, page method)
    command: Command | None = None  # its command-line sub-command, if any

    page = Part("desktop_app.ui.{key}.page:{Key}Page")  # "module:Class" of its page
    exports_module = Part("desktop_app.exports.{key}")  # importing it registers its exports
    schema_module = Part("desktop_app.storage.{key}.schema")  # its migration steps (STEPS)
    repo_module = Part("desktop_app.storage.{key}.repo")  # its write repository's module
    repository = Part("desktop_app.storage.{key}.repo:{Key}Repo")  # loaded on first write
    demo_module = Part("desktop_app.demo.{key}")  # its demo builder (create_demo)

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
        tables=(
            Table("inspections", "个巡察"),
            Table("problems", "个问题"),
            Table("measures", "项整改措施"),
            Table("progress", "条整改进展"),
            Table("evidence", "份佐证材料"),
            Table("escalation_notices", "份督办文书", "督办文书"),
            Table("escalations", "条督办记录", "督办"),
            Table("problem_repeats", "条屡查屡犯标记", "屡查屡犯"),
            Table("recheck_rounds", "次回头看", "回头看"),
            Table("recheck_items", "条回头看复查记录", "回头看复查"),
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
        tables=(
            Table("check_targets", "家检查对象", "检查对象"),
            Table("check_matters", "项抽查事项", "抽查事项"),
            Table("draws", "次抽取", "双随机抽取"),
            Table("draw_assignments", "个抽中对象"),
            Table("draw_members", "人次检查人员"),
            Table("draw_exclusions", "条排除记录"),
            Table("check_results", "条检查结果", "检查结果"),
            Table(
                "inspector_profiles",
                "名检查人员的抽取信息",
                "执法检查人员",
                given_record="inspector",
            ),
            Table("inspector_conflicts", "条回避申报", "回避申报"),
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
