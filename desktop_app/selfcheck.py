"""``python -m desktop_app --self-check``: prove that this installation works end to end.

The checks create a fresh database in a temporary folder whose path holds Chinese characters
and a space, migrate it, fill it with demo data, write the rectification ledger (xlsx) and
report (pdf) through the export registry, read both back, and start the Qt platform with the
main window. Each check prints one line, ``[通过] 名称:详情`` or ``[失败] 名称:原因``; the exit
code is 0 only when every check passes. The user's own database is never opened.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app import paths
from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

PASSED = "[通过]"
FAILED = "[失败]"
EXIT_OK = 0
EXIT_FAILED = 1
LEDGER_EXPORT = "rectification-ledger"
REPORT_EXPORT = "rectification-report"
LEDGER_HEADER = "问题描述"
REPORT_HEADING = "问题整改情况"
REQUIRED_RESOURCES = ("style.qss", "icons/app.png", "icons/app.ico")
_TEXT_PAGES = 5  # the report's heading is on its first page; read at most this many


class CheckFailed(Exception):
    """A check found something wrong; ``str()`` is the Chinese reason."""


@dataclass
class _State:
    """What the checks share: the temporary folder, the database, what passed."""

    folder: Path
    db_path: Path
    db: Database | None = None
    passed: set[str] = field(default_factory=set)

    def database(self) -> Database:
        """The open self-check database."""
        if self.db is None:
            raise CheckFailed("数据库未打开")
        return self.db


@dataclass(frozen=True)
class _Check:
    """One line of the self-check: its name, what it does, what it needs to have passed."""

    name: str
    run: Callable[[_State], str]
    needs: tuple[str, ...] = ()


# -- the checks ------------------------------------------------------------------------
def _check_data_folder(_state: _State) -> str:
    folder = paths.data_dir()
    probe = folder / f".selfcheck-{os.getpid()}"
    probe.write_bytes(b"ok")
    probe.unlink()
    return f"可以写入 {folder}"


def _check_resources(_state: _State) -> str:
    folder = paths.resources_dir()
    missing = [name for name in REQUIRED_RESOURCES if not (folder / name).is_file()]
    if missing:
        raise CheckFailed(f"在 {folder} 中缺少 {'、'.join(missing)}")
    return str(folder)


def _check_fonts(_state: _State) -> str:
    from desktop_app.formats.fonts import ROLE_NAMES, ROLES, load_fonts

    found = load_fonts()
    return "、".join(f"{ROLE_NAMES[role]} {found.paths[role].name}" for role in ROLES)


def _check_database(state: _State) -> str:
    from desktop_app.storage import database, migrations

    state.db = database.open_database(state.db_path, backup_dir=paths.backup_dir(state.db_path))
    pending = migrations.pending_names(state.db.conn)
    if pending:
        raise CheckFailed(f"仍有 {len(pending)} 个结构迁移未完成")
    return f"已建立并完成 {len(migrations.known_names())} 个结构迁移:{state.db_path}"


def _check_demo(state: _State) -> str:
    from desktop_app.demo import create_demo, describe_counts

    counts = create_demo(state.database(), scale=1)
    if not counts.get("problems"):
        raise CheckFailed("没有生成任何问题")
    return describe_counts(counts)


def _export(state: _State, name: str, file_name: str, raw: dict[str, Any]) -> tuple[Path, int]:
    from desktop_app import exports

    exports.load_all()
    spec = exports.get_export(name)
    out = state.folder / file_name
    count = spec.run(state.database(), out, exports.parse_options(spec, raw), None, None)
    if not out.is_file() or out.stat().st_size == 0:
        raise CheckFailed(f"没有生成文件 {out.name}")
    return out, count


def _check_ledger(state: _State) -> str:
    from openpyxl import load_workbook

    out, rows = _export(state, LEDGER_EXPORT, "整改 工作台账.xlsx", {})
    book = load_workbook(out, read_only=True)
    try:
        found = any(
            LEDGER_HEADER in (str(v) for v in row if v is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(max_row=10, values_only=True)
        )
    finally:
        book.close()
    if not found:
        raise CheckFailed(f"读回的表格中没有“{LEDGER_HEADER}”表头")
    return f"{rows} 行,读回表头含“{LEDGER_HEADER}”"


def _smallest_inspection(db: Database) -> int:
    """The inspection with the fewest problems (a short report is enough to prove it)."""
    from desktop_app.domain.rectification import WarningRules
    from desktop_app.storage.rectification import queries

    def problems(inspection_id: int) -> int:
        flt = queries.ProblemFilter(inspection_id=inspection_id)
        return queries.summary(db, flt, date.today(), WarningRules()).problems

    ids = [insp.id for insp in queries.list_inspections(db) if insp.id is not None]
    sizes = [(count, i) for i in ids if (count := problems(i))]
    if not sizes:
        raise CheckFailed("没有可通报的巡察")
    return min(sizes)[1]


def _check_report(state: _State) -> str:
    inspection = _smallest_inspection(state.database())
    out, pages = _export(state, REPORT_EXPORT, "整改 进展通报.pdf", {"inspection": inspection})
    fonts = check_pdf(out, REPORT_HEADING)
    return f"{pages} 页,读回正文含“{REPORT_HEADING}”,{fonts} 个字体均已嵌入"


def check_pdf(path: Path, expected_text: str) -> int:
    """Read a PDF back: the text holds ``expected_text``, every font is embedded; font count."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = "".join(page.extract_text() or "" for page in reader.pages[:_TEXT_PAGES])
    if expected_text not in text:
        raise CheckFailed(f"读回的 PDF 正文中没有“{expected_text}”")
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        _collect_fonts(page.get("/Resources"), fonts, set())
    if not fonts:
        raise CheckFailed("PDF 中没有字体")
    missing = sorted(name for name, embedded in fonts.items() if not embedded)
    if missing:
        raise CheckFailed(f"以下字体没有嵌入 PDF:{'、'.join(missing)}")
    return len(fonts)


