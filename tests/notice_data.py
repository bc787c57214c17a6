"""Texts of official documents for tests: the fields that recur in them."""

from __future__ import annotations

from datetime import date
from typing import Any


def red_header(issuer: str, doc_no: str, signed: date) -> dict[str, Any]:
    """The NoticeTexts fields of a document issued under its issuer's red header (红头文件)."""
    head = {"red_header": True, "issuer": f"{issuer}文件", "doc_no": doc_no}
    return {**head, "signature": issuer, "sign_date": signed}
