"""The personnel rules in the settings table: defaults, reading, and saving atomically."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import iso
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.personnel import HELD_STATUSES, PersonnelRules, review_due
from desktop_app.storage import settings as settings_repo
from desktop_app.storage.personnel.rows import certificate_from_row
from desktop_app.storage.settings import SettingsRepo, read_setting

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.database import Reader

_DEFAULT_RULES = PersonnelRules()
PERSONNEL_DEFAULTS: dict[str, Any] = {
    "personnel.validity_years": _DEFAULT_RULES.validity_years,
    "personnel.review_interval_months": _DEFAULT_RULES.review_interval_months,
    "personnel.lead_days": _DEFAULT_RULES.lead_days,
    "personnel.pass_mark": _DEFAULT_RULES.pass_mark,
    "personnel.allowed_employment": list(_DEFAULT_RULES.allowed_employment),
    "personnel.notice_texts": {},
}
settings_repo.DEFAULTS.update(PERSONNEL_DEFAULTS)


def load_rules(db: Reader) -> PersonnelRules:
    """The personnel rules stored in the settings table."""
    return PersonnelRules(
        validity_years=int(read_setting(db, "personnel.validity_years")),
        review_interval_months=int(read_setting(db, "personnel.review_interval_months")),
        lead_days=int(read_setting(db, "personnel.lead_days")),
        pass_mark=int(read_setting(db, "personnel.pass_mark")),
        allowed_employment=tuple(read_setting(db, "personnel.allowed_employment") or ()),
    )


def save_rules(db: Database, rules: PersonnelRules) -> None:
    """Store the rules and re-date every held certificate's next review, in one transaction."""
    if rules.validity_years < 1 or rules.lead_days < 0 or rules.review_interval_months < 0:
        raise ValidationError("设置", "有效期须至少 1 年,提前天数和年审间隔不能为负")
    if not 0 <= rules.pass_mark <= 100:
        raise ValidationError("合格分数线", "应在 0 到 100 之间")
    with db.atomic():
        SettingsRepo(db).set_many(
            {
                "personnel.validity_years": rules.validity_years,
                "personnel.review_interval_months": rules.review_interval_months,
                "personnel.lead_days": rules.lead_days,
                "personnel.pass_mark": rules.pass_mark,
                "personnel.allowed_employment": list(rules.allowed_employment),
            }
        )
        cursor = db.execute(
            "SELECT * FROM certificates WHERE status IN (?, ?)", list(HELD_STATUSES)
        )
        names = [d[0] for d in cursor.description]
        updates = [
            (
                iso(review_due(certificate_from_row(dict(zip(names, row, strict=True))), rules)),
                row[0],
            )
            for row in cursor.fetchall()
        ]
        db.conn.executemany("UPDATE certificates SET review_due = ? WHERE id = ?", updates)
