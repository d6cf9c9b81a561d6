"""Publishing a draft as a plan (what blocks it, then the plan with its tasks and assignments), or
discarding it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit
from luoshi.plans import services as plan_services
from luoshi.plans.due import due_on_for, last_occurrence
from luoshi.plans.models import Assignment, Plan, Target, Task
from luoshi.plans.progress.recompute import NewPlanFigures
from luoshi.workdays.models import working_days

from .. import tree as T
from ..deadlines import recurrence_of
from ..errors import DraftError
from ..models import Draft
from .common import _label, _user

log = logging.getLogger(__name__)


def _assignable(nodes: list[dict]):
    """Leaves that will be assigned: the items a unit must report on."""
    for node, _code, _depth, _parent in T.walk(nodes):
        if not node.get("children") and not node.get("guidance"):
            yield node


def publish_problems(draft: Draft) -> list[str]:
    """What stops a draft from being published, in words a supervisor can act on."""
    problems = []
    if not draft.tree:
        problems.append("草稿里没有任务条目。")
        return problems
    codes = {id(n): code for n, code, _d, _p in T.walk(draft.tree)}
    no_lead = [codes[id(n)] for n in _assignable(draft.tree) if not n["lead"]]
    unknown = [codes[id(n)] for n, *_ in T.walk(draft.tree) if n.get("unknown_lead") or n.get("unknown_co")]
    if unknown:
        problems.append(
            f"{len(unknown)} 个条目有未匹配单位（{_codes(unknown)}）：请对应到单位名录中的单位，或移除。"
        )
    for n, code, _d, _p in T.walk(draft.tree):
        try:
            _weight(n, f"{code}“{n['title']}”")
        except ServiceError as e:
            problems.append(str(e))
    own = [codes[id(n)] for n, *_ in T.walk(draft.tree) if draft.deploying_unit_id in n["lead"] + n["co"]]
    if own:
        problems.append(
            f"{len(own)} 项任务交给了部署单位（{_codes(own)}）：部署单位负责督办、不向自己报送，请改为其督办的单位。"
        )
    if no_lead:
        problems.append(
            f"{len(no_lead)} 项任务还没有牵头单位（{_codes(no_lead)}）：请指定牵头单位，"
            "或把层级设为“工作要求”（只作要求、不交办）。"
        )
    return problems


def _codes(codes: list[str], limit: int = 8) -> str:
    shown = "、".join(codes[:limit])
    return f"{shown} 等" if len(codes) > limit else shown


DEFAULT_WEIGHT = "1"


@dataclass(frozen=True)
class PublishSettings:
    """What the supervisor settles in the step before publishing (发布设置), stored on the plan.

    `tier_weights` maps a tier to the weight its items get when their own weight was left at the default
    1 (an item given another weight in the editor keeps it). A `year` other than the draft's re-dates the
    deadlines whose words name no year (6月底前) into that year."""

    year: int
    starts_on: date | None = None
    period: str = Plan.Period.MONTHLY
    rollup: str = Plan.Rollup.WEIGHTED
    tier_weights: dict[str, Decimal] = field(default_factory=dict)

    @classmethod
    def of(cls, draft: Draft) -> PublishSettings:
        """The settings a draft is published with when nobody changes them."""
        return cls(year=draft.year)

    def check(self) -> None:
        """Refuse, in Chinese, what the plan cannot be published with."""
        if not 2000 <= self.year <= 2100:
            raise DraftError("年度应在2000年至2100年之间。")
        if self.starts_on is not None and self.starts_on.year not in (self.year - 1, self.year):
            raise DraftError(f"起始日期应在{self.year}年内（或上一年年末提前部署）。")
        if self.period not in Plan.Period.values:
            raise DraftError("请选择报送周期。")
        if self.rollup not in Plan.Rollup.values:
            raise DraftError("请选择进度汇总方式。")
        for tier, weight in self.tier_weights.items():
            if tier not in TASK_TIERS:
                raise DraftError("层级无效。")
            if not Decimal(0) < weight <= Decimal(9999):
                raise DraftError(f"{Task.Tier(tier).label}任务的权重应大于0、不超过9999。")


def publish_draft(actor: Actor, draft: Draft, settings: PublishSettings | None = None) -> Plan:
    """Create the Plan with its task tree and assignments, published, in one transaction with bulk writes
    (tasks level by level, then targets and assignments) and one audit entry listing what was created;
    the plan's figures are computed on the rows before they are inserted.

    Every rule adding tasks and assigning them one by one enforces holds here too (see `_Builder`). Each
    task keeps source_start/source_end into the plan's source_text (the draft's), so the interface can show
    the sentence it came from. Refused, with what to fix, while items lack a lead unit or carry unmatched
    unit names. `settings` (year, start date, report period, roll-up rule, weights by tier) default to the
    draft's year and the plan's defaults.
    """
    access.require(actor, Action.EDIT_DRAFT, draft)
    access.require_deploying(actor, Action.EDIT_PLAN, draft.deploying_unit)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().select_related("deploying_unit").get(pk=draft.pk)
        if not locked.is_editing:
            raise DraftError("这份草稿已经发布过了。")
        problems = publish_problems(locked)
        if problems:
            raise DraftError("还不能发布：" + "".join(problems))
        title = clean_text(locked.title).strip()
        if not title:
            raise DraftError("请填写工作部署的标题。")
        chosen = settings or PublishSettings.of(locked)
        chosen.check()
        tree = T.redated(locked.tree, locked.year, chosen.year)
        plan = Plan.objects.create(
            title=title[:200],
            year=chosen.year,
            starts_on=chosen.starts_on,
            period=chosen.period,
            rollup=chosen.rollup,
            tier_weights={tier: str(w) for tier, w in chosen.tier_weights.items()},
            deploying_unit=locked.deploying_unit,
            source_text=locked.source_text,
            created_by=_user(actor),
            status=Plan.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        created = _Builder(plan, chosen.tier_weights).build(tree)
        locked.status, locked.plan = Draft.Status.PUBLISHED, plan
        locked.revision += 1
        locked.save(update_fields=["status", "plan", "revision", "updated_at"])
        record(
            actor,
            "publish_draft",
            locked,
            after={
                "plan": plan.pk,
                "title": plan.title,
                "year": plan.year,
                "starts_on": plan.starts_on.isoformat() if plan.starts_on else None,
                "period": plan.period,
                "rollup": plan.rollup,
                "tier_weights": plan.tier_weights,
                **created,
            },
            summary=(
                f"由导入草稿发布工作部署《{plan.title}》：{created['tasks']}项任务，"
                f"交办{created['assignments']}次，量化指标{created['targets']}项"
            ),
        )
    return plan


TASK_TIERS = frozenset(Task.Tier.values)


class _Builder:
    """The plan's tasks, targets and assignments from a draft tree, written with bulk_create.

    The rules are those of plans.services.add_task and assign: a child due no later than its parent,
    targets named and not negative, a unit not both lead and co, units within the deploying unit's
    scope and never the deploying unit itself, no units on 工作要求 items.
    """

    def __init__(self, plan: Plan, tier_weights: dict[str, Decimal] | None = None):
        self.plan = plan
        self.tier_weights = tier_weights or {}
        self.in_scope = set(Unit.objects.subtree(plan.deploying_unit).values_list("pk", flat=True))
        self.today = timezone.localdate()
        self.calendar = working_days()

    def build(self, tree: list[dict]) -> dict:
        """Make every row in memory, compute the plan's figures on them (`NewPlanFigures`), then insert
        them: tasks level by level (a child needs its parent's id), targets, assignments, light history."""
        levels: list[list[Task]] = []
        targets: list[Target] = []
        assignments: list[Assignment] = []
        level: list[tuple[dict, Task | None, int]] = [(n, None, i) for i, n in enumerate(tree)]
        while level:
            tasks = [self._task(node, parent, position) for node, parent, position in level]
            levels.append(tasks)
            following = []
            for (node, _parent, _position), task in zip(level, tasks, strict=True):
                targets += self._targets(node, task)
                assignments += self._assignments(node, task)
                following += [(child, task, i) for i, child in enumerate(node.get("children", []))]
            level = following
        figures = NewPlanFigures(self.plan)
        figures.compute([t for tasks in levels for t in tasks], assignments)
        for tasks in levels:
            Task.objects.bulk_create(tasks)
        Target.objects.bulk_create(targets, batch_size=1000)
        Assignment.objects.bulk_create(assignments, batch_size=1000)
        figures.write_history()
        task_ids = [t.pk for tasks in levels for t in tasks]
        return {
            "tasks": len(task_ids),
            "task_ids": task_ids,
            "assignments": len(assignments),
            "assignment_ids": [a.pk for a in assignments],
            "targets": len(targets),
        }

    def _task(self, node: dict, parent: Task | None, position: int) -> Task:
        code = f"{parent.code}.{position + 1}" if parent else str(position + 1)
        title = clean_text(node.get("title")).strip()
        if not title:
            raise DraftError(f"条目 {code} 没有名称，请填写后再发布。")
        tier = node.get("tier") or Task.Tier.ROUTINE
        if tier not in TASK_TIERS:
            raise DraftError(f"{code}“{title[:40]}”的层级无效。")
        deadline = date.fromisoformat(node["deadline"]) if node.get("deadline") else None
        recurrence, day = recurrence_of(node.get("deadline_text")) or ("", None)
        if recurrence and deadline is None:
            deadline = last_occurrence(recurrence, day, self.plan.year)
        plan_services.check_deadline_within(deadline, parent)
        return Task(
            plan=self.plan,
            parent=parent,
            title=title[:300],
            description=clean_text(node.get("text")),
            tier=tier,
            weight=self._weight(node, tier),
            deadline=deadline,
            deadline_text=clean_text(node.get("deadline_text"))[:50],
            recurrence=recurrence,
            recurrence_day=day,
            is_guidance=bool(node.get("guidance")),
            source_start=node.get("source_start"),
            source_end=node.get("source_end"),
            code=code,
            depth=parent.depth + 1 if parent else 1,
            position=position,
        )

    def _weight(self, node: dict, tier: str) -> Decimal:
        """The item's own weight, or its tier's when it was left at the default."""
        if (
            str(node.get("weight") or DEFAULT_WEIGHT).strip() in (DEFAULT_WEIGHT, "")
            and tier in self.tier_weights
        ):
            return self.tier_weights[tier]
        return _weight(node, _label(node))

    def _targets(self, node: dict, task: Task) -> list[Target]:
        cleaned = plan_services.clean_targets([_task_target(t) for t in node.get("targets", [])])
        return [
            Target(task=task, metric=t["metric"], target_value=t["target_value"], unit=t["unit"], position=i)
            for i, t in enumerate(cleaned)
        ]

    def _assignments(self, node: dict, task: Task) -> list[Assignment]:
        lead = list(dict.fromkeys(node.get("lead", [])))
        co = list(dict.fromkeys(node.get("co", [])))
        if not lead and not co:
            return []
        both = set(lead) & set(co)
        if both:
            names = "、".join(u.display_name for u in Unit.objects.filter(pk__in=both))
            raise DraftError(f"{names}不能既是牵头单位又是配合单位。")
        outside = [pk for pk in lead + co if pk not in self.in_scope]
        if outside:
            names = "、".join(u.display_name for u in Unit.objects.filter(pk__in=outside))
            raise DraftError(f"{names}不在本部署单位的督办范围内，不能交办。")
        plan_services.refuse_deploying_unit(self.plan.deploying_unit, lead + co)
        if task.is_guidance:
            raise DraftError("工作要求类条目只作指导，不单独交办。")
        due = due_on_for(task.deadline, self.plan, self.calendar)
        return [
            Assignment(task=task, unit_id=pk, role=role, due_on=due, assigned_on=self.today)
            for pks, role in ((lead, Assignment.Role.LEAD), (co, Assignment.Role.CO))
            for pk in pks
        ]


def _weight(node: dict, label: str) -> Decimal:
    """An item's weight; an item without one weighs 1 (the Task default), a weight that is not a number
    is refused (ServiceError) rather than guessed."""
    value = node.get("weight")
    return (
        parse_decimal(value, f"{label}的权重", low=Decimal(0), high=Decimal(9999))
        if value not in (None, "")
        else Decimal(1)
    )


def _task_target(t: dict) -> dict:
    return {
        "metric": t.get("metric", "")[:100],
        "target_value": parse_decimal(t.get("target_value"), f"指标“{t.get('metric', '')}”的目标值").quantize(
            Decimal("0.01")
        ),
        "unit": t.get("unit", "")[:20],
    }


def discard_draft(actor: Actor, draft: Draft) -> None:
    """Throw away a draft that is still being edited (a wrong file, a second import of the same text)."""
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if not (locked.is_editing or locked.is_failed):
            raise DraftError("已发布或正在解析的草稿不能删除。")
        record(
            actor,
            "discard_draft",
            locked,
            before={"title": locked.title, "items": T.count(locked.tree)},
            summary=f"删除导入草稿：{locked.title}",
        )
        locked.delete()
