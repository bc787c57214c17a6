"""What the home page says: its tiles and its one digest of reminders, from the read figures.

Plain Python (no Qt): each tile names the list it opens with the filters that list shows it
with (``domain.home.Target``); each reminder the record or list it opens.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from desktop_app.domain import home as rules
from desktop_app.domain.annual import rate
from desktop_app.domain.home import Reminder, Target, Tile, plural_days
from desktop_app.domain.personnel import CERTIFICATE_KINDS, CertWarning
from desktop_app.domain.rectification import Alert
from desktop_app.domain.repeats import SUSPECTED
from desktop_app.domain.training import SESSION_KINDS, hours_text
from desktop_app.ui.home.tiles import tile_title

if TYPE_CHECKING:
    from desktop_app.ui.home.loader import HomeData

RECTIFICATION, PERSONNEL, TRAINING = "rectification", "personnel", "training"
OPEN = "未完成"  # the problem list's status choice (storage.rectification.queries.OPEN)
SHORT_KINDS = {"行政执法证": "执法证", "行政执法监督证": "监督证"}


def _tile(
    key: str, data: HomeData, value: str, note: str, target: Target, *, alert: bool = False
) -> Tile:
    """Tile ``key`` under its title (``tiles``: where the page laid it out) in the year shown."""
    return Tile(key, tile_title(key, data.staff.year), value, note, target, alert=alert)


def rectification_tiles(data: HomeData) -> list[Tile]:
    """未完成, 逾期, 临期, 滞后, 完成率, 报告期限, 屡查屡犯."""
    r = data.rectification
    reports = r.reports
    if reports:
        first_id, name, due = reports[0]
        days = (due - data.today).days
        report_note = f"最近:{name},{due.month}月{due.day}日({plural_days(days)})"
        report_target = Target(RECTIFICATION, {"inspection": first_id})
    else:
        report_note = f"{data.lead_days} 天内没有到期的整改报告"
        report_target = Target(RECTIFICATION, {})
    if r.rounds:
        round_, left = r.rounds[0]
        when = f"{round_.planned_date:%m月%d日}" if round_.planned_date else "未定日期"
        report_note += f";回头看“{round_.name}”{when},待复查 {left} 个"
    return [
        _tile(
            "open", data, str(r.open), f"共 {r.problems} 个问题",
            Target(RECTIFICATION, {"status": OPEN}),
        ),
        _tile(
            "overdue", data, str(r.overdue), "问题或其措施已过整改时限",
            Target(RECTIFICATION, {"warning": Alert.OVERDUE.value}), alert=r.overdue > 0,
        ),
        _tile(
            "near", data, str(r.near), f"{data.lead_days} 天内到整改时限",
            Target(RECTIFICATION, {"warning": Alert.NEAR.value}), alert=r.near > 0,
        ),
        _tile(
            "stalled", data, str(r.stalled), f"{data.stall_days} 天以上没有新进展",
            Target(RECTIFICATION, {"warning": Alert.STALLED.value}), alert=r.stalled > 0,
        ),
        _tile(
            "rate", data, rate(r.completed, r.problems),
            f"已完成 {r.completed} 个问题", Target(RECTIFICATION, {}),
        ),
        _tile(
            "reports", data, str(len(reports)), report_note, report_target,
            alert=bool(reports),
        ),
        _tile(
            "repeats", data, str(r.suspected), "与以往检查的问题相似,待确认",
            Target(RECTIFICATION, {"repeat": SUSPECTED}), alert=r.suspected > 0,
        ),
    ]  # fmt: skip


def personnel_tiles(data: HomeData) -> list[Tile]:
    """有效证件, 已过期, 即将到期, 年审到期, 应注销 (persons, as the roster counts them)."""
    s = data.staff
    kinds = "、".join(f"{SHORT_KINDS.get(k, k)} {s.valid.get(k, 0)}" for k in CERTIFICATE_KINDS)
    counts = s.warnings

    def warned(key: str, warning: CertWarning, note: str) -> Tile:
        n = counts.get(warning.value, 0)
        target = Target(PERSONNEL, {"condition": warning.value})
        return _tile(key, data, str(n), note, target, alert=n > 0)

    return [
        _tile(
            "valid", data, str(s.valid_total), kinds,
            Target(PERSONNEL, {"cert_status": "有效"}),
        ),
        warned("expired", CertWarning.EXPIRED, "证件已过有效期,应停止执法"),
        warned("expiring", CertWarning.EXPIRING, f"{data.certificate_lead_days} 天内到期,需换证"),
        warned("review", CertWarning.REVIEW_DUE, "需办理年审"),
        warned("cancel", CertWarning.SHOULD_CANCEL, "已调离或退休,证件应注销"),
    ]  # fmt: skip


def training_tiles(data: HomeData) -> list[Tile]:
    """This year's sessions, person-hours, and officers short of the yearly minimum."""
    s, year = data.staff, data.staff.year
    kinds = "、".join(f"{k}{n}次" for k in SESSION_KINDS if (n := s.by_kind.get(k, 0)))
    left = rules.days_left_in_year(data.today)
    minimum = hours_text(data.min_hours)
    return [
        _tile("sessions", data, f"{s.sessions} 次", kinds or "本年尚无学法培训",
              Target(TRAINING, {"year": year})),
        _tile("hours", data, hours_text(s.person_hours), "本年出席人员的学时合计",
              Target(TRAINING, {"year": year})),
        _tile(
            "short", data, str(s.short),
            f"{s.required} 名持证执法人员中未达 {minimum} 学时;距年底还有 {left} 天",
            Target(TRAINING, {"year": year, "tab": "persons", "short": True}), alert=s.short > 0,
        ),
    ]  # fmt: skip


