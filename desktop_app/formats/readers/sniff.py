"""What a file really is, decided from its bytes, and the guards run before it is opened."""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop_app.formats.readers import MAX_FILE_BYTES, ImportFileError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
MAX_MEMBERS = 10_000
MAX_UNPACKED = 800 * 1024 * 1024  # all members of a container, unpacked
MAX_RATIO = 300  # unpacked / packed size of one large member (zip bombs reach thousands)
RATIO_FROM = 2 * 1024 * 1024
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")
_WORD_97 = "WordDocument".encode("utf-16-le")
_CLAIMED_BINARY = {"xlsx": "Excel", "xlsm": "Excel", "xls": "Excel", "ods": "表格", "docx": "Word"}


def detect(path: Path) -> str:
    """The format of ``path``: xlsx, xls, ods, docx, csv or txt; refuse what cannot be read."""
    name = path.name
    if not path.exists():
        raise ImportFileError(f"找不到文件“{path}”")
    if path.is_dir():
        raise ImportFileError(f"“{path}”是一个文件夹,请选择要导入的文件")
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(f"“{name}”是空文件,没有可导入的内容")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"“{name}”有 {size // (1024 * 1024)} MB,超过导入上限"
            f" {MAX_FILE_BYTES // (1024 * 1024)} MB;请拆分后分批导入"
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP):
        return _zip_kind(path)
    if head == OLE2:
        return _ole_kind(path)
    claimed = path.suffix.lower().lstrip(".")
    if claimed in _CLAIMED_BINARY:
        what = _CLAIMED_BINARY[claimed]
        raise ImportFileError(
            f"“{name}”不是 {what} 文件(内容不是 .{claimed} 格式,可能是改了扩展名的文本或"
            "其他文件);如果是 CSV 表格,请把扩展名改为 .csv 后再导入"
        )
    return "txt" if claimed == "txt" else "csv"


def _ole_kind(path: Path) -> str:
    """An OLE2 compound file: old Excel, or a password-protected Office file, or old Word."""
    data = path.read_bytes()
    if _ENCRYPTED_OOXML in data:
        raise ImportFileError(
            f"“{path.name}”设置了打开密码,无法读取;请在 Excel/WPS 中取消密码"
            "(文件 → 信息 → 保护工作簿)后另存,再导入"
        )
    if _WORD_97 in data:
        raise ImportFileError(
            f"“{path.name}”是旧版 Word 文档(.doc),请在 Word/WPS 中另存为 .docx 后再导入"
        )
    return "xls"


def _zip_kind(path: Path) -> str:
    """Measure a zip container before anything unpacks it; say which Office format it is."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            check_container(path.name, archive, infos)
            names = {info.filename for info in infos}
    except zipfile.BadZipFile:
        raise ImportFileError(f"“{path.name}”已损坏(压缩结构不完整),无法读取") from None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            raise ImportFileError(
                f"“{path.name}”是 Excel 二进制工作簿(.xlsb),请另存为 .xlsx 后再导入"
            )
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    raise ImportFileError(f"“{path.name}”是压缩包,但不是 Excel 或 Word 文件,无法导入")


def check_container(name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs, encrypted members and XML that declares entities."""
    if len(infos) > MAX_MEMBERS:
        raise ImportFileError(f"“{name}”内含 {len(infos)} 个部件,不像正常的 Office 文件,已拒绝")
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise ImportFileError(f"“{name}”解压后超过 {MAX_UNPACKED // 2**20} MB(疑似压缩炸弹),已拒绝")
    for info in infos:
        if info.flag_bits & 0x1:
            raise ImportFileError(f"“{name}”设置了密码,无法读取;请取消密码后另存,再导入")
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and info.file_size / packed > MAX_RATIO:
            raise ImportFileError(f"“{name}”中的“{info.filename}”压缩比异常(疑似压缩炸弹),已拒绝")
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(info) as member:
                start = member.read(4096).upper()
            if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                raise ImportFileError(
                    f"“{name}”中含有 XML 实体定义(可能是恶意构造的文件),已拒绝读取"
                )
