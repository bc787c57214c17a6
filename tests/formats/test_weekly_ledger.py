"""The weekly ledger (``--since``): a week of changes made through the repository, as the
application makes them, every one flagged and listed with its date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.period_changes import ChangeKind
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    SignOff,
    Status,
)
from desktop_app.exports import get_export, parse_options
from desktop_app.storage.rectification.period import period_changes
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.settings import write_settings

TODAY = date.today()  # the export and the audit log read the clock
SINCE = TODAY - timedelta(days=6)
LONG_AGO = (TODAY - timedelta(days=60)).isoformat()
D = {n: (TODAY - timedelta(days=n)) for n in range(30)}  # D[3]: three days ago
DEADLINE = TODAY + timedelta(days=40)
NEW_DEADLINE = TODAY + timedelta(days=70)
NEWS = 14  # 0-based column of 本期新进展
HIGHLIGHT = "E2EFDA"


def _measure(repo: RectificationRepo, problem_id: int, content: str, **fields) -> int:
    return repo.add_measure(Measure(content, problem_id=problem_id, deadline=DEADLINE, **fields))


def _done(day: date) -> dict:
    return {"status": Status.COMPLETED, "completion_date": day, "completion_way": "按期完成"}


@pytest.fixture
def week(db) -> dict[str, int]:
    """Records made long ago (dates and log moved back), then a week of changes."""
    repo = RectificationRepo(db)
    ids: dict[str, int] = {}
    write_settings(db, {"rectification.signoff_evidence": False})  # 销号 without evidence here
    ids["insp"] = repo.add_inspection(Inspection("市委第一巡察组巡察"))
    ids["A"] = repo.add_problem(Problem("学法制度落实不到位", inspection_id=ids["insp"]))
    ids["B"] = repo.add_problem(Problem("没有变化的问题", inspection_id=ids["insp"]))
    ids["quiet"] = repo.add_inspection(Inspection("2022年度经费审计问题整改"))
    repo.add_problem(Problem("经费报销不规范", inspection_id=ids["quiet"]))
    for name in ("A1", "A2", "A3", "A5", "A6"):
        ids[name] = _measure(repo, ids["A"], f"措施{name}")
    repo.update_measure(replace(repo.get_measure(ids["A3"]), **_done(D[29])))
    repo.sign_off("measure", ids["A3"], SignOff(D[29], "王局长"))
    for table in ("problems", "measures", "progress"):
        db.execute(f"UPDATE {table} SET created_at = ?", [LONG_AGO])
    db.execute("UPDATE audit_log SET at = ?", [f"{LONG_AGO} 09:00:00"])
    # The week: progress on the problem (twice) and on a measure, a completion and its
    # sign-off, a completion dated before the week, a re-open, a deadline moved, new records.
    for day, text in ((D[5], "召开专题会议研究部署"), (D[3], "印发学法计划")):
        repo.add_progress(ProgressEntry(day, "法规科", text, ids["A"]))
    repo.add_progress(ProgressEntry(D[4], "法规科", "起草计划", ids["A"], ids["A1"]))
    repo.update_measure(replace(repo.get_measure(ids["A1"]), deadline=NEW_DEADLINE))
    repo.update_measure(replace(repo.get_measure(ids["A2"]), **_done(D[2])))
    repo.sign_off("measure", ids["A2"], SignOff(D[1], "王局长"))
    repo.update_measure(replace(repo.get_measure(ids["A6"]), **_done(D[20])))
    repo.reopen("measure", ids["A3"], "佐证材料不全")
    ids["A4"] = _measure(repo, ids["A"], "措施A4")
    ids["C"] = repo.add_problem(Problem("本周新增的问题", inspection_id=ids["insp"]))
    return ids


def _export(db, path: Path, **raw: str) -> int:
    spec = get_export("rectification-ledger")
    return spec.run(db, path, parse_options(spec, {"since": SINCE.isoformat(), **raw}), None, None)


def _rows(path: Path) -> dict[str, tuple]:
    """Rows of the inspection sheet by measure (or, without one, problem)."""
    sheet = openpyxl.load_workbook(path)["市委第一巡察组巡察"]
    found = {}
    for row in sheet.iter_rows(min_row=4):
        values = tuple(c.value for c in row)
        fill = row[0].fill.fgColor.rgb[-6:] if row[0].fill.fill_type == "solid" else None
        found[values[3] or values[2]] = (values, fill)
    return found


def test_every_change_of_the_week_is_listed_with_its_date(db, week, tmp_path: Path) -> None:
    path = tmp_path / "每周台账.xlsx"
    assert _export(db, path) == 9  # 6 measure rows of A, B's and C's own rows, the audit's
    rows = _rows(path)
    news = {key: (values[NEWS] or "").split("\n") for key, (values, _fill) in rows.items()}
    # The problem's own progress (both entries) on its first row, then the measure's.
    assert news["措施A1"] == [
        f"{D[5]} 问题进展:召开专题会议研究部署",
        f"{D[3]} 问题进展:印发学法计划",
        f"{D[4]} 进展:起草计划",
        f"{TODAY} 整改时限由{DEADLINE}调整为{NEW_DEADLINE}",
    ]
    assert news["措施A2"] == [f"{D[2]} 整改完成", f"{D[1]} 销号"]
    assert news["措施A3"] == [f"{TODAY} 撤销销号:佐证材料不全"]
    assert news["措施A4"] == [f"{TODAY} 新增措施"]
    assert news["措施A6"] == [f"{D[20]} 整改完成"]  # marked done this week, dated earlier
    assert news["本周新增的问题"] == [f"{TODAY} 新增问题"]
    assert news["措施A5"] == [""] and news["没有变化的问题"] == [""]
    flagged = {key for key, (_values, fill) in rows.items() if fill == HIGHLIGHT}
    assert flagged == {"措施A1", "措施A2", "措施A3", "措施A4", "措施A6", "本周新增的问题"}
    subtitle = openpyxl.load_workbook(path)["市委第一巡察组巡察"]["A2"].value
    assert (
        "本期变化:新增问题1个、新增整改措施1项、记录整改进展3条、整改完成2项、销号1项、"
        "撤销销号1项、调整整改时限1项" in subtitle
    )
    assert f"本期:{SINCE} 至 {TODAY}" in subtitle


def test_only_the_changed_rows_on_request(db, week, tmp_path: Path) -> None:
    path = tmp_path / "仅变化.xlsx"
    assert _export(db, path, **{"changed-only": "1"}) == 6
    assert set(_rows(path)) == {"措施A1", "措施A2", "措施A3", "措施A4", "措施A6", "本周新增的问题"}
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", "市委第一巡察组巡察"]  # the quiet audit: no empty sheet
    assert book["市委第一巡察组巡察"]["A1"].value == "市委第一巡察组巡察整改工作台账"
    with pytest.raises(UserError, match="--since"):
        get_export("rectification-ledger").run(
            db, tmp_path / "x.xlsx", {"changed-only": True}, None, None
        )


def test_every_inspection_has_its_sheet_and_a_title_without_a_repeated_word(
    db, week, tmp_path: Path
) -> None:
    path = tmp_path / "全部.xlsx"
    _export(db, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1:] == ["市委第一巡察组巡察", "2022年度经费审计问题整改"]
    assert book["2022年度经费审计问题整改"]["A1"].value == "2022年度经费审计问题整改工作台账"


def test_merged_problem_cells_over_its_measures(db, week, tmp_path: Path) -> None:
    path = tmp_path / "合并.xlsx"
    _export(db, path, merge="1")
    sheet = openpyxl.load_workbook(path)["市委第一巡察组巡察"]
    merged = {str(r) for r in sheet.merged_cells.ranges if r.min_row > 3}
    assert merged == {"A4:A9", "B4:B9", "C4:C9"}  # problem A over its six measures
    assert sheet["C4"].value == "学法制度落实不到位" and sheet["C5"].value is None
    heights = [sheet.row_dimensions[r].height or 15 for r in range(4, 10)]
    assert sum(heights) >= 15 * 6


def test_the_storage_reads_changes_from_records_and_log_once(db, week) -> None:
    changes = period_changes(db.conn, [week["insp"]], SINCE, TODAY)[week["insp"]]
    kinds = {key: [c.kind for c in found] for key, found in changes.items()}
    assert kinds[("m", week["A2"])] == [ChangeKind.COMPLETED, ChangeKind.SIGNED_OFF]  # not twice
    assert kinds[("p", week["A"])] == [ChangeKind.PROGRESS, ChangeKind.PROGRESS]
    assert ("m", week["A5"]) not in changes and ("p", week["B"]) not in changes
    assert period_changes(db.conn, [week["insp"]], TODAY + timedelta(days=1), TODAY) == {}
