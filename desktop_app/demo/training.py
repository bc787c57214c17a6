"""Demo training records: seed 002's year of law study and seed 004's online exam.

The last full year before ``today`` holds five 中心组学法 sessions on the laws seed 002
names, one 旁听庭审 of 32 people, the online law exam sat by 68 people (everyone
expected, 58 of them at 90 points or more: 85.3%) and the usual lectures, enforcement
training and publicity days. Earlier years are filled with synthetic sessions so that
``scale`` × 1,000 attendance rows are written. Attendance is recorded against the persons
already in the database (the personnel demo makes them); with none, nothing is written.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from desktop_app.domain.training import (
    CENTRAL_STUDY,
    COURT_HEARING,
    ENFORCEMENT_TRAINING,
    LECTURE,
    ONLINE_EXAM,
    OTHER,
    PUBLICITY,
    AttendanceStatus,
    TrainingSession,
)
from desktop_app.storage.rows import next_id
from desktop_app.storage.training.queries import staff_ids
from desktop_app.storage.training.rows import session_values

if TYPE_CHECKING:
    from sqlite_utils import Database

ATTENDANCE_PER_SCALE = 1000
EXAM_PEOPLE, EXAM_EXCELLENT = 68, 58
COURT_PEOPLE = 32
HISTORY_YEARS = 5
OFFICE = 150  # the seeded year is the office's own: the first in-service persons
ORGANISER = "局办公室(法规科)"
MEETING_ROOM, HALL = "局机关三楼会议室", "局机关五楼报告厅"
Progress = Callable[[int, int], None]
PRESENT = AttendanceStatus.PRESENT.value

CENTRAL_TOPICS: tuple[tuple[str, list[str]], ...] = (
    ("学习《中华人民共和国安全生产法》", ["中华人民共和国安全生产法"]),
    ("学习《中华人民共和国保守国家秘密法》", ["中华人民共和国保守国家秘密法"]),
    ("学习《公平竞争审查条例》", ["公平竞争审查条例"]),
    (
        "学习《常州市新能源产业促进条例》《常州市科技创新促进条例》",
        ["常州市新能源产业促进条例", "常州市科技创新促进条例"],
    ),
    ("学习党的二十届三中全会关于完善中国特色社会主义法治体系的论述", []),
)
OTHER_SESSIONS: tuple[tuple[int, int, str, str, float, int, list[str], float], ...] = (
    # (month, day, kind, title, hours, days, laws, share of staff)
    (3, 12, LECTURE, "《公平竞争审查条例》专家解读", 3, 1, ["公平竞争审查条例"], 0.7),
    (3, 26, ENFORCEMENT_TRAINING, "执法案卷评查与执法文书制作培训", 8, 1, [], 0),
    (4, 15, PUBLICITY, "全民国家安全教育日普法宣传", 4, 1, ["中华人民共和国国家安全法"], 0.25),
    (6, 18, ENFORCEMENT_TRAINING, "行政执法业务培训班", 16, 2, ["中华人民共和国行政处罚法"], 0),
    (
        9,
        10,
        LECTURE,
        "《中华人民共和国行政复议法》专题讲座",
        2.5,
        1,
        ["中华人民共和国行政复议法"],
        0.6,
    ),
    (
        11,
        6,
        ENFORCEMENT_TRAINING,
        "行政执法“三项制度”专题培训",
        8,
        1,
        ["中华人民共和国行政许可法"],
        0,
    ),
    (12, 4, PUBLICITY, "国家宪法日宪法宣传活动", 4, 1, ["中华人民共和国宪法"], 0.3),
)
HISTORY_TITLES = (  # (kind, title, hours) of the synthetic sessions of earlier years
    (LECTURE, "法治政府建设专题讲座", 3.0),
    (ENFORCEMENT_TRAINING, "行政执法人员业务轮训", 8.0),
    (CENTRAL_STUDY, "党组理论学习中心组集体学法", 3.0),
    (OTHER, "依法行政知识测试", 2.0),
    (PUBLICITY, "科技普法志愿服务活动", 4.0),
)


class _Writer:
    """Collects sessions, laws and attendance rows with their ids, then inserts them."""

    def __init__(self, db: Database, rng: random.Random) -> None:
        self.db, self.rng = db, rng
        self.sessions: list[dict[str, Any]] = []
        self.laws: list[dict[str, Any]] = []
        self.attendance: list[dict[str, Any]] = []
        self.next_session = next_id(db, "training_sessions")
        self.next_law = next_id(db, "training_laws")
        self.next_attendance = next_id(db, "training_attendance")

    def session(
        self, title: str, day: date, kind: str, hours: float, **fields: Any
    ) -> TrainingSession:
        """Collect a session (organised by the office unless ``fields`` say otherwise)."""
        fields.setdefault("organiser", ORGANISER)
        session = TrainingSession(title=title, date=day, kind=kind, hours=hours, **fields)
        session.id = self.next_session
        self.next_session += 1
        stamp = f"{day.isoformat()} 08:30:00"
        self.sessions.append(
            {"id": session.id, **session_values(session), "created_at": stamp, "updated_at": stamp}
        )
        for seq, law in enumerate(session.laws, 1):
            self.laws.append(
                {"id": self.next_law, "session_id": session.id, "seq": seq, "law": law}
            )
            self.next_law += 1
        return session

    def attend(
        self,
        session: TrainingSession,
        person_id: int,
        status: str = PRESENT,
        score: float | None = None,
    ) -> None:
        """Collect one attendance; present people are credited the session's hours."""
        credited = session.hours if status == PRESENT else 0.0
        assert session.date is not None, "a demo session always has its date"
        stamp = f"{session.date.isoformat()} 17:30:00"
        self.attendance.append(
            {
                "id": self.next_attendance,
                "session_id": session.id,
                "person_id": person_id,
                "status": status,
                "hours": credited,
                "score": score,
                "remark": "" if status == PRESENT else ("公务外出" if status != "缺席" else ""),
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        self.next_attendance += 1

    def attend_many(self, session: TrainingSession, people: list[int]) -> None:
        """Mostly present, a few on leave or absent."""
        for person_id in people:
            roll = self.rng.random()
            status = PRESENT if roll < 0.93 else ("请假" if roll < 0.98 else "缺席")
            self.attend(session, person_id, status)

    def flush(self) -> None:
        self.db.table("training_sessions").insert_all(self.sessions, batch_size=500)
        self.db.table("training_laws").insert_all(self.laws, batch_size=1000)
        self.db.table("training_attendance").insert_all(self.attendance, batch_size=2000)


def create_demo(
    db: Database, scale: int, today: date, progress: Progress | None = None
) -> dict[str, int]:
    """Seed years and synthetic history: about ``scale`` × 1,000 attendance rows."""
    active, holders = staff_ids(db)
    if not active:
        return {"training_sessions": 0, "training_attendance": 0}
    rng = random.Random(20241231)
    writer = _Writer(db, rng)
    year = today.year - 1
    office = active[:OFFICE]
    in_office = set(office)
    office_holders = [p for p in holders if p in in_office] or office[: max(1, len(office) // 3)]
    _seed_year(writer, year, office, office_holders)
    _this_year(writer, today, office)
    target = scale * ATTENDANCE_PER_SCALE
    _history(writer, year, active, target, progress)
    with db.atomic():
        writer.flush()
    if progress:
        progress(len(writer.attendance), len(writer.attendance))
    return {
        "training_sessions": len(writer.sessions),
        "training_attendance": len(writer.attendance),
    }


def _seed_year(writer: _Writer, year: int, active: list[int], holders: list[int]) -> None:
    """Seed 002's year and seed 004's exam."""
    rng = writer.rng
    leaders = active[: min(len(active), 11)]
    for index, (title, laws) in enumerate(CENTRAL_TOPICS):
        day = date(year, 2 + index * 2, 20 + index)
        session = writer.session(
            f"党组理论学习中心组(扩大)学习会:{title}",
            day,
            CENTRAL_STUDY,
            3,
            start_time="9:00",
            end_time="12:00",
            organiser="局党组",
            place=MEETING_ROOM,
            speaker="局党组书记、局长",
            laws=laws,
        )
        writer.attend_many(session, leaders)
    court = writer.session(
        "组织干部职工旁听行政诉讼案件庭审",
        date(year, 5, 23),
        COURT_HEARING,
        4,
        start_time="8:30",
        end_time="12:30",
        place="市中级人民法院第三审判庭",
        laws=["中华人民共和国行政诉讼法"],
    )
    for person_id in active[:COURT_PEOPLE]:
        writer.attend(court, person_id)
    exam_people = active[:EXAM_PEOPLE]
    exam = writer.session(
        f"{year}年度国家工作人员在线学法考试",
        date(year, 10, 28),
        ONLINE_EXAM,
        2,
        place="网上学法用法考试平台",
        expected=len(exam_people),
    )
    excellent = round(len(exam_people) * EXAM_EXCELLENT / EXAM_PEOPLE)
    for index, person_id in enumerate(exam_people):
        score = rng.randint(90, 100) if index < excellent else rng.randint(68, 89)
        writer.attend(exam, person_id, score=float(score))
    for month, day_of_month, kind, title, hours, days, laws, share in OTHER_SESSIONS:
        start = date(year, month, day_of_month)
        session = writer.session(
            title,
            start,
            kind,
            hours,
            end_date=start + timedelta(days=days - 1) if days > 1 else None,
            start_time="9:00" if hours < 8 else "8:30",
            place=HALL,
            speaker="市司法局特邀专家" if kind == LECTURE else "",
            laws=laws,
        )
        people = holders if not share else rng.sample(active, max(1, int(len(active) * share)))
        writer.attend_many(session, sorted(people))


def _this_year(writer: _Writer, today: date, active: list[int]) -> None:
    """A few sessions of the running year, before today."""
    leaders = active[: min(len(active), 11)]
    for month, kind, title, hours in (
        (1, CENTRAL_STUDY, "党组理论学习中心组学习会:学习《中华人民共和国民营经济促进法》", 3),
        (3, LECTURE, "《中华人民共和国行政处罚法》专题讲座", 2.5),
    ):
        day = date(today.year, month, 16)
        if day >= today:
            continue
        session = writer.session(title, day, kind, hours, start_time="14:30", place=MEETING_ROOM)
        people = leaders if kind == CENTRAL_STUDY else writer.rng.sample(active, len(active) // 2)
        writer.attend_many(session, sorted(people))


def _history(
    writer: _Writer, year: int, active: list[int], target: int, progress: Progress | None
) -> None:
    """Synthetic sessions in the years before the seeded one until ``target`` rows."""
    rng, index = writer.rng, 0
    while len(writer.attendance) < target:
        kind, title, hours = HISTORY_TITLES[index % len(HISTORY_TITLES)]
        past = year - 1 - index % HISTORY_YEARS
        day = date(past, 1, 1) + timedelta(days=rng.randrange(360))
        title = f"{past}年{title}(第{index // len(HISTORY_TITLES) + 1}期)"
        session = writer.session(title, day, kind, hours, start_time="9:00", place=HALL)
        size = min(len(active), target - len(writer.attendance), rng.randint(20, 80))
        writer.attend_many(session, sorted(rng.sample(active, size)))
        index += 1
        if progress and index % 50 == 0:
            progress(len(writer.attendance), target)
