"""督办 and 屡查屡犯 through storage and the command line: what is late, what was sent, flags."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.escalation import Level
from desktop_app.domain.rectification import Inspection, Measure, Problem, Status, WarningRules
from desktop_app.domain.repeats import RepeatState
from desktop_app.storage.rectification import escalations, queries, repeats
from desktop_app.storage.rectification.repo import RectificationRepo
from tests.export_clock import fix_export_day

TODAY = date(2022, 10, 11)
RULES = WarningRules(lead_days=14, stall_days=30)
SEED = Path("/work/shared/seeds/000_36d21ba27252efd5.txt")


@pytest.fixture
def late(repo: RectificationRepo) -> dict[str, int]:
    """An overdue measure of 办公室, a stalled problem of 法规科, a near and a done item."""
    insp = repo.add_inspection(Inspection(name="依法行政专项巡察", feedback_date=date(2022, 4, 19)))
    ids = {"insp": insp}
    ids["p1"] = repo.add_problem(Problem(description="学法制度不落实", inspection_id=insp))
    ids["m1"] = repo.add_measure(
        Measure(
            "制定学法计划", problem_id=ids["p1"], lead_dept="办公室", deadline=date(2022, 9, 30),
            status=Status.IN_PROGRESS,
        )
    )  # fmt: skip
    ids["m2"] = repo.add_measure(
        Measure("落实学法", problem_id=ids["p1"], lead_dept="办公室", deadline=date(2022, 10, 20))
    )
    ids["p2"] = repo.add_problem(
        Problem(
            description="执法公示不及时", inspection_id=insp, lead_dept="法规科",
            deadline=date(2022, 12, 31), status=Status.IN_PROGRESS,
        )
    )  # fmt: skip
    repo.db.execute("UPDATE problems SET created_at = '2022-06-01 09:00:00'")
    repo.db.execute("UPDATE measures SET created_at = '2022-10-01 09:00:00'")
    return ids


def test_late_items_are_measures_and_problems_without_measures(db, late) -> None:
    items = escalations.late_items(db, TODAY, RULES)
    assert [(i.problem_id, i.measure_id, i.warning, i.department) for i in items] == [
        (late["p1"], late["m1"], "逾期", "办公室"),
        (late["p2"], None, "滞后", "法规科"),
    ]
    assert items[0].days_late(TODAY) == 11
    assert escalations.late_departments(db, TODAY, RULES) == [("办公室", 1), ("法规科", 1)]
    near = escalations.ItemFilter(warnings=("临期",))
    assert [i.measure_id for i in escalations.late_items(db, TODAY, RULES, near)] == [late["m2"]]


def test_an_escalation_is_recorded_and_the_next_goes_a_level_up(db, late) -> None:
    from desktop_app.exports.escalation import level_for, starting_texts

    db.execute(
        "INSERT INTO settings (key, value) VALUES ('rectification.escalation_prefix', '\"通科督\"')"
    )
    items = escalations.late_items(db, TODAY, RULES, escalations.ItemFilter(department="办公室"))
    level = level_for(items)
    texts = starting_texts(db, level, items, "办公室", TODAY)
    assert (level, texts.doc_no, texts.addressee) == (
        Level.REMINDER,
        "通科督〔2022〕1号",
        "办公室：",
    )
    notice = escalations.EscalationRepo(db).record(level, texts, "办公室", items)
    [sent] = escalations.escalations_of(db, late["p1"])
    assert (sent.notice_id, sent.measure_id, sent.text()) == (
        notice, late["m1"], "2022-10-11 提醒函(通科督〔2022〕1号)"
    )  # fmt: skip
    again = escalations.late_items(db, TODAY, RULES, escalations.ItemFilter(department="办公室"))
    assert again[0].sent == ["提醒函"] and level_for(again) == Level.NOTICE
    assert starting_texts(db, Level.NOTICE, again, "办公室", TODAY).doc_no == "通科督〔2022〕2号"
    logged = db.execute(
        "SELECT record_type, summary FROM audit_log WHERE record_type LIKE 'escalation%'"
    ).fetchall()
    assert logged == [
        ("escalation", f"提醒函:措施 #{late['m1']}"),
        ("escalation_notice", "提醒函(通科督〔2022〕1号)致办公室,1 项"),
    ]
    problems = {p.id: p for p in queries.load_problems(db, late["insp"])}
    assert problems[late["p1"]].measures[0].escalations == [sent.text()]  # for the ledger


def test_deleting_a_problem_takes_its_escalations_and_flags_with_it(db, repo, late) -> None:
    items = escalations.late_items(db, TODAY, RULES)
    texts = escalations.NoticeTexts(title="督办", sign_date=TODAY)
    escalations.EscalationRepo(db).record(Level.NOTICE, texts, "办公室", items)
    repo.delete_problem(late["p1"])
    assert db.execute("SELECT count(*) FROM escalations").fetchone()[0] == 1  # p2's


def _cli(*args: str) -> int:
    return cli.main(list(args))


def test_the_cli_writes_a_notice_for_a_department_and_records_it(
    db, db_path: Path, late, tmp_path, monkeypatch
) -> None:
    db.close()
    fix_export_day(monkeypatch, TODAY)
    out = tmp_path / "督办 通知.pdf"
    base = ["export", "escalation-notice", "--db", str(db_path), "--unsigned"]
    assert _cli(*base, "--out", str(out), "--department", "办公室", "--level", "督办通知") == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    flat = text.replace("\n", "").replace("\u2060", "")
    assert "关于加快推进整改工作的督办通知" in flat and "办公室：" in flat
    assert "制定学法计划" in flat and "已逾期11天" in flat
    from desktop_app.storage.database import open_connection

    conn = open_connection(db_path)
    assert conn.execute("SELECT count(*) FROM escalations").fetchone()[0] == 0  # not --record
    word = tmp_path / "一事一单.docx"
    args = ["--out", str(word), "--format", "docx", "--problem", str(late["p2"]), "--record"]
    assert _cli(*base, *args) == 0
    assert conn.execute("SELECT level, problem_id FROM escalations").fetchall() == [
        ("提醒函", late["p2"])
    ]
    assert _cli(*base, "--out", str(out)) == 2  # neither a department nor an item
    assert _cli(*base, "--out", str(out), "--department", "人事处") == 2  # nothing late


def test_an_imported_second_inspection_is_flagged_and_the_clerk_decides(
    db, db_path: Path, capsys
) -> None:
    db.close()
    common = ["import", "feedback-text", str(SEED), "--db", str(db_path), "--json"]
    assert cli.main([*common, "--inspection", "2022年依法行政专项巡察"]) == 0
    assert cli.main([*common, "--inspection", "2023年依法行政专项巡察回头看"]) == 0
    capsys.readouterr()
    from desktop_app.storage.database import open_database

    db = open_database(db_path)
    second = db.execute("SELECT id FROM inspections ORDER BY id DESC").fetchone()[0]
    flags = repeats.flags_of_inspection(db, second)
    assert len({f.problem_id for f in flags}) == 5  # each of the five problems again
    assert {f.earlier_inspection for f in flags} == {"2022年依法行政专项巡察"}
    assert all(f.score == 100 and f.state == RepeatState.PENDING for f in flags)
    first = flags[0]
    repo = repeats.RepeatRepo(db)
    repo.decide(first.id, RepeatState.CONFIRMED)
    repo.decide(flags[1].id, RepeatState.DISMISSED, "不同事项")
    assert repo.find_in_inspection(second) == 0  # decided pairs are never flagged again
    flt = queries.ProblemFilter(repeat="屡查屡犯")
    rules = WarningRules()
    assert [r["id"] for r in queries.problem_query(db, flt, TODAY, rules).fetch(0, 9)] == [
        first.problem_id
    ]
    suspected = queries.ProblemFilter(repeat="疑似屡查屡犯")
    assert queries.problem_query(db, suspected, TODAY, rules).count() == 3
    [(batch,)] = db.execute("SELECT max(id) FROM import_batches").fetchall()
    from desktop_app.storage.imports import undo_batch

    undo_batch(db, batch, force=True)  # undoing the import takes its flags with it
    assert db.execute("SELECT count(*) FROM problem_repeats").fetchone()[0] == 0
    db.close()
