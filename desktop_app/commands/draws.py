"""``python -m desktop_app draw …``: plan, run, verify, list, show, results and figures of draws.

    draw plan   --db 台账.db --title … --date 2022-06-15 --count 9 --team-size 4 --quota 科技=2 …
                (--team-size 5-7: teams of 5 to 7 members)
    draw run    (the same options) --operator 经办人 --witness 监督人 [--seed 种子]
    draw redraw 3 --reason 原因 --operator … --witness … [--seed …]
    draw verify 3 --db 台账.db           exit 0 when the record holds, 2 when it does not
    draw list | show ID | result ID --target … --outcome … | figures --year 2022

``plan`` only checks the plan against the live pools (nothing is written); ``run`` and
``redraw`` write under the single-writer lock; the others only read.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import parse_date
from desktop_app.domain.draws import OUTCOMES, CheckResult, DrawPlan, Quota
from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path

    from sqlite_utils import Database

EXIT_OK, EXIT_MISMATCH = 0, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``draw`` command's own sub-commands and options."""
    commands = parser.add_subparsers(dest="draw_command", metavar="操作", title="操作")
    commands.required = True
    plan = commands.add_parser("plan", help="检查方案是否可行(不抽取、不写入)")
    run = commands.add_parser("run", help="按方案抽取并记录")
    for sub in (plan, run):
        _plan_options(sub)
    for name in ("--operator", "--witness"):
        run.add_argument(
            name, required=True, metavar="姓名", help="经办人" if "op" in name else "监督人"
        )
    run.add_argument(
        "--seed", default="", metavar="种子", help="监督人给出的随机种子(不填则随机生成)"
    )
    plan.set_defaults(run=_run_plan)
    run.set_defaults(run=_run_draw)

    redraw = commands.add_parser("redraw", help="重新抽取(新记录,原记录保留)")
    redraw.add_argument("id", type=int, metavar="编号", help="被取代的抽取记录编号")
    redraw.add_argument("--reason", required=True, metavar="原因", help="重新抽取的原因")
    redraw.add_argument("--operator", required=True, metavar="姓名", help="经办人")
    redraw.add_argument("--witness", required=True, metavar="姓名", help="监督人")
    redraw.add_argument("--seed", default="", metavar="种子", help="新的随机种子(不填则随机生成)")
    redraw.set_defaults(run=_run_redraw)

    verify = commands.add_parser("verify", help="按记录重新计算并核对(一致时退出码 0,否则 2)")
    verify.add_argument("id", type=int, nargs="?", metavar="编号", help="抽取记录编号")
    verify.add_argument("--all", action="store_true", help="核对全部抽取记录")
    verify.set_defaults(run=_run_verify)

    listing = commands.add_parser("list", help="列出抽取记录")
    listing.add_argument("--year", type=int, metavar="年度", help="只列出该年度")
    listing.set_defaults(run=_run_list)
    show = commands.add_parser("show", help="显示一次抽取的检查组和结果")
    show.add_argument("id", type=int, metavar="编号")
    show.set_defaults(run=_run_show)

    result = commands.add_parser("result", help="录入一个检查对象的检查结果")
    result.add_argument("id", type=int, metavar="编号", help="抽取记录编号")
    result.add_argument("--target", required=True, metavar="名称或编号", help="检查对象")
    result.add_argument("--outcome", required=True, metavar="结果", help="、".join(OUTCOMES))
    result.add_argument("--date", metavar="日期", help="检查日期")
    result.add_argument("--findings", default="", metavar="文字", help="发现问题")
    result.add_argument("--handling", default="", metavar="文字", help="处理情况")
    result.set_defaults(run=_run_result)

    figures = commands.add_parser("figures", help="年度抽查情况(年度报告用语)")
    figures.add_argument("--year", type=int, required=True, metavar="年度")
    figures.set_defaults(run=_run_figures)
    for sub in (plan, run, redraw, verify, listing, show, result, figures):
        sub.add_argument("--db", required=True, metavar="文件", help="数据库文件(必须已存在)")


def _plan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", required=True, metavar="名称", help="抽查任务名称")
    parser.add_argument("--date", required=True, metavar="日期", help="抽取日期")
    parser.add_argument("--matter", metavar="名称或编号", help="抽查事项")
    for name, what in (("--kind", "类型"), ("--industry", "行业"), ("--area", "区域")):
        parser.add_argument(
            name, action="append", default=[], metavar=what, help=f"检查对象{what}(可重复)"
        )
    amount = parser.add_mutually_exclusive_group(required=True)
    amount.add_argument("--count", type=int, metavar="N", help="抽取家数")
    amount.add_argument("--ratio", type=float, metavar="百分比", help="抽取比例,如 5 表示 5%%")
    parser.add_argument("--teams", type=int, metavar="N", help="检查组数(默认每家一组)")
    parser.add_argument(
        "--team-size",
        type=team_sizes,
        required=True,
        metavar="N或N-M",
        help="每组人数,如 4;人数不等时写范围,如 5-7",
    )
    parser.add_argument(
        "--certified", type=int, default=2, metavar="N", help="每组持证人员不少于(默认 2)"
    )
    parser.add_argument(
        "--quota",
        action="append",
        default=[],
        metavar="部门=人数",
        help="联合检查每组各部门人数,如 科技=2(可重复)",
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="专业",
        help="只抽取有此专业领域的人员(可重复)",
    )
    parser.add_argument(
        "--include-checked", action="store_true", help="本年度已抽中的对象也参加抽取"
    )
    parser.add_argument("--no-rotation", action="store_true", help="不排除上次检查同一对象的人员")
    parser.add_argument("--certified-only", action="store_true", help="只抽取持证人员")


