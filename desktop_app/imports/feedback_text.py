"""The feedback or progress report as text (.docx, .txt, pasted): one inspection's problems.

The text is read into a tree (``domain.imports.feedback``); its problems and measures then
go through the same plan as a rectification ledger, so a re-import updates instead of
doubling. Each measure's 整改情况 becomes its progress, dated by the report (or today).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.imports.drafts import MeasureDraft, ProblemDraft
from desktop_app.domain.imports.feedback import FeedbackDoc, parse_feedback, to_problems
from desktop_app.domain.rectification import Status
from desktop_app.imports import rectification
from desktop_app.imports.common import ACTION_LABELS, Context

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.formats.readers import Source
    from desktop_app.storage.database import Reader
    from desktop_app.storage.imports import BatchWriter

HEADERS = ["层级", "内容", "状态", "整改情况"]  # the preview shows the line number itself
PROVIDED = {"status", "completion_way", "completion_date", "category"}


def read(source: Source, reading: str) -> tuple[FeedbackDoc, list[ProblemDraft]]:
    """The tree of the source's text and the problems it gives under ``reading``."""
    if not source.text.strip():
        raise UserError(f"“{source.name}”中没有文字,无法按反馈意见或整改报告导入")
    doc = parse_feedback(source.text, source.name)
    problems = to_problems(doc, reading, source.name)
    if not problems:
        raise UserError(
            f"没有在“{source.name}”中找到问题:应有“(一)……”标题或“1.关于“……”问题的整改情况”"
            "这样的条目"
        )
    return doc, problems


def preview(conn: Reader, source: Source, options: Any) -> Any:
    """Preview of a text import (the pipeline's step 3 for feedback text)."""
    from desktop_app.imports import Preview

    doc, problems = read(source, options.reading)
    inspection = doc.inspection
    if options.inspection_name:
        inspection.name = options.inspection_name
    done_on = inspection.feedback_date or inspection.report_date or options.today
    for problem in problems:
        items: list[ProblemDraft | MeasureDraft] = [problem, *problem.measures]
        for item in items:
            if item.status == Status.COMPLETED and item.completion_date is None:
                item.completion_date = done_on
    ctx = Context("rectification", source.name, {}, HEADERS, {}, options.today)
    result = rectification.plan(conn, inspection, problems, ctx, PROVIDED, options.inspection_id)
    rows = []
    for problem in problems:
        rows.append(_row(problem, "问题", ctx))
        rows += [_row(m, "措施", ctx) for m in problem.measures]
    summary = {**result.summary, "facts": _facts(inspection)}
    return Preview(
        kind="feedback-text",
        source_name=source.name,
        sheet=source.name,
        counts=result.tally.as_dict(),
        summary=summary,
        errors=ctx.errors,
        warnings=[*source.notices, *ctx.warnings],
        unknown=[],
        rows=rows,
        headers=HEADERS,
        changes=ctx.changes,
        options=options,
        plan=(result, inspection.report_date or options.today),
    )


def _row(item: Any, level: str, ctx: Context) -> Any:
    from desktop_app.imports import PreviewRow

    line = item.origin.row if item.origin else 0
    text = str(getattr(item, "description", None) or getattr(item, "content", ""))
    progress = item.progress[0] if item.progress else ""
    status = item.status.value + (f"({item.completion_way})" if item.completion_way else "")
    action = ACTION_LABELS.get(ctx.actions.get(line, "skip"), "")
    return PreviewRow(line, [level, text, status, progress[:200]], action)


def _facts(draft: Any) -> dict[str, str]:
    return {
        "name": draft.name,
        "kind": draft.kind,
        "body": draft.body,
        "onsite_start": draft.onsite_start.isoformat() if draft.onsite_start else "",
        "onsite_end": draft.onsite_end.isoformat() if draft.onsite_end else "",
        "feedback_date": draft.feedback_date.isoformat() if draft.feedback_date else "",
        "plan_doc_no": draft.plan_doc_no,
    }


def apply(db: Database, preview_: Any, batch: BatchWriter, tick) -> None:
    """Write the text's problems (the pipeline's commit step)."""
    result, progress_date = preview_.plan
    rectification.write_plan(db, result, batch, tick, progress_date)
