"""Plans (工作部署), their task trees, quantified targets and assignments to units.

A Plan is any source of supervised work: the year's deployment, a meeting's decisions, a leader's
instruction or a proposal — `Plan.kind` says which, so work that does not come from a yearly plan is a
plan of another kind rather than a special case of Task.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from luoshi.lib.codes import code_sort_key
from luoshi.lib.targets import target_label
from luoshi.org.access import AccessPaths

from .progress.lights import Light
from .querysets import AssignmentQuerySet, PlanQuerySet, TaskQuerySet

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Plan(models.Model):
    """A deployment: the year's work, or a meeting's decisions, as a task tree."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "年度工作部署"
        MEETING = "meeting", "会议议定事项"
        INSTRUCTION = "instruction", "领导批示"
        PROPOSAL = "proposal", "建议提案"
        ASSIGNED = "assigned", "上级交办"
        RISK = "risk", "风险防范"  # a deploying unit's risk register for a year (luoshi.registers)

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        ARCHIVED = "archived", "已归档"

    class Period(models.TextChoices):
        MONTHLY = "monthly", "按月报送"
        QUARTERLY = "quarterly", "按季度报送"

    class Rollup(models.TextChoices):
        WEIGHTED = "weighted", "按权重加权"
        MEAN = "mean", "简单平均"
        MANUAL = "manual", "手工填报"

    kind = models.CharField("来源", max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    deploying_unit = models.ForeignKey(
        "org.Unit", verbose_name="部署单位", on_delete=models.PROTECT, related_name="deployed_plans"
    )
    source_text = models.TextField("来源文本", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    period = models.CharField("报送周期", max_length=20, choices=Period.choices, default=Period.MONTHLY)
    rollup = models.CharField("进度汇总方式", max_length=20, choices=Rollup.choices, default=Rollup.WEIGHTED)
    starts_on = models.DateField("起始日期", null=True, blank=True, help_text="为空时取发布日期")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    due_on_previous_workday = models.BooleanField(
        "时限遇节假日提前",
        default=True,
        help_text="任务时限落在周末或节假日时，应完成日期提前到此前最后一个工作日",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)
    # 逐级分解: the assignment (a unit's share of an upper plan's task) this plan breaks down for the units
    # below that unit; its progress rolls up into that assignment (luoshi.plans.progress.cascade).
    cascaded_from = models.OneToOneField(
        "Assignment",
        verbose_name="分解自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_plan",
    )
    # The plans above this one in the cascade ("/12/57/", top first) and their deploying units ("/1/5/"):
    # fixed when the plan is cascaded, read by the lock order (progress.locks) and the access scope.
    cascade_plans = models.CharField(max_length=255, blank=True, default="", editable=False)
    cascade_units = models.CharField(max_length=255, blank=True, default="", editable=False)
    # The weight each tier's items were given at publishing (tier → decimal string), as set before publishing.
    tier_weights = models.JSONField("各层级权重", default=dict, blank=True)

    objects = PlanQuerySet.as_manager()
    access_paths = AccessPaths(
        deploying_unit="deploying_unit",
        plan_status="status",
        unit="tasks__assignments__unit",
        to_many=True,
        cascade_units="cascade_units",
    )

    class Meta:
        verbose_name = verbose_name_plural = "工作部署"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def tasks_lacking_lead(self) -> list["Task"]:
        """What blocks publishing: live leaf tasks, not guidance, with no lead unit. Two queries."""
        tasks = list(
            self.tasks.exclude(status=Task.Status.CANCELLED).only(
                "id", "parent_id", "code", "title", "is_guidance", "plan_id"
            )
        )
        led = set(
            Assignment.objects.filter(task__plan=self, role=Assignment.Role.LEAD).values_list(
                "task_id", flat=True
            )
        )
        return leaves_lacking_lead(tasks, led)


def leaves_lacking_lead(tasks: list["Task"], led_task_ids: set[int]) -> list["Task"]:
    """Of a plan's live tasks, the leaves that are not guidance and have no lead unit, in code order.
    The one rule for what blocks publishing, shared by `publish_plan` and the confirmation page."""
    parents = {t.parent_id for t in tasks}
    lacking = [t for t in tasks if t.pk not in parents and not t.is_guidance and t.pk not in led_task_ids]
    return sorted(lacking, key=lambda t: code_sort_key(t.code))


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"


class Task(models.Model):
    """A node of a plan's task tree; `code` is its number (1, 1.2, 1.2.3)."""

    class Tier(models.TextChoices):
        ROUTINE = "routine", "例行"
        KEY = "key", "重点"
        HIGHLIGHT = "highlight", "亮点"

    class Status(models.TextChoices):
        ACTIVE = "active", "推进中"
        COMPLETED = "completed", "已办结"
        CANCELLED = "cancelled", "已取消"

    plan = models.ForeignKey(Plan, verbose_name="工作部署", on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField("编号", max_length=40)
    position = models.PositiveIntegerField("次序", default=0)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    title = models.CharField("任务", max_length=300)
    description = models.TextField("具体内容", blank=True)
    is_guidance = models.BooleanField("工作要求", default=False, help_text="只作指导、不单独交办和考核的条目")
    tier = models.CharField("层级", max_length=20, choices=Tier.choices, default=Tier.ROUTINE)
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=Decimal("1"))
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("时限原文", max_length=50, blank=True)
    # Recurring work (每月25日前报送, 每季度末完成): each occurrence falls due in turn (plans.due), `deadline`
    # is the last one. `recurrence_day` is the day of the month (of the quarter's last month); empty: its last day.
    recurrence = models.CharField("重复周期", max_length=10, choices=Recurrence.choices, blank=True)
    recurrence_day = models.PositiveSmallIntegerField("每期截止日", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # Offsets of the sentence this task came from in plan.source_text (intake keeps them).
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    # Computed by luoshi.plans.progress and stored so dashboards aggregate in the database.
    computed_progress = models.DecimalField("计算进度", max_digits=5, decimal_places=2, default=Decimal("0"))
    progress_override = models.DecimalField(
        "人工调整进度", max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    progress_override_note = models.CharField("调整说明", max_length=300, blank=True)
    progress = models.DecimalField("进度", max_digits=5, decimal_places=2, default=Decimal("0"))
    light = models.CharField("亮灯", max_length=10, choices=Light.choices, default=Light.GREEN)
    is_overdue = models.BooleanField("逾期", default=False)
    days_overdue = models.PositiveIntegerField("逾期天数", default=0)

    objects = TaskQuerySet.as_manager()
    access_paths = AccessPaths(
        deploying_unit="plan__deploying_unit",
        plan_status="plan__status",
        unit="assignments__unit",
        to_many=True,
        cascade_units="plan__cascade_units",
    )

    class Meta:
        verbose_name = verbose_name_plural = "任务"
        ordering = ["plan", "position", "id"]
        indexes = [models.Index(fields=["plan", "parent"]), models.Index(fields=["plan", "light"])]

    @property
    def recurring_final(self) -> date | None:
        """For recurring work, the last occurrence (the light's schedule runs to it); None otherwise."""
        return self.deadline if self.recurrence else None

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_overridden(self) -> bool:
        return self.progress_override is not None


class Target(models.Model):
    """A quantified target (量化指标): metric, target value and its unit (人次, 家, %)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField("指标", max_length=100)
    target_value = models.DecimalField("目标值", max_digits=14, decimal_places=2)
    unit = models.CharField("计量单位", max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "量化指标"
        ordering = ["task", "position", "id"]

    def __str__(self) -> str:
        return target_label(self.metric, self.target_value, self.unit)


class Assignment(models.Model):
    """A task given to a unit, as lead (牵头) or co-operating (配合) unit."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        CO = "co", "配合单位"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.LEAD)
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    responsible_phone = models.CharField("联系电话", max_length=30, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    # When the unit's work is due: the task's deadline (later, an approved extension). Kept in step by the
    # task services; the light and overdue rules read this, never the task's deadline directly.
    due_on = models.DateField("应完成日期", null=True, blank=True)
    # The due day before the first approved extension (luoshi.items), so assessment reads the original.
    original_due_on = models.DateField("原定完成日期", null=True, blank=True)
    # Denormalised from the latest accepted report so lists and dashboards need no per-row lookups.
    progress = models.DecimalField("进度", max_digits=5, decimal_places=2, default=Decimal("0"))
    latest_report_status = models.CharField("最近报送状态", max_length=20, blank=True)
    last_reported_at = models.DateTimeField("最近报送", null=True, blank=True)
    returns_in_a_row = models.PositiveSmallIntegerField("连续退回次数", default=0)
    light = models.CharField("亮灯", max_length=10, choices=Light.choices, default=Light.GREEN)
    is_overdue = models.BooleanField("逾期", default=False)
    days_overdue = models.PositiveIntegerField("逾期天数", default=0)
    # A cascaded assignment's progress is its sub-plan's (computed, `cascade_progress`) unless the upper
    # plan's supervisor sets it by hand with a note — the rule is `progress.rollup.assignment_progress`.
    cascade_progress = models.DecimalField(
        "分解计划进度", max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    progress_override = models.DecimalField(
        "人工调整进度", max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    progress_override_note = models.CharField("调整说明", max_length=300, blank=True)

    objects = AssignmentQuerySet.as_manager()
    access_paths = AccessPaths(
        deploying_unit="task__plan__deploying_unit",
        plan_status="task__plan__status",
        unit="unit",
        cascade_units="task__plan__cascade_units",
    )

    class Meta:
        verbose_name = verbose_name_plural = "交办"
        ordering = ["task", "role", "unit__order", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="one_assignment_per_task_unit")]
        indexes = [models.Index(fields=["unit", "light"]), models.Index(fields=["unit", "is_overdue"])]

    def __str__(self) -> str:
        return f"{self.task} → {self.unit}（{self.get_role_display()}）"

    def save(self, *args, **kwargs):
        if self._state.adding:
            # A new assignment is due when its task is, and its schedule starts the day it is made.
            if self.due_on is None:
                from .due import due_on_for  # due imports this module

                self.due_on = due_on_for(self.task.deadline, self.task.plan)
            if self.assigned_on is None:
                self.assigned_on = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def is_overridden(self) -> bool:
        return self.progress_override is not None


class LightChange(models.Model):
    """One change of a task's or an assignment's light, with the day and the reason: the history that
    assessment scores (red-light days) and that explains a light to its reader."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="light_changes")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="light_changes"
    )
    on = models.DateField("日期")
    light = models.CharField("亮灯", max_length=10, choices=Light.choices)
    previous = models.CharField("原亮灯", max_length=10, choices=Light.choices)
    reason = models.CharField("原因", max_length=200, blank=True)
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "亮灯变化"
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["task", "on"]), models.Index(fields=["assignment", "on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_previous_display()}→{self.get_light_display()}"


class Duty(models.Model):
    """四责协同: who holds one of the four duties for a task — usually for a whole task line, which the
    tasks below it inherit (`duties_of`). The holder is a unit, a person (name and post), or both."""

    class Kind(models.TextChoices):
        PRINCIPAL = "principal", "主体责任"
        OVERSIGHT = "oversight", "监督责任"
        FIRST = "first", "第一责任人"
        DUAL = "dual", "一岗双责"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField("责任", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="责任单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.CharField("责任人（姓名、职务）", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "四责"
        ordering = ["task", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "kind"], name="one_holder_per_duty_and_task")]

    def __str__(self) -> str:
        holder = "，".join(x for x in (self.unit.display_name if self.unit_id else "", self.person) if x)
        return f"{self.get_kind_display()}：{holder}"
