"""kill -9 during a write loop, a backup and a restore: nothing corrupt, nothing half-done.

Each trial starts a child process (``tests/faults/worker.py``) on a fresh copy of a demo
database, kills it with SIGKILL at a random moment of its work, and then checks the files
as the next start of the application would find them: SQLite's integrity and foreign-key
checks, every committed write paired with its audit row (and no announced commit lost),
no backup that is not complete, and a restore either fully applied with its audit row or
not applied at all.

By default 23 trials run (8 write loops, 6 backups, 6 restores at random moments and 3
restores killed at fixed points of the swap), in well under a minute. ``FAULT_TRIALS=N``
runs N random trials of each kind instead; ``FAULT_SEED`` repeats a run's random moments
(the seed is named in every failure).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop_app.demo import create_demo
from desktop_app.domain.rectification import Problem
from desktop_app.storage.backup import automatic_backup, clean_stale, list_backups, make_backup
from desktop_app.storage.database import open_database
from desktop_app.storage.rectification.repo import RectificationRepo

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("FAULT_SEED") or random.SystemRandom().randrange(1_000_000))
DAY = "2024-05-06"
MARK = "恢复前才有的问题"
BIG_EVIDENCE = 8 * 1024 * 1024  # makes a backup last long enough to be killed in the middle


def trials(default: int) -> int:
    """How many random trials of one kind (``FAULT_TRIALS`` overrides the default)."""
    return int(os.environ.get("FAULT_TRIALS") or default)


class Child:
    """A worker process, started and waited for until it has set up (READY)."""

    def __init__(self, *args: str | Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.worker", *map(str, args)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        first = self.proc.stdout.readline().strip()
        if first != "READY":
            _out, err = self.proc.communicate(timeout=60)
            raise AssertionError(f"worker {args} did not start: {first} {err}")
        self.ready_at = time.perf_counter()

    def kill_after(self, seconds: float) -> list[str]:
        """SIGKILL ``seconds`` after READY (if it is still running); its announced lines."""
        while time.perf_counter() < self.ready_at + seconds and self.proc.poll() is None:
            time.sleep(0.001)
        self.proc.kill()
        return self._lines()

    def finish(self) -> tuple[list[str], float]:
        """Wait for the end (done or killed by itself); its lines and seconds of work."""
        lines = self._lines()
        return lines, time.perf_counter() - self.ready_at

    def _lines(self) -> list[str]:
        out, err = self.proc.communicate(timeout=120)
        if "Traceback" in err:
            raise AssertionError(err)
        return out.split()


@dataclass(frozen=True)
class Template:
    """A demo database with a large evidence file; its backup; the state after the backup."""

    live: Path  # state A: the backup's state plus one problem (MARK)
    saved: Path  # state B: a backup taken before MARK was added
    base_id: int  # highest problem id in the template (writes of the loop come after)
    count_a: int
    count_b: int


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    folder = tmp_path_factory.mktemp("faults")
    live = folder / "台账.db"
    db = open_database(live)
    try:
        create_demo(db, 1)
        repo = RectificationRepo(db)
        [problem_id] = db.execute(
            "SELECT id FROM problems WHERE signoff_date IS NULL ORDER BY id LIMIT 1"
        ).fetchone()
        big = folder / "扫描件.pdf"
        big.write_bytes(random.Random(SEED).randbytes(BIG_EVIDENCE))
        repo.evidence.add(problem_id, None, big)
        saved = make_backup(db, folder / "saved", "manual")
        count_b = db.execute("SELECT count(*) FROM problems").fetchone()[0]
        [inspection_id] = db.execute("SELECT min(id) FROM inspections").fetchone()
        repo.add_problem(Problem(description=MARK, inspection_id=inspection_id))
        base_id = db.execute("SELECT max(id) FROM problems").fetchone()[0]
    finally:
        db.close()
    return Template(live, saved, base_id, count_b + 1, count_b)


def _fresh(template: Template, folder: Path) -> Path:
    folder.mkdir(parents=True)
    live = folder / template.live.name
    shutil.copyfile(template.live, live)
    return live


def _sound(path: Path, where: str) -> sqlite3.Connection:
    """Open as the application would (a hot WAL is recovered); integrity and foreign keys."""
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], where
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], where
    return conn


def _complete_backup(path: Path, count: int, where: str) -> None:
    """A listed backup must be whole: readable as it lies, intact, with every problem."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", where
            assert conn.execute("SELECT count(*) FROM problems").fetchone()[0] == count, where
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise AssertionError(f"{where}: {path.name} is listed but is not a backup: {exc}") from None


