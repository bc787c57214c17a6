"""Seed 000: a city S&T bureau's 依法行政专项巡察, its 5 problems and 18 measures.

Taken from a public progress report (整改进展情况通报); people are named by role only and
long passages are shortened. The statuses and dates are those the report gives as of
2022-10-11, with measures still under way marked 整改中.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import zip_longest
from typing import Any


@dataclass(frozen=True)
class SeedMeasure:
    """One of seed 000's 18 measures with the state the demo gives it."""

    content: str
    lead_dept: str
    resp_depts: str
    deadline: date | None
    status: str
    completion: date | None = None
    way: str = ""
    progress: tuple[tuple[date, str], ...] = ()
    signoff: tuple[date, str, str] | None = None


@dataclass(frozen=True)
class SeedProblem:
    """One of seed 000's five problems (its heading is the category)."""

    category: str
    description: str
    leader: str
    lead_dept: str
    resp_depts: str
    measures: tuple[SeedMeasure, ...]
    signoff: tuple[date, str, str] | None = None


SEED_INSPECTION = {
    "name": "市委巡察五组依法行政专项巡察",
    "kind": "专项巡察",
    "body": "市委巡察五组",
    "onsite_start": date(2022, 2, 16),
    "onsite_end": date(2022, 3, 16),
    "feedback_date": date(2022, 4, 19),
    "plan_doc_no": "通科党﹝2022﹞16号",
    "notes": "根据市委统一部署开展依法行政专项巡察。局党组研究制定整改方案,"
    "针对5个问题进一步细化,明确18项具体整改措施、整改时限、责任领导、责任部门。",
}

SEED_REPORT = {
    "title": "关于巡察整改进展情况的通报",
    "addressee": "",  # published for the public (党务公开): no 主送机关
    "opening": "根据市委统一部署,2022年2月16日至3月16日,巡察五组对市科技局开展了依法行政"
    "专项巡察,2022年4月19日,巡察五组向市科技局党组反馈了巡察意见。按照党务公开原则和巡察"
    "工作有关要求,现将巡察整改进展情况予以公布:",
    "practices": "(一)统一思想认识。市科技局党组高度重视市委巡察反馈问题,4月28日在局党组中心组"
    "理论学习中,传达全市巡察整改工作推进会精神,学习讨论巡察反馈意见,并重点对反馈问题研究和部署"
    "整改工作。\n"
    "(二)加强组织领导。建立局主要领导挂帅负总责、相关分管领导分头负责、相关责任处室具体组织落实"
    "的整改工作组,局政策法规处具体负责整改工作的组织协调和督查落实。\n"
    "(三)强化统筹推进。研究制定《市科技局党组落实市委巡察反馈意见整改方案》(通科党﹝2022﹞16号),"
    "针对5个问题进一步细化,明确18项具体整改措施、整改时限、责任领导、责任部门,确保各项问题按时、"
    "高标准整改落实。",
    "next_steps": "一是加强学习,严格落实整改责任。持续抓好领导干部、行政执法人员的法制宣传教育"
    "工作,确保每项整改措施都按时高标准落到实处。\n"
    "二是强化责任,不断促进履职尽责。对照整改方案,结合任务分工,严格按照整改措施、时限等落实到位,"
    "持续抓好相关工作跟踪问效。\n"
    "三是完善机制,优化法治建设环境。严格落实行政执法人员资格管理制度和执法人员持证上岗制度,"
    "明确执法职责,落实执法责任。",
    "closing": "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议,请及时向我们反映。"
    "联系方式:电话0513-55018889,邮政信箱:南通市崇川区崇川路58号产业技术研究院1号楼305室"
    "政策法规与资源配置处,邮编226019,电子邮箱:fgc.kjj@nantong.gov.cn。",
    "reading": "measures",
    "issuer": "",  # 本单位信息 gives the 发文机关标志 and the 落款
    "doc_no": "",
    "red_header": False,
    "signature": "",
    "sign_date": "2022-10-11",
}

