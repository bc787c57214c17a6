"""The home page's 尚无任何备份 reminder leaves once a backup is made (menu or start-up)."""

from __future__ import annotations

from desktop_app.ui.tasks import running_tasks

NO_BACKUP = "尚无任何备份"


def _digest(window) -> list[str]:
    home = window.home
    return [home.digest.item(i).text() for i in range(home.digest.count())]


def _loaded_without_backup(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.home.loaded, timeout=30000)
    assert any(NO_BACKUP in text for text in _digest(window))


def test_a_backup_from_the_menu_clears_the_reminder(qtbot, window, messages) -> None:
    _loaded_without_backup(qtbot, window)
    window.backup_now()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30000)
    assert any("已备份到" in text for text in messages.texts("information"))
    assert not any(NO_BACKUP in text for text in _digest(window))
    assert window.home.digest_count.text() == "今天没有需要提醒的事项。"


def test_the_automatic_backup_at_start_clears_the_reminder(qtbot, ctx, show, messages) -> None:
    from desktop_app.ui.main_window import MainWindow

    window = show(MainWindow(ctx), (1400, 900))
    _loaded_without_backup(qtbot, window)
    window.start_automatic_backup()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30000)
    assert "已自动备份" in window.statusBar().currentMessage()
    assert not any(NO_BACKUP in text for text in _digest(window))
