"""The office's settings: one declarative list with their defaults, kinds and ranges.

Settings live in the database's ``settings`` table (they travel with the data and its
backups). Every setting the product reads is declared once in ``SETTINGS`` (a family of
settings through its constructor: ``_number``, ``_flag``, ``_text``, ``_kept``): ``read_setting``
returns the stored value converted to its kind, or the declared default, whatever has been
imported before; an undeclared key is a programming error (KeyError). ``write_settings``
checks kind and range (a ``ValidationError`` names the setting in Chinese) and stores the
values in one transaction with one audit row.

The keys of a rule group are ``<group>.<field>`` of its domain dataclass
(``personnel.lead_days`` is ``PersonnelRules.lead_days``); ``read_warning_rules``,
``read_certificate_rules`` and ``read_training_rules`` build the rule objects from them.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.rectification import WarningRules
from desktop_app.storage import audit

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.domain.agency import AgencyProfile
    from desktop_app.domain.personnel import PersonnelRules
    from desktop_app.domain.training import TrainingRules
    from desktop_app.storage.database import Reader

log = logging.getLogger(__name__)

# int, float, bool, text, date: one value. choices: a tuple of some of ``options``' keys.
# paths: {option key: path of an existing file}. json: a dict kept for next time (not shown).
Kind = Literal["int", "float", "bool", "text", "date", "choices", "paths", "json"]
Options = tuple[tuple[str, str], ...]  # (stored key, Chinese label)
R = TypeVar("R")


@dataclass(frozen=True)
class Setting:
    """One setting: its key, Chinese label, kind, default and allowed range."""

    key: str
    label: str
    kind: Kind
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    options: Options | Callable[[], Options] = ()  # callable: resolved on first use
    decimals: int = 1  # float: digits allowed after the point
    file_filter: str = ""  # paths: the file chooser's filter

    @property
    def group(self) -> str:
        """The key of its GROUPS entry: its key's prefix; "" for a json value (kept, not shown)."""
        return "" if self.kind == "json" else self.key.partition(".")[0]

    @property
    def name(self) -> str:
        """The key without its group prefix (the field of the rule dataclass)."""
        return self.key.partition(".")[2]

    def choices(self) -> Options:
        """The (key, label) options of a choices or paths setting."""
        return self.options() if callable(self.options) else self.options

    def fresh_default(self) -> Any:
        """The default (a copy, so that a caller cannot change the list's)."""
        if isinstance(self.default, dict | list):
            return json.loads(json.dumps(self.default))
        return self.default


@dataclass(frozen=True)
class Group:
    """Settings shown together in one rules dialog, and a rule across them."""

    key: str
    title: str
    note: str = ""
    check: Callable[[Mapping[str, Any]], None] | None = None  # on the values after a write


def _employment_options() -> Options:
    from desktop_app.domain.personnel import EMPLOYMENT_TYPES  # not at start-up

    return tuple((kind, f"“{kind}”人员可申领证件") for kind in EMPLOYMENT_TYPES)


def _check_training(values: Mapping[str, Any]) -> None:
    from desktop_app.domain.training import TrainingRules

    _rules(TrainingRules, "training", values).check()


FONT_ROLES: Options = (
    ("fangsong", "正文字体(仿宋)"),
    ("heiti", "一级标题字体(黑体)"),
    ("kaiti", "二级标题字体(楷体)"),
    ("songti", "页码字体(宋体)"),
    ("xiaobiaosong", "公文标题字体(小标宋)"),
)

GROUPS: dict[str, Group] = {
    group.key: group
    for group in (
        Group(
            "rectification",
            "整改督办规则",
            "三色督办:蓝色=临期,黄色=滞后(长期无进展),红色=逾期。",
        ),
        Group(
            "fonts",
            "报告字体",
            "字体留空时自动查找系统字体(Windows:仿宋 simfang.ttf、黑体 simhei.ttf、"
            "楷体 simkai.ttf、宋体 simsun.ttc)。",
        ),
        Group(
            "personnel",
            "执法证件设置",
            "各省规定不同,请按本省规定设置。保存后预警和下次年审日期立即按新设置重算。",
        ),
        Group(
            "training",
            "学时与考试设置",
            "执法人员年度学法培训最低学时各地不同(常见 40 或 60 学时)。",
            _check_training,
        ),
        Group(
            "agency",
            "本单位信息",
            "通知、通报和报告的落款(发文机关署名)、红头的发文机关标志、版记的印发机关和联系方式"
            "都取自这里;某份文件另有写法时,在导出前的文字中修改即可。",
        ),
        Group(
            "draws",
            "双随机抽查设置",
            "“双随机、一公开”每个检查组至少 2 名持有有效行政执法证的人员;本地规定更严时可调高。",
        ),
    )
}


