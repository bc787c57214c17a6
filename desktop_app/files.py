"""Files written whole or not at all: under a hidden name first, then moved into place."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from desktop_app.domain.errors import UserError, os_error_reason


@contextlib.contextmanager
def replacing(target: Path, hidden: Path) -> Iterator[Path]:
    """Yield ``hidden`` (a name beside ``target``) to write; on success it replaces ``target``.

    ``hidden`` is gone afterwards whatever happened, so a failed or refused write leaves
    neither half a file nor a stray one; a file error names ``target`` in Chinese.
    """
    try:
        yield hidden
        os.replace(hidden, target)
    except OSError as exc:
        raise UserError(f"无法写入文件“{target}”:{os_error_reason(exc)}") from exc
    finally:
        with contextlib.suppress(OSError):
            hidden.unlink(missing_ok=True)
