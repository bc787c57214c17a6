"""双随机、一公开: the target directory, inspection matters, inspectors, draw plans and figures.

A draw takes targets (检查对象) at random from the directory and inspectors (执法检查人员) at
random from the persons of the personnel register, and forms teams that meet the plan's
rules. How the draw itself is computed (and recomputed) is in ``domain.draw_algorithm``;
this module holds the records, their checks, the plan, the refusal of an infeasible plan
before anything is drawn, and the figures the annual report quotes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from desktop_app.domain.dates import from_iso, iso
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.identifiers import check_credit_code
from desktop_app.domain.text import check_texts, optional_text, required_text

TARGET_KINDS = ("企业", "个体工商户", "农民专业合作社", "事业单位", "社会组织", "其他")
TARGET_STATUSES = ("在营", "停业", "注销", "吊销", "迁出")
ACTIVE = "在营"  # only targets in business are drawn
METHODS = ("现场检查", "书面检查", "网络监测", "现场检查和书面检查")
OUTCOMES = (
    "未发现问题",
    "发现问题,已责令整改",
    "发现问题,已立案查处",
    "发现问题,已移送有关部门",
    "未检查:对象已注销或不存在",
    "未检查:其他原因",
)
DONE_OUTCOMES = OUTCOMES[:4]  # a check that took place counts as done
MIN_CERTIFIED = 2  # 每组至少 2 名持证执法人员; a setting can raise it
MAX_TEAM = 20
SEED_SOURCES = ("监督人输入", "随机生成")
# What a recorded exclusion (draw_exclusions.scope) left out: a target, an inspector, a pair
EXCLUSION_SCOPES = {"target": "检查对象", "inspector": "执法检查人员", "pair": "回避或轮换"}
_PHONE = re.compile(r"^[0-9+\-() 转、,]{3,40}$")
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")


# The fields of a target as a clerk's list carries them (the import reads the same ones)
TARGET_LABELS = {
    "name": "名称",
    "credit_code": "统一社会信用代码",
    "kind": "类型",
    "industry": "行业",
    "area": "区域",
    "address": "地址",
    "contact": "联系人",
    "phone": "联系电话",
    "status": "状态",
    "notes": "备注",
}
TARGET_FIELDS = tuple(TARGET_LABELS)
_TARGET_TEXTS = {
    **{k: TARGET_LABELS[k] for k in ("industry", "area", "address", "contact", "phone", "notes")},
    "override_note": "仍然使用的理由",
}
_MATTER_TEXTS = {
    "legal_basis": "抽查依据",
    "body": "检查主体",
    "content": "检查内容",
    "method": "检查方式",
    "notes": "备注",
}


def check_choice(value: str, choices: Sequence[str], field: str) -> None:
    """Refuse a value that is not one of ``choices``, naming them."""
    if value not in choices:
        raise ValidationError(field, f"应为 {'、'.join(choices)} 之一")


def split_tags(text: str | Iterable[str]) -> tuple[str, ...]:
    """Tags typed as "外国人工作管理、科技计划" (or a list) as a tuple without repeats."""
    parts = _TAG_SPLIT.split(text) if isinstance(text, str) else list(text)
    return tuple(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


# -- the directory ---------------------------------------------------------------------
@dataclass
class Target:
    """One entry of the target directory (检查对象名录库)."""

    name: str
    credit_code: str = ""  # 统一社会信用代码
    code_override: bool = False  # an early code that fails the check, accepted on purpose
    override_note: str = ""  # why it was accepted (kept with the record)
    kind: str = "企业"
    industry: str = ""
    area: str = ""
    address: str = ""
    contact: str = ""  # 联系人
    phone: str = ""
    status: str = ACTIVE
    notes: str = ""
    id: int | None = None


def validate_target(target: Target) -> Target:
    """Normalise a target; the credit code is checked unless deliberately overridden."""
    target.name = required_text(target.name, "名称")
    check_texts(target, _TARGET_TEXTS)
    check_choice(target.kind, TARGET_KINDS, "类型")
    check_choice(target.status, TARGET_STATUSES, "状态")
    if target.phone and not _PHONE.match(target.phone):
        raise ValidationError("联系电话", f"“{target.phone}”不是电话号码")
    code = optional_text(target.credit_code, "统一社会信用代码")
    if not code:
        target.credit_code, target.code_override, target.override_note = "", False, ""
        return target
    if target.code_override and not target.override_note:
        raise ValidationError(
            "仍然使用的理由", "勾选“仍然使用”时必须说明理由(如:早期代码,已核对营业执照)"
        )
    target.credit_code = check_credit_code(code, override=target.code_override)
    if not target.code_override:
        target.override_note = ""
    return target


@dataclass
class Matter:
    """One entry of the inspection matters (抽查事项清单)."""

    name: str
    legal_basis: str = ""  # 抽查依据
    body: str = ""  # 检查主体
    content: str = ""  # 检查内容
    method: str = METHODS[0]  # 检查方式
    yearly_ratio: float | None = None  # 年度抽查比例 (per cent of the directory)
    yearly_count: int | None = None  # or 年度抽查数量
    active: bool = True
    notes: str = ""
    id: int | None = None


def validate_matter(matter: Matter) -> Matter:
    """Normalise a matter: a name, and a yearly ratio or count that makes sense."""
    matter.name = required_text(matter.name, "事项名称")
    check_texts(matter, _MATTER_TEXTS)
    if matter.yearly_ratio is not None and not 0 < matter.yearly_ratio <= 100:
        raise ValidationError("年度抽查比例", "应大于 0、不大于 100(单位:%)")
    if matter.yearly_count is not None and matter.yearly_count < 1:
        raise ValidationError("年度抽查数量", "应为正整数")
    return matter


@dataclass
class InspectorProfile:
    """What the draw knows of a person beyond the personnel register."""

    person_id: int
    agency: str = ""  # 所属部门 for joint checks (科技, 人社…); blank: the person's unit
    tags: tuple[str, ...] = ()  # expertise (专业领域)
    available: bool = True  # False: 暂不参加抽取 (long leave, secondment…)
    unavailable_reason: str = ""
    notes: str = ""


def validate_profile(profile: InspectorProfile) -> InspectorProfile:
    """Normalise a profile; not taking part needs a reason (it is recorded at each draw)."""
    profile.agency = optional_text(profile.agency, "所属部门")
    profile.tags = split_tags(profile.tags)
    profile.unavailable_reason = optional_text(profile.unavailable_reason, "暂不参加抽取的原因")
    profile.notes = optional_text(profile.notes, "备注")
    if not profile.available and not profile.unavailable_reason:
        raise ValidationError("暂不参加抽取的原因", "必须填写(每次抽取都会记录)")
    if profile.available:
        profile.unavailable_reason = ""
    return profile


@dataclass
class Conflict:
    """A declared conflict of interest (回避): a person and a target, or a whole unit."""

    person_id: int
    reason: str
    target_id: int | None = None
    unit: str = ""  # an organisation: every target whose name contains it
    declared_on: date | None = None
    ended_on: date | None = None
    id: int | None = None

    def active_on(self, day: date) -> bool:
        """True when the conflict stands on ``day``."""
        return (self.declared_on is None or self.declared_on <= day) and (
            self.ended_on is None or day <= self.ended_on
        )

    def covers(self, target_id: int, target_name: str) -> bool:
        """True when the conflict concerns this target."""
        if self.target_id is not None:
            return self.target_id == target_id
        return bool(self.unit) and self.unit in target_name


def validate_conflict(conflict: Conflict) -> Conflict:
    """A conflict names a target or a unit, and why."""
    conflict.reason = optional_text(conflict.reason, "回避原因")
    conflict.unit = optional_text(conflict.unit, "回避单位")
    if conflict.target_id is None and not conflict.unit:
        raise ValidationError("回避对象", "请选择检查对象或填写单位名称")
    if not conflict.reason:
        raise ValidationError("回避原因", "必须填写")
    if conflict.declared_on and conflict.ended_on and conflict.ended_on < conflict.declared_on:
        raise ValidationError("解除日期", "不能早于申报日期")
    return conflict


# -- the plan ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Quota:
    """Members of one department in every team of a joint check (科技 2)."""

    agency: str
    count: int


@dataclass
class DrawPlan:
    """What to draw: which targets, how many, and the rules every team must meet."""

    title: str  # 抽查任务名称
    draw_date: date
    matter_id: int | None = None
    matter_name: str = ""
    kinds: tuple[str, ...] = ()  # target filter; empty: any
    industries: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    count: int | None = None  # how many targets, or
    ratio: float | None = None  # per cent of the eligible targets (rounded up)
    teams: int | None = None  # None: one team per target
    team_size: int = 4  # members of every team, or the fewest when a range is set
    team_size_max: int | None = None  # the most (每组5-7人不等); None: a fixed size
    certified_min: int = MIN_CERTIFIED  # 每组持证人员不少于
    quotas: tuple[Quota, ...] = ()  # joint check: members per department
    inspector_tags: tuple[str, ...] = ()  # only inspectors with one of these tags
    include_checked: bool = False  # targets drawn earlier this year take part again
    rotation: bool = True  # not the inspectors who last checked the same target
    allow_uncertified: bool = True  # staff without a valid certificate may fill a team

    def to_json(self) -> dict[str, Any]:
        """Plain values (the form that is hashed and stored)."""
        values = asdict(self)
        if self.team_size_max is None:
            del values["team_size_max"]  # a fixed-size plan reads as before ranges existed
        values["draw_date"] = iso(self.draw_date)
        values["quotas"] = [[q.agency, q.count] for q in self.quotas]
        for key in ("kinds", "industries", "areas", "inspector_tags"):
            values[key] = list(values[key])
        return values

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> DrawPlan:
        """The plan stored with a draw."""
        values = dict(values)
        values["draw_date"] = from_iso(values["draw_date"])
        values["quotas"] = tuple(Quota(a, int(n)) for a, n in values.get("quotas", ()))
        for key in ("kinds", "industries", "areas", "inspector_tags"):
            values[key] = tuple(values.get(key, ()))
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in known})

    @property
    def year(self) -> int:
        """The year the draw belongs to."""
        return self.draw_date.year

    def target_count(self, eligible: int) -> int:
        """How many targets to draw out of ``eligible``."""
        if self.count is not None:
            return self.count
        ratio = self.ratio or 0.0
        return max(1, math.ceil(eligible * ratio / 100 - 1e-9)) if eligible else 0

    def team_count(self, targets: int) -> int:
        """How many teams check ``targets`` targets."""
        return min(self.teams, targets) if self.teams else targets

    @property
    def largest_team(self) -> int:
        """The most members a team may have (the fixed size when no range is set)."""
        return self.team_size_max or self.team_size

    def size_text(self) -> str:
        """每组4人, or 每组5-7人不等 for a range."""
        return size_text(self.team_size, self.largest_team)


def size_text(smallest: int, largest: int) -> str:
    """每组4人 when the sizes agree, else 每组5-7人不等."""
    if smallest == largest:
        return f"每组{smallest}人"
    return f"每组{smallest}-{largest}人不等"


def validate_plan(plan: DrawPlan, min_certified: int = MIN_CERTIFIED) -> DrawPlan:
    """Check a plan's own figures (the pools are checked by ``infeasibility``)."""
    plan.title = required_text(plan.title, "抽查任务名称")
    if plan.draw_date is None:
        raise ValidationError("抽取日期", "必须填写")
    if (plan.count is None) == (plan.ratio is None):
        raise ValidationError("抽取数量", "请填写抽取家数或抽取比例(二者选一)")
    if plan.count is not None and plan.count < 1:
        raise ValidationError("抽取家数", "应为正整数")
    if plan.ratio is not None and not 0 < plan.ratio <= 100:
        raise ValidationError("抽取比例", "应大于 0、不大于 100(单位:%)")
    if plan.teams is not None and plan.teams < 1:
        raise ValidationError("检查组数", "应为正整数")
    if not 1 <= plan.team_size <= MAX_TEAM:
        raise ValidationError("每组人数", f"应为 1 到 {MAX_TEAM} 之间的整数")
    if plan.team_size_max is not None and not plan.team_size <= plan.team_size_max <= MAX_TEAM:
        raise ValidationError(
            "每组最多人数", f"应在每组最少人数 {plan.team_size} 到 {MAX_TEAM} 之间"
        )
    if plan.team_size_max == plan.team_size:
        plan.team_size_max = None  # a range of one size is a fixed size
    if plan.certified_min < min_certified:
        raise ValidationError("每组持证人员", f"不能少于 {min_certified} 人(设置:每组至少持证人数)")
    if plan.certified_min > plan.team_size:
        raise ValidationError("每组持证人员", f"不能多于每组人数 {plan.team_size}")
    agencies = [q.agency.strip() for q in plan.quotas]
    if any(not a for a in agencies) or any(q.count < 1 for q in plan.quotas):
        raise ValidationError("各部门人数", "每个部门应写明名称和正整数人数")
    if len(set(agencies)) != len(agencies):
        raise ValidationError("各部门人数", "同一部门只能写一次")
    if sum(q.count for q in plan.quotas) > plan.team_size:
        raise ValidationError("各部门人数", f"合计不能多于每组人数 {plan.team_size}")
    plan.quotas = tuple(Quota(q.agency.strip(), q.count) for q in plan.quotas)
    plan.inspector_tags = split_tags(plan.inspector_tags)
    return plan