def _collect_fonts(resources: Any, fonts: dict[str, bool], seen: set[int]) -> None:
    """Fonts of a resource dictionary and its form XObjects: base name -> embedded."""
    resources = resources.get_object() if resources is not None else None
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if font.get("/Subtype") == "/Type0":
            descendant = font["/DescendantFonts"].get_object()[0].get_object()
            descriptor = descendant.get("/FontDescriptor")
        else:
            descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        fonts[str(font.get("/BaseFont", "?")).lstrip("/")] = embedded
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _collect_fonts(xobject.get("/Resources"), fonts, seen)


def _check_gui(state: _State) -> str:
    if sys.platform.startswith("linux") and not (
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    ):
        raise CheckFailed("没有可用的显示;无界面环境请设置 QT_QPA_PLATFORM=offscreen")
    from desktop_app.ui.app import application, open_context
    from desktop_app.ui.main_window import MainWindow

    app = application()
    context = open_context(state.db_path)
    errors: list[BaseException] = []
    previous_hook = sys.excepthook
    # Qt reports an exception raised in a slot (a page built on navigation) through the hook.
    sys.excepthook = lambda _type, exc, _tb: errors.append(exc)
    try:
        window = MainWindow(context)
        pages = window.nav.count()
        for row in range(pages):
            window.nav.setCurrentRow(row)  # builds every page, as a click would
        app.processEvents()
        title = window.windowTitle()
        window.deleteLater()
        app.processEvents()
    finally:
        sys.excepthook = previous_hook
        context.close()
    if errors:
        raise CheckFailed(f"界面出错:{_reason(errors[0])}")
    qt_version = getattr(sys.modules.get("PySide6"), "__version__", "?")
    return f"Qt {qt_version},平台 {app.platformName()},主窗口“{title}”及 {pages} 个页面可以打开"


CHECKS: tuple[_Check, ...] = (
    _Check("数据文件夹", _check_data_folder),
    _Check("资源文件", _check_resources),
    _Check("中文字体", _check_fonts),
    _Check("临时数据库", _check_database),
    _Check("示例数据", _check_demo, ("临时数据库",)),
    _Check("整改工作台账(Excel)", _check_ledger, ("示例数据",)),
    _Check("整改进展情况通报(PDF)", _check_report, ("示例数据", "中文字体")),
    _Check("图形界面", _check_gui, ("示例数据",)),
)


# -- running ---------------------------------------------------------------------------
def _reason(exc: BaseException) -> str:
    """One line saying why a check failed."""
    if isinstance(exc, CheckFailed | UserError):
        text = str(exc)
    elif isinstance(exc, OSError) and exc.filename:
        text = f"无法访问“{exc.filename}”:{exc.strerror or exc}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())


def _run_one(check: _Check, state: _State) -> str:
    """The check's output line; records it as passed when it did."""
    blocked = [need for need in check.needs if need not in state.passed]
    if blocked:
        return f"{FAILED} {check.name}:未执行,因为“{'、'.join(blocked)}”未通过"
    try:
        detail = check.run(state)
    except Exception as exc:  # every failure becomes one line; details go to the log
        log.warning("self-check %s failed", check.name, exc_info=True)
        return f"{FAILED} {check.name}:{_reason(exc)}"
    state.passed.add(check.name)
    return f"{PASSED} {check.name}:{detail}"


def _console_print(line: str) -> None:
    """Print a line even when the console's encoding cannot show Chinese."""
    stream = sys.stdout
    if stream is None:  # a windowed build started without redirected output
        return
    try:
        line.encode(stream.encoding or "utf-8")
    except (LookupError, UnicodeEncodeError):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    print(line, file=stream, flush=True)


def run(out: Callable[[str], None] = print) -> int:
    """Run every check, one line each through ``out``; 0 only when all pass."""
    write = _console_print if out is print else out
    folder = Path(tempfile.mkdtemp(prefix="法治台账 自检-"))
    state = _State(folder=folder, db_path=folder / "自检 数据.db")
    failed = 0
    try:
        for check in CHECKS:
            line = _run_one(check, state)
            failed += line.startswith(FAILED)
            log.info("self-check %s", line)
            write(line)
    finally:
        if state.db is not None:
            state.db.close()
        shutil.rmtree(folder, ignore_errors=True)
    return EXIT_OK if failed == 0 else EXIT_FAILED
