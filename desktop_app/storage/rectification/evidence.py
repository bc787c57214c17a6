"""Evidence files (佐证材料), stored inside the database so they survive backup and restore."""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.storage import audit
from desktop_app.storage.rectification.queries import evidence_of

if TYPE_CHECKING:
    from desktop_app.storage.rectification.repo import RectificationRepo

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


class EvidenceStore:
    """Evidence files of problems and measures; refused while the item is signed off."""

    def __init__(self, items: RectificationRepo) -> None:
        self.items = items
        self.db = items.db

    def add(self, problem_id: int, measure_id: int | None, file: Path) -> int:
        """Store a copy of an evidence file inside the database (survives backup/restore)."""
        self.items.check_editable(problem_id, measure_id)
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise UserError(f"无法读取文件“{file}”:{exc.strerror or exc}") from None
        if len(data) > MAX_EVIDENCE_BYTES:
            raise ValidationError("佐证材料", "单个文件不能超过 200 MB")
        row = {
            "problem_id": problem_id,
            "measure_id": measure_id,
            "file_name": Path(file).name,
            "size": len(data),
            "sha256": sha256(data).hexdigest(),
            "added_at": audit.now_text(),
        }
        with self.db.atomic():
            evidence_id = self.db["evidence"].insert(row).last_pk
            self.db["evidence_blobs"].insert({"evidence_id": evidence_id, "data": data})
            audit.record(
                self.db, "create", "evidence", evidence_id, after=row, summary=row["file_name"]
            )
        return evidence_id

    def of_problem(self, problem_id: int) -> list[dict[str, Any]]:
        """Evidence rows (without file data) of a problem and its measures."""
        return evidence_of(self.db.conn, problem_id)

    def data(self, evidence_id: int) -> tuple[str, bytes]:
        """File name and bytes of one evidence file."""
        row = self.db.execute(
            "SELECT e.file_name, b.data FROM evidence e JOIN evidence_blobs b"
            " ON b.evidence_id = e.id WHERE e.id = ?",
            [evidence_id],
        ).fetchone()
        if row is None:
            raise UserError("佐证材料不存在或已被删除")
        return row[0], row[1]

    def delete(self, evidence_id: int) -> None:
        """Remove one evidence file."""
        before = self.items.row("evidence", evidence_id, "佐证材料不存在或已被删除")
        self.items.check_editable(before["problem_id"], before["measure_id"])
        with self.db.atomic():
            self.db.execute("DELETE FROM evidence_blobs WHERE evidence_id = ?", [evidence_id])
            self.db.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])
            audit.record(
                self.db,
                "delete",
                "evidence",
                evidence_id,
                before=before,
                summary=before["file_name"],
            )
