"""Demo draws: seed 000's year of 双随机、一公开 joint checks, drawn as the register draws them.

The last full year before ``today`` holds seed 000's two joint checks: the foreign-employer
check (9 companies, 36 inspectors in 9 teams of 4: 科技 2 + 人社 2, at least 2 certified
each) and the training-institution check (19 institutions, 19 teams of 5-7 with at least one
科技 inspector), with 16 of the 28 targets checked (57.1%). The second check was redrawn once
(the first draw took the wrong kind of target), so its first record stays, replaced. The
year before holds a smaller check whose teams rotation keeps off the same targets.

The directory has seed 000's 391 companies of 南通 (plus 100 per step of ``scale``), the
city of the demo's agency profile (``demo.agency``); the inspectors are the personnel demo's
staff (科技, read by its units) and the partner agencies' (南通's 人社, 教育), who are added
here with their certificates. Every draw is computed by ``domain.draw_algorithm`` from the
live pools and sealed like the repository's, so ``draw verify`` passes on each of them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from stdnum.cn import ric, uscc

from desktop_app.demo.personnel import OFFICE
from desktop_app.domain.draw_algorithm import compute_draw, seal
from desktop_app.domain.draws import (
    OUTCOMES,
    SEED_SOURCES,
    CheckResult,
    Conflict,
    DrawPlan,
    InspectorProfile,
    Matter,
    Quota,
    Target,
)
from desktop_app.domain.personnel import (
    Certificate,
    CertificateEvent,
    PersonnelRules,
    default_valid_until,
    review_due,
)
from desktop_app.storage import audit
from desktop_app.storage.draws import queries
from desktop_app.storage.draws.pools import live_pools
from desktop_app.storage.draws.repo import insert_draw
from desktop_app.storage.draws.rows import (
    conflict_values,
    matter_values,
    profile_values,
    result_values,
    target_values,
)
from desktop_app.storage.personnel.rows import certificate_to_row, event_to_row
from desktop_app.storage.settings import read_certificate_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

Progress = Callable[[int, int], None]
SEED_TARGETS = 391  # 监管对象391家企业 (seed 000)
TARGETS_PER_SCALE = 100
TRAINING_INSTITUTIONS = 60
OPERATOR, WITNESS = "法规科 李明", "驻局纪检监察组 王芳"
SCIENCE_UNITS = tuple(dict.fromkeys(unit for unit, _department, _size in OFFICE))
CITY = "南通市"  # the city of the demo agency profile (demo.agency)

PARTNERS = (
    ("人社", f"{CITY}人力资源和社会保障局", ("劳动保障监察支队", "就业促进科"), 24),
    ("教育", f"{CITY}教育局", ("校外教育培训监管科", "政策法规科"), 26),
)
AREAS = ("崇川区", "通州区", "海门区", "海安市", "如皋市", "启东市", "如东县", "通州湾示范区")
INDUSTRIES = (
    "软件和信息技术服务业",
    "科技推广和应用服务业",
    "研究和试验发展",
    "专用设备制造业",
    "汽车制造业",
    "化学原料和化学制品制造业",
    "电气机械和器材制造业",
)
TRAINING = "教育培训"
STREETS = ("工农路", "人民中路", "青年东路", "世纪大道")
OVERRIDE_NOTE = "早期代码,校验位不符,已核对营业执照原件"
WORDS = "华科创新智联天元金山恒信江海濠河紫琅通达云梦泰和瑞丰鼎盛汇通博远"
SUFFIXES = ("科技有限公司", "电子科技有限公司", "新材料有限公司", "智能装备有限公司")
MATTERS = (
    Matter(
        "外国人合法工作情况检查",
        legal_basis="《外国人在中国就业管理规定》《外国人来华工作许可服务指南(暂行)》",
        body="市科学技术局(市外国专家局)、市人力资源和社会保障局",
        content="用人单位聘用外国人是否取得外国人工作许可,许可信息与实际工作是否一致",
        method="现场检查",
        yearly_ratio=5.0,
    ),
    Matter(
        "科技类校外培训机构联合检查",
        legal_basis="《中华人民共和国民办教育促进法》《校外培训行政处罚暂行办法》",
        body="市科学技术局、市教育局、市人力资源和社会保障局",
        content="办学许可、收费公示、培训内容、师资资质和安全管理",
        method="现场检查",
        yearly_count=19,
    ),
    Matter(
        "科技计划项目实施情况抽查",
        legal_basis="《科学技术进步法》《南通市科技计划项目管理办法》",
        body="市科学技术局",
        content="项目实施进度、经费使用和绩效目标完成情况",
        method="现场检查和书面检查",
        yearly_ratio=3.0,
    ),
)


def create_demo(
    db: Database, scale: int, today: date, progress: Progress | None = None
) -> dict[str, int]:
    """The directory, matters, partner inspectors, seed 000's draws and results."""
    rng = random.Random(20220930)
    year = today.year - 1
    stamp = audit.now_text()
    with db.atomic():
        _partners(db, rng, year, stamp)
        targets = _targets(db, rng, SEED_TARGETS + (scale - 1) * TARGETS_PER_SCALE, stamp)
        matters = [
            _insert(
                db, "check_matters", {**matter_values(m), "created_at": stamp, "updated_at": stamp}
            )
            for m in MATTERS
        ]
        _profiles(db, rng, stamp)
        _conflicts(db, targets, year, stamp)
        draws = _draws(db, matters, year)
        results = _results(db, rng, draws, stamp)
    counts = {t: _count(db, t) for t in ("persons", "certificates", "certificate_events")}
    counts.update(check_targets=len(targets), check_matters=len(matters))
    counts.update(draws=_count(db, "draws"), check_results=results)
    return counts


