"""``python -m desktop_app import KIND FILE --db DB [--sheet NAME] [--dry-run] [--json]``.

Also ``import list --db DB [--json]`` (the imports written into a database, newest first) and
``import undo BATCH --db DB [--force] [--json]`` (put one import back as a whole, as the
wizard's 撤销这次导入 does).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.registers import REGISTERS, record_tables, record_types

if TYPE_CHECKING:
    from sqlite_utils import Database

EXIT_OK, EXIT_ERRORS = 0, 2
COUNT_WORDS = {"create": "新增", "update": "更新", "skip": "不变"}
WHAT = {
    "inspections": "巡察",
    "problems": "问题",
    "measures": "整改措施",
    "progress": "整改进展",
    "persons": "人员",
    "certificates": "执法证件",
    "sessions": "学法培训",
    "attendance": "出勤记录",
}
# A register without a word of its own above is named as its manifest entry names it.
WHAT.update({t: record_types()[k] for k, t in record_tables().items() if t not in WHAT})


ACTIONS = ("list", "undo")  # besides the kinds: the imports of a database, and undo of one
KIND_WORDS = {
    "rectification": "巡察整改",
    "personnel": "执法人员",
    "training": "学法培训",
    "feedback-text": "反馈意见文字",
}
KIND_WORDS.update({r.key: r.title for r in REGISTERS if r.key not in KIND_WORDS})


def run(args: argparse.Namespace) -> int:
    """Preview (and unless --dry-run, write) one import; 0 when it would import, 2 with errors."""
    if args.kind == "list":
        return run_list(args)
    if args.kind == "undo":
        return run_undo(args)
    if not args.file:
        raise UserError("请给出要导入的文件,如 import rectification 台账.xlsx --db 台账.db")
    from desktop_app import imports, paths
    from desktop_app.storage.database import open_database
    from desktop_app.storage.lock import DatabaseLock

    db_path = Path(args.db).expanduser()
    if db_path.is_dir():
        raise UserError(f"“{db_path}”是一个文件夹,请给出数据库文件名")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    options = imports.Options(
        args.kind, sheet=args.sheet, inspection_name=args.inspection or "", today=date.today()
    )
    try:
        source = imports.open_source(Path(args.file).expanduser())
    except UserError as exc:
        if not args.json:
            raise
        _print_json({"kind": args.kind, "errors": [_whole_file_error(args.file, exc)]})
        return EXIT_ERRORS
    with DatabaseLock(db_path):
        db = open_database(db_path, backup_dir=paths.backup_dir(db_path))
        try:
            try:
                result = imports.preview(db.conn, source, options)
            except UserError as exc:
                if not args.json:
                    raise
                _print_json({"kind": args.kind, "errors": [_whole_file_error(args.file, exc)]})
                return EXIT_ERRORS
            batch = None
            if result.ok and not args.dry_run:
                batch = imports.commit(db, result, paths.backup_dir(db_path)).batch_id
        finally:
            db.close()
    if args.json:
        _print_json({**result.as_json(), "dry_run": args.dry_run, "batch": batch})
    else:
        _print_text(result, batch, args.dry_run)
    return EXIT_OK if result.ok else EXIT_ERRORS


def run_list(args: argparse.Namespace) -> int:
    """``import list``: the database's imports, newest first, with what each wrote."""
    from desktop_app.storage.imports import list_batches

    if args.file:
        raise UserError("import list 不需要文件,只需 --db 数据库")
    with _database(args.db) as db:
        batches = list_batches(db.conn, limit=LIST_LIMIT)
    if args.json:
        _print_json({"batches": [asdict(batch) for batch in batches]})
        return EXIT_OK
    if not batches:
        print("这个数据库还没有导入过任何文件。")
    for batch in batches:
        state = f"(已于 {batch.undone_at} 撤销)" if batch.undone_at else ""
        kind = KIND_WORDS.get(batch.kind, batch.kind)
        print(f"第 {batch.id} 批  {batch.at}  {kind}  {batch.source}{state}")
        if batch.summary:
            print(f"    {batch.summary}")
    return EXIT_OK


def run_undo(args: argparse.Namespace) -> int:
    """``import undo BATCH``: put back everything one import wrote, in one transaction."""
    from desktop_app import imports, paths
    from desktop_app.storage.backup import make_backup

    batch_id = _batch_number(args.file)
    with _database(args.db) as db:
        imports.check_undo(db.conn, batch_id, force=args.force)
        backup = make_backup(db, paths.backup_dir(Path(args.db).expanduser()), "pre-import")
        summary = imports.undo(db, batch_id, force=args.force)
    if args.json:
        _print_json({"batch": batch_id, "summary": summary, "backup": str(backup)})
    else:
        print(f"{summary}。撤销前的数据已备份为 {backup.name}。")
    return EXIT_OK


LIST_LIMIT = 200


def _batch_number(text: str | None) -> int:
    if not text:
        raise UserError("请给出要撤销的导入批次号(用 import list --db 数据库 查看)")
    try:
        number = int(text.strip().lstrip("第").rstrip("批").strip())
    except ValueError:
        number = 0
    if number <= 0:
        raise UserError(f"“{text}”不是导入批次号,应为正整数(用 import list 查看)")
    return number


@contextmanager
def _database(text: str) -> Iterator[Database]:
    """An existing database of ours, locked and open (never created here)."""
    from desktop_app import paths
    from desktop_app.storage.database import open_database, require_ours
    from desktop_app.storage.lock import DatabaseLock

    path = Path(text).expanduser()
    if not path.exists():
        raise UserError(f"数据库文件不存在:{path}")
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹,不是数据库文件")
    with DatabaseLock(path):
        require_ours(path)
        db = open_database(path, backup_dir=paths.backup_dir(path))
        try:
            yield db
        finally:
            db.close()


def _whole_file_error(name: str, exc: UserError) -> dict[str, object]:
    return {"sheet": Path(name).name, "row": 0, "column": "", "message": str(exc)}


def _print_json(value: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=1) + "\n")


def _print_text(result, batch: int | None, dry_run: bool) -> None:
    for what, counts in result.counts.items():
        parts = "、".join(f"{COUNT_WORDS[a]} {n}" for a, n in counts.items() if n)
        print(f"{WHAT.get(what, what)}:{parts or '无'}")
    if "by_status" in result.summary:
        states = "、".join(f"{k} {v}" for k, v in result.summary["by_status"].items())
        print(
            f"问题 {result.summary['problems']} 个,措施 {result.summary['measures']} 项({states})"
        )
    for warning in result.warnings:
        print(f"提示:{warning}")
    errors = result.all_errors()
    for error in errors:
        print(f"错误:{error.text()}")
    if errors:
        print(f"共 {len(errors)} 处错误,未写入任何数据。")
    elif dry_run:
        print("预览完成(--dry-run),未写入任何数据。")
    elif batch is not None:
        print(f"已导入(第 {batch} 批;如需撤销:import undo {batch} --db 数据库)。")