def _number(
    key: str, label: str, default: float, low: float, high: float, help: str = ""
) -> Setting:
    """A number from ``low`` to ``high``: whole, or a decimal when ``default`` is a float."""
    kind: Kind = "float" if isinstance(default, float) else "int"
    return Setting(key, label, kind, default, low, high, help)


def _flag(key: str, label: str, default: bool, help: str) -> Setting:
    """A yes-or-no setting (a check box)."""
    return Setting(key, label, "bool", default, help=help)


def _text(key: str, label: str, help: str = "") -> Setting:
    """A line of text, empty until the office writes it."""
    return Setting(key, label, "text", "", help=help)


def _kept(key: str, label: str, help: str) -> Setting:
    """A document's texts kept for next time (json, not shown in any dialog)."""
    return Setting(key, label, "json", {}, help=help)


SETTINGS: tuple[Setting, ...] = (
    # 整改台账: the three warning colours and the report deadline
    _number("rectification.lead_days", "临期提醒提前天数", 14, 1, 365,
            "整改期限前多少天起标为蓝色(临期)。"),
    _number("rectification.stall_days", "无进展视为滞后(天)", 30, 1, 365,
            "多少天没有新的整改进展即标为黄色(滞后)。"),
    _number("rectification.report_due_months", "整改报告期限(反馈后月数)", 2, 1, 24,
            "巡察反馈后多少个月内报送整改情况报告。"),
    _flag("rectification.signoff_long_term", "“长期坚持”的事项可以销号", False,
          "勾选后,状态为“长期坚持”的问题和措施与“已完成”的一样可以销号。"),
    _flag("rectification.signoff_evidence", "销号前须有佐证材料", True,
          "勾选时,问题(或其措施)和措施须先添加佐证材料才能销号。"),
    _kept("rectification.report_texts_all", "全部巡察整改进展通报的文字",
          "上次通报所用的文字,下次从它们开始。"),
    # 督办 and 屡查屡犯 (domain.escalation, domain.repeats)
    _number("rectification.repeat_threshold", "屡查屡犯相似度(%)", 75, 50, 100,
            "新问题与以往检查的问题文字相似度达到此值时,标为疑似“屡查屡犯”。"),
    _text("rectification.escalation_prefix", "督办文书机关代字",
          "如 通科督;提醒函、督办通知按“机关代字〔年份〕序号号”自动编号,留空则不编号。"),
    _number("rectification.escalation_reply_days", "督办回复期限(天)", 7, 1, 90,
            "提醒函、督办通知要求责任部门在多少天内书面回复整改情况。"),
    _kept("rectification.escalation_texts", "督办文书的文字",
          "上次提醒函、督办通知所用的文字,下次从它们开始。"),
    _kept("annual.report_texts", "法治政府建设年度报告的文字",
          "上次年度报告中自行撰写的段落,下一年从它们开始。"),
    # PDF fonts of every report and notice
    Setting(
        "fonts.overrides", "报告字体", "paths", {}, options=FONT_ROLES,
        help="指定 TrueType 字体文件;留空时自动查找系统字体。",
        file_filter="TrueType 字体 (*.ttf *.ttc *.TTF *.TTC)",
    ),
    # 执法人员: certificates (PersonnelRules)
    _number("personnel.validity_years", "证件有效期(年)", 5, 1, 10,
            "有效期至不填时,按发证日期加此年数计算。"),
    _number("personnel.review_interval_months", "年审间隔(月,0 为不年审)", 12, 0, 60),
    _number("personnel.lead_days", "提前提醒天数", 60, 0, 365,
            "证件到期和年审到期前多少天起提醒。"),
    _number("personnel.pass_mark", "合格分数线", 60, 0, 100, "执法资格考试的合格分数线。"),
    Setting(
        "personnel.allowed_employment", "可申领证件的人员类别", "choices", ("在编",),
        options=_employment_options,
    ),
    _number("personnel.renewal_lead_days", "换证考试在到期前完成(天)", 30, 0, 365,
            "换证通知要求需换证的人员在证件到期前多少天完成换证考试。"),
    _kept("personnel.notice_texts", "换证通知的文字", "上次换证通知所用的文字,下次从它们开始。"),
    # 学法培训 (TrainingRules); the maximum is a whole year of 24-hour days
    _number("training.min_hours", "年度最低学时", 40.0, 0, 8784,
            "执法人员每年应完成的学法培训学时。"),
    _number("training.pass_mark", "及格分数线", 60.0, 0, 100),
    _number("training.excellent_mark", "优秀分数线", 90.0, 0, 100),
    # 本单位信息: the issuing organ of every notice and report (domain.agency.AgencyProfile)
    _text("agency.name", "单位全称", "如 南通市科学技术局"),
    _text("agency.issuer_mark", "发文机关标志(红头)",
          "红头上的文字,如 南通市科学技术局文件;留空时用单位全称。"),
    _text("agency.signature", "落款(发文机关署名)",
          "文件末尾的署名,如 中共南通市科学技术局党组;留空时用单位全称。"),
    _text("agency.printer", "印发机关",
          "版记中的印发机关,如 南通市科学技术局办公室;留空时不印版记。"),
    _text("agency.contact_person", "联系人"),
    _text("agency.phone", "联系电话", "如 0513-55018889"),
    _text("agency.address", "通信地址"),
    _text("agency.postcode", "邮政编码"),
    _text("agency.email", "电子邮箱"),
    # 双随机抽查: the least certified members of a team any plan may ask for
    _number("draws.min_certified", "每组至少持证人数", 2, 2, 20,
            "抽取方案中“每组持证人员”不能少于此数。"),
    _kept("draws.notice_texts", "检查任务通知的文字",
          "上次检查任务通知的发文机关、联系人和落款,下次从它们开始。"),
)  # fmt: skip

