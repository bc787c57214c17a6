"""The inspection proposed for an imported table never carries the file's suffix."""

import pytest

from desktop_app.imports.rectification import inspection_name


@pytest.mark.parametrize(
    ("sheet", "stem", "expected"),
    [
        ("清单.csv", "清单", "导入的巡察"),
        ("市委第三巡察组反馈问题整改清单.csv", "x", "市委第三巡察组"),
        ("2023年度审计整改台账.XLSX", "y", "2023年度审计"),
        ("Sheet1", "省委巡视反馈意见整改方案", "省委巡视"),
    ],
)
def test_the_file_suffix_is_not_part_of_the_name(sheet: str, stem: str, expected: str) -> None:
    assert inspection_name("", sheet, stem) == expected