# -- opening -------------------------------------------------------------------------------
def _reading(args: argparse.Namespace) -> tuple[Database, Any]:
    from desktop_app import cli

    return cli._open_for_export(cli._existing_db(args.db))


def _writing(args: argparse.Namespace) -> tuple[Database, Any]:
    from desktop_app import cli, paths
    from desktop_app.storage import database

    path: Path = cli._existing_db(args.db)
    lock = cli._lock_ours(path)
    try:
        return database.open_database(path, backup_dir=paths.backup_dir(path), create=False), lock
    except BaseException:
        lock.release()
        raise


def _close(db: Database, lock: Any) -> None:
    db.close()
    if lock is not None:
        lock.release()


# -- the plan ---------------------------------------------------------------------------------
def _quota(text: str) -> Quota:
    agency, sep, count = text.replace("=", "=").partition("=")
    try:
        if not sep:
            raise ValueError
        return Quota(agency.strip(), int(count))
    except ValueError:
        raise UserError(f"--quota:“{text}”应写成 部门=人数,如 科技=2") from None


def _matter(db: Database, text: str | None) -> tuple[int | None, str]:
    from desktop_app.storage.draws import directory

    if not text:
        return None, ""
    for matter in directory.matters(db):
        if str(matter.id) == text or matter.name == text:
            return matter.id, matter.name
    raise UserError(f"没有名为“{text}”的抽查事项;可在图形界面的“抽查事项”中添加")


def team_sizes(text: str) -> tuple[int, int | None]:
    """``4`` (a fixed size) or ``5-7`` (the fewest and the most members of a team)."""
    parts = text.replace("–", "-").replace("—", "-").split("-")
    try:
        sizes = [int(part) for part in parts]
    except ValueError:
        sizes = []
    if len(sizes) == 1:
        return sizes[0], None
    if len(sizes) == 2:
        return sizes[0], sizes[1]
    raise argparse.ArgumentTypeError(f"“{text}”应为人数(如 4)或人数范围(如 5-7)")


def plan_of(db: Database, args: argparse.Namespace) -> DrawPlan:
    """The plan the command-line options describe."""
    matter_id, matter_name = _matter(db, args.matter)
    draw_date = parse_date(args.date, "--date", required=True)
    assert draw_date is not None  # required: a blank date was refused
    return DrawPlan(
        args.title,
        draw_date,
        matter_id=matter_id,
        matter_name=matter_name,
        kinds=tuple(args.kind),
        industries=tuple(args.industry),
        areas=tuple(args.area),
        count=args.count,
        ratio=args.ratio,
        teams=args.teams,
        team_size=args.team_size[0],
        team_size_max=args.team_size[1],
        certified_min=args.certified,
        quotas=tuple(_quota(q) for q in args.quota),
        inspector_tags=tuple(args.tag),
        include_checked=args.include_checked,
        rotation=not args.no_rotation,
        allow_uncertified=not args.certified_only,
    )


def _run_plan(args: argparse.Namespace) -> int:
    from desktop_app.domain.draw_pools import check_feasible
    from desktop_app.domain.draws import validate_plan
    from desktop_app.storage.draws.pools import live_pools
    from desktop_app.storage.draws.queries import min_certified

    db, lock = _reading(args)
    try:
        plan = validate_plan(plan_of(db, args), min_certified(db))
        pools = live_pools(db, plan)
    finally:
        _close(db, lock)
    certified = sum(1 for i in pools.inspectors if i.certified)
    print(
        f"符合条件的检查对象 {len(pools.targets)} 家(排除 {len(pools.excluded_targets)} 家),"
        f"可参加抽取的执法检查人员 {len(pools.inspectors)} 人(其中持证 {certified} 人,"
        f"排除 {len(pools.excluded_inspectors)} 人)"
    )
    check_feasible(plan, pools)
    wanted = plan.target_count(len(pools.targets))
    print(
        f"方案可行:将抽取 {wanted} 家,组成 {plan.team_count(wanted)} 个检查组({plan.size_text()})"
    )
    return EXIT_OK


