"""Font discovery, registration and glyph-coverage checks for the PDF notices."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.formats import fonts
from desktop_app.formats.fonts import (
    FontFileError,
    describe_missing,
    load_fonts,
    missing_characters,
    register_font_file,
)

DEBIAN = {
    "uming": Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    "ukai": Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
    "wqy": Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
}
EXT_B = "\U00020000"  # 𠀀, CJK Extension B: not in AR PL UMing


def _fake_otf(path: Path) -> Path:
    """A file with an OpenType/CFF header, as Noto CJK .otf files have."""
    path.write_bytes(b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0) + b"CFF " + bytes(76))
    return path


@pytest.fixture(scope="module")
def windows_fonts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fake C:\\Windows\\Fonts holding Debian fonts under the Windows file names."""
    folder = tmp_path_factory.mktemp("Windows") / "Fonts"
    folder.mkdir()
    for source, name in [
        ("uming", "simfang.ttf"),
        ("wqy", "SIMHEI.TTF"),  # Windows names are case-insensitive
        ("ukai", "simkai.ttf"),
        ("uming", "simsun.ttc"),
    ]:
        shutil.copyfile(DEBIAN[source], folder / name)
    return folder


def test_fonts_found_in_a_windows_folder_under_windows_names(windows_fonts: Path) -> None:
    found = load_fonts(search_dirs=[windows_fonts])
    assert found.paths["fangsong"] == windows_fonts / "simfang.ttf"
    assert found.paths["heiti"] == windows_fonts / "SIMHEI.TTF"
    assert found.paths["kaiti"] == windows_fonts / "simkai.ttf"
    assert found.paths["songti"] == windows_fonts / "simsun.ttc"
    # no 方正小标宋: the title falls back to 黑体
    assert found.paths["xiaobiaosong"] == found.paths["heiti"]
    assert found.names["xiaobiaosong"] == found.names["heiti"]
    assert found.labels["kaiti"] == "AR PL UKai CN"
    assert 0x6CD5 in found.face("fangsong").charToGlyph  # 法


def test_windir_environment_variable_is_searched_first(
    windows_fonts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WINDIR", str(windows_fonts.parent))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    assert fonts.default_search_dirs()[0] == windows_fonts
    assert load_fonts().paths["fangsong"] == windows_fonts / "simfang.ttf"


def test_per_user_font_folder_is_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_fonts = tmp_path / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    user_fonts.mkdir(parents=True)
    shutil.copyfile(DEBIAN["ukai"], user_fonts / "simkai.ttf")
    monkeypatch.setenv("WINDIR", str(tmp_path / "nowhere"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    assert load_fonts().paths["kaiti"] == user_fonts / "simkai.ttf"


def test_linux_fonts_are_the_default_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WINDIR", raising=False)
    found = load_fonts()
    assert found.paths["fangsong"] == DEBIAN["uming"]
    assert found.paths["songti"] == DEBIAN["uming"]
    assert found.paths["kaiti"] == DEBIAN["ukai"]
    assert found.paths["heiti"] == DEBIAN["wqy"]


def test_no_font_raises_a_chinese_message_naming_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        load_fonts(search_dirs=[tmp_path, tmp_path / "missing"])
    message = str(caught.value)
    assert "未找到可用的中文字体" in message
    assert "仿宋" in message and "黑体" in message
    assert "simfang.ttf" in message
    assert "fonts-arphic-uming fonts-arphic-ukai fonts-wqy-microhei" in message


def test_only_the_missing_roles_are_named(tmp_path: Path) -> None:
    shutil.copyfile(DEBIAN["uming"], tmp_path / "simfang.ttf")
    with pytest.raises(UserError) as caught:
        load_fonts(search_dirs=[tmp_path])
    assert "（缺少：黑体、楷体、宋体）" in str(caught.value)


def test_cff_font_is_refused_clearly_and_skipped(tmp_path: Path) -> None:
    fake = _fake_otf(tmp_path / "simfang.ttf")
    with pytest.raises(FontFileError, match="PostScript"):
        register_font_file(fake)
    shutil.copyfile(DEBIAN["uming"], tmp_path / "uming.ttc")
    found = load_fonts(search_dirs=[tmp_path, DEBIAN["wqy"].parent, DEBIAN["ukai"].parent])
    assert found.paths["fangsong"] == tmp_path / "uming.ttc"


def test_settings_override_wins_when_the_file_exists(windows_fonts: Path) -> None:
    found = load_fonts(
        overrides={"kaiti": str(windows_fonts / "simfang.ttf"), "heiti": "/no/such/font.ttf"},
        search_dirs=[windows_fonts],
    )
    assert found.paths["kaiti"] == windows_fonts / "simfang.ttf"
    assert found.paths["heiti"] == windows_fonts / "SIMHEI.TTF"  # missing override ignored


def test_unusable_override_is_a_user_error_naming_the_role(
    windows_fonts: Path, tmp_path: Path
) -> None:
    fake = _fake_otf(tmp_path / "NotoSansCJK.otf")
    with pytest.raises(UserError, match=r"楷体.*PostScript"):
        load_fonts(overrides={"kaiti": fake}, search_dirs=[windows_fonts])


def test_registration_is_cached_per_path(windows_fonts: Path) -> None:
    first = register_font_file(windows_fonts / "simkai.ttf")
    assert register_font_file(windows_fonts / "simkai.ttf") == first
    assert (
        load_fonts(search_dirs=[windows_fonts]).names
        == load_fonts(search_dirs=[windows_fonts]).names
    )


def test_missing_characters_ignores_whitespace_and_controls(windows_fonts: Path) -> None:
    found = load_fonts(search_dirs=[windows_fonts])
    text = f"依法行政 {EXT_B}\n\t\u3000\u200b{EXT_B}法"
    assert missing_characters(text, found, "fangsong") == [EXT_B]
    assert missing_characters("依法行政。", found, "heiti") == []


def test_describe_missing_lists_code_points_and_font() -> None:
    message = describe_missing([EXT_B, "\U0002a6d6"], "AR PL UMing CN")
    assert "字体“AR PL UMing CN”缺少以下字符" in message
    assert f"{EXT_B}（U+20000）" in message and "U+2A6D6" in message
    many = [chr(0xE000 + i) for i in range(25)]
    assert "等 25 个字符" in describe_missing(many)
