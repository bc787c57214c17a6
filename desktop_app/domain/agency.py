"""The agency profile (本单位信息): who issues the office's documents and how to reach it.

Asked for on the first run and kept in the settings; every notice and report takes its
signature (发文机关署名), its red issuer mark (发文机关标志), its 印发机关 for the 版记 and its
contact line from here, unless the clerk wrote others into that document's texts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgencyProfile:
    """The issuing organ and its contact details."""

    name: str = ""  # 单位全称: 南通市科学技术局
    issuer_mark: str = ""  # 发文机关标志 on the red header: 南通市科学技术局文件
    signature: str = ""  # 落款 (发文机关署名): 南通市科学技术局
    printer: str = ""  # 印发机关 in the 版记: 南通市科学技术局办公室
    contact_person: str = ""  # 联系人
    phone: str = ""  # 联系电话
    address: str = ""  # 通信地址
    postcode: str = ""  # 邮政编码
    email: str = ""  # 电子邮箱

    @property
    def signer(self) -> str:
        """The signature, or the full name when no separate signature is given."""
        return self.signature.strip() or self.name.strip()

    @property
    def is_complete(self) -> bool:
        """Whether documents can go out signed (a signer is known)."""
        return bool(self.signer)

    def contact_line(self, person: str = "", phone: str = "") -> str:
        """联系人：王明，联系电话：0392-3310001。 ('' when neither is known)."""
        person, phone = person.strip() or self.contact_person, phone.strip() or self.phone
        parts = [f"联系人：{person}" if person else "", f"联系电话：{phone}" if phone else ""]
        text = "，".join(p for p in parts if p)
        return f"{text}。" if text else ""

    def contact_details(self) -> str:
        """电话…，通信地址：…，邮编…，电子邮箱：… as a closing paragraph lists them."""
        parts = [
            f"电话{self.phone}" if self.phone else "",
            f"通信地址：{self.address}" if self.address else "",
            f"邮编{self.postcode}" if self.postcode else "",
            f"电子邮箱：{self.email}" if self.email else "",
        ]
        return "，".join(p for p in parts if p)
