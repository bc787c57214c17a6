"""The command line: start the GUI, or run headless commands on the same services.

``python -m desktop_app [--db 文件]`` starts the GUI; ``demo``, ``export``, ``backup`` and
``restore`` work without it. A user mistake gives exactly one Chinese line on stderr and
exit code 2 (3 when another window holds the database); an unexpected error gives one line
naming the log file that holds the traceback (exit code 1).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from desktop_app import APP_NAME, __version__, paths
from desktop_app.domain.errors import UserError, os_error_reason
from desktop_app.lazy import lazy_import
from desktop_app.logs import setup_logging
from desktop_app.registers import REGISTERS, resolve
from desktop_app.storage import database, migrations
from desktop_app.storage.lock import DatabaseInUseError, DatabaseLock

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.exports import ExportSpec

# The export registry (and the export modules it loads) only for the export command.
exports = lazy_import("desktop_app.exports")

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USER_ERROR = 2
EXIT_IN_USE = 3
MAX_SCALE = 100

log = logging.getLogger(__name__)


class CommandLineError(UserError):
    """A mistake in the command-line arguments."""


_ARGPARSE_MESSAGES = (
    (r"unrecognized arguments: (.+)", "无法识别的参数 {0}"),
    (r"the following arguments are required: (.+)", "缺少必需的参数 {0}"),
    (
        r"argument 命令: invalid choice: '?(.*?)'? \(choose from (.+)\)",
        "没有“{0}”这个命令(可用:{1})",
    ),
    (r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.+)\)", "{0} 不能是“{1}”,可选:{2}"),
    (r"argument (\S+): expected one argument", "{0} 后面缺少取值"),
    (r"argument (\S+): ignored explicit argument '(.*)'", "{0} 不接受取值“{1}”"),
    (r"argument (\S+): not allowed with argument (\S+)", "{0} 不能与 {1} 同时使用"),
    (r"ambiguous option: (\S+) could match (.+)", "选项 {0} 不明确,可能是 {1}"),
    (r"argument (\S+): (.+)", "{0}:{1}"),
)


def _translate(message: str) -> str:
    for pattern, text in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message.strip(), flags=re.S)
        if match:
            return text.format(*(g.replace("'", "") for g in match.groups()))
    return message.strip()


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose mistakes become one Chinese line instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        """Raise a CommandLineError; ``main`` prints it as one line."""
        raise CommandLineError(f"命令行参数有误:{_translate(message)},请用 --help 查看用法")


def _scale(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"应为 1 到 {MAX_SCALE} 之间的整数,收到“{text}”")
    return value


# -- parser --------------------------------------------------------------------
def build_parser(
    with_exports: bool = False, wanted: Collection[str] = ()
) -> argparse.ArgumentParser:
    """The argument parser; ``with_exports`` loads the export registry for its options, and a
    register's own command named in ``wanted`` (the arguments) gets its options."""
    parser = _Parser(
        prog="python -m desktop_app",
        description=f"{APP_NAME}:巡察整改、执法人员、学法培训台账和双随机抽查。不带命令时启动图形界面。",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="文件", help="打开指定的数据库文件(默认在用户数据文件夹)")
    parser.add_argument(
        "--self-check",
        dest="run",
        action="store_const",
        const=_run_self_check,
        help="自检:在临时数据库上检查建库、导出、读回、字体和界面,全部通过时退出码为 0",
    )
    parser.set_defaults(run=_run_gui)
    commands = parser.add_subparsers(dest="command", metavar="命令", title="命令")

    demo = commands.add_parser("demo", help="生成演示数据库", description="生成演示数据库")
    demo.add_argument("--db", required=True, metavar="文件", help="新数据库文件(不能已有数据)")
    demo.add_argument(
        "--scale", type=_scale, default=1, metavar="N", help="规模倍数 1–100,约 N×1000 个问题"
    )
    demo.set_defaults(run=_run_demo)

    export = commands.add_parser("export", help="导出台账或通报", description="导出台账或通报")
    export.add_argument("name", nargs="?", metavar="名称", help="导出名称(见 --list)")
    export.add_argument("--list", action="store_true", help="列出可用的导出及其选项")
    export.add_argument("--db", metavar="文件", help="数据库文件(必须已存在)")
    export.add_argument("--out", metavar="文件", help="输出文件")
    if with_exports:
        exports.load_all()
        _add_export_options(export)
    export.set_defaults(run=_run_export)

    backup = commands.add_parser("backup", help="备份数据库", description="备份数据库")
    backup.add_argument("--db", required=True, metavar="文件", help="数据库文件")
    backup.add_argument("--to", metavar="文件夹", help="备份文件夹(默认:数据库旁的 backups)")
    backup.set_defaults(run=_run_backup)

    restore = commands.add_parser("restore", help="从备份恢复", description="从备份恢复")
    restore.add_argument("--db", required=True, metavar="文件", help="要恢复的数据库文件")
    restore.add_argument("--from", dest="source", required=True, metavar="备份文件")
    restore.set_defaults(run=_run_restore)

    imported = commands.add_parser("import", help="导入已有的台账或反馈意见", description="导入")
    kinds = (*IMPORT_KINDS, *IMPORT_ACTIONS)
    imported.add_argument(
        "kind", choices=kinds, metavar="种类", help="/".join(kinds) + "(list 列出导入,undo 撤销)"
    )
    imported.add_argument(
        "file", nargs="?", metavar="文件", help=".xlsx .xls .csv .docx .txt 文件;undo 时为批次号"
    )
    imported.add_argument("--db", required=True, metavar="文件", help="数据库文件(不存在时新建)")
    imported.add_argument("--sheet", metavar="名称", help="工作表或表格(默认第一个有内容的)")
    imported.add_argument("--inspection", metavar="名称", help="整改台账归入的巡察(默认取标题)")
    imported.add_argument("--dry-run", action="store_true", help="只预览,不写入")
    imported.add_argument("--json", action="store_true", help="以一个 JSON 对象输出结果")
    imported.add_argument("--force", action="store_true", help="undo:连同导入后的修改一并撤销")
    imported.set_defaults(run=_run_import)

    for register in REGISTERS:  # a register's own command (registers.Command), filled when used
        if register.command is not None:
            name, text = register.command.name, register.command.help
            own = commands.add_parser(name, help=text, description=text)
            if name in wanted:
                resolve(register.command.build)(own)
    return parser


