"""Demo enforcement personnel: a small S&T office (seed 000/001) plus synthetic staff.

At scale 1 the office has 54 serving certificate holders (科技系统执法人员54名, seed 000)
and this year's changes of seed 001: one certificate newly issued, three cancelled and
eleven persons' enforcement relationship transferred out. Larger scales add about
1,000 synthetic persons per step, whose events all lie in earlier years, so this year's
counts stay exactly those of the seed. Names and resident ID numbers are synthetic (valid
checksums). Rows are written with ``insert_all``; derived columns (search text, next
review date) are filled as ``PersonnelRepo`` fills them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from stdnum.cn import ric

from desktop_app.domain.dates import add_months
from desktop_app.domain.personnel import (
    Certificate,
    PersonnelRules,
    default_valid_until,
    review_due,
)
from desktop_app.storage import audit
from desktop_app.storage.personnel.rows import certificate_to_row
from desktop_app.storage.settings import read_certificate_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

Progress = Callable[[int, int], None]
PERSONS_PER_SCALE = 1000
OFFICE_HOLDERS = 54
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵万严武戴孔"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明辉刚健鹏飞华建国志宏海波东亮平毅俊峰浩宇晨博文凯松林"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷慧洁琳颖雪倩丹萍红梅瑶璐晶莉颜欣蕾佳"
REGIONS = ("320602", "320602", "320611", "320621", "320623", "320602", "320611", "320621")
# python-stdnum knows these district codes from 1985 on; people born earlier get the city's code
CITY_REGION, DISTRICTS_SINCE = "320600", 1985
BUREAU = "南通市科学技术局"
OFFICE = (  # (unit, department, serving certificate holders)
    (BUREAU, "办公室", 5),
    (BUREAU, "法规科", 6),
    (BUREAU, "高新技术科", 5),
    (BUREAU, "农村科技科", 5),
    (BUREAU, "成果转化与区域创新科", 5),
    (BUREAU, "科技合作与人才科", 4),
    ("南通市科技信息研究所", "综合科", 8),
    ("南通市生产力促进中心", "业务科", 8),
    ("南通市科技创新服务中心", "综合科", 8),
)
POSTS = ("科员", "一级科员", "四级主任科员", "三级主任科员", "副科长", "科长")
AREAS = ("科技行政执法/南通市", "科技行政执法/崇川区", "科技行政执法/通州区")
CITY_GOV, PROVINCE_GOV = "南通市人民政府", "江苏省人民政府"
BULK_PLACES = ("南通市", "崇川区", "通州区", "海门区", "海安市", "如皋市", "南通开发区")
BULK_AGENCIES = (
    "科学技术局",
    "工业和信息化局",
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "农业农村局",
    "自然资源局",
    "住房和城乡建设局",
    "文化广电和旅游局",
    "应急管理局",
    "城市管理局",
    "卫生健康委员会",
)
BULK_DEPARTMENTS = ("办公室", "法规科", "执法监察科", "综合科", "业务一科", "业务二科")


class _Writer:
    """Collects rows with their ids and writes them in batches."""

    def __init__(self, db: Database, today: date, rules: PersonnelRules) -> None:
        self.db, self.today, self.rules = db, today, rules
        self.stamp = audit.now_text()
        self.rows: dict[str, list[dict[str, Any]]] = {
            "persons": [],
            "certificates": [],
            "certificate_events": [],
            "qualification_exams": [],
        }
        self.counts = dict.fromkeys(self.rows, 0)
        self.ids = dict.fromkeys(self.rows, 0)
        self.used_ids: set[str] = set()
        self.numbers = {"行政执法证": 0, "行政执法监督证": 0}
        self.year_start = date(today.year, 1, 1)

    def _add(self, table: str, row: dict[str, Any]) -> int:
        self.ids[table] += 1
        row["id"] = self.ids[table]
        self.rows[table].append(row)
        if len(self.rows[table]) >= 20000:
            self.flush()  # every table, parents first: foreign keys hold at each step
        return row["id"]

    def flush(self, table: str | None = None) -> None:
        """Write the collected rows of one table (all tables when None)."""
        for name in [table] if table else list(self.rows):
            rows = self.rows[name]
            if rows:
                self.db.table(name).insert_all(rows, batch_size=2000)
                self.counts[name] += len(rows)
                self.rows[name] = []

    def resident_id(self, rng: random.Random, gender: str, born_from: int) -> tuple[str, date]:
        """A synthetic, valid and unique resident ID number with its birth date."""
        while True:
            born = date(born_from, 1, 1) + timedelta(days=rng.randrange(365 * 35))
            seq = rng.randrange(100) * 10 + rng.choice(
                (1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8)
            )
            region = rng.choice(REGIONS) if born.year >= DISTRICTS_SINCE else CITY_REGION
            body = f"{region}{born:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number, born

    def person(self, rng: random.Random, unit: str, dept: str, **extra: Any) -> dict[str, Any]:
        """A synthetic person row (not yet written: certificates add to its search text)."""
        gender = rng.choice(("男", "男", "女"))
        chars = MALE_CHARS if gender == "男" else FEMALE_CHARS
        given = "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2))))
        number, born = self.resident_id(rng, gender, 1962)
        row = {
            "name": rng.choice(SURNAMES) + given,
            "gender": gender,
            "id_number": number,
            "birth_date": born.isoformat(),
            "unit": unit,
            "department": dept,
            "post": rng.choice(POSTS),
            "employment_type": "在编",
            "phone": f"13{rng.randrange(10)}{rng.randrange(10**8):08d}",
            "status": "在职",
            "notes": "",
            "created_at": self.stamp,
            "updated_at": self.stamp,
        }
        row.update(extra)
        return row

    def write_person(self, row: dict[str, Any], numbers: list[str]) -> int:
        """Add a person with the search text ``PersonnelRepo`` would compute."""
        keys = ("name", "id_number", "unit", "department", "post", "phone")
        row["search_text"] = "\n".join([*(row[k] for k in keys if row[k]), *numbers])
        return self._add("persons", row)

    def certificate(self, person_id: int, kind: str, issued: date, **extra: Any) -> dict:
        """A certificate row with its 新办 event and yearly reviews up to ``reviewed``."""
        self.numbers[kind] += 1
        prefix = "32060" if kind == "行政执法证" else "JD32060"
        cert = Certificate(
            person_id=person_id,
            number=f"{prefix}{self.numbers[kind]:06d}",
            kind=kind,
            category=AREAS[self.numbers[kind] % len(AREAS)],
            authority=CITY_GOV if kind == "行政执法证" else PROVINCE_GOV,
            issue_date=issued,
            valid_until=default_valid_until(issued, self.rules),
        )
        for key, value in extra.items():
            setattr(cert, key, value)
        if cert.status in ("有效", "暂扣"):
            cert.review_due = review_due(cert, self.rules)
        return {**certificate_to_row(cert), "created_at": self.stamp, "updated_at": self.stamp}

    def write_certificate(
        self, row: dict[str, Any], doc_ref: str = "", *, every_review: bool = True
    ) -> int:
        """Add a certificate, its 新办 event and its 年审 events (yearly, or the last only)."""
        cert_id = self._add("certificates", row)
        self.event(
            cert_id,
            row["person_id"],
            "新办",
            date.fromisoformat(row["issue_date"]),
            doc_ref=doc_ref,
        )
        if row["last_review"]:
            last = date.fromisoformat(row["last_review"])
            when = add_months(date.fromisoformat(row["issue_date"]), 12)
            while every_review and when < last:
                self.event(cert_id, row["person_id"], "年审", when)
                when = add_months(when, 12)
            self.event(cert_id, row["person_id"], "年审", last)
        return cert_id

    def event(self, cert_id: int | None, person_id: int, kind: str, on: date, **extra) -> int:
        """A lifecycle event row."""
        row = {
            "certificate_id": cert_id,
            "person_id": person_id,
            "event": kind,
            "date": on.isoformat(),
            "reason": extra.get("reason", ""),
            "doc_ref": extra.get("doc_ref", ""),
            "created_at": self.stamp,
        }
        return self._add("certificate_events", row)

    def exams(self, rng: random.Random, person_id: int, before: date) -> None:
        """The public and specialised law exams passed before the certificate was issued."""
        for kind in ("公共法律知识", "专业法律知识"):
            score = rng.randrange(62, 97)
            self._add(
                "qualification_exams",
                {
                    "person_id": person_id,
                    "kind": kind,
                    "date": (before - timedelta(days=30)).isoformat(),
                    "score": float(score),
                    "passed": int(score >= self.rules.pass_mark),
                    "notes": "",
                    "created_at": self.stamp,
                },
            )

    def this_year(self, rng: random.Random) -> date:
        """A day between 1 January and today."""
        return self.year_start + timedelta(
            days=rng.randrange((self.today - self.year_start).days + 1)
        )


def create_demo(
    db: Database, scale: int, today: date, progress: Progress | None = None
) -> dict[str, int]:
    """The demo office plus ``scale - 1`` thousand synthetic persons; returns row counts."""
    writer = _Writer(db, today, read_certificate_rules(db))
    rng = random.Random(20191231)
    total = OFFICE_HOLDERS + (scale - 1) * PERSONS_PER_SCALE
    with db.atomic():
        _office(writer, rng)
        _departed(writer, rng)
        bulk = (scale - 1) * PERSONS_PER_SCALE
        for index in range(bulk):
            _bulk_person(writer, rng, index)
            if progress and index % 1000 == 999:
                progress(OFFICE_HOLDERS + index + 1, total)
        writer.flush()
    if progress:
        progress(total, total)
    return dict(writer.counts)


def _years_back(day: date, years: int, days: int = 0) -> date:
    return add_months(day, -12 * years) - timedelta(days=days)


def _office(w: _Writer, rng: random.Random) -> None:
    """The 54 serving holders of seed 000 with a spread of expiry and review dates."""
    expired, expiring, review, renewed = (3, 17, 40), (7, 12, 25, 33, 47), (20, 29), (13, 24)
    index = 0
    for unit, dept, size in OFFICE:
        for _ in range(size):
            person = w.person(rng, unit, dept)
            if dept == "法规科" and index < 8:
                person["post"] = "科长" if index == 5 else "四级主任科员"
            supervision = index in (0, 5, 6)
            person_id = w.ids["persons"] + 1
            certs: list[tuple[dict, str]] = []
            last_review = w.today - timedelta(days=rng.randrange(30, 280))
            if index in expired:
                issued = _years_back(w.today, 5, rng.randrange(20, 100))
                extra: dict[str, date] = {"last_review": add_months(issued, 36)}
            elif index in expiring:
                issued = _years_back(w.today, 5, -rng.randrange(8, 56))
                extra = {"last_review": max(issued, last_review)}
            elif index in review:
                issued = _years_back(w.year_start, 2, rng.randrange(30, 200))
                extra = {"last_review": add_months(issued, 12)}
            elif index == 44:
                issued = w.this_year(rng)
                extra = {}
            else:
                issued = w.year_start - timedelta(days=rng.randrange(200, 1400))
                extra = {"last_review": max(issued + timedelta(days=1), last_review)}
            if extra.get("last_review") and extra["last_review"] <= issued:
                extra.pop("last_review")
            status = {"status": "暂扣"} if index == 36 else {}
            cert = w.certificate(person_id, "行政执法证", issued, **extra, **status)
            certs.append((cert, "通政执证"))
            if supervision:
                sup = w.certificate(
                    person_id,
                    "行政执法监督证",
                    issued - timedelta(days=100),
                    last_review=max(issued, last_review),
                )
                certs.append((sup, "豫政监证"))
            w.write_person(person, [c["number"] for c, _ in certs])
            w.exams(rng, person_id, issued)
            for row, doc_ref in certs:
                if index in renewed and row["kind"] == "行政执法证":
                    _renewed_this_year(w, rng, row)
                    continue
                cert_id = w.write_certificate(row, f"{doc_ref}〔{issued.year}〕{index + 1}号")
                if index == 36:
                    w.event(
                        cert_id,
                        person_id,
                        "暂扣",
                        w.year_start - timedelta(days=40),
                        reason="涉嫌违规执法,接受调查",
                        doc_ref="通科〔执监〕3号",
                    )
            index += 1


def _renewed_this_year(w: _Writer, rng: random.Random, row: dict[str, Any]) -> None:
    """A certificate first issued five years ago and renewed (换证) this year."""
    renewed_on = w.this_year(rng)
    first = _years_back(renewed_on, 5)
    row["issue_date"] = renewed_on.isoformat()
    row["valid_until"] = default_valid_until(renewed_on, w.rules).isoformat()
    row["last_review"] = None
    row["review_due"] = add_months(renewed_on, w.rules.review_interval_months).isoformat()
    cert_id = w._add("certificates", row)
    w.event(cert_id, row["person_id"], "新办", first)
    for year in range(1, 5):
        w.event(cert_id, row["person_id"], "年审", add_months(first, 12 * year))
    w.event(cert_id, row["person_id"], "换证", renewed_on, reason="有效期届满换证")


def _departed(w: _Writer, rng: random.Random) -> None:
    """Seed 001's year: 11 persons transferred out, 3 certificates cancelled; plus others."""
    for n in range(11):
        unit = "南通市科技信息研究所" if n < 6 else "南通市生产力促进中心"
        person = w.person(rng, unit, "业务科", status="调离", notes="机构改革划转")
        person_id = w.ids["persons"] + 1
        issued = w.year_start - timedelta(days=rng.randrange(300, 1500))
        row = w.certificate(person_id, "行政执法证", issued, status="转出")
        w.write_person(person, [row["number"]])
        w.exams(rng, person_id, issued)
        cert_id = w.write_certificate(row)
        w.event(
            cert_id,
            person_id,
            "转出",
            w.this_year(rng),
            reason="机构改革,执法关系随人员划转",
            doc_ref="通编〔2019〕12号",
        )
    cancelled = (
        ("退休", "办公室", ("行政执法证",), "退休"),
        ("调离", "高新技术科", ("行政执法证", "行政执法监督证"), "调离执法岗位"),
    )
    for status, dept, kinds, reason in cancelled:
        person = w.person(rng, BUREAU, dept, status=status)
        person_id = w.ids["persons"] + 1
        issued = w.year_start - timedelta(days=rng.randrange(400, 1200))
        rows = [w.certificate(person_id, k, issued, status="注销") for k in kinds]
        w.write_person(person, [r["number"] for r in rows])
        w.exams(rng, person_id, issued)
        on = w.this_year(rng)
        for row in rows:
            cert_id = w.write_certificate(row)
            w.event(cert_id, person_id, "注销", on, reason=reason)
    retired = w.person(rng, "南通市科技创新服务中心", "综合科", status="退休")
    issued = w.year_start - timedelta(days=900)
    row = w.certificate(w.ids["persons"] + 1, "行政执法证", issued)
    person_id = w.write_person(retired, [row["number"]])
    w.write_certificate(row)
    contract = w.person(rng, "南通市科技创新服务中心", "综合科", employment_type="聘用")
    w.write_person(contract, [])
    newcomer = w.person(rng, BUREAU, "法规科", post="一级科员", notes="已通过执法资格考试,待申领")
    w.exams(rng, w.write_person(newcomer, []), w.today + timedelta(days=20))


