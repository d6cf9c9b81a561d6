"""Milestones (节点) of project-type tasks: the supervisor sets dated nodes, the lead unit marks each done
with its own evidence. The task's light follows its next open node by the one light rule: this app tells
the rule the next node (`apps.next_milestones`, a `plans.progress.nodes` provider) and each act here
recomputes the task, so the stored lights — and every dashboard and list — follow the node too."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.cndates import cn_date
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.plans.models import Assignment, Task
from luoshi.plans.progress.lights import SEVERITY, Light, Verdict
from luoshi.plans.progress.locks import lock_plan
from luoshi.plans.progress.nodes import Node, node_verdict
from luoshi.plans.progress.recompute import current_policy, recompute_task
from luoshi.reports import evidence_files

from ..models import ItemFile, Milestone
from .common import locked_assignment
from .files import attach, check_files


def add_milestone(actor: Actor, task: Task, *, title: str, due_on: date | None) -> Milestone:
    """A dated node, no later than the task's deadline."""
    access.require(actor, Action.EDIT_PLAN, task.plan)
    title = (title or "").strip()
    if not title or due_on is None:
        raise ServiceError("请填写节点名称和节点时限。")
    if task.deadline and due_on > task.deadline:
        raise ServiceError(f"节点时限不能晚于任务的完成时限（{cn_date(task.deadline)}）。")
    with transaction.atomic():
        lock_plan(task.plan_id)
        milestone = Milestone.objects.create(task=task, title=title[:200], due_on=due_on)
        record(
            actor,
            "add_milestone",
            milestone,
            after=snapshot(milestone),
            summary=f"为任务 {task.code} 设节点“{milestone.title}”，{cn_date(due_on)}前完成",
        )
        recompute_task(task)
    return milestone


def complete_milestone(
    actor: Actor,
    milestone: Milestone,
    assignment: Assignment,
    *,
    note: str,
    files=(),
    today: date | None = None,
) -> Milestone:
    """The lead unit marks a node done, with its evidence."""
    access.require(actor, Action.WORK_ASSIGNMENT, assignment)
    if assignment.task_id != milestone.task_id:
        raise ServiceError("该节点不属于本单位承办的任务。")
    note = (note or "").strip()
    if not note or not files:
        raise ServiceError("节点完成须填写完成情况并上传佐证材料。")
    check_files(files)
    with evidence_files.atomic():
        a = locked_assignment(assignment)
        if a.role != Assignment.Role.LEAD:
            raise ServiceError("配合单位不能确认节点完成：节点由牵头单位（主办单位）确认。", code="co_unit")
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on:
            raise ServiceError("该节点已经完成。")
        before = snapshot(milestone)
        milestone.done_on = today or timezone.localdate()
        milestone.done_note = note[:500]
        milestone.save(update_fields=["done_on", "done_note"])
        for f in files:
            attach(actor, f, ItemFile.Purpose.MILESTONE, milestone=milestone)
        record(
            actor,
            "complete_milestone",
            milestone,
            before=before,
            after=snapshot(milestone),
            summary=f"任务 {a.task.code} 的节点“{milestone.title}”完成",
        )
        recompute_task(a.task)
    return milestone


def next_milestone(milestones) -> Milestone | None:
    """The earliest node not yet done."""
    return min((m for m in milestones if not m.done_on), key=lambda m: (m.due_on, m.pk), default=None)


def milestone_verdict(milestone: Milestone, today: date) -> Verdict:
    """The light rule asked about one node (`plans.progress.nodes.node_verdict`)."""
    return node_verdict(Node(milestone.title, milestone.due_on), today, current_policy())


def task_light(task: Task, milestones, today: date) -> Verdict:
    """The light a project-type task shows, with its reason: the stored light already follows the next
    node (the one rule); the node is named when it is what makes the light, or would make it worse today."""
    own = Verdict(Light(task.light), "")
    if task.status != Task.Status.ACTIVE:
        return own
    upcoming = next_milestone(milestones)
    if upcoming is None:
        return own
    node = milestone_verdict(upcoming, today)
    return node if node.light != Light.GREEN and SEVERITY[node.light] >= SEVERITY[own.light] else own
