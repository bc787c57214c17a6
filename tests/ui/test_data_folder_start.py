"""Starting the window with a data folder that cannot be used: a message box, exit 2."""

from __future__ import annotations

from desktop_app import cli
from tests.ui.helpers import Messages


def test_gui_start_with_an_unusable_data_folder_says_why(qtbot, monkeypatch, capsys) -> None:
    shown = Messages(monkeypatch)  # the start's message box, recorded instead of shown
    monkeypatch.setenv("LAWLEDGER_DATA_DIR", "~nouser_lawledger/数据")
    assert cli.main([]) == cli.EXIT_USER_ERROR
    [(kind, text)] = shown.shown
    assert kind == "critical"
    folder = "数据文件夹“~nouser_lawledger/数据”(环境变量 LAWLEDGER_DATA_DIR)"
    assert text.startswith(f"{folder}无法使用")
    assert "无法确定“~用户名”所指的用户主文件夹" in text
    err = capsys.readouterr().err
    assert "Traceback" not in err and "无法使用" in err
