"""The layers hold: SQL is written only in desktop_app/storage/ (issue 11, "Seams kept")."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "desktop_app"
SQL = re.compile(
    r"\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)"
)


def test_no_sql_outside_storage() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "storage" not in path.relative_to(PACKAGE).parts[:1]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line)
    ]
    assert found == []
