"""``python -m desktop_app draw …``: plan, run, verify (exit 0 or 2), redraw, results, figures."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.draws import InspectorProfile, Target
from desktop_app.domain.personnel import Certificate, Person
from desktop_app.storage.database import open_database
from desktop_app.storage.draws.repo import DrawsRepo
from desktop_app.storage.personnel.repo import PersonnelRepo
from tests.test_cli import assert_refused, run

PLAN = [
    "--title", "2022全市外国人合法工作情况检查", "--date", "2022-06-15", "--kind", "企业",
    "--count", "3", "--team-size", "4", "--quota", "科技=2", "--quota", "人社=2",
]  # fmt: skip
WHO = ["--operator", "李明", "--witness", "王芳"]


@pytest.fixture
def office(db_path: Path) -> Path:
    """A database with 12 companies, 8 科技 and 8 人社 inspectors (6 and 4 certified)."""
    db = open_database(db_path)
    try:
        draws, people = DrawsRepo(db), PersonnelRepo(db)
        for n in range(12):
            draws.add_target(Target(f"企业{n:02d}"))
        for agency, certified in (("科技", 6), ("人社", 4)):
            for n in range(8):
                person = people.add_person(Person(f"{agency}{n}", unit=f"市{agency}局"))
                if n < certified:
                    people.issue_certificate(
                        Certificate(person, f"{agency}{n:03d}", issue_date=date(2020, 1, 1),
                                    valid_until=date(2025, 12, 31))
                    )  # fmt: skip
                draws.save_profile(InspectorProfile(person, agency=agency))
    finally:
        db.close()
    return db_path


def main(*args: str) -> int:
    return cli.main(list(args))


def test_plan_then_run_then_verify(office: Path, capsys) -> None:
    assert main("draw", "plan", "--db", str(office), *PLAN) == 0
    out = capsys.readouterr().out
    assert "符合条件的检查对象 12 家" in out and "方案可行:将抽取 3 家,组成 3 个检查组" in out
    assert main("draw", "run", "--db", str(office), *PLAN, *WHO, "--seed", "20220615-4417") == 0
    out = capsys.readouterr().out
    assert "已抽取:第 1 号,随机种子 20220615-4417(监督人输入)" in out
    assert "抽取了3家企业、12名执法检查人员(共3组,每组4人,科技、人社各2人" in out
    assert main("draw", "verify", "1", "--db", str(office)) == 0
    assert "第 1 号:核对一致" in capsys.readouterr().out
    assert main("draw", "list", "--db", str(office)) == 0
    assert "2022全市外国人合法工作情况检查" in capsys.readouterr().out


def test_an_infeasible_plan_is_one_line_and_exit_2(office: Path) -> None:
    result = run("draw", "plan", "--db", str(office), *PLAN[:-4], "--certified", "4")
    assert_refused(
        result.returncode,
        result.stdout,
        result.stderr,
        contains="合格的持证人员只有 10 人,无法组成 3 个每组 4 名持证人员的检查组",
    )


def test_verify_exits_2_on_a_tampered_record(office: Path, capsys) -> None:
    assert main("draw", "run", "--db", str(office), *PLAN, *WHO) == 0
    conn = sqlite3.connect(office)
    conn.execute("DROP TRIGGER draws_no_update")
    conn.execute("UPDATE draws SET seed = 'changed' WHERE id = 1")
    conn.commit()
    conn.close()
    capsys.readouterr()
    result = run("draw", "verify", "1", "--db", str(office))
    assert result.returncode == 2
    assert "第 1 号:核对不一致" in result.stdout and "封存哈希值不符" in result.stdout


def test_redraw_result_show_and_figures(office: Path, capsys) -> None:
    db = str(office)
    assert main("draw", "run", "--db", db, *PLAN, *WHO) == 0
    assert main("draw", "redraw", "1", "--reason", "监督人对种子有异议", *WHO, "--db", db) == 0
    assert "第 1 号抽取记录保留" in capsys.readouterr().out
    assert main("draw", "verify", "--all", "--db", db) == 0
    assert capsys.readouterr().out.count("核对一致") == 2
    assert main("draw", "show", "2", "--db", db) == 0
    shown = capsys.readouterr().out.splitlines()
    target = shown[2].strip()
    assert target.startswith("企业")
    assert main(
        "draw", "result", "2", "--target", target, "--outcome", "未发现问题",
        "--date", "2022-06-20", "--db", db,
    ) == 0  # fmt: skip
    assert main("draw", "figures", "--year", "2022", "--db", db) == 0
    assert "应完成3家、已完成1家,完成率33.3%" in capsys.readouterr().out
    assert main("draw", "result", "1", "--target", target, "--outcome", "未发现问题",
                "--date", "2022-06-20", "--db", db) == 2  # fmt: skip
    assert "已由第 2 号重新抽取取代" in capsys.readouterr().err


def test_help_names_the_draw_command() -> None:
    result = run("--help")
    assert "draw" in result.stdout and "双随机抽查" in result.stdout
    result = run("draw", "--help")
    assert result.returncode == 0 and "verify" in result.stdout
    refused = run("draw")
    assert_refused(refused.returncode, refused.stdout, refused.stderr, contains="缺少必需的参数")


def test_a_team_size_range_draws_teams_of_different_sizes(office: Path, capsys) -> None:
    plan = [*PLAN[:-8], "--count", "3", "--team-size", "3-6", "--quota", "科技=1"]
    assert main("draw", "plan", "--db", str(office), *plan) == 0
    assert "组成 3 个检查组(每组3-6人不等)" in capsys.readouterr().out
    assert main("draw", "run", "--db", str(office), *plan, *WHO, "--seed", "20220720-1102") == 0
    out = capsys.readouterr().out
    assert "抽取了3家企业、16名执法检查人员(共3组,每组5-6人不等,科技1人" in out
    assert main("draw", "verify", "1", "--db", str(office)) == 0
    result = run(
        "draw", "plan", "--db", str(office), *PLAN[:-8], "--count", "3", "--team-size", "5-x"
    )
    assert result.returncode == 2 and "“5-x”应为人数(如 4)或人数范围(如 5-7)" in result.stderr