def _option_dest(name: str) -> str:
    return "opt_" + name.replace("-", "_")


def _add_export_options(parser: argparse.ArgumentParser) -> None:
    """One ``--name`` per distinct option of the registered exports."""
    users: dict[str, list[ExportSpec]] = {}
    for spec in exports.EXPORTS.values():
        for option in spec.options:
            users.setdefault(option.name, []).append(spec)
    for name, specs in users.items():
        option = next(o for o in specs[0].options if o.name == name)
        used_by = "、".join(s.name for s in specs)
        help_text = f"{option.help}(用于 {used_by})"
        if all(o.kind == "flag" for s in specs for o in s.options if o.name == name):
            parser.add_argument(
                f"--{name}", dest=_option_dest(name), action="store_true", help=help_text
            )
        else:
            parser.add_argument(f"--{name}", dest=_option_dest(name), metavar="值", help=help_text)


# -- commands --------------------------------------------------------------------
def _run_gui(args: argparse.Namespace) -> int:
    try:
        db_path = _user_path(args.db) if args.db else paths.default_db_path()
    except paths.DataFolderError as exc:  # started from a shortcut there is no console
        log.info("refused: %s", exc)
        _say(str(exc))
        from desktop_app.ui import messages
        from desktop_app.ui.app import application

        application()
        messages.fail(None, APP_NAME, str(exc))
        return EXIT_USER_ERROR
    if db_path.is_dir():
        raise UserError(f"“{db_path}”是一个文件夹,请给出数据库文件名")
    try:
        from desktop_app.ui.app import run_gui
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(("desktop_app.ui", "PySide6")):
            raise UserError(f"无法启动图形界面:缺少组件 {exc.name}") from None
        raise
    return int(run_gui(db_path) or 0)