BY_KEY: dict[str, Setting] = {setting.key: setting for setting in SETTINGS}


def setting(key: str) -> Setting:
    """The declared setting of ``key``; KeyError for a key that is not in the list."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"setting {key!r} is not declared in storage.settings.SETTINGS") from None


def group_settings(group: str) -> tuple[Setting, ...]:
    """The settings of one group, in the list's order."""
    if group not in GROUPS:
        raise KeyError(f"unknown settings group {group!r}")
    return tuple(s for s in SETTINGS if s.group == group)


# -- kinds and ranges --------------------------------------------------------------------
def _number_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    import unicodedata  # only for typed text

    return unicodedata.normalize("NFKC", value).strip()


def _convert(item: Setting, value: Any) -> Any:
    """``value`` as the setting's kind (a typed text is parsed); refusal names the setting."""
    label, kind, text = item.label, item.kind, _number_text(value)
    if kind in ("int", "float") and text == "":
        raise ValidationError(label, "必须填写")
    if kind == "int":
        if text is not None:
            try:
                return int(text)
            except ValueError:
                raise ValidationError(label, f"“{text}”不是整数") from None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ValidationError(label, "应为整数")
    if kind == "float":
        try:
            number = float(text) if text is not None else float(value)
        except (TypeError, ValueError):
            raise ValidationError(label, f"“{text or value}”不是有效的数字") from None
        if isinstance(value, bool) or not math.isfinite(number):
            raise ValidationError(label, "应为数字")
        if abs(round(number, item.decimals) - number) > 1e-9:
            raise ValidationError(label, f"最多保留 {item.decimals} 位小数")
        return round(number, item.decimals)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValidationError(label, "应为“是”或“否”")
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise ValidationError(label, "应为文字")
        return value.strip()
    if kind == "date":
        if not isinstance(value, str | date | None):
            raise ValidationError(label, "应为日期")
        return parse_date(value, label)
    if kind == "choices":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValidationError(label, "应为若干选项")
        return tuple(dict.fromkeys(value))
    if kind == "paths":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ValidationError(label, "应为文件路径")
        return {str(k): v.strip() for k, v in value.items() if v.strip()}
    if not isinstance(value, dict):  # json
        raise ValidationError(label, "应为一组文字")
    return json.loads(json.dumps(value, ensure_ascii=False))


def _check_range(item: Setting, value: Any) -> None:
    if item.kind not in ("int", "float"):
        return
    low, high = item.minimum, item.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        what = "整数" if item.kind == "int" else "数"
        if low is not None and high is not None:
            raise ValidationError(item.label, f"应为 {low:g} 到 {high:g} 之间的{what}")
        bound = f"不小于 {low:g}" if low is not None else f"不大于 {high:g}"
        raise ValidationError(item.label, f"应为{bound} 的{what}")


def _check_options(item: Setting, value: Any) -> None:
    """On writing: options exist, and a path names an existing file."""
    if item.kind not in ("choices", "paths"):
        return
    labels = dict(item.choices())
    for key in value:
        if key not in labels:
            raise ValidationError(item.label, f"没有“{key}”这一项")
    if item.kind == "paths":
        from pathlib import Path

        for key, path in value.items():
            if not Path(path).is_file():
                raise ValidationError(labels[key], f"找不到文件“{path}”")


