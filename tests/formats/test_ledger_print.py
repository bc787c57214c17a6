"""Every ledger as LibreOffice prints it: A4 landscape, readable type, nothing cut off.

The ledgers of the demo database are converted to PDF in one LibreOffice run and measured:
the smallest type on any page (at least 9 points), the header words (at least 10 points),
no blank page, no text crossing a cell's rule (a row too low for its wrapped text).
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest

from desktop_app.exports import get_export, parse_options
from tests.formats.gbt9704 import office_to_pdfs
from tests.formats.ledger_pdf import measure

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed"),
]

BODY_AT_LEAST, HEADER_AT_LEAST = 9.0, 10.0
# Column titles that print on one line in each ledger (looked up as words on every page).
HEADERS = {
    "rectification": {"问题描述", "整改措施", "整改时限", "整改进展", "完成时间", "销号日期"},
    "weekly": {"问题描述", "整改措施", "整改时限", "本期新进展", "完成时间", "销号日期"},
    "personnel": {"身份证号", "单位及处室", "执法证号", "发证日期", "有效期至", "最近年审"},
    "training": {"项目", "数量", "说明", "日期", "主题", "学习法律法规", "活动主题"},
    "draws": {"抽查任务", "检查对象", "检查日期"},
    "annual": {"类别", "指标", "数值", "单位", "统计口径"},
    "recheck": {"检查名称", "问题描述", "牵头部门", "销号日期", "复查结论", "复查人"},
}


def _busiest_year(db, sql: str) -> str:
    return str(db.execute(sql).fetchone()[0])


def _recheck_round(db) -> None:
    """A 回头看 round over the demo's signed-off problems, the first two re-checked."""
    from desktop_app.domain.repeats import Outcome, RecheckRound
    from desktop_app.storage.rectification import rechecks

    repo = rechecks.RecheckRepo(db)
    round_id = repo.add_round(RecheckRound("整改“回头看”", None, date.today()))
    first, second, *_rest = rechecks.items_of(db, round_id)
    repo.record(first.id or 0, Outcome.CONFIRMED, "", date.today(), "法规科")
    reason = "制度已印发但未落实到各执法单位,需重新整改并报送落实情况"
    repo.record(second.id or 0, Outcome.REOPENED, reason, date.today(), "法规科")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, object]:
    """The demo's ledgers (scale 1), printed by LibreOffice and measured."""
    from desktop_app.demo import create_demo
    from desktop_app.storage.database import open_database

    folder = tmp_path_factory.mktemp("台账 打印")
    db = open_database(folder / "演示.db")
    try:
        create_demo(db, scale=1)
        _recheck_round(db)
        week = (date.today() - timedelta(days=6)).isoformat()
        training = _busiest_year(
            db,
            "SELECT substr(date, 1, 4) FROM training_sessions GROUP BY 1 ORDER BY count(*) DESC",
        )
        draws = _busiest_year(db, "SELECT substr(drawn_at, 1, 4) FROM draws ORDER BY 1 DESC")
        ledgers = {
            "rectification": ("rectification-ledger", {"inspection": "1", "merge": "1"}),
            "weekly": ("rectification-ledger", {"since": week, "changed-only": "1"}),
            "personnel": ("personnel-ledger", {}),
            "training": ("training-ledger", {"year": training}),
            "draws": ("draw-publicity", {"year": draws}),
            "annual": ("annual-figures", {"year": training}),
            "recheck": ("recheck-ledger", {}),
        }
        files = []
        for key, (name, raw) in ledgers.items():
            spec = get_export(name)
            out = folder / f"{key}.xlsx"
            spec.run(db, out, parse_options(spec, raw), None, None)
            files.append(out)
    finally:
        db.conn.close()
    pdfs = office_to_pdfs(files, folder / "pdf")
    return {key: measure(pdf, HEADERS[key]) for key, pdf in zip(ledgers, pdfs, strict=True)}


@pytest.mark.parametrize("ledger", list(HEADERS))
def test_ledger_prints_readably(printed, ledger: str) -> None:
    result = printed[ledger]
    assert result.pages >= 1 and not result.not_a4_landscape
    assert result.smallest >= BODY_AT_LEAST, f"{ledger}: {result.smallest:.2f} pt type"
    assert result.headers_found >= result.pages  # the header repeats on every page
    assert result.header >= HEADER_AT_LEAST, f"{ledger}: {result.header:.2f} pt headers"
    assert result.blank_pages == []
    assert result.crossed == [], f"{ledger}: text cut by a rule: {result.crossed[:5]}"
