"""Every tile of the home page, clicked on the demo data: the list it opens, with the filter it
shows, holds what the tile counts, and both agree with the records counted here on their own
(plain SQL over the tables, the domain's warning rules); each kind of reminder opens its place."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from desktop_app.demo import create_demo
from desktop_app.domain.personnel import CertWarning, certificate_warning, worst_warning
from desktop_app.domain.rectification import Alert, Status, warning_for
from desktop_app.storage.personnel import queries as roster_queries
from desktop_app.storage.settings import read_certificate_rules, read_warning_rules
from desktop_app.ui.main_window import MainWindow

RECTIFICATION_TILES = ["open", "overdue", "near", "stalled", "rate", "reports", "repeats"]
CERTIFICATE_TILES = {
    "expired": CertWarning.EXPIRED,
    "expiring": CertWarning.EXPIRING,
    "review": CertWarning.REVIEW_DUE,
    "cancel": CertWarning.SHOULD_CANCEL,
}


@pytest.fixture
def home(show, ctx, messages, monkeypatch, qtbot):
    """The main window on the demo data of ``ctx``'s day, its home page read."""
    create_demo(ctx.db, scale=1, today=ctx.today())
    monkeypatch.setattr(MainWindow, "start_automatic_backup", lambda self: None)
    window = show(MainWindow(ctx), (1366, 768))
    qtbot.waitUntil(lambda: window.home.loaded, timeout=30000)
    return window


def _alert(row, today: date, rules) -> Alert:
    activity = date.fromisoformat(row["last_progress"] or row["created_at"][:10])
    due = date.fromisoformat(row["deadline"]) if row["deadline"] else None
    return warning_for(Status(row["status"]), due, activity, today, rules)


def _carriers(ctx) -> dict[Alert, set[int]]:
    """Problems carrying each warning (it or one of its measures), by the domain's rule."""
    conn, today = ctx.conn, ctx.today()
    rules = read_warning_rules(conn)
    conn.row_factory = None
    columns = "status, deadline, last_progress, created_at"
    found: dict[Alert, set[int]] = {a: set() for a in Alert if a != Alert.NONE}
    for table, owner in (("problems", "id"), ("measures", "problem_id")):
        cursor = conn.execute(f"SELECT {owner}, {columns} FROM {table}")
        for pid, *values in cursor.fetchall():
            alert = _alert(dict(zip(columns.split(", "), values, strict=True)), today, rules)
            if alert != Alert.NONE:
                found[alert].add(pid)
    return found


def _sql(ctx, sql: str, *params) -> int:
    return int(ctx.conn.execute(sql, params).fetchone()[0])


def _expected_rectification(ctx, key: str) -> tuple[int, str]:
    """(problems the list must show, the tile's own figure) counted here."""
    total = _sql(ctx, "SELECT count(*) FROM problems")
    if key == "open":
        n = _sql(ctx, "SELECT count(*) FROM problems WHERE status IN ('未启动', '整改中')")
        return n, str(n)
    if key in ("overdue", "near", "stalled"):
        alert = {"overdue": Alert.OVERDUE, "near": Alert.NEAR, "stalled": Alert.STALLED}[key]
        n = len(_carriers(ctx)[alert])
        return n, str(n)
    if key == "rate":
        done = _sql(ctx, "SELECT count(*) FROM problems WHERE status = '已完成'")
        return total, f"{round(100 * done / total, 1):g}%"
    if key == "repeats":
        n = _sql(
            ctx, "SELECT count(DISTINCT problem_id) FROM problem_repeats WHERE state = '待确认'"
        )
        return n, str(n)
    # reports: inspections whose report falls due within the lead days, with open problems
    today, lead = ctx.today(), read_warning_rules(ctx.conn).lead_days
    due = ctx.conn.execute(
        "SELECT i.id FROM inspections i WHERE i.report_due BETWEEN ? AND date(?, ?)"
        " AND EXISTS (SELECT 1 FROM problems p WHERE p.inspection_id = i.id"
        " AND p.status IN ('未启动', '整改中')) ORDER BY i.report_due, i.id",
        [today.isoformat(), today.isoformat(), f"+{lead} days"],
    ).fetchall()
    if not due:
        return total, "0"
    first = _sql(ctx, "SELECT count(*) FROM problems WHERE inspection_id = ?", due[0][0])
    return first, str(len(due))


@pytest.mark.parametrize("key", RECTIFICATION_TILES)
def test_each_rectification_tile_opens_the_list_it_counts(home, ctx, key: str) -> None:
    rows, figure = _expected_rectification(ctx, key)
    tile = home.home.tiles[key]
    assert tile.value.text() == figure
    tile.click()
    page = home.rectification
    assert home.stack.currentWidget() is page
    shown = {name: combo.currentText() for name, combo in page.filters.items()}
    wanted = tile.target.filters
    for name, combo in page.filters.items():
        if name in wanted:
            assert combo.currentData() == wanted[name] or shown[name] == wanted[name]
        else:
            assert combo.currentIndex() == 0, f"{name} left set to {shown[name]}"
    if "inspection" not in wanted:
        assert page.inspection_id() is None  # all inspections
    else:
        assert page.inspection_id() == wanted["inspection"]
    assert page.problems.rowCount() == rows
    assert f"共 {rows} 个问题" in page.summary.text()


