"""A database of schema 0007 (import batches) keeps its imports through the upgrade: they are
listed, a re-import of the same ledger still updates nothing, and each batch can be undone."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from desktop_app import imports
from desktop_app.storage.database import open_database
from desktop_app.storage.imports import list_batches
from tests.imports import ledgers

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0007_import_batches.db"
NAME = "夹具导入巡察"


def test_imports_of_a_0007_database_survive_the_upgrade(tmp_path: Path) -> None:
    copy = tmp_path / FIXTURE.name
    shutil.copyfile(FIXTURE, copy)
    db = open_database(copy, backup_dir=tmp_path / "backups")
    try:
        batches = list_batches(db.conn)
        assert [(b.id, b.undone_at is not None) for b in batches] == [
            (3, True),
            (2, False),
            (1, False),
        ]
        assert "新增 3 个问题" in batches[2].summary
        tagged = db.execute("SELECT count(*) FROM audit_log WHERE batch_id = 1").fetchone()[0]
        assert tagged > 8
        again = imports.preview(
            db.conn,
            imports.open_source(
                ledgers.rectification_xlsx(tmp_path / "第二周.xlsx", deadline_b="2025年6月")
            ),
            imports.Options("rectification", inspection_name=NAME, today=date(2024, 12, 31)),
        )
        assert again.counts["problems"] == {"create": 0, "update": 0, "skip": 3}
        assert again.counts["measures"] == {"create": 0, "update": 0, "skip": 4}

        def deadlines() -> list[str | None]:
            return [
                row[0]
                for row in db.execute(
                    "SELECT m.deadline FROM measures m JOIN problems p ON p.id = m.problem_id"
                    " JOIN inspections i ON i.id = p.inspection_id WHERE i.name = ?"
                    " ORDER BY m.id",
                    [NAME],
                )
            ]

        assert "2025-06-30" in deadlines()
        imports.undo(db, 2)
        assert "2025-06-30" not in deadlines() and "2022-12-31" in deadlines()
        imports.undo(db, 1)
        names = [r[0] for r in db.execute("SELECT name FROM inspections ORDER BY id")]
        assert names == ["市委巡察五组依法行政专项巡察"]  # the 0001 data, untouched
        assert db.execute("SELECT count(*) FROM problems").fetchone()[0] == 3
    finally:
        db.close()
