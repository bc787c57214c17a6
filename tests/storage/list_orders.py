"""Every sort order a paged list offers, with the ids plain SQL gives in that order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any


def every_order(
    db: Any, paged: Any, keys: Sequence[str | None], sql: str, params: Sequence[Any], tail: str = ""
) -> Iterator[tuple[str | None, bool, list[int]]]:
    """(key, descending, ids) for each key both ways: the ids of ``sql`` with the list's own
    ORDER BY for that sort appended (then ``tail``, e.g. a LIMIT), its first column."""
    for key in keys:
        for descending in (False, True):
            order = paged.order_sql(key, descending)
            yield key, descending, [r[0] for r in db.execute(f"{sql}{order}{tail}", params)]
