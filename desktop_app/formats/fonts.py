"""CJK fonts for PDF notices: find TrueType files, register them once, check coverage."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import UserError

log = logging.getLogger(__name__)

# Roles every notice needs; the title role falls back when 方正小标宋 is not installed.
ROLES = ("fangsong", "heiti", "kaiti", "songti")
TITLE_ROLE = "xiaobiaosong"
ROLE_NAMES = {
    "fangsong": "仿宋",
    "heiti": "黑体",
    "kaiti": "楷体",
    "songti": "宋体",
    TITLE_ROLE: "方正小标宋",
}
_TITLE_FALLBACKS = ("heiti", "songti")

# File names per role, best first. Windows names first, Debian substitutes last
# (AR PL UMing is a 宋/明 face, the closest installed match for 仿宋 as well).
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "fangsong": ("simfang.ttf", "仿宋_GB2312.ttf", "FS_GB2312.ttf", "STFANGSO.TTF", "uming.ttc"),
    "heiti": ("simhei.ttf", "STHEITI.TTF", "msyh.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc"),
    "kaiti": ("simkai.ttf", "楷体_GB2312.ttf", "KAITI_GB2312.TTF", "STKAITI.TTF", "ukai.ttc"),
    "songti": ("simsun.ttc", "STSONG.TTF", "uming.ttc"),
    TITLE_ROLE: (
        "FZXBSJW.TTF",
        "方正小标宋简体.ttf",
        "方正小标宋_GBK.ttf",
        "FZXBSK.TTF",
        "FZXiaoBiaoSong-B05S.ttf",
    ),
}

INSTALL_HINT = (
    "Windows 请确认 C:\\Windows\\Fonts 下有 simfang.ttf、simhei.ttf、simkai.ttf、simsun.ttc；"
    "Linux 请安装 fonts-arphic-uming fonts-arphic-ukai fonts-wqy-microhei；"
    "也可在“设置”中为各字体指定 TrueType 字体文件（.ttf/.ttc）。"
)

_lock = threading.Lock()
_registered: dict[str, tuple[str, str]] = {}  # resolved path -> (font name, family label)
_MAX_LISTED = 20


class FontFileError(Exception):
    """A font file that reportlab cannot embed; ``str()`` is a Chinese explanation."""


@dataclass(frozen=True)
class FontSet:
    """The registered reportlab font name, source file and family label per role."""

    names: Mapping[str, str]
    paths: Mapping[str, Path]
    labels: Mapping[str, str]

    def face(self, role: str) -> Any:
        """The reportlab TTFontFace behind a role (cmap and advance widths)."""
        from reportlab.pdfbase import pdfmetrics

        return pdfmetrics.getFont(self.names[role]).face


def default_search_dirs() -> list[Path]:
    """Folders searched for fonts: Windows system and per-user folders, then Linux ones."""
    dirs: list[Path] = []
    if os.name == "nt" or "WINDIR" in os.environ:
        dirs.append(Path(os.environ.get("WINDIR") or "C:\\Windows") / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    dirs += [
        Path("/usr/share/fonts/truetype/arphic"),
        Path("/usr/share/fonts/truetype/wqy"),
        Path("/usr/local/share/fonts"),
    ]
    home = os.environ.get("HOME")
    if home:
        dirs += [Path(home) / ".local" / "share" / "fonts", Path(home) / ".fonts"]
    return dirs


def register_font_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Register a TrueType(-collection) file once; return (reportlab name, family label)."""
    file = Path(path)
    key = str(file.resolve())
    with _lock:
        hit = _registered.get(key)
        if hit:
            return hit
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        name = f"LL-{re.sub(r'[^A-Za-z0-9]', '', file.stem)[:24] or 'font'}-{digest}"
        try:
            # subfontIndex 0 is the simplified-Chinese face of simsun.ttc and the Debian TTCs.
            font = TTFont(name, key, subfontIndex=0, shapable=False)
        except Exception as exc:  # reportlab raises assorted errors on unusable files
            raise FontFileError(_explain(file, exc)) from exc
        pdfmetrics.registerFont(font)
        family = font.face.familyName
        label = getattr(family, "ustr", None) or bytes(family).decode("latin-1")
        _registered[key] = (name, label)
        return name, label


