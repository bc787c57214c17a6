"""督办 documents: 提醒函, 督办通知 and 约谈通知, for the CLI and the GUI alike.

``escalation-notice`` writes one document: to one department about its late and stalled
items (``--department``), or about one item (一事一单: ``--problem`` for a problem without
measures, ``--measure`` for a measure). ``--record`` records the escalation on each item
(level, date, number) in one transaction with its audit rows; without it nothing is
written to the database. The number is the next free one of the 机关代字 setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.escalation import (
    PER_DEPARTMENT,
    EscalationItem,
    Level,
    group_items,
    level_of,
)
from desktop_app.domain.notices import NoticeTexts
from desktop_app.exports import IDLE, ExportOption, Job, Options, export, export_date
from desktop_app.exports.documents import DOCUMENT_OPTIONS, agency_profile, write_official
from desktop_app.formats.document import OfficialDocument
from desktop_app.storage.rectification import escalations
from desktop_app.storage.settings import read_setting, read_warning_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.database import Reader

TEXTS_KEY = "rectification.escalation_texts"
DEPARTMENT = ExportOption("department", "督办的牵头部门(列出该部门全部逾期、滞后事项)")
PROBLEM = ExportOption("problem", "一事一单:问题编号(该问题没有整改措施时)", "int")
MEASURE = ExportOption("measure", "一事一单:整改措施编号", "int")
LEVEL = ExportOption("level", "督办级别:提醒函、督办通知或约谈通知(默认按已督办情况升一级)")
RECORD = ExportOption("record", "在各事项上记录本次督办(级别、日期、文号)", "flag")


def items_for(
    db: Reader,
    today: date,
    *,
    department: str = "",
    problem: int | None = None,
    measure: int | None = None,
    inspection: int | None = None,
) -> list[EscalationItem]:
    """The late and stalled items chosen: one item, or a department's (or everyone's)."""
    rules = read_warning_rules(db)
    if measure is not None or problem is not None:
        keys = [(problem or 0, measure)] if measure is not None else [(int(problem or 0), None)]
        flt = escalations.ItemFilter(keys=keys, warnings=("逾期", "滞后", "临期"))
        found = escalations.late_items(db, today, rules, flt)
        if not found:
            what = f"整改措施 #{measure}" if measure is not None else f"问题 #{problem}"
            raise UserError(f"{what}没有逾期、滞后或临期预警(或已完成、不存在),无需督办")
        return found
    flt = escalations.ItemFilter(department=department, inspection_id=inspection)
    found = escalations.late_items(db, today, rules, flt)
    if not found:
        where = f"“{department}”" if department else ""
        raise UserError(f"{where}没有逾期或滞后的整改事项,无需督办")
    return found


def level_for(items: Sequence[EscalationItem], chosen: str | None = None) -> Level:
    """The chosen level, or one above the highest already sent for any of the items."""
    if chosen:
        return level_of(chosen)
    return max((item.next_level() for item in items), key=list(Level).index)


def starting_texts(
    db: Reader, level: Level, items: Sequence[EscalationItem], addressee: str, today: date
) -> NoticeTexts:
    """Texts to start from: the kept head and signature, a fresh body and the next number."""
    from dataclasses import replace

    from desktop_app.formats.rectification.escalation import default_texts

    prefix = str(read_setting(db, "rectification.escalation_prefix") or "")
    doc_no = escalations.next_number(db, prefix, today.year)
    reply = int(read_setting(db, "rectification.escalation_reply_days"))
    texts = default_texts(level, items, addressee, today, agency_profile(db), reply, doc_no)
    kept = NoticeTexts.from_json(read_setting(db, TEXTS_KEY) or {})
    head = {k: getattr(kept, k) for k in ("red_header", "issuer", "contact", "cc", "signature")}
    return replace(texts, **{k: v for k, v in head.items() if v})


def compose(
    db: Reader, level: Level, texts: NoticeTexts, items: Sequence[EscalationItem], today: date
) -> OfficialDocument:
    """The document of ``items`` with ``texts``."""
    from desktop_app.formats.rectification.escalation import compose_escalation

    return compose_escalation(level, texts, items, agency_profile(db), today)


def addressee_of(items: Sequence[EscalationItem]) -> str:
    """The department a document goes to (the first item's)."""
    return group_items(items, PER_DEPARTMENT)[0][0] if items else ""


def write_document(
    db: Database,
    out: Path,
    options: Options,
    job: Job,
    level: Level,
    texts: NoticeTexts,
    items: Sequence[EscalationItem],
) -> int:
    """Write one 督办 document (PDF: pages) and, with ``options["record"]``, record it."""
    doc = compose(db, level, texts, items, export_date(options))
    count = write_official(db, out, options, job, doc)
    if options.get("record"):
        escalations.EscalationRepo(db).record(level, texts, addressee_of(items), items)
    return count


@export(
    "escalation-notice",
    "督办文书(提醒函、督办通知、约谈通知)",
    ".pdf",
    DEPARTMENT,
    PROBLEM,
    MEASURE,
    LEVEL,
    RECORD,
    *DOCUMENT_OPTIONS,
)
def run_escalation(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """One 督办 document for a department or an item; PDF: pages."""
    department = str(options.get("department") or "").strip()
    problem, measure = options.get("problem"), options.get("measure")
    if not department and problem is None and measure is None:
        raise UserError("请用 --department 指定牵头部门,或用 --problem / --measure 指定一个事项")
    day = export_date(options)
    items = items_for(db, day, department=department, problem=problem, measure=measure)
    level = level_for(items, options.get("level"))
    texts = starting_texts(db, level, items, addressee_of(items), day)
    return write_document(db, out, options, job, level, texts, items)
