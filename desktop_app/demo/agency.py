"""The demo's agency profile (本单位信息): seed 000's office, so every demo document is complete.

Seed 000 is the public progress report of a city S&T bureau's party group; it closes with
the office's telephone, postal address, postcode and e-mail, which the profile carries.
The contact is named by the office only (the demo names no real person).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

SEED_AGENCY = {
    "agency.name": "南通市科学技术局",
    "agency.issuer_mark": "中共南通市科学技术局党组文件",
    "agency.signature": "中共南通市科学技术局党组",
    "agency.printer": "中共南通市科学技术局党组办公室",
    "agency.contact_person": "政策法规处",
    "agency.phone": "0513-55018889",
    "agency.address": "南通市崇川区崇川路58号产业技术研究院1号楼305室",
    "agency.postcode": "226019",
    "agency.email": "fgc.kjj@nantong.gov.cn",
}


def fill_agency_profile(db: Database) -> None:
    """Store seed 000's office as 本单位信息 (inside the demo's transaction and audit row)."""
    from desktop_app.storage.settings import write_settings

    write_settings(db, SEED_AGENCY, audited=False)
