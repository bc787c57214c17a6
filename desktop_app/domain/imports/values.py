"""Cell values as clerks write them, read into the application's values (pure Python).

Dates in every form seen in ledgers (Excel serials, 2023-5-22, 2023.5.22, 2023年5月22日,
2023年5月 → month end, 2023年底 / 年底前 → 31 December, 长期 → no deadline), status words,
是/否, 男/女, and ID numbers that Excel turned into 3.20602E+17 (an error: the digits are
lost). Forms ``domain.dates.parse_date`` knows are read by it; the others are added here.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.rectification import Status

MAX_CELL_CHARS = 32_767  # Excel's own limit; a longer cell is a damaged or hostile file
EXCEL_EPOCH = date(1899, 12, 30)
LAST_SERIAL = 2_958_465  # 9999-12-31

LONG_TERM_WORDS = ("长期坚持", "长期推进", "持续推进", "常态化", "长期", "持续", "常态长效")
ON_THE_SPOT = ("即知即改", "立行立改", "立即整改", "立知立改")
_STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.COMPLETED: (
        "已完成",
        "完成",
        "已整改",
        "已整改完成",
        "整改完成",
        "已完成整改",
        "已办结",
        "办结",
        "已落实",
        "已销号",
        "销号",
        "已整改到位",
        "整改到位",
        "√",
        "✓",
        "✔",
        "是",
        "y",
        "yes",
    ),
    Status.IN_PROGRESS: (
        "整改中",
        "正在推进",
        "推进中",
        "正在整改",
        "进行中",
        "未完成",
        "部分完成",
        "基本完成",
        "正在推进整改",
        "否",
        "n",
        "no",
    ),
    Status.LONG_TERM: (
        "长期坚持",
        "持续推进",
        "常态化",
        "长期",
        "长期推进",
        "需长期坚持",
        "持续整改",
    ),
    Status.NOT_STARTED: ("未启动", "未开始", "尚未启动", "未整改", "×", "✗"),
}
_YES = ("是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "已")
_NO = ("否", "无", "×", "✗", "n", "no", "false", "0", "未")
_GENDER = {"男": "男", "男性": "男", "m": "男", "male": "男", "女": "女", "女性": "女", "f": "女"}
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?e\+?\d+$", re.I)
_TIME_TAIL = re.compile(r"[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", re.I)
_YEAR_MONTH = re.compile(r"^(\d{4})(?:年|[-./])(\d{1,2})月?(?:份)?(?:底|末|前|底前|末前|中旬前)?$")
_YEAR_END = re.compile(r"^(\d{4})年?(?:年底|底|末|年末|全年|年内|年)(?:前|之前)?$")
_HALF = re.compile(r"^(\d{4})年?(上|下)半年(?:前|底前|末)?$")
_QUARTER = re.compile(r"^(\d{4})年?(?:第)?([一二三四1-4])季度(?:末|底|前|末前)?$")
_BARE_YEAR_END = re.compile(r"^(?:今年|本年|当年)?(?:年底|年末|年内)(?:前|之前)?$")
_DAY_SUFFIX = re.compile(r"(前|之前|以前|底前|止)$")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_BLANKS = re.compile(r"[ \t\u3000]+")
_ANY_BLANK = re.compile(r"\s+")
_WHOLE_NUMBER = re.compile(r"\d+(\.0+)?")
_AMOUNT_UNIT = re.compile(r"(学时|课时|小时|个小时|分|h)$", re.I)
CACHED_CHARS = 64  # cells up to this length are folded once (a ledger repeats its words)


@dataclass(frozen=True)
class Deadline:
    """A deadline cell: a date, or long-term (no date), or on the spot (即知即改)."""

    date: date | None = None
    long_term: bool = False
    on_the_spot: str = ""


def normalise(value: Any) -> str:
    """Text of a cell: full-width forms folded (NFKC), blanks squeezed, ends stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    return _folded(text) if len(text) <= CACHED_CHARS else _fold(text)


def _fold(text: str) -> str:
    return _BLANKS.sub(" ", unicodedata.normalize("NFKC", text)).strip()


_folded = lru_cache(maxsize=1 << 14)(_fold)


def key_of(value: Any) -> str:
    """A cell folded for matching: no blanks at all, lower case."""
    text = normalise(value)
    return _keyed(text) if len(text) <= CACHED_CHARS else _key(text)


def _key(text: str) -> str:
    return _ANY_BLANK.sub("", text).lower()


_keyed = lru_cache(maxsize=1 << 14)(_key)


def clean_text(value: Any, field: str) -> str:
    """A text cell (numbers without a needless .0); refuse cells longer than Excel allows."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > MAX_CELL_CHARS:
        raise ValidationError(
            field, f"单元格有 {len(text)} 字,超过 Excel 单元格上限 {MAX_CELL_CHARS} 字"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_import_date(value: Any, field: str, *, year: int | None = None) -> date | None:
    """A date in any form a ledger holds; periods (2023年5月, 2023年底) give their last day."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValidationError(field, f"“{value}”不是日期")
    if isinstance(value, int | float):
        return _from_number(float(value), field)
    text = _ANY_BLANK.sub("", _TIME_TAIL.sub("", normalise(value))).lower()
    if not text:
        return None
    if _WHOLE_NUMBER.fullmatch(text) and len(text.split(".")[0]) <= 7:
        return _from_number(float(text), field)
    found = _period_end(text, year)
    if found is not None:
        return found
    for candidate in (text, _DAY_SUFFIX.sub("", text)):
        try:
            return parse_date(candidate, field)
        except ValidationError as exc:
            if "不是存在的日期" in exc.message:
                raise
    raise ValidationError(
        field,
        f"无法识别日期“{normalise(value)}”(可写 2023-05-22、2023.5.22、2023年5月22日、"
        "2023年5月、2023年底)",
    )