# Seed 000's problems and measures as the report lists them. Each 问题 is followed by its
# 措施; under each, 责任 is "领导 / 牵头部门 / 责任部门" of a problem and "牵头部门 / 责任部门" of a
# measure, 状态 is "状态 完成时间 完成方式", 进展 and 销号 start with their date, 销号 then names
# who signed off and why. A line indented further continues the one above.
SEED_OUTLINE = """
问题 贯彻习近平法治思想不到位
  描述 对习近平法治思想学习不够深入系统,年度法治工作缺少计划部署,主要负责人履行推进法治建设第一
      责任人职责不到位
  责任 局长 / 政策法规处 / 办公室、人事处
措施 坚持读原著学原文悟原理,做到局人手一本《习近平法治思想学习纲要》,
      将习近平法治思想纳入局党组理论学习中心组学习计划和党总支“三会一课”学习内容
  责任 办公室 / 机关党委
  状态 长期坚持
  进展 2022-06-30 把习近平法治思想纳入局党组理论学习中心组学习计划,局主要负责人带头领学《习近平
      法治思想学习纲要》,组织领导班子成员开展专题研讨。
  进展 2022-09-30 今年以来开展中心组学习10次,学习习近平法治思想相关内容4次,交流发言12人次;
      将《纲要》学习纳入党支部学习计划,结合主题党日开展专题研讨。
措施 研究制定2022年度法治工作要点
  责任 政策法规处
  时限 2022-05-31
  状态 已完成 2022-05-31 按期完成
  进展 2022-05-31 5月31日,局党组会研究通过《市科技局2022年法治工作要点》。
措施 召开局党组会议听取2021年法治建设情况汇报
  责任 政策法规处 / 办公室
  时限 2022-05-31
  状态 已完成 2022-05-31 按期完成
  进展 2022-05-31 5月31日,局党组会研究通过《市科技局2021年法治政府建设情况报告》,
      报告已在局网站对外公布。
措施 完善2021年主要负责人和其他班子成员年终述职述廉报告中述法相关内容
  责任 人事处 / 政策法规处
  时限 2022-06-30
  状态 已完成 2022-06-20 按期完成
  进展 2022-06-20 组织局领导班子学习《习近平法治思想学习纲要》,集体总结交流2021年度全局法治工作
      情况,主要负责人和班子其他成员完善了述职述廉报告中述法内容。
措施 严格履行主要负责人推进法治建设第一责任人职责,制订完善局党组相关工作机制,
      定期召开专题会议研究部署科技法治工作,做到年初有计划、有部署,年中有落实、有督查,
      年底有总结、有考评
  责任 办公室 / 政策法规处
  时限 2022-12-31
  状态 整改中
  进展 2022-05-31 5月份局党组会组织了法治工作专题研究。
  进展 2022-09-30 已将法治建设列入局党组重要议事内容,定期组织专题会议研究法治工作;
      局党组中心组每月落实年度法治工作计划学习内容。

问题 行政执法工作重视不够
  描述 对行政执法工作重视不够,执法培训和持证人员不足,联合执法机制不健全,“双随机、一公开”
      抽查任务推进较慢
  责任 分管执法副局长 / 行政执法处 / 政策法规处、人事处、外专国合处
措施 制定并落实局年度法制学习培训计划,组织参与各类法制培训,提升执法能力水平
  责任 政策法规处 / 人事处
  时限 2022-04-30
  状态 已完成 2022-04-22 即知即改
  进展 2022-04-22 即知即改。
措施 鼓励局干部积极参加年度执法资格考试,增加具有执法资格的人员数量,满足执法需求(2022年新增2人参
      加执法资格考试)
  责任 人事处 / 行政执法处
  时限 2022-04-30
  状态 已完成 2022-04-22 即知即改
  进展 2022-04-22 即知即改。
措施 明确行政执法处行政执法工作任务分工和局系统执法人员联合执法制度
  责任 行政执法处 / 政策法规处
  时限 2022-12-31
  状态 整改中
  进展 2022-07-15 依法编制统一清单,修订《不予行政处罚清单》《从轻行政处罚清单》
      《减轻行政处罚清单》。
  进展 2022-09-30 起草内部操作规程《市科学技术局行政执法联合执法制度》,
      明确由行政执法处牵头协调相关职能处室,建立联合执法协调机制;设计行政检查表格,
      定期开展联合执法。
措施 开展“2022全市外国人合法工作情况检查”抽查事项“双随机、一公开”,与市教育局等部门落实年度检查计
      划,对全市420家聘用外国人的单位开展现场执法检查
  责任 外专国合处 / 行政执法处
  时限 2022-10-31
  状态 整改中
  进展 2022-09-30 更新监管对象和执法人员两个数据库:监管对象391家企业,科技系统执法人员54名。
      联合抽取9家企业、36名执法检查人员(共9组,每组4人,2人以上持有行政执法证)。
      截至9月底两个联合检查事项应完成28家、已完成16家,完成率57.1%,督促各板块不迟于10月31日完成年
      度任务。

问题 制度建设不健全
  描述 舆情应急处置、执法风险防控等制度不健全,执法人员对行政执法“三项制度”理解不深
  责任 分管法治副局长 / 政策法规处 / 办公室、行政执法处
措施 针对局行政权力清单事项可能发生的举报案件、群众信访件及相关舆情信息,
      建立局系统舆情应急处置方案
  责任 办公室 / 政策法规处
  时限 2022-06-30
  状态 已完成 2022-06-28 按期完成
  进展 2022-06-28 已研究出台局系统舆情应急处置方案。
  销号 2022-07-08 局整改工作组 方案已印发执行,经复核同意销号
措施 全面梳理行政执法的关节点、风险点,建立健全岗位责任、案件办理、监督检查、责任追究等规章制度
  责任 行政执法处 / 政策法规处
  时限 2022-12-31
  状态 整改中
  进展 2022-09-30 从立案、办案、督查等角度梳理行政执法关节点、风险点7个,提出重大案件集体讨论、
      细化自由裁量权、建立查处案件台账、建立行政执法责任追究制度等防范举措,
      逐步制订实施细则和操作规程。
措施 全体执法人员集中学习局行政执法“三项制度”,全面实现执法信息公开透明、执法全过程留痕、
      执法决定合法性审查
  责任 政策法规处 / 行政执法处
  时限 2022-09-30
  状态 已完成 2022-09-20 按期完成
  进展 2022-09-20 制作《科技行政执法、三项制度、双随机一公开业务解读》PPT,以处室月度例会、
      科研机构条线会议为契机组织全市科技系统执法人员学习。

问题 赋权事项未落实到位
  描述 对赋权开发园区的业务指导、跟踪服务和监督不到位,部分园区承接外国人来华工作许可事项存在困难
  责任 分管外专副局长 / 外专国合处 / 政策法规处
措施 加强对拟赋权园区的业务指导和服务,针对赋权园区开展下放事项业务培训,
      指导开发园区编制事项办事指南、开展审批
  责任 外专国合处 / 政策法规处
  时限 2022-12-31
  状态 整改中
  进展 2022-09-30 制作《外国人来华工作许可业务解读培训PPT》指导园区人员学习;
      对省级以上园区承接情况开展调研评估;指导高新区设立“联办专窗”;组织园区工作人员申领行政执法证
      件并参加线上公共法律知识培训。
措施 严格落实规范赋权事项的工作要求,对园区承接能力分析研判、区别对待:成效较好的继续赋权,
      确有困难的立即停止赋权,潜力较大的赋权至2022年12月底再行确定
  责任 外专国合处
  时限 2022-12-31
  状态 整改中
  进展 2022-08-31 与6家园区管委会沟通并函告:继续赋权2家经济技术开发区,
      中止与4家开发园区的赋权协议。
  进展 2022-09-30 3家国家级园区正在申请重新赋权,拟国庆节后派员跟班学习;按照“成熟一家,赋权一家”
      的要求加强跟踪服务。
措施 加强对赋权园区的跟踪指导和监督,及时推送上级政策文件和业务要求,对违法或不当行政行为及时要求
      改正或直接予以纠正
  责任 外专国合处 / 行政执法处
  时限 2022-09-30
  状态 已完成 2022-08-05 提前完成
  进展 2022-08-05 8月5日赴开发区行政审批局现场调研,座谈了解赋权事项承接情况;
      上级部门未更新发布相关政策文件,未发现违法或不当行政行为。

问题 主题教育不扎实
  描述 “厚植为民情怀 提高执法水平”主题教育问题排查不够全面精准,组织生活会批评和自我批评不够深入
  责任 机关党委书记 / 机关党委 / 政策法规处
  销号 2022-06-10 局整改工作组 3项措施均已完成,经复核同意销号
措施 结合具体执法工作对查摆问题进一步深挖,细化完善后将6个问题清单予以报送
  责任 政策法规处
  时限 2022-04-30
  状态 已完成 2022-04-25 即知即改
  进展 2022-04-25 即知即改。
措施 组织全员完成主题教育考试,主动公布问题清单和整改进度,主动接受社会监督
  责任 机关党委 / 政策法规处
  时限 2022-04-30
  状态 已完成 2022-04-28 即知即改
  进展 2022-04-28 即知即改。
措施 召开组织生活会,针对查摆的问题深刻剖析根源,严肃开展批评和自我批评,不以工作建议代替批评意见
  责任 机关党委
  时限 2022-05-31
  状态 已完成 2022-05-13 按期完成
  进展 2022-05-13 5月13日局党组召开专题民主生活会,局党组书记、局长带头自我剖析,
      其他班子成员逐一查不足、摆问题、剖根源,达到了“团结—批评—团结”的效果。
"""
CONTINUATION = " " * 6
PROBLEM_PEOPLE = ("leader", "lead_dept", "resp_depts")


