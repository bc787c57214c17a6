"""Chinese typography of document text: full-width punctuation, nested quotes, unbreakable runs.

Text typed or pasted into the product often carries half-width ``, ; : ( ) ? !`` and straight
quotes; official documents set them full-width where they stand in Chinese text. Quotes nest
“…‘…’…”. Numbers, dates, document numbers (发文字号), certificate numbers, telephone numbers
and times are never broken across lines: ``keep_spans`` names them for the line setters.
Pure Python: used by the PDF and the Word renderers alike.
"""

from __future__ import annotations

import itertools
import re
import string

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_OPENERS, _CLOSERS = "“‘", "”’"
WORD_JOINER = "\u2060"  # prohibits a line break where it stands (Unicode UAX #14 class WJ)
# Characters a line never breaks between (one Latin word): digits, letters, . % ‰ : _ + # @
_LATIN_WORD = frozenset(string.ascii_letters + string.digits + ".%‰:_+#@")

# Document numbers: 机关代字 + 〔year〕 + number + 号, whatever brackets were typed.
_DOC_NO = re.compile(
    r"([\u4e00-\u9fff]{1,8})\s*[\[［(（﹝【〔]\s*((?:19|20)\d{2})\s*[\]］)）﹞】〕]\s*0*(\d+)\s*号"
)
# Runs that must stay on one line, most specific first.
_KEEP = re.compile(
    "|".join(
        (
            r"[\u4e00-\u9fff]{0,4}〔\d{4}〕\d+号",  # 发文字号 (after normalising the brackets)
            r"\d{4}年\d{1,2}月(?:\d{1,2}日)?",  # 2022年10月11日, 2022年10月
            r"\d{1,2}月\d{1,2}日",  # 10月11日
            r"\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}(?:前|起)?",  # 2022.8.22前, 2022-10-11
            r"\d{1,2}[:：]\d{2}(?:\s*[—\-–~～]\s*\d{1,2}[:：]\d{2})?",  # 9:00—11:30
            r"第[0-9A-Za-z\-]+号",  # certificate numbers such as 第0123号
            r"[0-9A-Za-z._%+\-]+@[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)+",  # e-mail addresses
            r"[0-9A-Za-z][0-9A-Za-z.\-_/+#]*[0-9A-Za-z%]",  # numbers, codes, phones
            r"\d+(?:\.\d+)?[%‰]",  # 57.1%
        )
    )
)


def is_chinese(ch: str) -> bool:
    """A CJK ideograph or full-width punctuation: the context that makes punctuation full-width."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2FA1F
        or 0xF900 <= code <= 0xFAFF
        or 0x3000 <= code <= 0x303F
        or 0xFF01 <= code <= 0xFF5E
        or ch in "“”‘’《》…—"
    )


def _neighbour(text: str, i: int, step: int) -> str:
    """The character next to ``i``, to the left (-1) or right (+1); '' at either end."""
    j = i + step
    return text[j] if 0 <= j < len(text) else ""


def _full_width_marks(text: str) -> str:
    """Half-width , ; : ? ! ( ) that touch Chinese text become full-width, spaces around dropped."""
    chars = list(text)
    convert = [False] * len(chars)
    opens: list[int] = []
    for i, ch in enumerate(text):
        if ch not in _HALF_TO_FULL:
            continue
        left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
        chinese = (left and is_chinese(left)) or (right and is_chinese(right))
        if ch == "(":
            opens.append(i)
            convert[i] = bool(chinese)
        elif ch == ")":
            if opens:
                start = opens.pop()
                both = convert[start] or bool(chinese) or _inner_chinese(text, start, i)
                convert[start] = convert[i] = both
            else:
                convert[i] = bool(chinese)
        else:
            digits = left.isdigit() and right.isdigit()
            convert[i] = bool(chinese) and not (digits and ch in ",:")
    out: list[str] = []
    skip_spaces = False
    for i, ch in enumerate(chars):
        if convert[i]:
            while out and out[-1] in " \t":
                out.pop()
            out.append(_HALF_TO_FULL[ch])
            skip_spaces = True
        elif ch in " \t" and skip_spaces:
            continue
        else:
            out.append(ch)
            skip_spaces = False
    return "".join(out)


def _inner_chinese(text: str, start: int, end: int) -> bool:
    return any(is_chinese(ch) for ch in text[start + 1 : end])


def _straight_quotes(text: str) -> str:
    """Straight double and single quotes in Chinese text become curly, alternating open/close."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    state = {'"': False, "'": False}  # inside a quote of that kind
    for i, ch in enumerate(text):
        if ch in state:
            left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
            if (left and is_chinese(left)) or (right and is_chinese(right)):
                pair = "“”" if ch == '"' else "‘’"
                out.append(pair[1] if state[ch] else pair[0])
                state[ch] = not state[ch]
                continue
        out.append(ch)
    return "".join(out)


def nest_quotes(text: str) -> str:
    """Quotes nest “…‘…’…”: each level alternates double and single marks."""
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPENERS:
            out.append("“" if depth % 2 == 0 else "‘")
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
            out.append("”" if depth % 2 == 0 else "’")
        else:
            out.append(ch)
    return "".join(out)


def doc_number(text: str) -> str:
    """A 发文字号 as GB/T 9704 writes it: year in 〔〕, number without leading zeros."""
    return _DOC_NO.sub(lambda m: f"{m.group(1)}〔{m.group(2)}〕{int(m.group(3))}号", text)


def typeset(text: str) -> str:
    """Chinese typography of one text: full-width marks, curly nested quotes, 〔〕 in 发文字号."""
    if not text:
        return text
    lines = [nest_quotes(_settled(doc_number(t))) for t in text.split("\n")]
    return "\n".join(lines)


def _settled(text: str) -> str:
    """Full-width marks and curly quotes until nothing changes (each is context for the next)."""
    for _ in range(50):
        done = _straight_quotes(_full_width_marks(text))
        if done == text:
            break
        text = done
    return text


def keep_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run a line must not break: dates, numbers, 文号, certificate numbers."""
    return [m.span() for m in _KEEP.finditer(text) if m.end() - m.start() > 1]


def book_title_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each 《…》 of at most 20 characters (a title keeps them on one line)."""
    return [m.span() for m in re.finditer(r"《[^《》]{1,18}》", text)]


def _joined(span: str) -> str:
    """A run with a word joiner only where a line could break: not inside a Latin word."""
    out = [span[:1]]
    for before, ch in itertools.pairwise(span):
        if not (before in _LATIN_WORD and ch in _LATIN_WORD):
            out.append(WORD_JOINER)
        out.append(ch)
    return "".join(out)


def join_unbreakable(text: str) -> str:
    """The text with word joiners keeping every run that must stay whole on one line.

    For Word and WPS, which break lines themselves: a joiner stands only where a break
    would be allowed (beside a Chinese character, a dash, a hyphen or a space), never inside
    a run of digits and Latin letters (no Latin word is broken) and never at a run's edge, so
    few invisible characters end up in what the clerk copies out of the document.
    """
    spans = keep_spans(text)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(_joined(text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def half_width_between_chinese(text: str) -> list[str]:
    """Half-width , ; : ( ) ? ! standing between two Chinese characters (for checks and tests)."""
    found = []
    for i, ch in enumerate(text):
        inside = ch in _HALF_TO_FULL and 0 < i < len(text) - 1
        if inside and is_chinese(text[i - 1]) and is_chinese(text[i + 1]):
            found.append(text[i - 1 : i + 2])
    return found