def _run_self_check(_args: argparse.Namespace) -> int:
    from desktop_app import selfcheck

    return selfcheck.run()


def _run_demo(args: argparse.Namespace) -> int:
    from desktop_app.demo import create_demo, describe_counts

    db_path = _user_path(args.db)
    if db_path.is_dir():
        raise UserError(f"“{db_path}”是一个文件夹,请给出数据库文件名")
    started = time.perf_counter()
    database.inspect_file(db_path)  # another program's file: refused before a lock file appears
    with DatabaseLock(db_path):
        _refuse_existing_data(db_path)
        db = database.open_database(db_path, backup_dir=paths.backup_dir(db_path))
        try:
            counts = create_demo(db, args.scale, progress=_progress_printer("生成演示数据"))
        finally:
            db.close()
    _end_progress()
    seconds = time.perf_counter() - started
    print(f"已生成演示数据:{describe_counts(counts)},用时 {seconds:.1f} 秒 → {db_path}")
    return EXIT_OK


def _refuse_existing_data(path: Path) -> None:
    """Demo data goes only into a new or empty database file."""
    if database.inspect_file(path) != "ours":  # another program's file is refused untouched
        return
    db = _open_readonly(path)
    try:
        if not db.table_names():
            return
        if not migrations.applied_names(db.conn):
            raise UserError(f"“{path.name}”不是法治台账的数据库;演示数据只能写入新的数据库文件")
        empty = database.is_empty(db.conn)
    finally:
        db.close()
    if not empty:
        raise UserError(f"“{path.name}”中已有数据,演示数据不会写入;请换一个新的文件名(如 演示.db)")


def _run_export(args: argparse.Namespace) -> int:
    if args.list:
        return _list_exports()
    if not args.name:
        raise UserError("请给出导出名称;可用的导出请用 export --list 查看")
    spec = exports.get_export(args.name)
    if not args.db:
        raise UserError("请用 --db 指定数据库文件")
    if not args.out:
        raise UserError(f"请用 --out 指定输出文件(扩展名 {spec.suffix})")
    own = {o.name for o in spec.options}
    raw = {}
    for name in {o.name for s in exports.EXPORTS.values() for o in s.options}:
        value = getattr(args, _option_dest(name), None)
        if value in (None, False):
            continue
        if name not in own:
            raise UserError(f"导出“{spec.name}”没有选项 --{name}")
        raw[name] = value
    options = exports.parse_options(spec, raw)
    out = exports.check_output_path(_user_path(args.out), exports.output_suffix(spec, options))
    if not os.access(out.parent, os.W_OK):
        raise UserError(f"没有权限写入文件夹“{out.parent}”")
    db_path = _existing_db(args.db)
    database.require_ours(db_path)  # before a lock or -wal file appears beside another's file
    _refuse_database_as_output(out, db_path)
    db, lock = _open_for_export(db_path)
    existed = out.exists()
    try:
        count = spec.run(db, out, options, _progress_printer(f"导出 {spec.title}"), None)
    except BaseException:
        if not existed:
            out.unlink(missing_ok=True)
        raise
    finally:
        db.close()
        if lock is not None:
            lock.release()
    _end_progress()
    print(f"已导出:{out}({count} 行/页)")
    return EXIT_OK


def _list_exports() -> int:
    if not exports.EXPORTS:
        print("当前版本尚无可用的导出。")
        return EXIT_OK
    for spec in exports.EXPORTS.values():
        word = any(o.name == "format" for o in spec.options)
        print(f"{spec.name}  {spec.title}(输出 {spec.suffix}{' 或 .docx' if word else ''} 文件)")
        for option in spec.options:
            value = "" if option.kind == "flag" else f" <{_KIND_LABELS.get(option.kind, '值')}>"
            print(f"    --{option.name}{value}  {option.help}")
    return EXIT_OK


_KIND_LABELS = {"date": "日期", "int": "整数", "text": "文字"}


