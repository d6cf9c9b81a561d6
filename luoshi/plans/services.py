"""Writes to plans, tasks and assignments. Each function is named for the act, owns its transaction and
writes an audit entry (who, when, from where, what, before and after). Views never save models directly.

Errors a person can fix raise `ServiceError` with a Chinese message.

Authorisation lives in the querysets the views use; the services check again (a supervisor acts only on
plans their unit deployed, a liaison only on their own unit's assignments) so that no caller can skip it.
`Actor.system()` (no user) is trusted: the demo loader and management commands use it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.cndates import cn_date
from luoshi.lib.codes import code_sort_key
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit

from .models import Assignment, Plan, Target, Task
from .progress.recompute import recompute_plan, recompute_task

PLAN_FIELDS = {"title", "year", "kind", "period", "rollup", "starts_on", "source_text"}
TASK_FIELDS = {
    "title",
    "description",
    "tier",
    "weight",
    "deadline",
    "deadline_text",
    "is_guidance",
    "source_start",
    "source_end",
    "status",
}


# --- who may act -----------------------------------------------------------------------------------------


def _check_supervisor(actor: Actor, plan: Plan) -> None:
    """Only a supervisor of the plan's deploying unit (or the system) changes a plan."""
    access.require(actor, Action.EDIT_PLAN, plan)