def _person_warnings(ctx) -> dict[CertWarning, int]:
    """Persons by their most urgent certificate warning, by the domain's rule."""
    rules = read_certificate_rules(ctx.conn)
    today = ctx.today()
    counts = dict.fromkeys(CertWarning, 0)
    for pid, status in ctx.conn.execute("SELECT id, status FROM persons").fetchall():
        certificates = roster_queries.certificates_of(ctx.conn, pid)
        found = [certificate_warning(c, status, today, rules) for c in certificates]
        counts[worst_warning(found)] += 1
    return counts


def test_each_certificate_tile_opens_the_roster_it_counts(home, ctx) -> None:
    counts = _person_warnings(ctx)
    assert sum(counts[w] for w in CERTIFICATE_TILES.values()) > 0
    for key, warning in CERTIFICATE_TILES.items():
        tile = home.home.tiles[key]
        assert tile.value.text() == str(counts[warning])
        tile.click()
        page = home.personnel
        assert home.stack.currentWidget() is page
        assert page.filters["condition"].currentText() == warning.value
        assert page.roster.rowCount() == counts[warning]
        home.open_page("home")


def test_the_valid_certificates_tile_counts_certificates_in_force(home, ctx) -> None:
    today = ctx.today().isoformat()
    in_force = _sql(
        ctx,
        "SELECT count(*) FROM certificates WHERE status = '有效'"
        " AND (valid_until IS NULL OR valid_until >= ?)",
        today,
    )
    holders = _sql(
        ctx,
        "SELECT count(DISTINCT person_id) FROM certificates WHERE status = '有效'"
        " AND (valid_until IS NULL OR valid_until >= ?)",
        today,
    )
    tile = home.home.tiles["valid"]
    assert tile.value.text() == str(in_force)
    tile.click()
    page = home.personnel
    assert page.filters["cert_status"].currentText() == "有效"
    assert page.roster.rowCount() == holders  # the persons who hold them


def test_the_training_tiles_count_the_years_sessions_and_hours(home, ctx) -> None:
    year = ctx.today().year
    start, end = f"{year}-01-01", f"{year + 1}-01-01"
    sessions = _sql(
        ctx, "SELECT count(*) FROM training_sessions WHERE date >= ? AND date < ?", start, end
    )
    hours = ctx.conn.execute(
        "SELECT COALESCE(SUM(a.hours), 0) FROM training_attendance a JOIN training_sessions s"
        " ON s.id = a.session_id WHERE s.date >= ? AND s.date < ? AND a.status = '出席'",
        [start, end],
    ).fetchone()[0]
    tiles = home.home.tiles
    assert tiles["sessions"].value.text() == f"{sessions} 次"
    assert tiles["hours"].value.text().startswith(f"{hours:g}")
    tiles["hours"].click()
    page = home.training
    assert home.stack.currentWidget() is page and page.year.currentData() == year
    assert page.sessions.rowCount() == sessions


def test_each_kind_of_reminder_opens_its_place(home, ctx, monkeypatch) -> None:
    page = home.home
    kinds = {r.kind for r in page.reminder_list}
    assert {"逾期", "备份"} <= kinds  # the demo's late items; no backup made yet
    acted: list[str] = []
    monkeypatch.setattr(type(home), "backup_now", lambda self: acted.append("backup"))
    row = next(i for i, r in enumerate(page.reminder_list) if r.kind == "备份")
    assert "尚无任何备份" in page.digest.item(row).text()
    page.open_reminder(row)
    assert acted == ["backup"]
    for kind, where in (("整改报告", "rectification"), ("学时", "training")):
        found = [i for i, r in enumerate(page.reminder_list) if r.kind == kind]
        if found:
            page.open_reminder(found[0])
            assert home.stack.currentWidget() is getattr(home, where)
            home.open_page("home")


def test_an_old_backup_is_in_the_digest_and_a_fresh_one_is_not(home, ctx, monkeypatch) -> None:
    page = home.home
    today = ctx.today()
    old = datetime(today.year, today.month, today.day, 9) - timedelta(days=9)
    monkeypatch.setattr(type(page), "_last_backup", lambda self: old)
    page.show_reminders()
    texts = [page.digest.item(i).text() for i in range(page.digest.count())]
    assert any("最近一次备份是 9 天前" in t for t in texts)
    monkeypatch.setattr(type(page), "_last_backup", lambda self: old + timedelta(days=3))
    page.show_reminders()
    texts = [page.digest.item(i).text() for i in range(page.digest.count())]
    assert not any("备份" in t for t in texts)


def test_the_tiles_painted_before_the_read_are_those_the_figures_fill(show, ctx) -> None:
    from desktop_app.storage.home import RectificationHome, StaffHome
    from desktop_app.ui.home import digest
    from desktop_app.ui.home.loader import HomeData
    from desktop_app.ui.home.page import HomePage

    page = show(HomePage(ctx))
    before = {key: frame.title.text() for key, frame in page.tiles.items()}
    year = ctx.today().year
    nothing = HomeData(ctx.today(), RectificationHome(), StaffHome(year=year))
    assert {tile.key: tile.title for tile in digest.tiles(nothing)} == before
    assert list(before) == [t.key for t in digest.tiles(nothing)]  # in the page's order
    assert before["sessions"] == f"{year}年学法培训" and before["expired"] == "已过期"
    page.tiles["open"].click()  # nothing to open before the figures are read: no error
