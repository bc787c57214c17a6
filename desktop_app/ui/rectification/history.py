"""What the problem's history shows besides its progress: 督办, 屡查屡犯 and 回头看 (HTML)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.storage.rectification import escalations, repeats
from desktop_app.storage.rectification.rechecks import outcomes_of

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader


def extra_history(db: Reader, problem_id: int, labels: dict[int | None, str]) -> str:
    """The 督办 records, 屡查屡犯 flags and 回头看 results of a problem ('' when none)."""
    import html  # with the history, not at start-up

    parts: list[str] = []
    sent = escalations.escalations_of(db, problem_id)
    if sent:
        parts.append("<h4>督办记录</h4>")
        for esc in sent:
            target = labels.get(esc.measure_id, "问题")
            who = html.escape(esc.department)
            parts.append(f"<p><b>{html.escape(esc.text())}</b> [{target}] 致{who}</p>")
    flags = repeats.flags_of(db, problem_id)
    if flags:
        parts.append("<h4>屡查屡犯</h4>")
        for flag in flags:
            colour = "#b3261e" if flag.state.value == "已确认" else "#555"
            parts.append(f"<p style='color:{colour}'>{html.escape(flag.text())}</p>")
    checks = outcomes_of(db, problem_id)
    if checks:
        parts.append("<h4>回头看</h4>")
        for name, outcome, reason, on in checks:
            why = f":{html.escape(reason)}" if reason else ""
            parts.append(f"<p>{html.escape(name)}:<b>{outcome}</b>{why} {on or ''}</p>")
    return "".join(parts)