IMPORT_KINDS = ("rectification", "personnel", "training", "feedback-text", "draws")  # imports.KINDS
IMPORT_ACTIONS = ("list", "undo")  # imports.command.ACTIONS


def _run_import(args: argparse.Namespace) -> int:
    from desktop_app.imports.command import run

    return run(args)


def _run_backup(args: argparse.Namespace) -> int:
    from desktop_app.storage.backup import make_backup

    db_path = _existing_db(args.db)
    lock = _lock_ours(db_path)
    try:
        folder = _user_path(args.to) if args.to else paths.backup_dir(db_path)
        db = database.open_database(db_path, backup_dir=paths.backup_dir(db_path), create=False)
        try:
            made = make_backup(db, folder, "manual")
        finally:
            db.close()
    finally:
        lock.release()
    print(f"已备份:{made}")
    return EXIT_OK


def _run_restore(args: argparse.Namespace) -> int:
    from desktop_app.storage.restore import restore

    db_path = _user_path(args.db)
    if db_path.is_dir():
        raise UserError(f"“{db_path}”是一个文件夹,请给出数据库文件名")
    source = _user_path(args.source)
    if not source.is_file():
        raise UserError(f"找不到备份文件“{source}”")
    database.inspect_file(db_path)  # another program's file: refused before a lock file appears
    with DatabaseLock(db_path):
        safety = restore(db_path, source, paths.backup_dir(db_path))
    kept = f";恢复前的数据已另存为 {safety}" if safety else ""
    print(f"已从备份“{source.name}”恢复到 {db_path}{kept}")
    return EXIT_OK


# -- helpers ---------------------------------------------------------------------
def _user_path(text: str) -> Path:
    """A path as typed, ``~`` expanded; a ``~name`` whose home is unknown is a UserError."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        first = text.replace("\\", "/").split("/", 1)[0]
        raise UserError(f"无法确定“{first}”所指的用户主文件夹,请写出完整路径") from None


def _existing_db(text: str) -> Path:
    path = _user_path(text)
    if not path.exists():
        raise UserError(f"数据库文件不存在:{path}")
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹,不是数据库文件")
    return path


def _lock_ours(db_path: Path) -> DatabaseLock:
    """The single-writer lock (exit 3 when held), then refuse a file that is not ours.

    A refused file keeps nothing of ours beside it: no -wal, no backup folder, and the
    lock file goes again unless it was there before.
    """
    lock_file = Path(f"{db_path}.lock")
    existed = lock_file.exists()
    lock = DatabaseLock(db_path).acquire()
    try:
        database.require_ours(db_path)
    except BaseException:
        lock.release()
        if not existed:
            lock_file.unlink(missing_ok=True)
        raise
    return lock


def _refuse_database_as_output(out: Path, db_path: Path) -> None:
    """An export never overwrites the database it reads, nor any other SQLite file."""
    if not out.exists():
        return
    if os.path.samefile(out, db_path):
        raise UserError(f"输出文件“{out}”就是数据库文件本身,导出不会覆盖它;请另选输出文件名")
    with out.open("rb") as handle:
        if handle.read(16) == b"SQLite format 3\x00":
            raise UserError(f"输出文件“{out}”是一个数据库文件,导出不会覆盖它;请另选输出文件名")


def _open_readonly(path: Path) -> Database:
    """A read-only connection, after refusing a non-SQLite or newer file."""
    database.check_is_sqlite(path)
    database.refuse_newer(path)
    return database.as_database(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True))


def _open_for_export(path: Path) -> tuple[Database, DatabaseLock | None]:
    """Read-write under the lock when it is free (exports that audit can write their row);
    read-only beside a running window, which has already brought the schema up to date."""
    try:
        lock = DatabaseLock(path).acquire()
    except DatabaseInUseError:
        db = _open_readonly(path)
        if migrations.pending_names(db.conn):
            db.close()
            raise
        return db, None
    try:
        return database.open_database(path, backup_dir=paths.backup_dir(path), create=False), lock
    except BaseException:
        lock.release()
        raise


def _progress_printer(label: str) -> Callable[[int, int], None] | None:
    """A progress line on an interactive terminal; nothing when output is redirected."""
    stream = sys.stderr
    if stream is None or not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 0
        stream.write(f"\r{label}… {percent}%")
        stream.flush()

    return show


def _end_progress() -> None:
    if sys.stderr is not None and sys.stderr.isatty():
        sys.stderr.write("\r\033[K")


def _os_error_text(exc: OSError) -> str:
    reason = os_error_reason(exc)
    if exc.filename:
        return f"无法访问“{exc.filename}”:{reason}"
    return f"文件操作失败:{reason}"


def _say(message: str) -> None:
    """One line on stderr (nothing when there is no console, as for the GUI launcher)."""
    if sys.stderr is not None:
        print(" ".join(str(message).splitlines()), file=sys.stderr)


def _home_unknown(exc: RuntimeError) -> bool:
    """Whether the error is pathlib's "Could not determine home directory" (``~nouser/``)."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return bool(frames) and frames[-1] == "expanduser"


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An error in a finaliser (a half-written file closed late) goes to the log, never as
    a stray traceback after the one line the clerk was told."""
    exc = unraisable.exc_value
    info = (type(exc), exc, unraisable.exc_traceback) if exc is not None else None
    log.warning("ignored error in %r", unraisable.object, exc_info=info)


def _safe_streams() -> None:
    """Print paths whose names are not valid UTF-8 (Linux) escaped instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m desktop_app`` and ``lawledger``; returns the exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    log_file = setup_logging()
    _safe_streams()
    previous_hook, sys.unraisablehook = sys.unraisablehook, _log_unraisable
    failed_on_file: list[BaseException] = []
    try:
        return _main(arguments, log_file, failed_on_file)
    finally:
        if failed_on_file:  # a failed write may leave half-written files to finalise
            import gc

            failed_on_file.clear()
            gc.collect()  # now, while the hook sends what they raise to the log
        sys.unraisablehook = previous_hook


