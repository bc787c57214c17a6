"""What each import fills, and the header words clerks use for it (synonyms), per register."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.draws import TARGET_KINDS, TARGET_STATUSES
from desktop_app.domain.personnel import (
    CERTIFICATE_KINDS,
    CERTIFICATE_STATUSES,
    EMPLOYMENT_TYPES,
    PERSON_STATUSES,
)
from desktop_app.domain.rectification import COMPLETION_WAYS, STATUSES
from desktop_app.domain.training import ATTENDANCE_STATUSES, SESSION_KINDS

IGNORE = ""  # the field of a column that is not imported


@dataclass(frozen=True)
class Field:
    """One thing an import can fill: its key, header words (synonyms) and value choices."""

    key: str
    synonyms: tuple[str, ...]  # the header words, the field's label first
    choices: tuple[str, ...] = ()  # a closed list: unknown words are asked once
    required: bool = False

    @property
    def label(self) -> str:
        """The field's name as the import shows it (its first header word)."""
        return self.synonyms[0]


RECTIFICATION = (
    Field("seq", ("序号", "编号", "问题序号", "序", "no", "问题编号")),
    Field("category", ("问题类别", "类别", "问题分类", "问题类型", "板块", "方面")),
    Field(
        "problem",
        (
            "问题描述",
            "存在问题",
            "问题表现",
            "问题",
            "反馈问题",
            "巡察反馈问题",
            "巡察发现问题",
            "主要问题",
            "问题内容",
            "具体问题",
        ),
        required=True,
    ),
    Field("measure", ("整改措施", "整改举措", "措施", "具体措施", "整改任务", "整改目标")),
    Field("leader", ("责任领导", "分管领导", "牵头领导", "领导", "牵头局领导", "分管局领导")),
    Field(
        "lead_dept",
        (
            "牵头部门",
            "牵头单位",
            "牵头处室",
            "牵头科室",
            "责任单位",
            "责任处室",
            "主责部门",
            "牵头",
        ),
    ),
    Field(
        "resp_depts",
        (
            "责任部门",
            "配合部门",
            "协办单位",
            "配合单位",
            "协助部门",
            "配合处室",
            "责任科室",
            "配合",
        ),
    ),
    Field(
        "deadline",
        ("整改时限", "完成时限", "整改期限", "时间节点", "时限", "整改时间", "期限", "完成期限"),
    ),
    Field(
        "status",
        ("完成情况", "状态", "是否完成", "整改状态", "整改完成情况", "办理状态", "完成状态"),
        STATUSES,
    ),
    Field("completion_date", ("完成时间", "完成日期", "实际完成时间", "办结时间")),
    Field("completion_way", ("完成方式", "整改方式"), COMPLETION_WAYS),
    Field(
        "progress",
        ("整改进展", "进展情况", "整改情况", "整改进展情况", "落实情况", "推进情况", "工作进展"),
    ),
)

PERSONNEL = (
    Field("name", ("姓名", "名字", "执法人员姓名", "人员姓名"), required=True),
    Field("gender", ("性别",), ("男", "女")),
    Field("id_number", ("身份证号", "身份证号码", "公民身份号码", "身份证", "身份证件号码")),
    Field("birth_date", ("出生日期", "出生年月", "出生年月日")),
    Field("unit", ("单位", "所在单位", "工作单位", "执法单位", "单位名称")),
    Field("department", ("部门", "处室", "科室", "所在处室", "内设机构", "所在部门")),
    Field("post", ("职务", "岗位", "职务职级", "职级", "职务(岗位)")),
    Field(
        "employment_type",
        ("人员类别", "编制类型", "编制性质", "人员性质", "用工性质", "身份类别", "编制"),
        EMPLOYMENT_TYPES,
    ),
    Field("phone", ("联系电话", "电话", "手机", "手机号码", "联系方式")),
    Field("person_status", ("人员状态", "在职状态", "在岗状态"), PERSON_STATUSES),
    Field(
        "cert_number",
        ("执法证号", "证件号码", "证号", "执法证件号", "执法证编号", "证件编号", "执法证件号码"),
    ),
    Field("cert_kind", ("证件种类", "证件类型", "证件类别", "证件名称"), CERTIFICATE_KINDS),
    Field("category", ("执法类别", "执法区域", "执法种类", "执法范围", "执法领域")),
    Field("authority", ("发证机关", "发证单位", "颁发机关", "发证部门")),
    Field("issue_date", ("发证日期", "发证时间", "领证日期", "核发日期", "颁发日期")),
    Field(
        "valid_until",
        ("有效期至", "有效期", "有效期限", "到期日期", "截止日期", "有效截止日期", "有效期截止"),
    ),
    Field("cert_status", ("证件状态", "状态", "持证状态"), CERTIFICATE_STATUSES),
    Field("last_review", ("最近年审", "年审日期", "年审时间", "年检日期", "年审")),
    Field("notes", ("备注",)),
)

