"""The 回头看 round's ledger (xlsx): ``export recheck-ledger --round N``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.exports import IDLE, ExportOption, Job, Options, export, export_date
from desktop_app.storage.rectification import rechecks

if TYPE_CHECKING:
    from sqlite_utils import Database

ROUND = ExportOption("round", "回头看编号(默认为最近一次)", "int")


@export("recheck-ledger", "回头看台账", ".xlsx", ROUND)
def run_recheck_ledger(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The round's ledger: every re-checked problem and its outcome; returns rows."""
    from desktop_app.formats.rectification.recheck import write_recheck_ledger

    chosen = options.get("round")
    if chosen is None:
        rounds = rechecks.list_rounds(db)
        if not rounds:
            raise UserError("尚未开展“回头看”")
        round_ = rounds[0]
    else:
        round_ = rechecks.get_round(db, int(chosen))
    items = rechecks.items_of(db, round_.id or 0)
    today = export_date(options)
    return write_recheck_ledger(out, round_, items, today, job.rows(len(items)), job.cancelled)
