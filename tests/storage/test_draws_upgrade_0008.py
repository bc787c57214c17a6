"""A database of schema 0008 (the first draws schema, built with that release's code) opens
with today's migrations and keeps its draws verifiable: ``draw verify`` exits 0 on each of
its draw-1 records, their hash chain holds, and a draw made after the upgrade joins it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from desktop_app import cli
from desktop_app.domain.draw_algorithm import ALGORITHM, COMPATIBLE
from desktop_app.storage import migrations
from desktop_app.storage.database import open_database
from desktop_app.storage.draws import queries
from desktop_app.storage.draws.repo import DrawsRepo
from tests.draws_data import joint

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0008_draws.db"
WHO = {"operator": "法规科 李明", "witness": "驻局纪检监察组 王芳"}


def _upgraded(tmp_path: Path) -> Path:
    copy = tmp_path / "旧 版本" / FIXTURE.name
    copy.parent.mkdir()
    shutil.copyfile(FIXTURE, copy)
    conn = sqlite3.connect(copy)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    conn.close()
    assert applied[-1] == "0008_draws" and applied != migrations.known_names()
    open_database(copy, backup_dir=tmp_path / "backups").close()
    return copy


def test_draws_of_a_0008_database_verify_after_the_upgrade(tmp_path: Path, capsys) -> None:
    path = _upgraded(tmp_path)
    assert cli.main(["draw", "verify", "--all", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert all(f"第 {n} 号:核对一致" in out for n in (1, 2, 3)), out
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        first, redrawn, other = (queries.get_draw(db, n) for n in (1, 2, 3))
        assert {first.algorithm, redrawn.algorithm, other.algorithm} == {COMPATIBLE[0]}
        assert first.replaced_by == 2 and redrawn.redraw_of == 1
        assert redrawn.redraw_reason == "方案日期有误,经批准重新抽取"
        assert other.seed == "夹具种子𠀀" and other.plan.ratio == 10.0
        assert redrawn.prev_hash == first.record_hash and other.prev_hash == redrawn.record_hash
        assert [len(t.member_ids) for t in redrawn.result.teams] == [4, 4]
        outcomes = db.execute("SELECT outcome FROM check_results").fetchall()
        assert outcomes == [("发现问题,已责令整改",)]
        fourth = DrawsRepo(db).run_draw(
            joint(count=1, team_size=3, team_size_max=4, quotas=(), include_checked=True),
            seed="20250101-0001",
            **WHO,
        )
        made = queries.get_draw(db, fourth)
        assert made.algorithm == ALGORITHM and made.prev_hash == other.record_hash
    finally:
        db.close()
    assert cli.main(["draw", "verify", "--all", "--db", str(path)]) == 0
    assert f"第 {fourth} 号:核对一致" in capsys.readouterr().out


def test_a_changed_0008_record_fails_verify(tmp_path: Path, capsys) -> None:
    path = _upgraded(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER draws_no_update")
    conn.execute("UPDATE draws SET witness = '他人' WHERE id = 2")
    conn.commit()
    conn.close()
    assert cli.main(["draw", "verify", "2", "--db", str(path)]) == 2
    assert "封存哈希值不符" in capsys.readouterr().out
