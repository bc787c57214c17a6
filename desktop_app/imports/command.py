"""``python -m desktop_app import KIND FILE --db DB [--sheet NAME] [--dry-run] [--json]``."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from desktop_app.domain.errors import UserError

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


def run(args: argparse.Namespace) -> int:
    """Preview (and unless --dry-run, write) one import; 0 when it would import, 2 with errors."""
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
        print(f"已导入(第 {batch} 批,可在界面“文件 → 导入…”中整批撤销)。")
