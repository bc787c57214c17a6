"""A roster and a training year built for the tests, with the figures they must give.

Persons are written straight into ``persons`` (and ``certificates``) with sqlite-utils;
the year is entered through ``TrainingRepo`` like the page does.

Year 2024 (seeds 002 and 004): five 中心组学法 sessions of 3 hours for nine leaders (one
on leave once), one 旁听庭审 of 4 hours for 32 people, the online exam of 68 people of whom
58 scored 90 or more, and a three-day enforcement training (24 hours) for the 20
certificate holders (one absent). A 2023 lecture must not count in 2024.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from desktop_app.domain.training import (
    CENTRAL_STUDY,
    COURT_HEARING,
    ENFORCEMENT_TRAINING,
    LECTURE,
    ONLINE_EXAM,
    AttendanceStatus,
    TrainingSession,
)
from desktop_app.storage.training.repo import TrainingRepo

UNIT = "市科技局"
DEPARTMENTS = (("办公室", 10), ("法规科", 20), ("计划处", 20), ("高新处", 20))
STAMP = "2024-01-02 09:00:00"
YEAR = 2024
LINE_2024 = (
    "2024年共组织学法培训 8 次(中心组学法 5 次、执法业务培训 1 次、旁听庭审 1 次、"
    "在线学法考试 1 次);参加 68 人、163 人次,累计 852 学时;"
    "在线学法考试应参考 68 人、实际参考 68 人,参与率 100%,及格率 100%,"
    "优秀率(90分以上)85.3%;执法人员 20 人中 11 人未达 40 学时"
)
EXAM_SCORES = [90.0 + i % 11 for i in range(58)] + [60.0 + 3 * i for i in range(10)]


def add_roster(db: Database) -> list[int]:
    """70 in-service persons (ids 1–70, the first 20 holding certificates) and 2 who left."""
    rows = []
    for department, count in DEPARTMENTS:
        for _ in range(count):
            n = len(rows) + 1
            rows.append(_person(n, f"干部{n:02d}", department, "科员" if n > 9 else "局领导"))
    rows.append({**_person(71, "退休甲", "办公室", "调研员"), "status": "退休"})
    rows.append({**_person(72, "调离乙", "法规科", "科员"), "status": "调离"})
    db["persons"].insert_all(rows)
    certificates = [_certificate(n, "有效") for n in range(1, 21)]
    certificates.append(_certificate(72, "注销"))
    db["certificates"].insert_all(certificates)
    return [r["id"] for r in rows]


def _person(n: int, name: str, department: str, post: str) -> dict:
    return {
        "id": n,
        "name": name,
        "unit": UNIT,
        "department": department,
        "post": post,
        "employment_type": "在编",
        "status": "在职",
        "search_text": name,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def _certificate(person_id: int, status: str) -> dict:
    return {
        "person_id": person_id,
        "kind": "行政执法证",
        "number": f"豫执{person_id:06d}",
        "issue_date": "2022-01-01",
        "valid_until": "2027-01-01",
        "status": status,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def add_session(repo: TrainingRepo, title: str, day: date, kind: str, hours: float, **kw) -> int:
    """Create one session through the repository."""
    return repo.add_session(TrainingSession(title=title, date=day, kind=kind, hours=hours, **kw))


def build_year(db: Database) -> dict[str, int]:
    """The 2024 year described above plus a 2023 lecture; returns session ids by name."""
    repo = TrainingRepo(db)
    ids: dict[str, int] = {}
    leaders = list(range(1, 10))
    for n in range(1, 6):
        sid = add_session(
            repo, f"党组理论学习中心组第{n}次集体学法", date(2024, 2 * n, 10), CENTRAL_STUDY, 3
        )
        repo.add_attendees(sid, leaders)
        ids[f"central{n}"] = sid
    last = repo.attendance_of(ids["central5"])
    repo.set_status(
        ids["central5"], AttendanceStatus.LEAVE, [a.id for a in last if a.person_id == 9]
    )
    ids["court"] = add_session(repo, "旁听行政诉讼案件庭审", date(2024, 5, 23), COURT_HEARING, 4)
    repo.add_attendees(ids["court"], list(range(1, 33)))
    ids["exam"] = add_session(
        repo, "2024年度国家工作人员在线学法考试", date(2024, 10, 28), ONLINE_EXAM, 2, expected=68
    )
    repo.add_attendees(ids["exam"], list(range(1, 69)))
    for att, score in zip(repo.attendance_of(ids["exam"]), EXAM_SCORES, strict=True):
        att.score = score
        repo.update_attendance(att)
    ids["enforcement"] = add_session(
        repo,
        "行政执法业务培训班",
        date(2024, 6, 18),
        ENFORCEMENT_TRAINING,
        24,
        end_date=date(2024, 6, 20),
    )
    repo.add_attendees(ids["enforcement"], list(range(1, 21)))
    absent = [a.id for a in repo.attendance_of(ids["enforcement"]) if a.person_id == 20]
    repo.set_status(ids["enforcement"], AttendanceStatus.ABSENT, absent)
    ids["lecture2023"] = add_session(repo, "行政复议法专题讲座", date(2023, 9, 1), LECTURE, 2)
    repo.add_attendees(ids["lecture2023"], [1, 2, 3, 4, 71])
    return ids
