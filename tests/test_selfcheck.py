"""``--self-check``: one line per check, exit 0 only when every check passes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from desktop_app import cli, exports, selfcheck
from desktop_app.domain.errors import UserError
from desktop_app.formats import fonts


def _run() -> tuple[int, list[str]]:
    lines: list[str] = []
    return selfcheck.run(lines.append), lines


def _line(lines: list[str], name: str) -> str:
    [line] = [line for line in lines if line.split(" ", 1)[1].startswith(f"{name}:")]
    return line


def _only_database_and_gui(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run just the database and GUI checks (the GUI needs a migrated file, not demo data)."""
    checks = [c for c in selfcheck.CHECKS if c.name in ("临时数据库", "图形界面")]
    monkeypatch.setattr(
        selfcheck, "CHECKS", (checks[0], dataclasses.replace(checks[1], needs=("临时数据库",)))
    )


def test_every_check_passes_through_the_command_line(capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["--self-check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(selfcheck.CHECKS)
    assert all(line.startswith("[通过] ") for line in lines), lines
    assert "读回表头含“问题描述”" in _line(lines, "整改工作台账(Excel)")
    assert "读回正文含“问题整改情况”" in _line(lines, "整改进展情况通报(PDF)")
    assert "均已嵌入" in _line(lines, "整改进展情况通报(PDF)")
    assert "平台 offscreen" in _line(lines, "图形界面")
    # the database lived in a folder whose path holds Chinese characters and a space,
    # and nothing is left behind
    db_path = Path(_line(lines, "临时数据库").split("个结构迁移:", 1)[1])
    assert db_path.name == "自检 数据.db" and "法治台账 自检" in db_path.parent.name
    assert not db_path.parent.exists()


def test_missing_fonts_fail_the_check_and_the_exit_code(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "default_search_dirs", lambda: [tmp_path / "没有字体"])
    code, lines = _run()
    assert code == 1
    assert len(lines) == len(selfcheck.CHECKS)
    assert _line(lines, "中文字体").startswith("[失败] 中文字体:未找到可用的中文字体")
    assert "未执行" in _line(lines, "整改进展情况通报(PDF)")
    assert _line(lines, "整改工作台账(Excel)").startswith("[通过]")


def test_a_failing_export_fails_its_check(monkeypatch) -> None:
    exports.load_all()
    ledger = exports.EXPORTS["rectification-ledger"]

    def broken(*_args) -> int:
        raise UserError("磁盘空间不足")

    monkeypatch.setitem(exports.EXPORTS, ledger.name, dataclasses.replace(ledger, run=broken))
    code, lines = _run()
    assert code == 1
    assert _line(lines, "整改工作台账(Excel)") == "[失败] 整改工作台账(Excel):磁盘空间不足"
    assert sum(line.startswith("[失败]") for line in lines) == 1


def test_an_export_that_writes_nothing_fails(monkeypatch) -> None:
    exports.load_all()
    report = exports.EXPORTS["rectification-report"]
    monkeypatch.setitem(
        exports.EXPORTS, report.name, dataclasses.replace(report, run=lambda *_args: 3)
    )
    code, lines = _run()
    assert code == 1
    assert "没有生成文件" in _line(lines, "整改进展情况通报(PDF)")


def test_a_pdf_with_a_font_that_is_not_embedded_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "通报 草稿.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "Overall situation")
    canvas.save()
    with pytest.raises(selfcheck.CheckFailed, match="Helvetica"):
        selfcheck.check_pdf(path, "Overall")
    with pytest.raises(selfcheck.CheckFailed, match="没有“总体情况”"):
        selfcheck.check_pdf(path, "总体情况")


def test_without_a_display_the_gui_check_says_what_to_set(monkeypatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    _only_database_and_gui(monkeypatch)
    code, lines = _run()
    assert code == 1
    assert lines[0].startswith("[通过] 临时数据库")
    assert lines[1] == "[失败] 图形界面:没有可用的显示;无界面环境请设置 QT_QPA_PLATFORM=offscreen"


def test_a_page_that_cannot_be_built_fails_the_gui_check(monkeypatch) -> None:
    from desktop_app.ui.audit import page as audit_page

    def broken(self, ctx) -> None:
        raise RuntimeError("页面无法创建")

    monkeypatch.setattr(audit_page.AuditPage, "__init__", broken)
    _only_database_and_gui(monkeypatch)
    code, lines = _run()
    assert code == 1
    assert lines[1] == "[失败] 图形界面:界面出错:RuntimeError: 页面无法创建"