def convert(item: Setting, value: Any) -> Any:
    """``value`` checked and converted for storing: kind, range and options."""
    converted = _convert(item, value)
    _check_range(item, converted)
    _check_options(item, converted)
    return converted


def validate_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every value converted and checked; the first refusal names its setting."""
    return {key: convert(setting(key), value) for key, value in values.items()}


def _stored(item: Setting, raw: str | None) -> Any:
    """A stored JSON text as the setting's kind; the default when absent or unusable."""
    if raw is None:
        return item.fresh_default()
    try:
        value = _convert(item, json.loads(raw))
        _check_range(item, value)
    except (ValueError, ValidationError) as exc:
        log.warning("设置 %s 的存储值 %r 无效(%s),按默认值 %r", item.key, raw, exc, item.default)
        return item.fresh_default()
    return value


def _to_json(value: Any) -> str:
    if isinstance(value, date):
        value = value.isoformat()
    elif isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)


# -- reading and writing -----------------------------------------------------------------
def read_setting(db: Reader, key: str) -> Any:
    """The stored value of ``key`` converted to its kind, or its declared default."""
    item = setting(key)
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return _stored(item, row[0] if row else None)


def read_settings(db: Reader, keys: Iterable[str]) -> dict[str, Any]:
    """Several settings in one query, each as ``read_setting`` gives it."""
    items = [setting(key) for key in keys]
    marks = ", ".join("?" * len(items))
    sql = f"SELECT key, value FROM settings WHERE key IN ({marks})"
    stored = dict(db.execute(sql, [i.key for i in items]).fetchall()) if items else {}
    return {i.key: _stored(i, stored.get(i.key)) for i in items}


def read_group(db: Reader, group: str) -> dict[str, Any]:
    """The values of one group's settings, by key."""
    return read_settings(db, [s.key for s in group_settings(group)])


def write_settings(
    db: Database, values: Mapping[str, Any], *, audited: bool = True
) -> dict[str, Any]:
    """Check and store values in one transaction with one audit row; returns what was stored.

    ``audited=False`` only inside a write that records its own audit row (the demo's).

    The rule of each group written to (e.g. pass mark not above the excellent mark) is
    checked on the group's values after the write, before anything is committed.
    """
    checked = validate_settings(values)
    with db.atomic():
        before = read_settings(db, checked)
        for key, value in checked.items():
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, _to_json(value)],
            )
        for group in dict.fromkeys(BY_KEY[key].group for key in checked):
            rule = GROUPS[group].check if group else None
            if rule is not None:
                rule(read_group(db, group))
        if audited:
            audit.record(db, "update", "settings", None, before=before, after=checked)
    return checked


class SettingsRepo:
    """The settings of one connection: ``get`` reads, ``set_many`` writes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> Any:
        """The stored value or the default."""
        return read_setting(self.db, key)

    def set_many(self, values: Mapping[str, Any]) -> None:
        """Check and store several values in one transaction with one audit row."""
        write_settings(self.db, values)


# -- the rule objects --------------------------------------------------------------------
def _rules(cls: type[R], group: str, values: Mapping[str, Any]) -> R:
    """A rule dataclass from its group's values (fields named like the keys)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{s.name: values[s.key] for s in group_settings(group) if s.name in names})


def rule_values(group: str, rules: Any) -> dict[str, Any]:
    """The settings of a rule dataclass, keyed ``<group>.<field>``, for ``write_settings``."""
    values = {f"{group}.{name}": value for name, value in asdict(rules).items()}
    for key in values:
        setting(key)  # every field is declared
    return values


def read_warning_rules(db: Reader) -> WarningRules:
    """Lead and stall days for the three warning colours of the rectification register."""
    return _rules(WarningRules, "rectification", read_group(db, "rectification"))


def read_certificate_rules(db: Reader) -> PersonnelRules:
    """Validity, review interval, warning lead, pass mark and who may hold a certificate."""
    from desktop_app.domain.personnel import PersonnelRules

    return _rules(PersonnelRules, "personnel", read_group(db, "personnel"))


def read_training_rules(db: Reader) -> TrainingRules:
    """Yearly minimum hours and the pass and excellent marks of training exams."""
    from desktop_app.domain.training import TrainingRules

    return _rules(TrainingRules, "training", read_group(db, "training"))


def read_agency_profile(db: Reader) -> AgencyProfile:
    """本单位信息: the issuing organ of the office's documents and its contact details."""
    from desktop_app.domain.agency import AgencyProfile

    return _rules(AgencyProfile, "agency", read_group(db, "agency"))
