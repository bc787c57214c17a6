"""The child process of the fault suite: it sets up, prints READY, then works until killed.

    python -m tests.faults.worker write-loop DB
    python -m tests.faults.worker auto-backup DB FOLDER YYYY-MM-DD
    python -m tests.faults.worker restore DB BACKUP [before-swap|before-replace|after-replace]

Every committed write is announced on stdout right after its commit ("C 12", "U 12",
"D 11"), so the parent knows which commits a kill must not lose. A restore may be told to
kill itself at a point of the swap, to hit the narrowest window on every run.
"""

from __future__ import annotations

import importlib
import itertools
import os
import signal
import sys
from datetime import date
from pathlib import Path


def say(line: str) -> None:
    """One line to the parent, flushed at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def die() -> None:
    """What ``kill -9`` does, from the inside."""
    os.kill(os.getpid(), signal.SIGKILL)


def write_loop(db_path: str) -> None:
    """Create, edit and delete problems, one audited transaction each, forever."""
    from desktop_app.domain.rectification import Problem
    from desktop_app.storage.database import open_database
    from desktop_app.storage.rectification.repo import RectificationRepo

    db = open_database(db_path)
    repo = RectificationRepo(db)
    [inspection_id] = db.execute("SELECT min(id) FROM inspections").fetchone()
    say("READY")
    previous = None
    for n in itertools.count(1):
        problem = Problem(description=f"故障试验 {n}", inspection_id=inspection_id)
        problem_id = repo.add_problem(problem)
        say(f"C {problem_id}")
        if n % 3 == 0:
            problem = repo.get_problem(problem_id)
            problem.description += "(改)"
            repo.update_problem(problem)
            say(f"U {problem_id}")
        if n % 5 == 0 and previous is not None:
            repo.delete_problem(previous)
            say(f"D {previous}")
        previous = problem_id


def auto_backup(db_path: str, folder: str, day: str) -> None:
    """The start-up backups (daily, weekly, monthly) of one day."""
    from desktop_app.storage import backup
    from desktop_app.storage.database import open_database

    db = open_database(db_path)
    say("READY")
    backup.automatic_backup(db, Path(folder), date.fromisoformat(day))
    say("DONE")


def restore(db_path: str, source: str, point: str = "") -> None:
    """``restore --db DB --from BACKUP`` as the clerk runs it, optionally killed at ``point``."""
    from desktop_app import cli

    try:  # loaded before READY, so that the kill lands in the work, not in imports
        importlib.import_module("sqlite_utils")
        staging = importlib.import_module("desktop_app.storage.restore")
    except ImportError:
        staging = None
    live = os.path.abspath(db_path)
    if point == "before-swap" and staging is not None:
        staging.StagedRestore.swap = lambda self: die()
    elif point in ("before-replace", "after-replace"):
        real = os.replace

        def replace(src, dst, *args, **kwargs):
            if os.path.abspath(dst) == live and point == "before-replace":
                die()
            real(src, dst, *args, **kwargs)
            if os.path.abspath(dst) == live:
                die()

        os.replace = replace
    say("READY")
    code = cli.main(["restore", "--db", db_path, "--from", source])
    say(f"DONE {code}")


if __name__ == "__main__":
    {"write-loop": write_loop, "auto-backup": auto_backup, "restore": restore}[sys.argv[1]](
        *sys.argv[2:]
    )
