"""Chinese typography of document text: full-width marks, nested quotes, unbreakable runs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.typography import (
    WORD_JOINER,
    half_width_between_chinese,
    join_unbreakable,
    keep_spans,
    nest_quotes,
    typeset,
)


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("根据市委统一部署,2022年2月16日至3月16日", "根据市委统一部署，2022年2月16日至3月16日"),
        ("时间: 9:00—11:30", "时间：9:00—11:30"),
        ("(一)贯彻习近平法治思想", "（一）贯彻习近平法治思想"),
        ("市委宣传部(新闻出版局)等14家单位", "市委宣传部（新闻出版局）等14家单位"),
        ("(2022年新增2人参加执法资格考试)", "（2022年新增2人参加执法资格考试）"),
        ("是否完成?是!", "是否完成？是！"),
        ("一是加强学习;二是强化责任", "一是加强学习；二是强化责任"),
        ('他说"好"。', "他说“好”。"),
        ("电话0513-55018889,邮编226019", "电话0513-55018889，邮编226019"),
    ],
)
def test_half_width_marks_in_chinese_text_become_full_width(typed: str, printed: str) -> None:
    assert typeset(typed) == printed


@pytest.mark.parametrize(
    "kept", ["1,000人", "9:00", "fgc.kjj@nantong.gov.cn", "&amp; 丙", "(a, b)"]
)
def test_marks_between_latin_or_digits_stay(kept: str) -> None:
    assert typeset(kept) == kept


def test_quotes_nest_double_then_single() -> None:
    assert nest_quotes("关于“落实“三会一课”制度”问题") == "关于“落实‘三会一课’制度”问题"
    assert nest_quotes("“甲“乙“丙”乙”甲”") == "“甲‘乙“丙”乙’甲”"
    assert typeset("关于“落实‘三会一课’制度”问题") == "关于“落实‘三会一课’制度”问题"


def test_document_numbers_take_the_standard_brackets() -> None:
    assert typeset("通科党﹝2022﹞016号") == "通科党〔2022〕16号"
    assert typeset("鹤科[2025]8号") == "鹤科〔2025〕8号"
    assert typeset("通科党(2022)16号") == "通科党〔2022〕16号"


def test_runs_that_never_break() -> None:
    text = "截至2022年10月11日，电话0513-55018889，通科党〔2022〕16号，2028.8.22前，57.1%"
    runs = [text[a:b] for a, b in keep_spans(text)]
    assert runs == [
        "2022年10月11日",
        "0513-55018889",
        "通科党〔2022〕16号",
        "2028.8.22前",
        "57.1%",
    ]
    joined = join_unbreakable("于2022年10月11日")
    assert joined.replace(WORD_JOINER, "") == "于2022年10月11日"
    assert WORD_JOINER + "年" + WORD_JOINER in joined and not joined.startswith("于" + WORD_JOINER)


_CHINESE = st.sampled_from("法治政府建设依法行政整改情况")
_MARKS = st.sampled_from(",;:?!()\"'“”‘’ 1a")


@given(st.lists(st.one_of(_CHINESE, _MARKS), max_size=40).map("".join))
def test_typeset_leaves_no_half_width_mark_between_chinese(text: str) -> None:
    printed = typeset(text)
    assert half_width_between_chinese(printed) == []
    assert typeset(printed) == printed  # typesetting twice changes nothing