def _bulk_person(w: _Writer, rng: random.Random, index: int) -> None:
    """One synthetic person in a larger agency; every event lies before this year."""
    place, agency = BULK_PLACES[index % 7], BULK_AGENCIES[(index // 7) % len(BULK_AGENCIES)]
    if f"{place}{agency}" == BUREAU:  # the office's own roster is OFFICE: others serve elsewhere
        place = BULK_PLACES[1]
    status = rng.choices(("在职", "调离", "退休", "其他"), (90, 5, 3, 2))[0]
    employment = rng.choices(("在编", "聘用", "劳务派遣"), (92, 5, 3))[0]
    person = w.person(
        rng,
        f"{place}{agency}",
        rng.choice(BULK_DEPARTMENTS),
        status=status,
        employment_type=employment,
    )
    person_id = w.ids["persons"] + 1
    rows: list[dict[str, Any]] = []
    issued = w.year_start - timedelta(days=rng.randrange(30, 1900))
    if employment == "在编" and rng.random() < 0.88:
        reviewed = w.year_start - timedelta(days=rng.randrange(1, 330))
        extra = {"last_review": reviewed} if reviewed > issued + timedelta(days=200) else {}
        rows.append(w.certificate(person_id, "行政执法证", issued, **extra))
        if rng.random() < 0.08:
            rows.append(w.certificate(person_id, "行政执法监督证", issued))
    ended = status in ("调离", "退休") and rng.random() < 0.7
    for row in rows:
        if ended:
            row["status"] = "转出" if status == "调离" and rng.random() < 0.3 else "注销"
            row["review_due"] = None
        elif rng.random() < 0.003:
            row["status"] = "暂扣"
    w.write_person(person, [r["number"] for r in rows])
    if rows:
        w.exams(rng, person_id, issued)
    for row in rows:
        cert_id = w.write_certificate(row, every_review=False)
        if row["status"] in ("注销", "转出"):
            span = (w.year_start - issued).days
            on = issued + timedelta(days=rng.randrange(1, max(2, span)))
            reason = "" if row["status"] == "转出" else status
            w.event(
                cert_id,
                person_id,
                row["status"],
                min(on, w.year_start - timedelta(days=1)),
                reason=reason,
            )
        elif row["status"] == "暂扣":
            w.event(
                cert_id, person_id, "暂扣", w.year_start - timedelta(days=10), reason="接受调查"
            )