# -- the result and the year's figures ------------------------------------------------
@dataclass(frozen=True)
class Team:
    """One inspection team: its number, the targets it checks and its members."""

    number: int
    target_ids: tuple[int, ...]
    member_ids: tuple[int, ...]


@dataclass(frozen=True)
class DrawResult:
    """The drawn targets in draw order and the teams."""

    target_ids: tuple[int, ...]
    teams: tuple[Team, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain values (stored and hashed)."""
        return {
            "targets": list(self.target_ids),
            "teams": [
                {"team": t.number, "targets": list(t.target_ids), "members": list(t.member_ids)}
                for t in self.teams
            ],
        }

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> DrawResult:
        """The result stored with a draw."""
        teams = tuple(
            Team(int(t["team"]), tuple(t["targets"]), tuple(t["members"])) for t in values["teams"]
        )
        return cls(tuple(values["targets"]), teams)

    @property
    def member_ids(self) -> tuple[int, ...]:
        """Every member, team by team."""
        return tuple(m for t in self.teams for m in t.member_ids)


def quota_text(quotas: Sequence[Quota]) -> str:
    """科技、人社各2人 when the counts agree, else 科技2人、人社1人."""
    if not quotas:
        return ""
    counts = {q.count for q in quotas}
    if len(quotas) > 1 and len(counts) == 1:
        return f"{'、'.join(q.agency for q in quotas)}各{quotas[0].count}人"
    return "、".join(f"{q.agency}{q.count}人" for q in quotas)


def target_word(kinds: Iterable[str]) -> str:
    """家企业 when every drawn target is a company, else 家单位."""
    found = set(kinds)
    return "家企业" if found == {"企业"} else "家单位"


@dataclass(frozen=True)
class DrawFigures:
    """One draw as seed 000 states it."""

    targets: int
    teams: int
    sizes: str  # 每组4人, 每组5-7人不等
    inspectors: int
    certified_min: int
    quotas: tuple[Quota, ...] = ()
    word: str = "家企业"

    def text(self) -> str:
        """抽取了9家企业、36名执法检查人员(共9组,每组4人,科技、人社各2人,2人以上持有行政执法证)."""
        inner = [f"共{self.teams}组", self.sizes]
        if self.quotas:
            inner.append(quota_text(self.quotas))
        inner.append(f"{self.certified_min}人以上持有行政执法证")
        return (
            f"抽取了{self.targets}{self.word}、{self.inspectors}名执法检查人员({','.join(inner)})"
        )


def draw_figures(plan: DrawPlan, result: DrawResult, kinds: Iterable[str]) -> DrawFigures:
    """The figures of one draw (the sizes as the teams came out)."""
    sizes = [len(t.member_ids) for t in result.teams] or [plan.team_size]
    return DrawFigures(
        len(result.target_ids),
        len(result.teams),
        size_text(min(sizes), max(sizes)),
        len(result.member_ids),
        plan.certified_min,
        plan.quotas,
        target_word(kinds),
    )


@dataclass(frozen=True)
class YearFigures:
    """The year's draws for the annual report: targets, teams, inspectors, completion."""

    year: int
    draws: int = 0
    targets: int = 0
    teams: int = 0
    inspectors: int = 0  # team places over all draws (人次)
    done: int = 0
    per_draw: tuple[str, ...] = field(default=())

    @property
    def due(self) -> int:
        """Targets that should be checked (every drawn target)."""
        return self.targets

    def rate_text(self) -> str:
        """完成率 as a percentage with one decimal (57.1%)."""
        return f"{100 * self.done / self.due:.1f}%" if self.due else "—"

    def text(self) -> str:
        """The line quoted in reports."""
        if not self.draws:
            return f"{self.year}年尚未开展“双随机、一公开”抽查。"
        head = (
            f"{self.year}年开展“双随机、一公开”抽查{self.draws}次,"
            f"抽取检查对象{self.targets}家、执法检查人员{self.inspectors}人次(共{self.teams}组);"
            f"应完成{self.due}家、已完成{self.done}家,完成率{self.rate_text()}。"
        )
        return head + "".join(f"{t}。" for t in self.per_draw)


@dataclass
class CheckResult:
    """What the team found at one drawn target (检查结果)."""

    draw_id: int
    target_id: int
    outcome: str = OUTCOMES[0]
    check_date: date | None = None
    findings: str = ""  # 发现问题
    handling: str = ""  # 处理情况
    id: int | None = None


@dataclass
class DrawRecord:
    """A recorded draw as the page and the documents show it."""

    id: int
    plan: DrawPlan
    seed: str
    seed_source: str
    operator: str
    witness: str
    drawn_at: str  # local time, seconds
    os_user: str
    result: DrawResult
    plan_hash: str
    targets_hash: str
    inspectors_hash: str
    record_hash: str
    prev_hash: str
    algorithm: str
    pool_targets: int
    pool_inspectors: int
    redraw_of: int | None = None
    redraw_reason: str = ""
    replaced_by: int | None = None  # the redraw that replaced it, if any

    @property
    def current(self) -> bool:
        """False once a redraw has replaced it."""
        return self.replaced_by is None


def validate_result(result: CheckResult, draw_date: date) -> CheckResult:
    """A result names a real outcome; a check that took place is dated on or after the draw."""
    result.findings = optional_text(result.findings, "发现问题")
    result.handling = optional_text(result.handling, "处理情况")
    check_choice(result.outcome, OUTCOMES, "检查结果")
    if result.outcome in DONE_OUTCOMES and result.check_date is None:
        raise ValidationError("检查日期", "已检查的对象必须填写检查日期")
    if result.check_date and result.check_date < draw_date:
        raise ValidationError("检查日期", f"不能早于抽取日期 {draw_date.isoformat()}")
    if result.outcome.startswith("发现问题") and not result.findings:
        raise ValidationError("发现问题", "检查结果为“发现问题”时请写明发现的问题")
    return result


# The 操作日志's names of each audited record's fields (the forms' labels), by record type.
AUDIT_LABELS: dict[str, dict[str, str]] = {
    "check_target": {  # the list's fields, the code's override beside the code
        **{key: TARGET_LABELS[key] for key in ("name", "credit_code")},
        "code_override": "校验位不符仍然使用",
        "override_note": "仍然使用的理由",
        **{k: v for k, v in TARGET_LABELS.items() if k not in ("name", "credit_code", "notes")},
    },
    "check_matter": {
        "name": "抽查事项",
        "legal_basis": "抽查依据",
        "body": "检查主体",
        "content": "检查内容",
        "method": "检查方式",
        "yearly_ratio": "年度抽查比例(%)",
        "yearly_count": "年度抽查数量",
        "active": "启用",
    },
    "inspector": {
        "person_id": "人员编号",
        "agency": "所属部门",
        "tags": "专业领域",
        "available": "参加抽取",
        "unavailable_reason": "暂不参加的原因",
    },
    "inspector_conflict": {
        "person_id": "人员编号",
        "reason": "回避原因",
        "target_id": "检查对象编号",
        "unit": "回避单位",
        "declared_on": "申报日期",
        "ended_on": "结束日期",
    },
    "draw": {
        "plan": "抽取方案",
        "seed": "随机种子",
        "record_hash": "记录校验值",
        "title": "抽查任务名称",
        "draw_date": "抽取日期",
        "matter_id": "抽查事项编号",
        "matter_name": "抽查事项",
        "kinds": "对象类型",
        "industries": "行业",
        "areas": "区域",
        "count": "抽取数量",
        "ratio": "抽取比例(%)",
        "teams": "组数",
        "team_size": "每组人数",
        "team_size_max": "每组最多人数",
        "certified_min": "每组持证人员不少于",
        "quotas": "各部门人数",
        "agency": "部门",
        "inspector_tags": "专业领域",
        "include_checked": "本年已抽中的对象再次参加",
        "rotation": "不派上次检查同一对象的人员",
        "allow_uncertified": "无有效证件的人员可以入组",
    },
    "check_result": {
        "draw_id": "抽取编号",
        "target_id": "检查对象编号",
        "outcome": "检查结果",
        "check_date": "检查日期",
        "findings": "发现问题",
        "handling": "处理情况",
    },
}
