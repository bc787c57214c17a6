"""The draw's documents on the shared GB/T 9704 model: 抽取记录, 检查任务通知, 结果公示.

Each composer turns what storage read (``DrawPaper``: the record, its matter, the drawn
targets, the teams and the exclusions) into ``formats.document`` blocks; ``pdf_layout`` and
``docx_layout`` set the same blocks as PDF and Word. Published lists name targets and
teams, never a resident ID number. No Qt, no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.dates import cn_date
from desktop_app.domain.draws import (
    EXCLUSION_SCOPES,
    DrawRecord,
    Matter,
    draw_figures,
    quota_text,
)
from desktop_app.domain.notices import NoticeTexts
from desktop_app.formats import composing
from desktop_app.formats.document import (
    Block,
    ContactLine,
    Heading1,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    TextBlock,
    Title,
)

TABLE_SIZE = 10.5  # 五号
RECORD_TITLE = "“双随机、一公开”抽取记录"
TEAMS_TITLE = "检查对象和检查组名单"
MEMBERS_HEAD = "检查人员(执法证号)"
ONE_A_LINE: dict[str, str] = {"sep": "\n", "card": ""}  # a team's members in a table cell
NAMES_PER_LINE = 11  # characters of names a line of the 结果公示's 检查人员 column holds
_LOOSE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[0-9])|(?<=[0-9]) (?=[\u4e00-\u9fff])")


@dataclass
class DrawPaper:
    """What a draw's documents print, as read from storage."""

    record: DrawRecord
    matter: Matter | None
    targets: list[dict[str, Any]]  # draw_assignments with address, contact and results
    members: list[dict[str, Any]]  # draw_members, team by team
    exclusions: list[dict[str, Any]] = field(default_factory=list)
    certified_in_pool: int = 0

    def team_members(self, team: int, *, sep: str = "、", card: str = "执法证 ") -> str:
        """The members of one team: 张三(执法证 41060000030)、李四; in a table one a line
        under a 检查人员(执法证号) header: ``sep="\n", card=""``."""
        names = []
        for m in self.members:
            if m["team_no"] == team:
                mark = f"({card}{m['certificate']})" if m["certificate"] else ""
                names.append(f"{m['name']}{mark}")
        return sep.join(names)

    def team_targets(self, team: int) -> str:
        """The targets one team checks, each name on its line and its credit code below."""
        return "\n".join(
            f"{t['name']}\n({t['credit_code']})" if t["credit_code"] else t["name"]
            for t in self.targets
            if t["team_no"] == team
        )


def tight(text: str) -> str:
    """No space between Chinese and a number (第8号, 333家), so they stay on one line."""
    return _LOOSE.sub("", text)


