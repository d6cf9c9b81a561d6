"""The 督办 loop in the demo, through the services as the demo people: a 领导批示 item through 审核 →
dispatch → report → 复核 → 销号 → 归档; a meeting's minutes split into items (two approved, one waiting
for the leader); a 政协提案 answered and rated; and on the founding plan an approved and a refused
extension, a close-out with 复核, and a reopened task."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.audit.services import Actor
from luoshi.items import services as items
from luoshi.items.models import Item, Source, Urgency
from luoshi.org.models import User
from luoshi.plans import services as plan_services
from luoshi.plans.models import Assignment, Plan
from luoshi.reports import services as report_services
from luoshi.reports.models import Report

MINUTES = """会议议定事项：
一、由江岸区委统战部牵头，月底前完成辖区新的社会阶层人士摸底，形成名册。
二、一是筹备年度民营企业家座谈会，二是梳理企业反映的问题清单并逐项交办。
"""


def _file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def load_items(demo, today: date) -> list[str]:
    """Load the 督办 loop's scenes; returns lines for the command's printout."""
    duban, lingdao = Actor(demo.people["duban"]), Actor(demo.people["lingdao"])
    jiangan = demo.units["jiangan"]
    liaison = {p.unit_id: Actor(p) for p in demo.people.values() if p.role == User.Role.LIAISON}
    notes = []

    # 领导批示: 审核 → dispatch → 签收 → report → 采纳 → 办结 → 复核 → 销号 → 归档.
    instruction = items.register_item(
        duban,
        deploying_unit=demo.city,
        source=Source.INSTRUCTION,
        urgency=Urgency.URGENT,
        title="尽快回应民营企业家座谈会上反映的用地审批问题",
        content="请统战部会同工商联抓紧梳理，逐项回应，结果报我。",
        origin_author="市委副书记",
        origin_date=today,
        lead_units=[jiangan],
        co_units=[demo.units["gongshanglian"]],
        today=today,
    )
    instruction = items.approve_item(lingdao, instruction, note="同意，请抓紧办理。", today=today)
    lead = instruction.task.assignments.get(role=Assignment.Role.LEAD)
    plan_services.acknowledge(liaison[jiangan.pk], lead, responsible_person="江岸区王科长")
    period = report_services.current_period(instruction.plan, today)
    report = report_services.start_report(liaison[jiangan.pk], lead, period=period)
    report = report_services.save_draft(
        liaison[jiangan.pk],
        report,
        revision=report.revision,
        narrative="已逐项回应企业诉求，办结。",
        percent=100,
    )
    report_services.submit_report(liaison[jiangan.pk], report, revision=report.revision)
    report_services.accept_report(duban, report)
    close_out = items.request_close_out(
        liaison[jiangan.pk],
        lead,
        summary="三项诉求均已回应，企业表示满意。",
        files=[_file("回应情况.txt", "回应情况")],
    )
    items.verify_close_out(
        duban,
        close_out,
        approve=True,
        method="site_visit",
        verification="到企业实地回访，情况属实。",
        files=[_file("回访记录.txt", "回访记录")],
    )
    items.archive_item(duban, Item.objects.get(pk=instruction.pk))
    notes.append(f"领导批示 {instruction.number}：审核、交办、报送、复核、销号、归档")

    # 会议议定事项: the minutes split into items; two approved, the last waits for the leader.
    decisions = items.register_meeting_decisions(
        duban,
        deploying_unit=demo.city,
        meeting="市委统战部部务会",
        meeting_date=today,
        minutes=MINUTES,
        lead_units=[jiangan],
        today=today,
    )
    for item in decisions[:-1]:
        items.approve_item(lingdao, item, today=today)
    notes.append(f"会议议定事项：纪要拆分为{len(decisions)}项，{decisions[-1].number}待领导审核")

    # 建议提案: answered and rated.
    proposal = items.register_item(
        duban,
        deploying_unit=demo.city,
        source=Source.PROPOSAL,
        title="关于加强新就业群体统战工作的提案",
        origin_author="市政协委员李明",
        origin_title="市政协十四届三次会议第0123号提案",
        lead_units=[jiangan],
        today=today,
    )
    proposal = items.approve_item(lingdao, proposal, today=today)
    plan_services.acknowledge(
        liaison[jiangan.pk], proposal.task.assignments.get(), responsible_person="江岸区李科长"
    )
    items.answer_proposal(liaison[jiangan.pk], proposal, files=[_file("提案答复.txt", "答复")])
    items.rate_proposal(duban, Item.objects.get(pk=proposal.pk), rating=Item.Rating.BASICALLY)
    notes.append(f"建议提案 {proposal.number}：已答复，提出人评价基本满意")

    notes += _founding_plan(demo.plan, duban, liaison, today)
    Item.objects.update(is_demo=True)
    Plan.objects.filter(item__isnull=False).update(is_demo=True)
    Report.objects.filter(assignment__task__plan__item__isnull=False).update(is_demo=True)
    return notes


def _founding_plan(plan: Plan, duban: Actor, liaison: dict, today: date) -> list[str]:
    """Extensions, a close-out with 复核 and a reopened task on the founding plan's acknowledged lead
    assignments that are not yet due (an extension is asked for before the due day)."""
    open_leads = list(
        Assignment.objects.filter(
            task__plan=plan, role=Assignment.Role.LEAD, due_on__gte=today, acknowledged_at__isnull=False
        )
        .select_related("task", "unit")
        .order_by("unit__order", "task__code")
    )
    seen, leads = set(), []
    for a in open_leads:  # one assignment per task
        if a.task_id not in seen:
            seen.add(a.task_id)
            leads.append(a)
    if len(leads) < 4:
        return ["工作部署中可申请延期、办结的任务不足4项（均已到期），未演示延期和销号"]
    approved, refused, closed, reopened = leads[:4]
    ask = dict(reason="需与市直部门会商后定稿", progress_note="初稿已完成，正在征求意见")
    for a, yes in ((approved, True), (refused, False)):
        extension = items.request_extension(
            liaison[a.unit_id], a, new_due_on=a.due_on + timedelta(days=30), today=today, **ask
        )
        items.decide_extension(duban, extension, approve=yes, note="" if yes else "年底前须完成，不宜延期")
    for a in (closed, reopened):
        close_out = items.request_close_out(
            liaison[a.unit_id],
            a,
            summary="任务已全部完成，材料附后。",
            files=[_file("办结材料.txt", "办结材料")],
        )
        items.verify_close_out(
            duban, close_out, approve=True, method="documents", verification="材料齐全，同意销号。"
        )
    items.reopen_task(duban, reopened.task, reason="群众再次反映，需继续跟进")
    return [
        f"工作部署：任务 {approved.task.code} 延期获批，任务 {refused.task.code} 延期未获批，"
        f"任务 {closed.task.code} 复核销号，任务 {reopened.task.code} 销号后重新启动"
    ]
