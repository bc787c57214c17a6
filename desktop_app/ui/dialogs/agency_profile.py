"""本单位信息: the agency profile form, asked for on the first run and from 文件 → 本单位信息….

The form is the one rules dialog built from the ``agency`` group of the declared settings.
Before a notice or report goes out without a signer, ``ensure_signer`` says so and lets the
clerk fill the profile in (or export it unsigned on purpose).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.storage.settings import read_agency_profile
from desktop_app.ui import messages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.context import AppContext

TITLE = "本单位信息"
FILL_IN = "填写本单位信息"
UNSIGNED = "仍然导出(无落款)"


def edit_agency_profile(parent: QWidget | None, ctx: AppContext) -> bool:
    """Show the 本单位信息 form (its note says what it is for); True when it was saved."""
    from desktop_app.ui.dialogs.rules import edit_settings

    return edit_settings(parent, ctx.db, ["agency"], title=TITLE)


def ensure_signer(parent: QWidget | None, ctx: AppContext, signer: str, what: str) -> bool | None:
    """Whether ``what`` goes out signed (True), unsigned on purpose (False), or not (None).

    ``signer`` is the document's own 落款; without it the profile's is used, and without that
    the clerk is asked to fill in the profile first.
    """
    if signer.strip() or read_agency_profile(ctx.conn).signer:
        return True
    text = (
        f"{what}没有落款(发文机关署名),不能作为正式文件发出。\n"
        "请填写本单位信息中的落款(或在文件的文字中写明落款)。"
    )
    clicked = messages.choose(parent, what, text, [FILL_IN, UNSIGNED])
    if clicked == UNSIGNED:
        return False
    if clicked == FILL_IN and edit_agency_profile(parent, ctx):
        return True if read_agency_profile(ctx.conn).signer else None
    return None