def parse_outline(text: str) -> tuple[SeedProblem, ...]:
    """The problems and measures written in the form of ``SEED_OUTLINE``."""
    entries: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith(CONTINUATION):
            entries[-1][1] += line.strip()
        elif line.strip():
            entries.append(line.strip().split(" ", 1))
    problems: list[dict[str, Any]] = []
    for key, value in entries:
        if key == "问题":
            problems.append({"category": value, "measures": []})
        elif key == "措施":
            problems[-1]["measures"].append({"content": value, "deadline": None, "progress": ()})
        else:
            measures = problems[-1]["measures"]
            _read_field(measures[-1] if measures else problems[-1], key, value)
    return tuple(
        SeedProblem(**{**p, "measures": tuple(SeedMeasure(**m) for m in p["measures"])})
        for p in problems
    )


def _read_field(item: dict[str, Any], key: str, value: str) -> None:
    """Set the fields one outline line gives to a problem or measure (as a dict)."""
    if key == "描述":
        item["description"] = value
    elif key == "责任":
        names = ("lead_dept", "resp_depts") if "content" in item else PROBLEM_PEOPLE
        item.update(zip_longest(names, value.split(" / "), fillvalue=""))
    elif key == "时限":
        item["deadline"] = date.fromisoformat(value)
    elif key == "状态":
        status, done, way = [*value.split(" "), "", ""][:3]
        item.update(status=status, completion=date.fromisoformat(done) if done else None, way=way)
    elif key == "进展":
        day, text = value.split(" ", 1)
        item["progress"] += ((date.fromisoformat(day), text),)
    elif key == "销号":
        day, by, remark = value.split(" ", 2)
        item["signoff"] = (date.fromisoformat(day), by, remark)
    else:
        raise ValueError(f"seed outline: unknown field {key!r}")


SEED_PROBLEMS = parse_outline(SEED_OUTLINE)

# Evidence on seed measures: (problem index, measure index, file name, text).
SEED_MEASURE_EVIDENCE = (
    (
        4,
        2,
        "专题民主生活会会议记录.txt",
        "专题民主生活会会议记录\n时间:2022年5月13日\n主持:局党组书记、局长\n"
        "内容:对照巡察反馈的五个问题,班子成员逐一剖析原因,开展批评和自我批评。\n",
    ),
    (
        2,
        0,
        "局系统舆情应急处置方案.txt",
        "市科学技术局系统舆情应急处置方案\n一、适用范围\n二、组织领导\n三、处置流程\n"
        "四、保障措施\n",
    ),
    (
        0,
        1,
        "2022年法治工作要点(局党组会审议稿).txt",
        "市科技局2022年法治工作要点\n一、深入学习贯彻习近平法治思想\n"
        "二、严格规范公正文明执法\n三、加强制度建设\n",
    ),
)