def _file_error(exc: BaseException | None) -> bool:
    """Whether an OSError is the exception or among its causes (a failed write)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, OSError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _main(arguments: list[str], log_file: Path, failed_on_file: list[BaseException]) -> int:
    """``main`` without the stream and finaliser set-up: one command, one exit code; a
    failure caused by a file error is noted in ``failed_on_file``."""
    try:
        parser = build_parser(with_exports="export" in arguments, wanted=arguments)
        args = parser.parse_args(arguments)
        return args.run(args)
    except SystemExit as exc:  # --help and --version print and exit normally
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except DatabaseInUseError as exc:
        _say(str(exc))
        return EXIT_IN_USE
    except UserError as exc:
        log.info("refused: %s", exc)
        _say(str(exc))
        if _file_error(exc):
            failed_on_file.append(exc)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        _say("已中断")
        return 130
    except OSError as exc:
        log.warning("file error", exc_info=True)
        _say(_os_error_text(exc))
        failed_on_file.append(exc)
        return EXIT_USER_ERROR
    except sqlite3.DatabaseError as exc:
        log.warning("database error", exc_info=True)
        _say(f"数据库文件无法读取或已损坏:{exc}")
        return EXIT_USER_ERROR
    except UnicodeError:  # e.g. an undecodable byte of a file name (Linux) in a text option
        log.warning("undecodable argument", exc_info=True)
        _say("参数中含有无法识别的字符(可能来自编码不对的文件名),请检查后重试")
        return EXIT_USER_ERROR
    except RuntimeError as exc:
        if not _home_unknown(exc):
            log.exception("unexpected error")
            _say(f"发生意外错误({type(exc).__name__}),详细信息已写入日志:{log_file}")
            return EXIT_UNEXPECTED
        log.info("refused: unknown home folder", exc_info=True)
        _say("无法确定路径中“~用户名”所指的用户主文件夹,请写出完整路径")
        return EXIT_USER_ERROR
    except Exception as exc:
        log.exception("unexpected error")
        _say(f"发生意外错误({type(exc).__name__}),详细信息已写入日志:{log_file}")
        return EXIT_UNEXPECTED