def tightened(blocks: list[Block]) -> list[Block]:
    """The blocks with their texts and table cells ``tight``."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            block = replace(block, text=tight(block.text))
        elif isinstance(block, Table):
            block = replace(block, rows=[[tight(str(c)) for c in row] for row in block.rows])
        out.append(block)
    return out


def packed_names(names: Sequence[str], width: int = NAMES_PER_LINE) -> str:
    """Names joined by 、, a new line before the name that would not fit (no name split)."""
    lines: list[str] = []
    for name in names:
        if lines and len(lines[-1]) + 1 + len(name) <= width:
            lines[-1] += f"、{name}"
        else:
            lines.append(name)
    return "\n".join(lines)


def moment_text(stamp: str) -> str:
    """A stored local time "2025-06-15 09:42:05" as 2025年6月15日9时42分."""
    day, _, clock = stamp.partition(" ")
    hours, minutes = [*clock.split(":"), "0", "0"][:2]
    return f"{cn_date(date.fromisoformat(day))}{int(hours)}时{int(minutes)}分"


def short_date(text: str | None) -> str:
    """A stored ISO date as 2025.7.1 (fits a narrow column)."""
    if not text:
        return ""
    day = date.fromisoformat(text)
    return f"{day.year}.{day.month}.{day.day}"


def grouped(digest: str) -> str:
    """A hash in groups of eight, so that it can be read aloud and wrapped on paper."""
    return " ".join(digest[i : i + 8] for i in range(0, len(digest), 8)) if digest else "无"


def scope_text(plan_kinds: Sequence[str], industries: Sequence[str], areas: Sequence[str]) -> str:
    """检查对象范围 as the record states it."""
    parts = []
    for label, values in (("类型", plan_kinds), ("行业", industries), ("区域", areas)):
        if values:
            parts.append(f"{label}为{'、'.join(values)}")
    return ("、".join(parts) + "的在营检查对象") if parts else "检查对象名录库中全部在营检查对象"


def rules_text(paper: DrawPaper) -> str:
    """排除规则 as the record states it."""
    plan = paper.record.plan
    rules = ["与检查对象有利害关系并已申报回避的人员,不参加对该对象的检查"]
    if not plan.include_checked:
        rules.append("本年度已被抽中的检查对象不再参加抽取")
    if plan.rotation:
        rules.append("上次检查同一对象的人员不再检查该对象(轮换)")
    if not plan.allow_uncertified:
        rules.append("只抽取持有有效行政执法证的人员")
    if plan.inspector_tags:
        rules.append(f"只抽取专业领域为{'、'.join(plan.inspector_tags)}的人员")
    return ";".join(rules) + "。"


def _task_lines(paper: DrawPaper) -> list[str]:
    record, plan, matter = paper.record, paper.record.plan, paper.matter
    lines = [
        f"记录编号:第 {record.id} 号",
        f"抽查任务:{plan.title}",
        f"抽查事项:{plan.matter_name or '(未指定)'}",
    ]
    if matter is not None and matter.legal_basis:
        lines.append(f"抽查依据:{matter.legal_basis}")
    if matter is not None and matter.body:
        lines.append(f"检查主体:{matter.body}")
    lines.append(f"抽取时间:{moment_text(record.drawn_at)}")
    if record.redraw_of is not None:
        lines.append(f"本次为第 {record.redraw_of} 号抽取的重新抽取。原因:{record.redraw_reason}")
    if record.replaced_by is not None:
        lines.append(f"注意:本次抽取已由第 {record.replaced_by} 号重新抽取取代,仅作存档。")
    return lines


def _plan_lines(paper: DrawPaper) -> list[str]:
    record, plan = paper.record, paper.record.plan
    wanted = f"{len(record.result.target_ids)} 家"
    if plan.ratio is not None:
        wanted = f"按 {plan.ratio:g}% 的比例从 {record.pool_targets} 家中抽取 {wanted}"
    teams = (
        f"{len(record.result.teams)} 组,{plan.size_text()},"
        f"其中持有有效行政执法证的不少于 {plan.certified_min} 人"
    )
    if plan.quotas:
        teams += f";各部门人数:{quota_text(plan.quotas)}"
    return [
        f"检查对象范围:{scope_text(plan.kinds, plan.industries, plan.areas)}。",
        f"抽取数量:{wanted}。",
        f"检查组:{teams}。",
        f"排除规则:{rules_text(paper)}",
    ]


def _pool_lines(paper: DrawPaper) -> list[str]:
    record = paper.record
    return [
        f"随机种子:{record.seed}({record.seed_source})。",
        f"检查对象名单:符合条件 {record.pool_targets} 家,排除 {_count(paper, 'target')} 家;"
        f"名单哈希值(SHA-256):{grouped(record.targets_hash)}。",
        f"执法检查人员名单:可参加 {record.pool_inspectors} 人(其中持证 "
        f"{paper.certified_in_pool} 人),排除 {_count(paper, 'inspector')} 人;"
        f"名单哈希值(SHA-256):{grouped(record.inspectors_hash)}。",
        f"抽取方案哈希值(SHA-256):{grouped(record.plan_hash)}。",
        f"前一条记录哈希值:{grouped(record.prev_hash)}。",
        f"本记录封存哈希值:{grouped(record.record_hash)}。",
    ]


def _exclusion_rows(paper: DrawPaper) -> list[list[str]]:
    return [
        [
            EXCLUSION_SCOPES[e["scope"]],
            e["name"],
            e.get("target_name", "") if e["scope"] == "pair" else "",
            e["reason"],
        ]
        for e in paper.exclusions
    ]


VERIFY_TEXT = (
    "每个检查对象和执法检查人员的排序值,是以随机种子为密钥、对“target:编号”或"
    "“inspector:编号”计算的 HMAC-SHA256 值;按排序值取前若干家检查对象,检查组依次从"
    "排序靠前、符合方案要求的人员中组成。任何人可按本记录的随机种子和名单重新计算,"
    "或运行“python -m desktop_app draw verify {id} --db 数据库文件”核对。"
)


def record_blocks(paper: DrawPaper) -> list[Block]:
    """抽取记录: the task, the plan, seed and pools with hashes, result, exclusions, signatures."""
    record = paper.record
    team_rows = [
        [
            f"第{t.number}组",
            paper.team_targets(t.number),
            paper.team_members(t.number, **ONE_A_LINE),
        ]
        for t in record.result.teams
    ]
    exclusions: Block = Paragraph("无。")
    if paper.exclusions:
        header = ("类别", "名称", "涉及检查对象", "原因")
        exclusions = Table(header, _exclusion_rows(paper), (15, 24, 22, 39), TABLE_SIZE)
    signatures = [
        f"经办人:{record.operator}    签字:",
        f"监督人:{record.witness}    签字:",
        f"日期:{cn_date(record.plan.draw_date)}",
    ]
    return [
        Title(RECORD_TITLE),
        Heading1("一、抽查任务"),
        Paragraph("\n".join(_task_lines(paper))),
        Heading1("二、抽取方案"),
        Paragraph("\n".join(_plan_lines(paper))),
        Heading1("三、随机种子和名单"),
        Paragraph("\n".join(_pool_lines(paper))),
        Heading1("四、抽取结果"),
        Paragraph(_figures_line(paper) + "。"),
        Table(
            ("组别", "检查对象(统一社会信用代码)", MEMBERS_HEAD),
            team_rows,
            (12, 48, 40),
            TABLE_SIZE,
        ),
        Heading1("五、排除情况"),
        exclusions,
        Heading1("六、复核方法"),
        Paragraph(VERIFY_TEXT.format(id=record.id)),
        Paragraph("\n".join(signatures), indent=0),
    ]


def _count(paper: DrawPaper, scope: str) -> int:
    return sum(1 for e in paper.exclusions if e["scope"] == scope)


def _figures_line(paper: DrawPaper) -> str:
    record = paper.record
    kinds = [t["kind"] for t in paper.targets]
    return draw_figures(record.plan, record.result, kinds).text()


def record_document(paper: DrawPaper) -> OfficialDocument:
    """The record of the draw as a document."""
    return OfficialDocument(tightened(record_blocks(paper)), f"抽取记录第{paper.record.id}号")


# -- the notice ------------------------------------------------------------------------------
def default_notice_texts(
    paper: DrawPaper, kept: NoticeTexts, agency: AgencyProfile, today: date
) -> NoticeTexts:
    """Texts to start the 检查任务通知 from: this draw's facts; the head, contact and
    signature kept from the last notice, else from the agency profile (本单位信息)."""
    record, plan, matter = paper.record, paper.record.plan, paper.matter
    basis = matter.legal_basis if matter is not None and matter.legal_basis else ""
    opening = (
        f"根据{basis + '和' if basis else ''}年度“双随机、一公开”抽查工作计划,"
        f"{cn_date(plan.draw_date)}在监督人{record.witness}见证下,从 {record.pool_targets} 家"
        f"检查对象中随机抽取 {len(record.result.target_ids)} 家,从 {record.pool_inspectors} 名执法"
        f"检查人员中随机抽取 {len(record.result.member_ids)} 名,组成 "
        f"{len(record.result.teams)} 个检查组(第 {record.id} 号抽取记录,随机种子 {record.seed})。"
        "现将有关事项通知如下:"
    )
    content = f"检查事项:{plan.matter_name or plan.title}。"
    if matter is not None:
        if matter.content:
            content += f"检查内容:{matter.content}。"
        if matter.method:
            content += f"检查方式:{matter.method}。"
    content += "请各检查组自本通知印发之日起 30 日内完成检查。"
    requirements = kept.requirements or "\n".join(
        (
            "检查人员与检查对象有利害关系的,应当主动申请回避。",
            f"检查时应当出示行政执法证件,每组持证人员不少于 {plan.certified_min} 人。",
            "如实记录检查情况,检查结束后 5 个工作日内报送检查结果;"
            "检查结果自形成之日起 20 个工作日内向社会公示。",
        )
    )
    issuer = kept.issuer or agency.issuer_mark
    return NoticeTexts(
        title=f"关于开展{plan.title}的通知",
        issuer=issuer,
        doc_no=kept.doc_no,
        red_header=kept.red_header or (not kept.issuer and bool(issuer)),
        addressee=kept.addressee or "各检查组、各有关单位",
        opening=opening,
        content=content,
        requirements=requirements,
        contact=kept.contact or agency.contact_line(),
        signature=kept.signature or agency.signer,
        sign_date=today,
    )


def notice_blocks(texts: NoticeTexts, paper: DrawPaper) -> list[Block]:
    """检查任务通知: head, body, requirements, signature; the teams as its 附件.

    Its texts already hold the agency's issuer and signature (``default_notice_texts``), so
    the shared head falls back on no profile: an issuer the clerk cleared stays cleared.
    """
    blocks = composing.head_blocks(texts, AgencyProfile(), "检查任务通知")
    blocks += composing.section_blocks(
        [
            ("检查事项和时间", [Paragraph(texts.content.strip())]),
            ("检查对象和检查组", [Paragraph(f"{_figures_line(paper)},名单见附件。")]),
            ("工作要求", composing.numbered_lines(texts.requirements)),
        ]
    )
    if texts.contact.strip():
        contact = texts.contact.strip()
        blocks.append(ContactLine(contact if "联系" in contact else f"联系人及电话:{contact}"))
    teams = Table(
        ("组别", "检查对象", "地址", MEMBERS_HEAD),
        [
            [
                f"第{t['team_no']}组",
                t["name"],
                t["address"],
                paper.team_members(t["team_no"], **ONE_A_LINE),
            ]
            for t in paper.targets
        ],
        (10, 34, 20, 36),
        TABLE_SIZE,
    )
    signature = Signature(texts.signature.strip(), texts.sign_date)
    return blocks + composing.closing_blocks([signature], TEAMS_TITLE, [Title(TEAMS_TITLE), teams])


def notice_document(texts: NoticeTexts, paper: DrawPaper) -> OfficialDocument:
    """The 检查任务通知 as a document."""
    return OfficialDocument(tightened(notice_blocks(texts, paper)), texts.title or "检查任务通知")


# -- the publication ---------------------------------------------------------------------------
CHINESE_NUMBERS = "一二三四五六七八九十"
PUBLICITY_HEADER = (
    "序号",
    "检查对象",
    "统一社会信用代码",
    "检查人员",
    "检查日期",
    "检查结果",
    "处理情况",
)


def publicity_title(year: int) -> str:
    """The title of the 结果公示."""
    return f"{year}年“双随机、一公开”抽查结果公示"


def publicity_cells(row: dict[str, Any], *, certificates: bool = True) -> list[str]:
    """One line of the publication: target and team, the result when it is in."""
    result = row["outcome"] or "检查中"
    if row["findings"]:
        result += f":{row['findings']}"
    members = row["members"] or ""
    if not certificates:
        members = re.sub(r"\([0-9A-Za-z]+\)", "", members)
    return [
        row["name"],
        row["credit_code"],
        f"第{row['team_no']}组\n{packed_names(members.split('、'))}" if members else "",
        short_date(row["check_date"]),
        result,
        row["handling"] or "",
    ]


def publicity_document(
    year: int, rows: Sequence[dict[str, Any]], issuer: str, today: date
) -> OfficialDocument:
    """The 结果公示 (landscape): each draw's targets with their teams and results."""
    done = sum(1 for r in rows if r["check_date"])
    blocks: list[Block] = [
        Title(publicity_title(year)),
        Paragraph(
            f"按照“双随机、一公开”监管要求,现将{year}年抽查情况公示如下:共抽取检查对象 "
            f"{len(rows)} 家,已完成检查 {done} 家。公示期为 20 个工作日。"
        ),
    ]
    draws = list(dict.fromkeys(r["draw_id"] for r in rows))
    for n, draw_id in enumerate(draws, 1):
        mine = [r for r in rows if r["draw_id"] == draw_id]
        head = mine[0]
        heading = f"{CHINESE_NUMBERS[n - 1] if n <= 10 else n}、{head['title']}"
        blocks.append(Heading1(heading))
        facts = f"抽查事项:{head['matter'] or head['title']}"
        if head["body"]:
            facts += f";检查主体:{head['body']}"
        blocks.append(Paragraph(f"{facts};抽取日期:{short_date(head['draw_date'])}。"))
        blocks.append(
            Table(
                PUBLICITY_HEADER,
                [[r["seq"], *publicity_cells(r, certificates=False)] for r in mine],
                (6, 18, 25, 24, 11, 20, 14),
                TABLE_SIZE,
            )
        )
    blocks.append(Signature(issuer, today))
    return OfficialDocument(tightened(blocks), publicity_title(year), landscape=True)
