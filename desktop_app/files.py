"""Files written whole or not at all: under a hidden name first, then moved into place.

One wording for a file that cannot be written, used by every export: it names the file and,
when the system refuses, the programs that may hold it open (on Windows an open workbook or
document is locked).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from desktop_app.domain.errors import UserError, os_error_reason

T = TypeVar("T")

EXCEL = "Excel 或 WPS"
WORD = "Word 或 WPS"


def write_error(target: Path, exc: OSError, reader: str = "") -> UserError:
    """The Chinese message for ``target`` not written; ``reader`` names who may hold it open."""
    if isinstance(exc, PermissionError):
        held = f"文件已在 {reader} 中打开" if reader else "文件正被其他程序使用"
        return UserError(f"无法写入文件“{target}”:权限不足或{held}")
    return UserError(f"无法写入文件“{target}”:{os_error_reason(exc)}")


def hidden_beside(target: Path, reader: str = "") -> Path:
    """Create an empty file under a fresh hidden name beside ``target`` and return it."""
    while True:
        hidden = target.with_name(f".~{target.stem}.{secrets.token_hex(4)}{target.suffix}")
        try:
            with open(hidden, "xb"):
                return hidden
        except FileExistsError:
            continue
        except OSError as exc:
            raise write_error(target, exc, reader) from exc


@contextlib.contextmanager
def replacing(target: Path, hidden: Path, reader: str = "") -> Iterator[Path]:
    """Yield ``hidden`` (a name beside ``target``) to write; on success it replaces ``target``.

    ``hidden`` is gone afterwards whatever happened, so a failed or refused write leaves
    neither half a file nor a stray one; a file error names ``target`` in Chinese.
    """
    try:
        yield hidden
        os.replace(hidden, target)
    except OSError as exc:
        raise write_error(target, exc, reader) from exc
    finally:
        with contextlib.suppress(OSError):
            hidden.unlink(missing_ok=True)


def write_replacing(target: Path, write: Callable[[str], T], reader: str) -> T:
    """Run ``write`` on a hidden file beside ``target``, put in its place only on success."""
    with replacing(target, hidden_beside(target, reader), reader) as hidden:
        return write(str(hidden))