# -- writes ----------------------------------------------------------------------
def test_kill_during_writes_loses_no_commit_and_no_audit_row(template: Template, tmp_path):
    rng = random.Random(SEED)
    commits = 0
    for trial in range(trials(8)):
        where = f"write trial {trial}, FAULT_SEED={SEED}"
        live = _fresh(template, tmp_path / f"w{trial}")
        lines = Child("write-loop", live).kill_after(rng.uniform(0.02, 0.5))
        announced = {tag: set() for tag in "CUD"}
        for tag, number in zip(lines[::2], lines[1::2], strict=False):
            announced[tag].add(int(number))
        conn = _sound(live, where)
        try:
            rows = dict(
                conn.execute(
                    "SELECT id, description FROM problems WHERE id > ?", [template.base_id]
                )
            )
            logged: dict[str, set[int]] = {"create": set(), "update": set(), "delete": set()}
            for action, record_id in conn.execute(
                "SELECT action, record_id FROM audit_log WHERE record_type = 'problem'"
                " AND record_id > ?",
                [template.base_id],
            ):
                logged[action].add(record_id)
        finally:
            conn.close()
        # Every write that committed has its audit row, and every audit row its write.
        assert set(rows) == logged["create"] - logged["delete"], where
        assert logged["update"] <= logged["create"], where
        edited = {i for i, text in rows.items() if text.endswith("(改)")}
        assert edited == logged["update"] & set(rows), where
        # No commit that the child announced was lost.
        assert announced["C"] <= logged["create"] and announced["D"] <= logged["delete"], where
        assert announced["U"] <= logged["update"], where
        # (a delete may commit and be killed before it is announced: its audit row says so)
        assert announced["C"] - logged["delete"] <= set(rows), where
        commits += len(lines) // 2
    print(f"\nwrite loop: {trials(8)} kills, {commits} announced commits checked (seed {SEED})")


# -- backups ---------------------------------------------------------------------
def test_kill_during_backup_leaves_no_backup_that_is_not_complete(template: Template, tmp_path):
    rng = random.Random(SEED + 1)
    unfinished = kept = 0
    scratch = _fresh(template, tmp_path / "timing")
    _lines, seconds = Child("auto-backup", scratch, tmp_path / "timing" / "b", DAY).finish()
    for trial in range(trials(6)):
        where = f"backup trial {trial}, FAULT_SEED={SEED}"
        live = _fresh(template, tmp_path / f"b{trial}")
        folder = live.parent / "backups"
        Child("auto-backup", live, folder, DAY).kill_after(rng.uniform(0, seconds))
        _sound(live, where).close()
        survived = list_backups(folder)
        for made in survived:
            _complete_backup(made.path, template.count_a, where)
        unfinished += bool(list(folder.glob("*.partial*"))) if folder.exists() else 0
        kept += len(survived)
        # The next start makes whatever the kill prevented: a killed copy did not count.
        db = open_database(live)
        try:
            automatic_backup(db, folder, date.fromisoformat(DAY))
        finally:
            db.close()
        listed = list_backups(folder)
        assert sorted(b.kind for b in listed) == ["daily", "monthly", "weekly"], where
        for made in listed:
            _complete_backup(made.path, template.count_a, where)
        clean_stale(folder, older_than=0)  # what is left of the killed copy goes later
        assert sorted(p.name for p in folder.iterdir()) == sorted(b.path.name for b in listed)
    print(
        f"\nbackup: {trials(6)} kills in {seconds:.2f} s of work; {kept} complete copies kept,"
        f" {unfinished} kills left an unfinished copy (never listed) (seed {SEED})"
    )


# -- restores --------------------------------------------------------------------
def _restore_outcome(live: Path, template: Template, where: str) -> bool:
    """True when the restore was applied (with its one audit row), False when not at all."""
    conn = _sound(live, where)
    try:
        descriptions = {r[0] for r in conn.execute("SELECT description FROM problems")}
        count = conn.execute("SELECT count(*) FROM problems").fetchone()[0]
        restores = conn.execute("SELECT summary FROM audit_log WHERE action = 'restore'").fetchall()
    finally:
        conn.close()
    if MARK in descriptions:
        assert count == template.count_a and restores == [], where
        return False
    assert count == template.count_b, where
    assert len(restores) == 1 and template.saved.name in restores[0][0], where
    return True


def test_kill_during_restore_applies_it_whole_or_not_at_all(template: Template, tmp_path):
    rng = random.Random(SEED + 2)
    scratch = _fresh(template, tmp_path / "timing")
    _lines, seconds = Child("restore", scratch, template.saved).finish()
    assert _restore_outcome(scratch, template, "uninterrupted restore")
    points = [""] * trials(6) + ["before-swap", "before-replace", "after-replace"]
    outcomes = {}
    for trial, point in enumerate(points):
        where = f"restore trial {trial} {point}, FAULT_SEED={SEED}"
        live = _fresh(template, tmp_path / f"r{trial}")
        child = Child("restore", live, template.saved, point)
        if point:
            child.finish()
        else:
            child.kill_after(rng.uniform(0, seconds))
        outcomes[point or trial] = _restore_outcome(live, template, where)
        for made in list_backups(live.parent / "backups" / live.stem):
            _complete_backup(made.path, template.count_a, where)  # the safety copy is whole
    applied = sum(outcomes[t] for t in range(trials(6)))
    print(
        f"\nrestore: {len(points)} kills in {seconds:.2f} s of work; {applied} of"
        f" {trials(6)} random kills came after the swap (seed {SEED})"
    )
    assert outcomes["before-swap"] is False and outcomes["before-replace"] is False
    assert outcomes["after-replace"] is True
    # What a killed restore left beside the database goes with the next restore.
    from desktop_app.storage import restore

    restore.restore(live, template.saved, live.parent / "backups" / live.stem)
    assert not list(live.parent.glob(f"{live.name}{restore.STAGING}*"))
    assert _restore_outcome(live, template, "a restore after the kill")