def _from_number(number: float, field: str) -> date:
    """An Excel serial (days since 1899-12-30) or a yyyymmdd number."""
    if 19000101 <= number <= 99991231 and number.is_integer():
        day = parse_date(str(int(number)), field)
        if day is not None:
            return day
    if not 1 <= number <= LAST_SERIAL:
        raise ValidationError(field, f"“{number:g}”不是日期")
    return EXCEL_EPOCH + timedelta(days=int(number))


def _month_end(year: int, month: int, field: str = "日期") -> date:
    if not 1 <= month <= 12:
        raise ValidationError(field, f"{year}年{month}月不是存在的月份")
    return date(year, month, calendar.monthrange(year, month)[1])


def _period_end(text: str, year: int | None) -> date | None:
    """The last day of a month, quarter, half year or year written as a period."""
    if match := _YEAR_MONTH.match(text):
        return _month_end(int(match[1]), int(match[2]))
    if match := _YEAR_END.match(text):
        return date(int(match[1]), 12, 31)
    if match := _HALF.match(text):
        return date(int(match[1]), 6, 30) if match[2] == "上" else date(int(match[1]), 12, 31)
    if match := _QUARTER.match(text):
        return _month_end(int(match[1]), 3 * _QUARTERS[match[2]])
    if _BARE_YEAR_END.match(text):
        return date(year or date.today().year, 12, 31)
    return None


def parse_deadline(value: Any, field: str, *, year: int | None = None) -> Deadline:
    """A 整改时限 cell: a date, 长期 (long-term, no deadline) or 即知即改 (on the spot)."""
    text = key_of(value) if isinstance(value, str) else ""
    if text:
        for word in ON_THE_SPOT:
            if text.startswith(word):
                return Deadline(on_the_spot=word)
        if any(text.startswith(word) for word in LONG_TERM_WORDS):
            return Deadline(long_term=True)
    return Deadline(date=parse_import_date(value, field, year=year))


def parse_status(value: Any) -> tuple[Status | None, str]:
    """(status, completion way) from a status cell; (None, '') when the word is unknown."""
    text = key_of(value)
    if not text:
        return None, ""
    for word in ON_THE_SPOT:
        if text.startswith(word):
            return Status.COMPLETED, "立行立改" if word == "立行立改" else "即知即改"
    for status, words in _STATUS_WORDS.items():
        if text in words:
            return status, ""
    for status in (Status.LONG_TERM, Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED):
        if any(len(word) > 1 and text.startswith(word) for word in _STATUS_WORDS[status]):
            return status, ""
    return None, ""


def parse_yes_no(value: Any) -> bool | None:
    """是/否 (and √/×, 有/无, Y/N); None when blank or unknown."""
    text = key_of(value)
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def parse_gender(value: Any) -> str | None:
    """男 or 女 from 男/女/男性/女性/M/F; '' when blank, None when unknown."""
    text = key_of(value)
    if not text:
        return ""
    return _GENDER.get(text)


def parse_id_number(value: Any, field: str) -> str:
    """An ID number as text; an Excel-rounded number (3.20602E+17) is an error, never a guess."""
    if value is None or value == "":
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if abs(value) >= 1e15:
            shown = f"{value:.5E}".replace("E+", "E+")
            raise ValidationError(field, _rounded_message(shown))
        return str(int(value))
    text = key_of(value).upper()
    if _SCIENTIFIC.match(text):
        raise ValidationError(field, _rounded_message(normalise(value)))
    return text.replace("-", "")


def _rounded_message(shown: str) -> str:
    return (
        f"“{shown}”是被 Excel 转成科学计数法的数字,后几位已经丢失,无法还原;"
        "请在原表中把该列设为“文本”后重新录入号码"
    )


def parse_amount(value: Any, field: str) -> float | None:
    """A number cell (hours, score): 2, 2.5, “2学时”, “1.5小时”; None when blank."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(field, f"“{value}”不是数字")
    if isinstance(value, int | float):
        return float(value)
    text = _AMOUNT_UNIT.sub("", key_of(value))
    try:
        return float(text)
    except ValueError:
        raise ValidationError(field, f"“{normalise(value)}”不是数字") from None


def match_choice(value: Any, choices: dict[str, tuple[str, ...]]) -> str | None:
    """The choice a word names (exact synonym first, then one it contains); None if unknown."""
    text = key_of(value)
    if not text:
        return ""
    for choice, words in choices.items():
        if text == key_of(choice) or text in (key_of(w) for w in words):
            return choice
    for choice, words in choices.items():
        if any(len(w) > 1 and key_of(w) in text for w in (choice, *words)):
            return choice
    return None