def _report_draw(db: Database, draw_id: int) -> None:
    from desktop_app.domain.draws import draw_figures
    from desktop_app.storage.draws import queries

    record = queries.get_draw(db, draw_id)
    kinds = [t["kind"] for t in queries.assignments_of(db, draw_id)]
    print(f"已抽取:第 {draw_id} 号,随机种子 {record.seed}({record.seed_source})")
    print(draw_figures(record.plan, record.result, kinds).text())
    print(f"记录封存哈希:{record.record_hash}")


def _run_draw(args: argparse.Namespace) -> int:
    db, lock = _writing(args)
    try:
        from desktop_app.storage.draws.repo import DrawsRepo

        plan = plan_of(db, args)
        draw_id = DrawsRepo(db).run_draw(
            plan, operator=args.operator, witness=args.witness, seed=args.seed
        )
        _report_draw(db, draw_id)
    finally:
        _close(db, lock)
    return EXIT_OK


def _run_redraw(args: argparse.Namespace) -> int:
    db, lock = _writing(args)
    try:
        from desktop_app.storage.draws.repo import DrawsRepo

        draw_id = DrawsRepo(db).redraw(
            args.id,
            reason=args.reason,
            operator=args.operator,
            witness=args.witness,
            seed=args.seed,
        )
        print(f"第 {args.id} 号抽取记录保留,由新的抽取取代。")
        _report_draw(db, draw_id)
    finally:
        _close(db, lock)
    return EXIT_OK


# -- reading -----------------------------------------------------------------------------------
def _run_verify(args: argparse.Namespace) -> int:
    from desktop_app.storage.draws import queries

    if args.id is None and not args.all:
        raise UserError("请给出抽取记录编号,或用 --all 核对全部记录")
    db, lock = _reading(args)
    try:
        ids = [args.id] if args.id is not None else queries.draw_ids(db)
        failed = 0
        for draw_id in ids:
            problems = queries.verify_draw(db, draw_id)
            if problems:
                failed += 1
                print(f"第 {draw_id} 号:核对不一致")
                for problem in problems:
                    print(f"  - {problem}")
            else:
                record = queries.get_draw(db, draw_id)
                seal = record.record_hash[:16]
                print(f"第 {draw_id} 号:核对一致(随机种子 {record.seed},封存哈希 {seal}…)")
    finally:
        _close(db, lock)
    return EXIT_MISMATCH if failed else EXIT_OK


def _run_list(args: argparse.Namespace) -> int:
    from desktop_app.storage.draws import queries

    db, lock = _reading(args)
    try:
        query = queries.draw_query(db, queries.DrawFilter(year=args.year))
        rows = query.fetch(0, query.count())
    finally:
        _close(db, lock)
    if not rows:
        print("没有抽取记录。")
    for row in rows:
        state = f"已由第 {row['replaced_by']} 号取代" if row["replaced_by"] else "有效"
        print(
            f"{row['id']}\t{row['draw_date']}\t{row['title']}\t{row['drawn_targets']} 家 / "
            f"{row['teams']} 组 / {row['members']} 人\t已完成 {row['done']} 家\t{state}"
        )
    return EXIT_OK


def _run_show(args: argparse.Namespace) -> int:
    from desktop_app.exports.draws import load_paper

    db, lock = _reading(args)
    try:
        paper = load_paper(db, args.id)
    finally:
        _close(db, lock)
    record = paper.record
    print(f"第 {record.id} 号 {record.plan.title}({record.plan.draw_date}),随机种子 {record.seed}")
    for team in record.result.teams:
        print(f"第{team.number}组:{paper.team_members(team.number)}")
        for line in paper.team_targets(team.number).split("\n"):
            print(f"    {line}")
    return EXIT_OK


def _target_id(db: Database, draw_id: int, text: str) -> int:
    from desktop_app.storage.draws import queries

    matches = [
        a["target_id"]
        for a in queries.assignments_of(db, draw_id)
        if str(a["target_id"]) == text or a["name"] == text or a["credit_code"] == text
    ]
    if len(matches) != 1:
        raise UserError(
            f"第 {draw_id} 号抽取中没有检查对象“{text}”(可写名称、统一社会信用代码或编号)"
        )
    return matches[0]


def _run_result(args: argparse.Namespace) -> int:
    db, lock = _writing(args)
    try:
        from desktop_app.storage.draws import queries
        from desktop_app.storage.draws.repo import DrawsRepo

        queries.require_current(db, args.id)  # a replaced draw: say so before anything else
        result = CheckResult(
            args.id,
            _target_id(db, args.id, args.target),
            outcome=args.outcome,
            check_date=parse_date(args.date, "--date"),
            findings=args.findings,
            handling=args.handling,
        )
        DrawsRepo(db).save_result(result)
    finally:
        _close(db, lock)
    print(f"已录入检查结果:{args.target} {args.outcome}")
    return EXIT_OK


def _run_figures(args: argparse.Namespace) -> int:
    from desktop_app.storage.draws import queries

    db, lock = _reading(args)
    try:
        print(queries.year_figures(db, args.year).text())
    finally:
        _close(db, lock)
    return EXIT_OK
