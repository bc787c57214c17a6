"""The year's figures (年度法治工作数据) and how the annual report phrases them.

Every figure the 法治政府建设年度报告 quotes from the registers, each with how it was counted
(``Figure.how``), so that the clerk can answer "where does this number come from". The
counting is in ``storage/annual.py``; here are the records, the rates and the sentences,
written the way seeds 001, 002 and 004 write them ("全年集中学法4次", "新办执法证1个、注销
执法证和监督证3个", "参与率达100%，优秀率（90分以上）达85%").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Sections of the figures, in the order the report and the workbook show them.
TRAINING, PERSONNEL, RECTIFICATION, DRAWS = "学法培训", "执法人员", "巡察整改", "双随机抽查"
SECTIONS = (TRAINING, PERSONNEL, RECTIFICATION, DRAWS)
# Kinds of session counted as 集中学法 (seed 001: the party group's central study; seed 002:
# central-group sessions and lectures by experts).
GROUP_STUDY_KINDS = ("中心组学法", "专题讲座")
# The report's five sections (中办国办《法治政府建设与责任落实督察工作规定》).
REPORT_SECTIONS = (
    "主要举措和成效",
    "存在的不足和原因",
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "下一年度工作安排",
    "其他需要报告的事项",
)


@dataclass(frozen=True)
class Figure:
    """One figure: where it belongs, what it is, its value and how it was counted."""

    key: str
    section: str
    label: str
    value: int | float | str
    unit: str = ""
    how: str = ""

    def text(self) -> str:
        """The value with its unit: 4次, 85%, 196.5学时."""
        value = self.value
        if isinstance(value, float):
            value = f"{value:g}"
        return f"{value}{self.unit}"


@dataclass
class AnnualFigures:
    """The year's figures of every register, in order."""

    year: int
    as_of: date
    figures: list[Figure] = field(default_factory=list)
    has_draws: bool = False

    def add(self, key: str, section: str, label: str, value: int | float | str, unit: str,
            how: str) -> Figure:  # fmt: skip
        """Append one figure; returns it."""
        figure = Figure(key, section, label, value, unit, how)
        self.figures.append(figure)
        return figure

    def __getitem__(self, key: str) -> Figure:
        """The figure called ``key``."""
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def value(self, key: str) -> int | float | str:
        """The value of the figure ``key``."""
        return self[key].value

    def of(self, section: str) -> list[Figure]:
        """The figures of one section, in order."""
        return [f for f in self.figures if f.section == section]


def rate(part: int, whole: int) -> str:
    """A rate as the reports and the home page's tiles write it: 100%, 85%, 57.1% ('—' with
    nothing to divide)."""
    if not whole:
        return "—"
    value = round(100 * part / whole, 1)
    return f"{value:g}%"


def as_of_text(f: AnnualFigures) -> str:
    """年底 once the year is over, else the day the figures were counted."""
    if (f.as_of.month, f.as_of.day) == (12, 31):
        return f"{f.year}年底"
    return f"{f.as_of.year}年{f.as_of.month}月{f.as_of.day}日"


def _n(figures: AnnualFigures, key: str) -> int:
    value = figures.value(key)
    return int(value) if isinstance(value, int | float) else 0


def training_sentences(f: AnnualFigures) -> list[str]:
    """Law study and training, in seeds 001/002/004's words."""
    found = []
    group = _n(f, "group_study")
    kinds = "、".join(f"{k}{_n(f, f'kind:{k}')}次" for k in GROUP_STUDY_KINDS if _n(f, f"kind:{k}"))
    if group:
        found.append(f"全年集中学法{group}次" + (f"（其中{kinds}）" if kinds else "") + "。")
    if _n(f, "sessions"):
        found.append(
            f"全年共组织学法培训活动{_n(f, 'sessions')}次，参加{_n(f, 'participants')}人、"
            f"{_n(f, 'attendances')}人次，累计{f['person_hours'].text()}。"
        )
    if _n(f, "kind:旁听庭审"):
        found.append(
            f"组织{_n(f, 'kind:旁听庭审')}批次{_n(f, 'court_participants')}人参加庭审旁听。"
        )
    if _n(f, "exam_participants"):
        found.append(
            f"组织{_n(f, 'exam_participants')}名干部职工参加{f.year}年度国家工作人员在线学法考试，"
            f"参与率达{f.value('exam_participation')}，及格率达{f.value('exam_pass')}，"
            f"优秀率（{f.value('excellent_mark')}分以上）达{f.value('exam_excellent')}。"
        )
    return found


