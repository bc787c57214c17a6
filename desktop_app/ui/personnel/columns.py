"""Column specs, warning colours and the table model of the personnel lists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.domain.identifiers import mask_id
from desktop_app.domain.personnel import CertWarning
from desktop_app.ui.table_model import WARNING_COLOURS, Column, Index, SqlTableModel, centred

# Row backgrounds; expired and expiring reuse the shared certificate colours.
ROW_COLOURS = {
    CertWarning.EXPIRED.value: WARNING_COLOURS["已过期"],
    CertWarning.EXPIRING.value: WARNING_COLOURS["即将到期"],
    CertWarning.SHOULD_CANCEL.value: "#dcc8ee",
    CertWarning.REVIEW_DUE.value: WARNING_COLOURS["滞后"],
}
# Text colour of the warning and date cells: expired bright red, expiring dark red.
TEXT_COLOURS = {
    CertWarning.EXPIRED.value: "#e00000",
    CertWarning.EXPIRING.value: "#8b0000",
    CertWarning.SHOULD_CANCEL.value: "#5b2a86",
    CertWarning.REVIEW_DUE.value: "#7a5a00",
}

# The cells each warning is about: shown in its text colour, bold.
EMPHASISED = {
    CertWarning.EXPIRED.value: ("warning", "valid_until", "shown_status"),
    CertWarning.EXPIRING.value: ("warning", "valid_until"),
    CertWarning.REVIEW_DUE.value: ("warning", "review_due"),
    CertWarning.SHOULD_CANCEL.value: ("warning", "status", "shown_status"),
}

ROSTER_COLUMNS = [
    Column("name", "姓名", 80),
    centred("gender", "性别", 45),
    centred("id_number", "身份证号", 150, format=mask_id),
    Column("unit", "单位", 170, tooltip=True),
    Column("department", "处室/科室", 120),
    Column("post", "职务", 100),
    centred("employment_type", "人员类别", 70),
    centred("status", "状态", 50),
    Column("certificates", "持有证件", 240, tooltip=True),
    centred("valid_until", "有效期至", 90),
    centred("warning", "预警", 70),
    centred("year_hours", "本年学时", 90, sortable=False),
]

CERTIFICATE_COLUMNS = [
    Column("kind", "证件种类", 100),
    Column("number", "证号", 120),
    Column("category", "执法类别/区域", 150, tooltip=True),
    Column("authority", "发证机关", 120),
    centred("issue_date", "发证日期", 90),
    centred("valid_until", "有效期至", 90),
    centred("shown_status", "状态", 60),
    centred("last_review", "最近年审", 90),
    centred("review_due", "年审到期", 90),
    centred("warning", "预警", 70),
]


def warning_colour(row: dict) -> str | None:
    """Row background of a warning."""
    return ROW_COLOURS.get(row.get("warning") or "")


class WarningTableModel(SqlTableModel):
    """The shared table model, with the warning also shown as coloured bold text."""

    _EMPHASIS = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        """As SqlTableModel, plus coloured bold text on the cells the warning is about."""
        if role in self._EMPHASIS:
            values = self.row(index.row()) if index.isValid() else None
            warning = (values or {}).get("warning") or ""
            if warning and self.columns[index.column()].key in EMPHASISED[warning]:
                return _emphasis(warning, role)
            return None
        return super().data(index, role)


_LOOKS: dict[tuple[str, int], QColor | QFont] = {}  # made once, at the first paint


def _emphasis(warning: str, role: int) -> QColor | QFont:
    """The text colour (ForegroundRole) or the bold font of a warning's cells."""
    look = _LOOKS.get((warning, role))
    if look is None:
        if role == Qt.ItemDataRole.ForegroundRole:
            look = QColor(TEXT_COLOURS[warning])
        else:
            look = QFont()
            look.setBold(True)
        _LOOKS[(warning, role)] = look
    return look