def _user(actor: Actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


# --- small helpers ---------------------------------------------------------------------------------------


def _not_archived(plan: Plan) -> None:
    if plan.status == Plan.Status.ARCHIVED:
        raise ServiceError("该工作部署已归档，不能再修改。")


def _choice(value: str, choices, label: str) -> str:
    if value not in choices.values:
        raise ServiceError(f"{label}“{value}”无效。")
    return value


def _clean_targets(targets: list[dict]) -> list[dict]:
    cleaned = []
    for item in targets:
        metric = (item.get("metric") or "").strip()
        if not metric:
            raise ServiceError("量化指标须填写指标名称。")
        cleaned.append(
            {
                "id": item.get("id"),
                "metric": metric[:100],
                "target_value": parse_decimal(
                    item.get("target_value"), f"指标“{metric}”的目标值", low=Decimal(0)
                ),
                "unit": (item.get("unit") or "").strip()[:20],
            }
        )
    return cleaned


def _task_snapshot(task: Task) -> dict:
    data = snapshot(task)
    data["targets"] = [
        {"id": t.pk, "metric": t.metric, "target_value": str(t.target_value), "unit": t.unit}
        for t in task.targets.all()
    ]
    return data


def _assignments_snapshot(task: Task) -> list[dict]:
    return [
        {"unit": a.unit_id, "role": a.role, "acknowledged": a.is_acknowledged}
        for a in task.assignments.order_by("role", "unit__order", "id")
    ]


def _subtree_ids(task: Task) -> list[int]:
    """Ids of the task and all tasks under it (one query, walked in memory)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Task.objects.filter(plan_id=task.plan_id).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    ids, stack = [], [task.pk]
    while stack:
        pk = stack.pop()
        ids.append(pk)
        stack.extend(children.get(pk, []))
    return ids


def _recompute(task: Task) -> None:
    """Derived figures follow a change in a published plan (a draft has nothing to show yet)."""
    if task.plan.status == Plan.Status.PUBLISHED:
        recompute_task(task)


def _renumber(plan: Plan, parent_id: int | None) -> None:
    """Give the siblings under `parent_id` codes 1..n in position order, and their subtrees to match.
    Used only in draft plans, where nobody outside the deploying unit has seen a code yet."""
    tasks = list(Task.objects.filter(plan=plan).only("id", "parent_id", "code", "position"))
    by_parent: dict[int | None, list[Task]] = {}
    for t in tasks:
        by_parent.setdefault(t.parent_id, []).append(t)
    for siblings in by_parent.values():
        siblings.sort(key=lambda t: (t.position, t.id))
    prefix = ""
    if parent_id is not None:
        prefix = next(t.code for t in tasks if t.id == parent_id) + "."
    changed = []
    stack = [(prefix, parent_id)]
    while stack:
        prefix, pid = stack.pop()
        for n, t in enumerate(by_parent.get(pid, []), start=1):
            code = f"{prefix}{n}"
            if t.code != code:
                t.code = code
                changed.append(t)
            stack.append((code + ".", t.id))
    Task.objects.bulk_update(changed, ["code"], batch_size=500)


# --- plans -----------------------------------------------------------------------------------------------


def create_plan(
    actor: Actor,
    *,
    title: str,
    year: int,
    deploying_unit,
    kind: str = Plan.Kind.ANNUAL,
    period: str = Plan.Period.MONTHLY,
    rollup: str = Plan.Rollup.WEIGHTED,
    source_text: str = "",
    starts_on: date | None = None,
) -> Plan:
    """A new plan in draft, deployed by `deploying_unit` (the supervisor's own unit)."""
    access.require_deploying(actor, Action.EDIT_PLAN, deploying_unit)
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写工作部署的标题。")
    if not (2000 <= int(year) <= 2100):
        raise ServiceError("年度应在2000年至2100年之间。")
    with transaction.atomic():
        plan = Plan.objects.create(
            title=title[:200],
            year=int(year),
            deploying_unit=deploying_unit,
            kind=_choice(kind, Plan.Kind, "来源"),
            period=_choice(period, Plan.Period, "报送周期"),
            rollup=_choice(rollup, Plan.Rollup, "进度汇总方式"),
            source_text=source_text or "",
            starts_on=starts_on,
            created_by=_user(actor),
        )
        record(actor, "create_plan", plan, after=snapshot(plan), summary=f"新建工作部署《{plan.title}》")
    return plan


def update_plan(actor: Actor, plan: Plan, **fields) -> Plan:
    """Change a plan's title, year, period, rollup or start; status changes go through publish/archive."""
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise ServiceError(f"不能在此修改：{'、'.join(sorted(unknown))}。")
    _check_supervisor(actor, plan)
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        if not fields["title"]:
            raise ServiceError("请填写工作部署的标题。")
    for name, choices, label in (
        ("kind", Plan.Kind, "来源"),
        ("period", Plan.Period, "报送周期"),
        ("rollup", Plan.Rollup, "进度汇总方式"),
    ):
        if name in fields:
            _choice(fields[name], choices, label)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _not_archived(plan)
        if plan.status != Plan.Status.DRAFT and "period" in fields and fields["period"] != plan.period:
            raise ServiceError("工作部署发布后不能更改报送周期。")
        before = snapshot(plan)
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
        plan.refresh_from_db()
        record(
            actor,
            "update_plan",
            plan,
            before=before,
            after=snapshot(plan),
            summary=f"修改工作部署《{plan.title}》",
        )
        if plan.status == Plan.Status.PUBLISHED and {"rollup", "starts_on"} & set(fields):
            recompute_plan(plan)
    return plan


def publish_plan(actor: Actor, plan: Plan) -> Plan:
    """草稿 → 已发布. Refused when the plan has no tasks or a non-guidance leaf task has no lead unit."""
    _check_supervisor(actor, plan)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != Plan.Status.DRAFT:
            raise ServiceError(f"只有草稿可以发布，该工作部署{plan.get_status_display()}。")
        task_count = Task.objects.filter(plan=plan).exclude(status=Task.Status.CANCELLED).count()
        if not task_count:
            raise ServiceError("工作部署还没有任务，不能发布。")
        missing = [t.code for t in plan.tasks_lacking_lead()]
        if missing:
            shown = "、".join(missing[:10]) + ("等" if len(missing) > 10 else "")
            raise ServiceError(f"以下任务尚未指定牵头单位：{shown}。请交办后再发布。")
        before = snapshot(plan)
        plan.status = Plan.Status.PUBLISHED
        plan.published_at = timezone.now()
        plan.save(update_fields=["status", "published_at"])
        record(
            actor,
            "publish_plan",
            plan,
            before=before,
            after=snapshot(plan),
            summary=f"发布工作部署《{plan.title}》，共{task_count}项任务",
        )
        recompute_plan(plan)
    return plan


def archive_plan(actor: Actor, plan: Plan) -> Plan:
    """已发布 → 已归档: the plan is kept for reading; nothing in it changes any more."""
    _check_supervisor(actor, plan)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != Plan.Status.PUBLISHED:
            raise ServiceError(f"只有已发布的工作部署可以归档，该工作部署{plan.get_status_display()}。")
        before = snapshot(plan)
        plan.status = Plan.Status.ARCHIVED
        plan.save(update_fields=["status"])
        record(
            actor,
            "archive_plan",
            plan,
            before=before,
            after=snapshot(plan),
            summary=f"归档工作部署《{plan.title}》",
        )
    return plan


# --- tasks -----------------------------------------------------------------------------------------------


def add_task(
    actor: Actor,
    plan: Plan,
    *,
    title: str,
    parent: Task | None = None,
    description: str = "",
    tier: str = Task.Tier.ROUTINE,
    weight: Decimal = Decimal(1),
    deadline: date | None = None,
    deadline_text: str = "",
    is_guidance: bool = False,
    targets: list[dict] | None = None,
    source_start: int | None = None,
    source_end: int | None = None,
) -> Task:
    """Append a task under `parent` (or at the top); its code (1, 1.2, 1.2.3) follows its position.
    `targets` is a list of {"metric", "target_value", "unit"}."""
    _check_supervisor(actor, plan)
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写任务名称。")
    weight = parse_decimal(weight, "权重", low=Decimal(0), high=Decimal(9999))
    _choice(tier, Task.Tier, "层级")
    cleaned_targets = _clean_targets(targets or [])
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _not_archived(plan)
        if parent is not None:
            parent = Task.objects.get(pk=parent.pk)
            if parent.plan_id != plan.pk:
                raise ServiceError("上级任务不属于该工作部署。")
            if parent.status == Task.Status.CANCELLED:
                raise ServiceError("上级任务已取消，不能在其下添加任务。")
            assigned = parent.assignments.count()
            if assigned:
                # Its units' accepted reports would stop counting: a parent's progress comes from children.
                raise ServiceError(
                    f"任务 {parent.code} 已交办给{assigned}个单位，不能再在其下添加子任务，否则这些单位的报送"
                    "将不再计入进度。请先撤销交办，或把新任务加在其他位置。"
                )
            _check_deadline_within(deadline, parent)
        siblings = Task.objects.filter(plan=plan, parent=parent)
        last_position = siblings.aggregate(m=Max("position"))["m"]
        numbers = [
            int(c.rsplit(".", 1)[-1])
            for c in siblings.values_list("code", flat=True)
            if c.rsplit(".", 1)[-1].isdigit()
        ]
        number = max(numbers, default=0) + 1
        task = Task.objects.create(
            plan=plan,
            parent=parent,
            title=title[:300],
            description=description or "",
            tier=tier,
            weight=weight,
            deadline=deadline,
            deadline_text=(deadline_text or "")[:50],
            is_guidance=is_guidance,
            source_start=source_start,
            source_end=source_end,
            code=f"{parent.code}.{number}" if parent else str(number),
            depth=parent.depth + 1 if parent else 1,
            position=0 if last_position is None else last_position + 1,
        )
        Target.objects.bulk_create(
            [
                Target(
                    task=task, metric=t["metric"], target_value=t["target_value"], unit=t["unit"], position=i
                )
                for i, t in enumerate(cleaned_targets)
            ]
        )
        record(
            actor,
            "add_task",
            task,
            after=_task_snapshot(task),
            summary=f"在《{plan.title}》中添加任务 {task.code} {task.title}",
        )
        _recompute(task)
    return task


def _check_deadline_within(deadline: date | None, parent: Task | None) -> None:
    """A child is due no later than its parent."""
    if (
        deadline is not None
        and parent is not None
        and parent.deadline is not None
        and deadline > parent.deadline
    ):
        raise ServiceError(f"完成时限不能晚于上级任务 {parent.code} 的时限（{cn_date(parent.deadline)}）。")


def _check_children_within(task: Task) -> None:
    if task.deadline is None:
        return
    late = (
        Task.objects.filter(parent=task, deadline__gt=task.deadline)
        .exclude(status=Task.Status.CANCELLED)
        .values_list("code", flat=True)
    )
    if late:
        raise ServiceError(
            f"下级任务 {'、'.join(sorted(late, key=code_sort_key))} 的时限晚于新的时限，请先调整下级任务。"
        )


def update_task(actor: Actor, task: Task, *, targets: list[dict] | None = None, **fields) -> Task:
    """Change a task's wording, tier, weight, deadline or status (推进中/已办结; cancel with `cancel_task`).
    `targets`, when given, is the whole new list: items with an "id" update that target, items without
    one are added, and targets left out are removed — unless a report already gives a value for them."""
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise ServiceError(f"不能在此修改：{'、'.join(sorted(unknown))}。")
    _check_supervisor(actor, task.plan)
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()[:300]
        if not fields["title"]:
            raise ServiceError("请填写任务名称。")
    if "weight" in fields:
        fields["weight"] = parse_decimal(fields["weight"], "权重", low=Decimal(0), high=Decimal(9999))
    if "tier" in fields:
        _choice(fields["tier"], Task.Tier, "层级")
    if "status" in fields:
        if fields["status"] == Task.Status.CANCELLED:
            raise ServiceError("取消任务请使用“取消任务”。")
        _choice(fields["status"], Task.Status, "状态")
    cleaned_targets = None if targets is None else _clean_targets(targets)
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
        _not_archived(task.plan)
        if task.status == Task.Status.CANCELLED:
            raise ServiceError("该任务已取消，不能再修改。")
        before = _task_snapshot(task)
        for name, value in fields.items():
            setattr(task, name, value)
        if "deadline" in fields:
            _check_deadline_within(task.deadline, task.parent)
            _check_children_within(task)
        task.save()
        task.refresh_from_db()  # the audit shows values as stored (2 → 2.00)
        if "deadline" in fields:
            # The units' work is due when the task is (approved extensions will take precedence here).
            task.assignments.update(due_on=task.deadline)
        if cleaned_targets is not None:
            _replace_targets(task, cleaned_targets)
        record(
            actor,
            "update_task",
            task,
            before=before,
            after=_task_snapshot(task),
            summary=f"修改任务 {task.code} {task.title}",
        )
        _recompute(task)
    return task


def _replace_targets(task: Task, cleaned: list[dict]) -> None:
    existing = {t.pk: t for t in task.targets.all()}
    keep = {int(t["id"]) for t in cleaned if t["id"]}
    if keep - set(existing):
        raise ServiceError("量化指标不属于该任务。")
    dropped = set(existing) - keep
    if dropped and Target.objects.filter(pk__in=dropped, report_values__isnull=False).exists():
        raise ServiceError("已有报送数据的量化指标不能删除。")
    Target.objects.filter(pk__in=dropped).delete()
    for position, item in enumerate(cleaned):
        if item["id"]:
            target = existing[int(item["id"])]
            target.metric, target.target_value, target.unit = (
                item["metric"],
                item["target_value"],
                item["unit"],
            )
            target.position = position
            target.save()
        else:
            Target.objects.create(
                task=task,
                metric=item["metric"],
                target_value=item["target_value"],
                unit=item["unit"],
                position=position,
            )


def delete_task(actor: Actor, task: Task) -> None:
    """Delete a task and its subtree from a draft plan; in a published plan a task is cancelled instead."""
    _check_supervisor(actor, task.plan)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=task.plan_id)
        if plan.status != Plan.Status.DRAFT:
            raise ServiceError("已发布的工作部署不能删除任务，如不再推进请取消该任务。")
        task = Task.objects.get(pk=task.pk)
        ids = _subtree_ids(task)
        before = _task_snapshot(task)
        before["subtree"] = list(Task.objects.filter(pk__in=ids).values_list("code", flat=True))
        record(
            actor,
            "delete_task",
            task,
            before=before,
            summary=f"删除任务 {task.code} {task.title}（含下级共{len(ids)}项）",
        )
        parent_id = task.parent_id
        Task.objects.filter(pk__in=ids).delete()
        _renumber(plan, parent_id)


def cancel_task(actor: Actor, task: Task, *, note: str = "") -> Task:
    """取消 a task and everything under it: kept for the record, dropped from roll-up and lights."""
    _check_supervisor(actor, task.plan)
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
        _not_archived(task.plan)
        if task.status == Task.Status.CANCELLED:
            raise ServiceError("该任务已经取消。")
        before = snapshot(task)
        ids = _subtree_ids(task)
        Task.objects.filter(pk__in=ids).exclude(status=Task.Status.CANCELLED).update(
            status=Task.Status.CANCELLED
        )
        task.refresh_from_db()
        after = snapshot(task)
        after["note"] = note
        record(
            actor,
            "cancel_task",
            task,
            before=before,
            after=after,
            summary=f"取消任务 {task.code} {task.title}" + (f"：{note}" if note else ""),
        )
        if task.parent_id:
            _recompute(task.parent)
    return task


# --- assignments -----------------------------------------------------------------------------------------


def refuse_deploying_unit(deploying_unit, unit_ids) -> None:
    """The deploying unit supervises the work and has no liaison; it is never assigned its own plan's tasks
    (they would stay 未签收 for ever). Intake drafts apply the same rule when units are chosen."""
    if deploying_unit.pk in unit_ids:
        raise ServiceError(
            f"{deploying_unit.display_name}是本工作部署的部署单位，负责督办，不能交办给本单位。"
        )


def assign(actor: Actor, task: Task, *, lead_units: list, co_units: list) -> list[Assignment]:
    """Set the task's lead and co-operating units (replacing the previous set; acknowledged assignments
    that stay keep their acknowledgement)."""
    _check_supervisor(actor, task.plan)
    lead_ids = list(dict.fromkeys(u.pk for u in lead_units))
    co_ids = list(dict.fromkeys(u.pk for u in co_units))
    both = set(lead_ids) & set(co_ids)
    if both:
        names = "、".join(u.display_name for u in Unit.objects.filter(pk__in=both))
        raise ServiceError(f"{names}不能既是牵头单位又是配合单位。")
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
        _not_archived(task.plan)
        if task.status == Task.Status.CANCELLED:
            raise ServiceError("该任务已取消，不能交办。")
        # A plan reaches only the units under its deploying unit (the units it supervises).
        in_scope = set(
            Unit.objects.subtree(task.plan.deploying_unit)
            .filter(pk__in=lead_ids + co_ids)
            .values_list("pk", flat=True)
        )
        outside = [pk for pk in lead_ids + co_ids if pk not in in_scope]
        if outside:
            names = "、".join(u.display_name for u in Unit.objects.filter(pk__in=outside))
            raise ServiceError(f"{names}不在本部署单位的督办范围内，不能交办。")
        refuse_deploying_unit(task.plan.deploying_unit, lead_ids + co_ids)
        if task.is_guidance and (lead_ids or co_ids):
            raise ServiceError("工作要求类条目只作指导，不单独交办。")
        before = _assignments_snapshot(task)
        wanted = {
            **{pk: Assignment.Role.LEAD for pk in lead_ids},
            **{pk: Assignment.Role.CO for pk in co_ids},
        }
        existing = {a.unit_id: a for a in task.assignments.all()}
        dropped = [a for unit_id, a in existing.items() if unit_id not in wanted]
        if dropped:
            reported = (
                Assignment.objects.filter(pk__in=[a.pk for a in dropped], reports__isnull=False)
                .order_by("unit__order", "unit_id")
                .values_list("unit__short_name", flat=True)
                .distinct()
            )
            if reported:
                raise ServiceError(f"{'、'.join(reported)}已有报送记录，不能取消交办。")
            Assignment.objects.filter(pk__in=[a.pk for a in dropped]).delete()
        for unit_id, role in wanted.items():
            if unit_id in existing:
                if existing[unit_id].role != role:
                    existing[unit_id].role = role
                    existing[unit_id].save(update_fields=["role"])
            else:
                Assignment.objects.create(task=task, unit_id=unit_id, role=role)
        after = _assignments_snapshot(task)
        record(
            actor,
            "assign",
            task,
            before=before,
            after=after,
            summary=f"交办任务 {task.code}：牵头{len(lead_ids)}家，配合{len(co_ids)}家",
        )
        _recompute(task)
    return list(task.assignments.select_related("unit").order_by("role", "unit__order", "id"))


def acknowledge(
    actor: Actor, assignment: Assignment, *, responsible_person: str, responsible_phone: str = ""
) -> Assignment:
    """签收: the liaison confirms receipt and names the responsible person. Acknowledging again only
    changes the person and phone; the first acknowledgement's time and signer stay."""
    access.require(actor, Action.WORK_ASSIGNMENT, assignment)
    person = (responsible_person or "").strip()
    phone = (responsible_phone or "").strip()
    if not person:
        raise ServiceError("签收时请填写责任人。")
    if len(person) > 50 or len(phone) > 30:
        raise ServiceError("责任人或联系电话过长。")
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",)).select_related("task").get(pk=assignment.pk)
        )
        if assignment.task.status == Task.Status.CANCELLED:
            raise ServiceError("该任务已取消，无需签收。")
        before = snapshot(assignment)
        first = not assignment.is_acknowledged
        if first:
            assignment.acknowledged_at = timezone.now()
            assignment.acknowledged_by = _user(actor)
        assignment.responsible_person = person
        assignment.responsible_phone = phone
        assignment.save(
            update_fields=["acknowledged_at", "acknowledged_by", "responsible_person", "responsible_phone"]
        )
        what = "签收" if first else "更新签收信息"
        record(
            actor,
            "acknowledge",
            assignment,
            before=before,
            after=snapshot(assignment),
            summary=f"{what}：任务 {assignment.task.code}，责任人{person}",
        )
    return assignment


def override_progress(actor: Actor, task: Task, *, progress: Decimal | None, note: str) -> Task:
    """A supervisor's hand-set progress for a task, shown beside the computed one; None clears it.
    A note is required when setting."""
    _check_supervisor(actor, task.plan)
    note = (note or "").strip()
    if progress is not None:
        progress = parse_decimal(progress, "进度", low=Decimal(0), high=Decimal(100)).quantize(
            Decimal("0.01")
        )
        if not note:
            raise ServiceError("人工调整进度时请填写调整说明。")
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
        _not_archived(task.plan)
        if task.status == Task.Status.CANCELLED:
            raise ServiceError("该任务已取消，不能调整进度。")
        before = snapshot(task)
        task.progress_override = progress
        task.progress_override_note = note[:300] if progress is not None else ""
        task.progress = progress if progress is not None else task.computed_progress
        task.save(update_fields=["progress_override", "progress_override_note", "progress"])
        summary = (
            f"将任务 {task.code} 进度调整为{progress}%：{note}"
            if progress is not None
            else f"撤销任务 {task.code} 的人工调整进度"
        )
        record(actor, "override_progress", task, before=before, after=snapshot(task), summary=summary)
        _recompute(task)
    return task