TRAINING = (
    Field("date", ("日期", "培训日期", "学习日期", "活动日期", "学法日期", "培训时间", "时间")),
    Field(
        "title",
        (
            "主题",
            "培训主题",
            "学习主题",
            "学习内容",
            "培训内容",
            "学法内容",
            "活动名称",
            "课程名称",
            "题目",
            "名称",
            "内容",
        ),
    ),
    Field(
        "kind", ("类型", "形式", "培训类型", "学法形式", "活动类型", "方式", "类别"), SESSION_KINDS
    ),
    Field("hours", ("学时", "课时", "时长", "培训学时")),
    Field("organiser", ("组织单位", "主办单位", "主办", "组织部门", "承办单位")),
    Field("place", ("地点", "培训地点", "学习地点", "活动地点")),
    Field("speaker", ("主讲人", "授课人", "主讲", "讲师", "授课老师")),
    Field("laws", ("学习法律法规", "法律法规", "学习法规", "所学法律")),
    Field("name", ("姓名", "参加人员", "参训人员", "人员姓名")),
    Field("unit", ("单位", "所在单位", "工作单位")),
    Field("department", ("部门", "处室", "科室", "所在处室")),
    Field("id_number", ("身份证号", "身份证号码", "公民身份号码")),
    Field(
        "attendance",
        ("出勤情况", "出勤", "考勤", "是否参加", "签到", "参加情况", "出席情况"),
        ATTENDANCE_STATUSES,
    ),
    Field("credited", ("计入学时", "获得学时", "实得学时", "个人学时")),
    Field("score", ("成绩", "考试成绩", "分数", "得分")),
    Field("remark", ("备注",)),
)

DRAWS = (  # 检查对象名录库 (双随机抽查)
    Field(
        "name",
        ("名称", "单位名称", "企业名称", "检查对象", "检查对象名称", "市场主体名称", "机构名称"),
        required=True,
    ),
    Field(
        "credit_code",
        ("统一社会信用代码", "信用代码", "社会信用代码", "统一代码", "统一社会信用代码/注册号"),
    ),
    Field("target_kind", ("类型", "主体类型", "单位类型", "企业类型", "对象类型"), TARGET_KINDS),
    Field("industry", ("行业", "所属行业", "行业类别", "行业门类", "国民经济行业")),
    Field("area", ("区域", "所属区域", "地区", "所在地区", "县区", "辖区", "属地")),
    Field("address", ("地址", "住所", "经营地址", "注册地址", "单位地址", "经营场所")),
    Field("contact", ("联系人", "负责人", "法定代表人", "法人代表")),
    Field("phone", ("联系电话", "电话", "手机", "联系方式")),
    Field("target_status", ("状态", "经营状态", "登记状态"), TARGET_STATUSES),
    Field("notes", ("备注",)),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "rectification": RECTIFICATION,
    "personnel": PERSONNEL,
    "training": TRAINING,
    "draws": DRAWS,
}

# Words that name a choice, beyond the choice itself (matched after folding blanks).
CHOICE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "target_kind": {
        "企业": ("公司", "有限公司", "有限责任公司", "股份有限公司", "内资企业", "外资企业"),
        "个体工商户": ("个体", "个体户"),
        "农民专业合作社": ("合作社", "专业合作社"),
        "事业单位": ("事业",),
        "社会组织": ("民办非企业单位", "民非", "社会团体", "基金会"),
        "其他": (),
    },
    "target_status": {
        "在营": ("存续", "开业", "在业", "正常", "营业"),
        "停业": ("歇业",),
        "注销": ("已注销",),
        "吊销": ("已吊销", "吊销未注销"),
        "迁出": ("已迁出",),
    },
    "employment_type": {
        "在编": ("行政编制", "事业编制", "公务员", "参公", "参照公务员管理", "编内"),
        "聘用": ("合同制", "合同工", "编外聘用", "聘用制", "编外"),
        "劳务派遣": ("派遣",),
        "其他": (),
    },
    "person_status": {
        "在职": ("在岗", "正常"),
        "调离": ("调出", "离职", "调走"),
        "退休": ("已退休",),
        "其他": (),
    },
    "cert_kind": {
        "行政执法证": ("执法证", "行政执法证件", "执法证件"),
        "行政执法监督证": ("监督证", "执法监督证"),
    },
    "cert_status": {
        "有效": ("正常", "在用", "已过期", "过期", "持证"),
        "暂扣": ("已暂扣",),
        "注销": ("已注销", "作废", "吊销"),
        "转出": ("已转出",),
    },
    "kind": {
        "中心组学法": ("党组中心组学法", "理论学习中心组", "中心组学习", "中心组", "集中学法"),
        "专题讲座": ("讲座", "法治讲座", "专题报告"),
        "执法业务培训": ("业务培训", "执法培训", "培训"),
        "旁听庭审": ("庭审旁听", "庭审"),
        "在线学法考试": ("学法考试", "网上学法考试", "考试", "在线考试"),
        "普法宣传": ("宣传", "普法"),
        "其他": (),
    },
    "attendance": {
        "出席": ("参加", "到会", "√", "✓", "已参加", "是", "签到", "出勤", "已签到", "到"),
        "请假": ("假", "事假", "病假", "公假"),
        "缺席": ("未参加", "缺勤", "否", "×", "未到", "旷课"),
    },
    "completion_way": {way: () for way in COMPLETION_WAYS},
}


def field_of(kind: str, key: str) -> Field:
    """The field ``key`` of the import ``kind``."""
    return next(f for f in FIELDS[kind] if f.key == key)
