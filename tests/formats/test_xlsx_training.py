"""The training ledger exported for a built year and read back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.errors import UserError
from desktop_app.exports import Job, get_export, parse_options
from desktop_app.exports.training import run_training_ledger
from desktop_app.formats.ledger_columns import chinese_sentence
from desktop_app.jobs import Cancelled
from tests.training_data import LINE_2024, add_roster, build_year


@pytest.fixture
def built(db):
    add_roster(db)
    return build_year(db)


def values(sheet) -> list[tuple]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_ledger_sheets_and_figures(db, built, tmp_path: Path):
    out = tmp_path / "学法 台账.xlsx"
    spec = get_export("training-ledger")
    assert (
        run_training_ledger(db, out, parse_options(spec, {"year": "2024"})) == 165
    )  # 163 present, 1 on leave, 1 absent
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["年度汇总", "活动", "出勤", "个人学时"]
    summary = values(book["年度汇总"])
    assert summary[0][0] == "2024年度学法培训情况汇总"
    by_item = {row[1]: row[2:4] for row in summary[3:]}
    assert by_item["学法培训活动"] == (8, None)
    assert by_item["  其中:中心组学法"] == (5, None)
    assert by_item["参加人数"] == (68, None)
    assert by_item["累计学时"] == (852, None)
    assert by_item["在线学法考试实际参考人数"] == (68, 1)
    assert by_item["优秀人数(90分以上)"] == (58, pytest.approx(58 / 68))
    assert by_item["未达年度最低学时(40学时)"] == (11, pytest.approx(11 / 20))
    assert summary[-1][1] == "综述" and summary[-1][4] == chinese_sentence(LINE_2024)
    assert summary[-1][4].startswith("2024年共组织学法培训8次（中心组学法5次、")  # no spaces
    sessions = values(book["活动"])
    assert len(sessions) == 3 + 8
    assert sessions[2][:6] == ("序号", "日期", "时间", "类型", "主题", "学时")


def test_attendance_and_shortfall_colours(db, built, tmp_path: Path):
    out = tmp_path / "ledger.xlsx"
    run_training_ledger(db, out, {"year": 2024})
    book = openpyxl.load_workbook(out)
    attendance = values(book["出勤"])
    assert len(attendance) == 3 + 165  # present, leave and absent rows of 2024
    statuses = {row[8] for row in attendance[3:]}
    assert statuses == {"出席", "请假", "缺席"}
    people = book["个人学时"]
    rows = {r[1].value: r for r in people.iter_rows(min_row=4)}
    short, fine, plain = rows["干部20"], rows["干部01"], rows["干部21"]
    assert short[10].value == 34 and short[0].fill.fgColor.rgb.endswith("FFC7CE")
    assert fine[10].value is None and fine[0].fill.fgColor.rgb in (None, "00000000")
    assert plain[5].value is None and plain[9].value is None  # no certificate, no minimum
    assert people.print_title_rows == "$1:$3"


def test_user_text_stays_text(db, built, tmp_path: Path):
    db.execute("UPDATE persons SET name = '=HYPERLINK(\"x\")' WHERE id = 1")
    out = tmp_path / "ledger.xlsx"
    run_training_ledger(db, out, {"year": 2024})
    sheet = openpyxl.load_workbook(out)["个人学时"]
    cell = next(r[1] for r in sheet.iter_rows(min_row=4) if str(r[1].value).startswith("="))
    assert cell.data_type == "s"


def test_missing_year_and_cancel_leave_nothing(db, built, tmp_path: Path):
    folder = tmp_path / "导出"
    folder.mkdir()
    out = folder / "ledger.xlsx"
    with pytest.raises(UserError, match="--year"):
        run_training_ledger(db, out, {"year": None})
    with pytest.raises(Cancelled):
        run_training_ledger(db, out, {"year": 2024}, Job(cancelled=lambda: True))
    assert list(folder.iterdir()) == []
