"""Evidence files (佐证材料), stored inside the database so they survive backup and restore.

Nothing here trusts a file or a stored name: a file is added only when it is a regular file
under the size limit (checked before a byte is read) and is streamed into the database in
chunks; a stored name may say anything (``../../x``, ``C:\\x``, ``CON``), so a file is only
ever written as a plain name inside the folder it was asked for.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.files import hidden_beside, replacing
from desktop_app.storage import audit
from desktop_app.storage.rectification.queries import evidence_of

if TYPE_CHECKING:
    from desktop_app.storage.rectification.repo import RectificationRepo

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
MAX_NAME_CHARS = 120
FIELD = "佐证材料"
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_DEVICES = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$", re.IGNORECASE)


def safe_file_name(name: str | None, fallback: str = "佐证材料") -> str:
    """A stored file name reduced to one plain, portable name (never a path).

    Only the last part after any ``/`` or ``\\`` is kept; characters Windows forbids,
    control characters and undecodable ones become ``_``; leading dots and trailing dots or
    spaces go; device names (CON, NUL …) and an empty result fall back to ``fallback``.
    """
    text = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(
        "_" if unicodedata.category(c) in ("Cc", "Cs") else c for c in _UNSAFE_CHARS.sub("_", text)
    )
    cleaned = cleaned.strip().lstrip(".").rstrip(". ")
    if len(cleaned) > MAX_NAME_CHARS:
        _stem, dot, suffix = cleaned.rpartition(".")
        keep = dot + suffix if dot and len(suffix) <= 10 else ""
        cleaned = cleaned[: MAX_NAME_CHARS - len(keep)].rstrip(". ") + keep
    if not cleaned or _WINDOWS_DEVICES.match(cleaned.split(".")[0].strip()):
        cleaned = f"{fallback}_{cleaned}" if cleaned else fallback
    return cleaned


def target_in(folder: Path, name: str | None, fallback: str = "佐证材料") -> Path:
    """Where a stored name may be written inside ``folder``; refused if it would leave it."""
    folder = Path(folder)
    target = folder / safe_file_name(name, fallback)
    if target.resolve().parent != folder.resolve():
        raise UserError(f"文件名“{name}”不能用于保存佐证材料")
    return target


def _refuse_special(st: os.stat_result, shown: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = "文件夹" if stat.S_ISDIR(st.st_mode) else "设备、管道或其他特殊文件"
        raise ValidationError(FIELD, f"“{shown}”是{kind},不是普通文件,不能作为佐证材料")
    if st.st_size > MAX_EVIDENCE_BYTES:
        raise ValidationError(FIELD, f"“{shown}”超过单个文件 200 MB 的上限,未添加")


def _open_regular(file: Path) -> tuple[BinaryIO, int]:
    """Open a regular file under the limit for reading; its size. Refused before reading."""
    shown = file.name or str(file)
    try:
        _refuse_special(os.stat(file), shown)  # a FIFO is refused before open() could block
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(file, flags)
    except OSError as exc:
        raise UserError(f"无法读取文件“{shown}”:{exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)  # the file opened may not be the one looked at: look again
        _refuse_special(st, shown)
        return os.fdopen(fd, "rb"), st.st_size
    except BaseException:
        os.close(fd)
        raise


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK_BYTES):
        yield chunk


class EvidenceStore:
    """Evidence files of problems and measures; refused while the item is signed off."""

    def __init__(self, items: RectificationRepo) -> None:
        self.items = items
        self.db = items.db

    def add(self, problem_id: int, measure_id: int | None, file: Path) -> int:
        """Store a copy of an evidence file inside the database (survives backup/restore)."""
        self.items.check_editable(problem_id, measure_id)
        file = Path(file)
        handle, size = _open_regular(file)
        name = safe_file_name(file.name)
        row: dict[str, Any] = {
            "problem_id": problem_id,
            "measure_id": measure_id,
            "file_name": name,
            "size": size,
            "sha256": "",
            "added_at": audit.now_text(),
        }
        with handle, self.db.atomic():
            evidence_id = cast(int, self.db.table("evidence").insert(row).last_pk)
            self.db.execute(
                "INSERT INTO evidence_blobs (evidence_id, data) VALUES (?, zeroblob(?))",
                [evidence_id, size],
            )
            row["sha256"] = self._stream_in(evidence_id, handle, size, file.name)
            self.db.execute(
                "UPDATE evidence SET sha256 = ? WHERE id = ?", [row["sha256"], evidence_id]
            )
            audit.record(self.db, "create", "evidence", evidence_id, after=row, summary=name)
        return evidence_id

    def _stream_in(self, evidence_id: int, handle: BinaryIO, size: int, shown: str) -> str:
        """Copy the file into its blob chunk by chunk; the sha256 of what was copied."""
        digest, done = sha256(), 0
        changed = UserError(f"文件“{shown}”在读取时发生了变化,未添加,请稍后重试")
        try:
            with self.db.conn.blobopen("evidence_blobs", "data", evidence_id) as blob:
                for chunk in _chunks(handle):
                    if done + len(chunk) > size:
                        raise changed
                    blob.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
        except OSError as exc:
            raise UserError(f"无法读取文件“{shown}”:{exc.strerror or exc}") from None
        if done != size:
            raise changed
        return digest.hexdigest()

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

    def file_name(self, evidence_id: int) -> str:
        """The stored name of one evidence file made safe to save under (see safe_file_name)."""
        row = self.db.execute(  # as bytes: a damaged file may hold a name that is not UTF-8
            "SELECT CAST(file_name AS BLOB) FROM evidence WHERE id = ?", [evidence_id]
        ).fetchone()
        if row is None:
            raise UserError("佐证材料不存在或已被删除")
        name = bytes(row[0] or b"").decode("utf-8", "replace")
        return safe_file_name(name, f"佐证材料{evidence_id}")

    def extract(self, evidence_id: int, folder: Path) -> Path:
        """Write one evidence file into ``folder`` under its safe name; the path written."""
        target = target_in(folder, self.file_name(evidence_id))
        self.save_to(evidence_id, target)
        return target

    def save_to(self, evidence_id: int, target: Path) -> None:
        """Stream one evidence file to ``target`` (a temporary name first: never half a file)."""
        target = Path(target)
        if target.exists() and not target.is_file():
            raise UserError(f"“{target}”不是普通文件,不能覆盖")
        self.file_name(evidence_id)  # refuses a deleted one
        with (
            replacing(target, hidden_beside(target)) as temp,
            open(temp, "wb") as out,
            self.db.conn.blobopen("evidence_blobs", "data", evidence_id, readonly=True) as blob,
        ):
            while chunk := blob.read(CHUNK_BYTES):
                out.write(chunk)

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