def _insert(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row; its id."""
    return int(db.table(table).insert(row).last_pk or 0)


def _count(db: Database, table: str) -> int:
    """Rows of a table (the partners join the personnel demo's persons and certificates)."""
    return db.table(table).count


def _credit_code(rng: random.Random, taken: set[str]) -> str:
    """A valid, unique unified social credit code of a company registered in 南通 (3206)."""
    while True:
        body = f"913206{rng.randrange(10**2):02d}MA{rng.randrange(36**7):07X}"[:17]
        body = "".join(ch if ch not in "IOSVZ" else "1" for ch in body)
        code = body + uscc.calc_check_digit(body)
        if code not in taken:
            taken.add(code)
            return code


def _targets(db: Database, rng: random.Random, count: int, stamp: str) -> list[dict[str, Any]]:
    """The directory: companies (some closed), and training institutions."""
    taken: set[str] = set()
    rows: list[dict[str, Any]] = []
    for n in range(count):
        training = n < TRAINING_INSTITUTIONS
        area = AREAS[n % len(AREAS)]
        name = CITY + "".join(rng.choice(WORDS) for _ in range(2))
        name += f"{area[:2]}" if n % 3 == 0 else ""
        if training:
            name += rng.choice(("科技培训学校", "青少年科技教育中心", "创客教育培训中心"))
        else:
            name += rng.choice(SUFFIXES)
        name = f"{name}({n + 1:03d})" if any(r["name"] == name for r in rows[-50:]) else name
        status = "在营" if rng.random() > 0.05 else rng.choice(("注销", "吊销", "迁出", "停业"))
        target = Target(
            name,
            credit_code=_credit_code(rng, taken),
            kind="社会组织" if training and n % 2 else "企业",
            industry=TRAINING if training else rng.choice(INDUSTRIES),
            area=area,
            address=f"{area}{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
            contact=rng.choice("王李张刘陈杨赵黄周吴")
            + rng.choice(("校长", "老师") if training else ("经理", "女士", "先生")),
            phone=f"0513-{rng.randrange(2000000, 3999999)}",
            status=status,
        )
        if n == 5:  # an early code accepted on purpose, with the reason
            code = target.credit_code
            target.credit_code = code[:-1] + ("0" if code[-1] != "0" else "1")
            target.code_override, target.override_note = True, OVERRIDE_NOTE
        rows.append({**target_values(target), "created_at": stamp, "updated_at": stamp})
    db.table("check_targets").insert_all(rows, batch_size=500)
    return queries.target_names(db)


def _resident_id(rng: random.Random, born: date, male: bool, taken: set[str]) -> str:
    while True:
        seq = rng.randrange(100) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        body = f"320602{born:%Y%m%d}{seq:03d}"  # 南通市崇川区
        number = body + ric.calc_check_digit(body + "0")
        if number not in taken:
            taken.add(number)
            return number


def _certificate(
    db: Database,
    rules: PersonnelRules,
    person_id: int,
    number: str,
    agency: str,
    year: int,
    rng: random.Random,
    stamp: str,
) -> None:
    """A 行政执法证 issued two years before the draws, reviewed lately, with its 新办 event."""
    issued = date(year - 2, 3, 1) + timedelta(days=rng.randrange(300))
    cert = Certificate(
        person_id,
        number,
        category=f"{agency}行政执法/{CITY}",
        authority=f"{CITY}人民政府",
        issue_date=issued,
        valid_until=default_valid_until(issued, rules),
        last_review=date(year + 1, 1, 1) - timedelta(days=rng.randrange(20, 200)),
    )
    cert.review_due = review_due(cert, rules)
    row = {**certificate_to_row(cert), "created_at": stamp, "updated_at": stamp}
    cert_id = _insert(db, "certificates", row)
    event = CertificateEvent("新办", issued, person_id, cert_id)
    db.table("certificate_events").insert({**event_to_row(event), "created_at": stamp})


def _partners(db: Database, rng: random.Random, year: int, stamp: str) -> int:
    """The partner agencies' enforcement staff, with certificates valid in the draws' year."""
    rules = read_certificate_rules(db)
    taken = queries.recorded_id_numbers(db)
    added = 0
    number = 0
    for agency, unit, departments, size in PARTNERS:
        for n in range(size):
            male = rng.random() < 0.6
            born = date(1970, 1, 1) + timedelta(days=rng.randrange(365 * 28))
            name = rng.choice("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗") + rng.choice(
                "伟强磊军勇杰涛斌超明辉刚" if male else "芳娜敏静丽艳娟霞燕玲婷慧"
            )
            if n % 2:
                name += rng.choice("文华建国志宏海波东亮平" if male else "洁琳颖雪倩丹萍")
            id_number = _resident_id(rng, born, male, taken)
            department = departments[n % len(departments)]
            post = rng.choice(("科员", "一级科员", "四级主任科员", "副科长"))
            phone = f"13{rng.randrange(10)}{rng.randrange(10**8):08d}"
            certified = n % 4 != 3  # three in four hold a certificate
            cert_number = ""
            if certified:
                number += 1
                cert_number = f"32069{number:06d}"
            parts = (name, id_number, unit, department, post, phone, cert_number)
            person = {
                "name": name,
                "gender": "男" if male else "女",
                "id_number": id_number,
                "birth_date": born.isoformat(),
                "unit": unit,
                "department": department,
                "post": post,
                "employment_type": "在编",
                "phone": phone,
                "status": "在职",
                "notes": f"联合检查{agency}部门执法人员",
                "search_text": "\n".join(p for p in parts if p),  # as PersonnelRepo fills it
                "created_at": stamp,
                "updated_at": stamp,
            }
            person_id = _insert(db, "persons", person)
            db.table("inspector_profiles").insert(
                {
                    **profile_values(InspectorProfile(person_id, agency=agency)),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            added += 1
            if certified:
                _certificate(db, rules, person_id, cert_number, agency, year, rng, stamp)
    return added


def _profiles(db: Database, rng: random.Random, stamp: str) -> None:
    """The science staff count as 科技 in joint checks; some carry expertise tags."""
    staff = queries.serving_persons_of(db, list(SCIENCE_UNITS))
    tags = (("外国人工作管理",), ("科技计划项目",), ("培训机构监管",), ())
    for n, person_id in enumerate(staff):
        profile = InspectorProfile(person_id, agency="科技", tags=tags[n % len(tags)])
        if n == 11:
            profile.available, profile.unavailable_reason = False, "借调市委巡察办,暂不参加抽取"
        db.table("inspector_profiles").insert(
            {**profile_values(profile), "created_at": stamp, "updated_at": stamp}
        )


def _conflicts(db: Database, targets: list[dict[str, Any]], year: int, stamp: str) -> None:
    """A few declared conflicts: a relative at a company, a former employer's group."""
    staff = queries.inspector_person_ids(db)
    if len(staff) < 3 or len(targets) < 10:
        return
    declared = date(year, 1, 10)
    unit = targets[7]["name"][:5]
    for conflict in (
        Conflict(staff[0], "配偶在该企业任财务负责人", target_id=targets[3]["id"]),
        Conflict(staff[2], "近亲属为该机构举办者", target_id=targets[1]["id"]),
        Conflict(staff[5], "曾在该单位任职,离职未满三年", unit=unit),
    ):
        conflict.declared_on = declared
        db.table("inspector_conflicts").insert(
            {**conflict_values(conflict), "created_at": stamp, "updated_at": stamp}
        )


def _draw(
    db: Database, plan: DrawPlan, seed: str, at: str, redraw_of: int | None = None, why: str = ""
) -> int:
    """Draw from the live pools and store the sealed record, as ``DrawsRepo.run_draw`` does."""
    pools = live_pools(db, plan, seed, redraw_of)
    result = compute_draw(seed, plan, pools)
    sealed = seal(
        seed,
        SEED_SOURCES[0],
        plan,
        pools,
        result,
        operator=OPERATOR,
        witness=WITNESS,
        drawn_at=at,
        prev_hash=queries.last_record_hash(db),
        redraw_of=redraw_of,
        redraw_reason=why,
    )
    return insert_draw(db, plan, sealed, "demo")


def _draws(db: Database, matters: list[int], year: int) -> list[int]:
    """Last year's project check, then seed 000's two joint checks (one redrawn)."""
    foreign, training, projects = matters
    earlier = DrawPlan(
        f"{year - 1}年科技计划项目实施情况抽查",
        date(year - 1, 9, 6),
        matter_id=projects,
        matter_name=MATTERS[2].name,
        kinds=("企业",),
        count=6,
        team_size=3,
        certified_min=2,
        quotas=(Quota("科技", 3),),
    )
    first = DrawPlan(
        f"{year}全市外国人合法工作情况检查",
        date(year, 6, 15),
        matter_id=foreign,
        matter_name=MATTERS[0].name,
        kinds=("企业",),
        count=9,
        team_size=4,
        certified_min=2,
        quotas=(Quota("科技", 2), Quota("人社", 2)),
    )
    institutions = DrawPlan(
        f"{year}年科技类校外培训机构联合检查",
        date(year, 7, 20),
        matter_id=training,
        matter_name=MATTERS[1].name,
        industries=(TRAINING,),
        count=19,
        team_size=5,
        team_size_max=7,
        certified_min=2,
        quotas=(Quota("科技", 1), Quota("教育", 1)),
    )
    made = [_draw(db, earlier, f"{year - 1}0906-0930", f"{year - 1}-09-06 09:30:12")]
    made.append(_draw(db, first, f"{year}0615-4417", f"{year}-06-15 09:42:05"))
    wrong = replace(institutions, kinds=("企业",))
    replaced = _draw(db, wrong, f"{year}0720-0815", f"{year}-07-20 09:05:41")
    why = "方案误将检查对象类型限定为“企业”,漏掉登记为社会组织的培训机构;经分管领导同意重新抽取"
    made.append(
        _draw(db, institutions, f"{year}0720-1102", f"{year}-07-20 10:15:27", replaced, why)
    )
    return made


FINDINGS = (  # per draw: (发现问题, 处理情况, outcome) of the targets where a problem was found
    (("项目进度滞后于合同约定", "督促承担单位报送进度说明", OUTCOMES[1]),),
    (
        ("1名外籍人员工作许可信息与实际岗位不一致", "责令15日内办理变更", OUTCOMES[1]),
        ("聘用1名未取得工作许可的外国人", "已立案调查", OUTCOMES[2]),
    ),
    (("收费公示内容不全,未公示退费办法", "责令限期整改,已复查", OUTCOMES[1]),),
)


def _results(db: Database, rng: random.Random, draws: list[int], stamp: str) -> int:
    """Every target of last year's check and 16 of this year's 28 (seed 000: 57.1%)."""
    written = 0
    for draw_id, done, found in zip(draws, (None, 9, 7), FINDINGS, strict=True):
        record = queries.get_draw(db, draw_id)
        targets = list(record.result.target_ids)
        for n, target_id in enumerate(targets[:done]):
            result = CheckResult(
                draw_id,
                target_id,
                check_date=record.plan.draw_date + timedelta(days=10 + 3 * n + rng.randrange(3)),
            )
            if n % 3 == 1:
                result.findings, result.handling, result.outcome = found[n // 3 % len(found)]
            db.table("check_results").insert(
                {**result_values(result), "created_at": stamp, "updated_at": stamp}
            )
            written += 1
    return written