def tiles(data: HomeData) -> list[Tile]:
    """Every tile of the page, register by register (in the order ``tiles`` lays them out)."""
    return rectification_tiles(data) + personnel_tiles(data) + training_tiles(data)


# -- the digest ------------------------------------------------------------------------
_ITEM_RANKS = {
    Alert.OVERDUE.value: rules.RANK_OVERDUE,
    Alert.STALLED.value: rules.RANK_STALLED,
    Alert.NEAR.value: rules.RANK_NEAR,
}
_PERSON_RANKS = {
    CertWarning.SHOULD_CANCEL.value: rules.RANK_CANCEL,
    CertWarning.EXPIRED.value: rules.RANK_EXPIRED,
    CertWarning.EXPIRING.value: rules.RANK_EXPIRING,
    CertWarning.REVIEW_DUE.value: rules.RANK_REVIEW,
}


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_reminders(data: HomeData) -> list[Reminder]:
    """The most urgent problems and measures, each opening its problem (and measure)."""
    found = []
    for item in data.rectification.items:
        what = "措施" if item.measure_id else "问题"
        if item.warning != Alert.STALLED.value and item.deadline:
            days = plural_days((item.deadline - data.today).days)
            when = f"整改时限 {item.deadline.isoformat()},{days}"
        else:
            last = item.last_progress.isoformat() if item.last_progress else "无"
            when = f"最近进展 {last}"
        sent = f";已发{item.sent[-1]}" if item.sent else ""
        who = item.department or "未填部门"
        text = f"【{item.warning}】{who}:{what}“{_short(item.subject)}”,{when}{sent}"
        target = Target(RECTIFICATION, {}, record=item.problem_id, measure=item.measure_id)
        found.append(
            Reminder(_ITEM_RANKS.get(item.warning, 0), text, target, item.deadline, item.warning)
        )
    rest = data.rectification.items_total - len(data.rectification.items)
    if rest > 0:
        text = f"另有 {rest} 项预警事项,点击查看全部预警问题"
        target = Target(RECTIFICATION, {"warning": "任一预警"})
        found.append(Reminder(rules.RANK_NEAR - 1, text, target, None, "预警"))
    return found  # fmt: skip


def person_reminders(data: HomeData) -> list[Reminder]:
    """Holders whose certificate needs action, each opening the person on the roster."""
    found = []
    for row in data.staff.persons:
        warning = row["warning"]
        if warning == CertWarning.REVIEW_DUE.value:
            when, note = row["review_due"], "年审到期日"
        else:
            when, note = row["valid_until"], "有效期至"
        place = "/".join(p for p in (row["unit"], row["department"]) if p)
        text = f"【{warning}】{row['name']}({place}),{note} {when or '未填'}"
        target = Target(PERSONNEL, {"search": row["name"]}, record=row["id"])
        day = date.fromisoformat(when) if when else None
        found.append(Reminder(_PERSON_RANKS.get(warning, 0), text, target, day, warning))
    return found


def other_reminders(data: HomeData) -> list[Reminder]:
    """Reports due, 回头看 rounds, and the yearly minimum of hours near the year's end."""
    found = []
    for inspection_id, name, due in data.rectification.reports:
        days = (due - data.today).days
        text = f"“{name}”的整改情况报告应于 {due.isoformat()} 前报送({plural_days(days)})"
        target = Target(RECTIFICATION, {"inspection": inspection_id})
        found.append(Reminder(rules.RANK_REPORT, text, target, due, "整改报告"))
    for round_, left in data.rectification.rounds:
        when = round_.planned_date.isoformat() if round_.planned_date else "未定日期"
        text = f"回头看“{round_.name}”({when}):{left} 个已销号问题待复查"
        target = Target("", {"round": round_.id}, action="recheck")
        found.append(Reminder(rules.RANK_RECHECK, text, target, round_.planned_date, "回头看"))
    left = rules.days_left_in_year(data.today)
    if data.staff.short and left <= 92:
        text = (
            f"{data.staff.short} 名持证执法人员本年学时未达 {hours_text(data.min_hours)} 学时,"
            f"距年底还有 {left} 天"
        )
        target = Target(TRAINING, {"year": data.staff.year, "tab": "persons", "short": True})
        found.append(
            Reminder(rules.RANK_HOURS, text, target, date(data.today.year, 12, 31), "学时")
        )
    return found


def reminders(data: HomeData, last_backup: datetime | None) -> list[Reminder]:
    """The whole digest, most urgent first."""
    found = item_reminders(data) + person_reminders(data) + other_reminders(data)
    found += rules.annual_report_reminders(data.today)
    backup = rules.backup_reminder(last_backup, data.today)
    if backup is not None:
        found.append(backup)
    return rules.sort_reminders(found)