def _explain(file: Path, exc: Exception) -> str:
    text = str(exc)
    if "postscript outlines" in text:
        reason = "是 PostScript（CFF/OTF）轮廓字体，无法嵌入 PDF，请改用 TrueType 字体"
    elif "not allow" in text:
        reason = "的授权不允许嵌入 PDF"
    else:
        reason = f"无法读取（{text}）"
    return f"字体文件“{file}”{reason}"


def _dir_index(folder: Path) -> dict[str, Path]:
    """File names in a folder by lower-case name (Windows names are case-insensitive)."""
    try:
        return {e.name.lower(): Path(e.path) for e in os.scandir(folder) if e.is_file()}
    except OSError:
        return {}


def _from_override(role: str, overrides: Mapping[str, Any] | None) -> tuple[str, str, Path] | None:
    value = (overrides or {}).get(role)
    if not value or not Path(value).is_file():
        return None
    try:
        name, label = register_font_file(value)
    except FontFileError as exc:
        raise UserError(f"设置中为“{ROLE_NAMES[role]}”指定的{exc}。") from None
    return name, label, Path(value)


def _from_candidates(role: str, indexes: list[dict[str, Path]]) -> tuple[str, str, Path] | None:
    for file_name in _CANDIDATES[role]:
        for index in indexes:
            path = index.get(file_name.lower())
            if path is None:
                continue
            try:
                name, label = register_font_file(path)
            except FontFileError as exc:
                log.info("skipping font candidate: %s", exc)
                continue
            return name, label, path
    return None


def load_fonts(
    overrides: Mapping[str, Any] | None = None,
    search_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> FontSet:
    """Find and register a font per role; settings overrides win when their file exists."""
    folders = default_search_dirs() if search_dirs is None else [Path(d) for d in search_dirs]
    indexes = [_dir_index(folder) for folder in folders]
    found: dict[str, tuple[str, str, Path]] = {}
    for role in (*ROLES, TITLE_ROLE):
        hit = _from_override(role, overrides) or _from_candidates(role, indexes)
        if hit:
            found[role] = hit
    missing = [ROLE_NAMES[role] for role in ROLES if role not in found]
    if missing:
        raise UserError(f"未找到可用的中文字体（缺少：{'、'.join(missing)}）。{INSTALL_HINT}")
    if TITLE_ROLE not in found:
        found[TITLE_ROLE] = next(found[r] for r in _TITLE_FALLBACKS if r in found)
    return FontSet(
        names={role: hit[0] for role, hit in found.items()},
        paths={role: hit[2] for role, hit in found.items()},
        labels={role: hit[1] for role, hit in found.items()},
    )


def missing_characters(text: str, fonts: FontSet, role: str) -> list[str]:
    """Characters of ``text`` the role's font has no glyph for (whitespace/controls ignored)."""
    cmap = fonts.face(role).charToGlyph
    return [
        ch
        for ch in dict.fromkeys(text)
        if ord(ch) not in cmap and not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    ]


def describe_missing(chars: list[str], font_label: str = "") -> str:
    """A Chinese message listing missing characters with their code points."""
    shown = "、".join(f"{ch}（U+{ord(ch):04X}）" for ch in chars[:_MAX_LISTED])
    more = f"等 {len(chars)} 个字符" if len(chars) > _MAX_LISTED else ""
    who = f"字体“{font_label}”" if font_label else "所选字体"
    return (
        f"{who}缺少以下字符：{shown}{more}。"
        "这些字符在 PDF 中会显示为方框，请改用常用字，或在“设置”中更换字体。"
    )