def personnel_sentences(f: AnnualFigures) -> list[str]:
    """Enforcement certificates: holders, then the year's changes (seed 001's words)."""
    found = []
    holders = "、".join(
        f"{kind}{_n(f, f'holders:{kind}')}人"
        for kind in ("行政执法证", "行政执法监督证")
        if _n(f, f"holders:{kind}")
    )
    if holders:
        found.append(
            f"截至{as_of_text(f)}，我单位持有{holders}，严格落实执法人员持证上岗和资格管理制度。"
        )
    changes = [
        (f"新办执法证件{_n(f, 'new')}个" if _n(f, "new") else ""),
        (f"换证{_n(f, 'renewed')}个" if _n(f, "renewed") else ""),
        (f"年审{_n(f, 'reviewed')}个" if _n(f, "reviewed") else ""),
        (f"暂扣{_n(f, 'suspended')}个" if _n(f, "suspended") else ""),
        (f"注销执法证和监督证{_n(f, 'cancelled')}个" if _n(f, "cancelled") else ""),
    ]
    said = "、".join(c for c in changes if c)
    moved = _n(f, "transferred")
    if said or moved:
        text = f"开展行政执法证、监督证清理和办理，{said}" if said else "开展行政执法证件清理，"
        if moved:
            text += f"{'，' if said else ''}及时转走{moved}人执法关系"
        found.append(text + "。")
    return found  # officers short of the yearly minimum are a shortcoming, not a 成效


def rectification_sentences(f: AnnualFigures) -> list[str]:
    """Rectification: problems and measures found and completed, 督办, 回头看, repeats."""
    found = []
    problems = _n(f, "problems")
    if problems:
        measures = _n(f, "measures")
        done, ongoing = _n(f, "problems_done"), _n(f, "problems_ongoing")
        text = (
            f"对照{_n(f, 'inspections')}项巡视巡察、审计和督查检查反馈意见，"
            f"主动认领问题{problems}个，细化整改措施{measures}项，建立整改台账，实行销号管理。"
            f"截至{as_of_text(f)}，已完成整改问题{done}个、整改措施{_n(f, 'measures_done')}项，"
            f"正在推进整改问题{ongoing}个，问题整改完成率{f.value('completion_rate')}"
        )
        if _n(f, "problems_long_term"):
            text += f"，其中{_n(f, 'problems_long_term')}个问题需长期坚持"
        found.append(text + "。")
    notices = [
        f"{level}{_n(f, f'escalated:{level}')}份"
        for level in ("提醒函", "督办通知", "约谈通知")
        if _n(f, f"escalated:{level}")
    ]
    if notices:
        found.append(
            f"对逾期和进展滞后的整改事项，发出{'、'.join(notices)}，"
            f"督办整改事项{_n(f, 'escalated_items')}项次。"
        )
    if _n(f, "recheck_rounds"):
        text = f"开展整改“回头看”{_n(f, 'recheck_rounds')}次，复查已销号问题{_n(f, 'rechecked')}个"
        if _n(f, "reopened"):
            text += f"，对{_n(f, 'reopened')}个问题重新整改"
        found.append(text + "，防止问题反弹回潮。")
    if _n(f, "repeats"):
        found.append(f"对屡查屡犯问题{_n(f, 'repeats')}个举一反三、从严整改。")
    return found


def draws_sentences(f: AnnualFigures) -> list[str]:
    """双随机、一公开 (when the register holds draws)."""
    if not f.has_draws or not _n(f, "draws"):
        return []
    return [
        f"开展“双随机、一公开”监管抽查{_n(f, 'draws')}次，"
        f"随机抽取检查对象{_n(f, 'draw_targets')}家、执法检查人员{_n(f, 'draw_inspectors')}人次，"
        f"已完成检查{_n(f, 'draw_done')}家，完成率{f.value('draw_rate')}。"
    ]


def shortcoming_sentences(f: AnnualFigures) -> list[str]:
    """What the figures say is still lacking (the start of 存在的不足和原因)."""
    found = []
    ongoing = _n(f, "problems_ongoing")
    if ongoing:
        late = _n(f, "problems_overdue")
        text = f"部分整改任务推进较慢，尚有{ongoing}个问题正在推进整改"
        found.append(text + (f"，其中{late}个已超过整改时限" if late else "") + "。")
    short = _n(f, "short")
    if short:
        found.append(f"学法用法还需加强，{short}名执法人员年度学法学时未达到要求。")
    return found
