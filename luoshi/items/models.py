"""督办事项 from every source, and what the 督办 loop adds to any task: extensions, close-out, milestones.

An `Item` is registered from a leader's instruction, a meeting's decisions, a higher level's assignment or a
人大建议/政协提案; it gets one number per deploying unit and year (督〔2026〕15号), an urgency and a time
limit in working days. A leader approves it before dispatch; approval turns it into a published `Plan` of
the matching kind with one task assigned to its lead and co units, so it has the same lights, reports and
review as every task.

`Extension`, `CloseOut` and `Milestone` hang on tasks (and their assignments), not on items: the founding
plan's tasks use them the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from luoshi.org.access import AccessPaths, Action, restrict
from luoshi.plans.urgency import Urgency


class Source(models.TextChoices):
    INSTRUCTION = "instruction", "领导批示"
    MEETING = "meeting", "会议议定事项"
    ASSIGNED = "assigned", "上级交办"
    PROPOSAL = "proposal", "建议提案"


class TimeLimit(models.Model):
    """The office's time limit for one source and urgency, in working days (the defaults live in
    `services.presets`; a row here replaces one)."""

    source = models.CharField("来源", max_length=20, choices=Source.choices)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices)
    working_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    first_report_days = models.PositiveSmallIntegerField(
        "首次报告时限（工作日）", null=True, blank=True, help_text="为空表示不单独要求首次报告"
    )

    class Meta:
        verbose_name = verbose_name_plural = "督办时限预设"
        ordering = ["source", "urgency"]
        constraints = [models.UniqueConstraint(fields=["source", "urgency"], name="one_time_limit_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}·{self.get_urgency_display()}：{self.working_days}个工作日"


class NumberSequence(models.Model):
    """The last number given to an item of one deploying unit in one year (一事一号). Taken under a row
    lock, so two registrations never get the same number."""

    deploying_unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deploying_unit", "year"], name="one_sequence_per_unit_year")
        ]


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> ItemQuerySet:
        """The items `user` may see: the same policy as plans (pages and the API both start here)."""
        return restrict(user, Action.VIEW_PLAN, self)


class Item(models.Model):
    """A 督办事项: registered, approved by a leader (领导审核), then dispatched as a one-task plan."""

    class Status(models.TextChoices):
        PENDING = "pending", "待领导审核"
        REJECTED = "rejected", "审核未通过"
        DISPATCHED = "dispatched", "已交办"

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY = "basically", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    deploying_unit = models.ForeignKey(
        "org.Unit", verbose_name="督办单位", on_delete=models.PROTECT, related_name="items"
    )
    year = models.PositiveIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    title = models.CharField("事项", max_length=300)
    content = models.TextField("内容", blank=True)
    # Where it came from: who wrote the instruction, which meeting, which higher office, which proposal.
    origin_author = models.CharField("批示领导 / 交办机关 / 提出人", max_length=100, blank=True)
    origin_date = models.DateField("批示 / 会议 / 交办日期", null=True, blank=True)
    origin_title = models.CharField("会议名称 / 来文 / 建议提案号", max_length=200, blank=True)
    lead_units = models.ManyToManyField("org.Unit", verbose_name="主办单位", related_name="+")
    co_units = models.ManyToManyField("org.Unit", verbose_name="协办单位", related_name="+", blank=True)
    time_limit_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    due_on = models.DateField("办结时限")
    first_report_on = models.DateField("首次报告时限", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    plan = models.OneToOneField(
        "plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="item"
    )
    task = models.OneToOneField(
        "plans.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="item"
    )
    # 建议提案: the answer (答复件), the proposer's rating, and how many times it has been handled.
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    rating = models.CharField("提出人评价", max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    rounds = models.PositiveSmallIntegerField("办理轮次", default=1)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ItemQuerySet.as_manager()
    access_paths = AccessPaths(
        deploying_unit="deploying_unit",
        plan_status="plan__status",
        unit="task__assignments__unit",
        to_many=True,
    )

    class Meta:
        verbose_name = verbose_name_plural = "督办事项"
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["deploying_unit", "year", "serial"], name="one_number_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"督〔{self.year}〕{self.serial}号"

    @property
    def is_proposal(self) -> bool:
        return self.source == Source.PROPOSAL


_ASSIGNMENT_PATHS = AccessPaths(
    deploying_unit="assignment__task__plan__deploying_unit",
    plan_status="assignment__task__plan__status",
    unit="assignment__unit",
)


class Extension(models.Model):
    """延期申请: the lead unit asks for a later due day before its due day; the supervisor decides (and,
    for an item a leader dispatched, the leader after the supervisor)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待督办员审核"
        PENDING_LEADER = "pending_leader", "待领导审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    assignment = models.ForeignKey("plans.Assignment", on_delete=models.CASCADE, related_name="extensions")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.REQUESTED)
    reason = models.TextField("延期理由")
    progress_note = models.TextField("目前进展")
    previous_due_on = models.DateField("原完成日期")
    new_due_on = models.DateField("申请延至")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)

    access_paths = _ASSIGNMENT_PATHS

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"延期至{self.new_due_on}（{self.get_status_display()}）"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.PENDING_LEADER)


class CloseOut(models.Model):
    """办结 → 复核 → 销号: the lead unit asks to close with its materials; the supervisor verifies and signs
    off or sends it back; a signed-off task can be reopened with a reason."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待复核"
        RETURNED = "returned", "退回"
        CLOSED = "closed", "已销号"
        REOPENED = "reopened", "已重新启动"

    class Method(models.TextChoices):
        DOCUMENTS = "documents", "查阅材料"
        SITE_VISIT = "site_visit", "实地核查"
        FIGURES = "figures", "核对数据"

    assignment = models.ForeignKey("plans.Assignment", on_delete=models.CASCADE, related_name="close_outs")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.REQUESTED)
    summary = models.TextField("办结情况")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    method = models.CharField("复核方式", max_length=20, choices=Method.choices, blank=True)
    verification = models.TextField("复核意见", blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField("复核时间", null=True, blank=True)
    return_reason = models.CharField("退回理由", max_length=500, blank=True)
    reopen_reason = models.CharField("重新启动理由", max_length=500, blank=True)
    reopened_at = models.DateTimeField("重新启动时间", null=True, blank=True)
    # The supervisor's hand-set progress before sign-off, put back when the task is reopened.
    previous_override = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    previous_override_note = models.CharField(max_length=300, blank=True)

    access_paths = _ASSIGNMENT_PATHS

    class Meta:
        verbose_name = verbose_name_plural = "办结销号"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"办结申请（{self.get_status_display()}）"


class Milestone(models.Model):
    """A dated node of a project-type task; the task's light follows its next open milestone."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("节点", max_length=200)
    due_on = models.DateField("节点时限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_note = models.CharField("完成情况", max_length=500, blank=True)

    access_paths = AccessPaths(
        deploying_unit="task__plan__deploying_unit",
        plan_status="task__plan__status",
        unit="task__assignments__unit",
        to_many=True,
    )

    class Meta:
        verbose_name = verbose_name_plural = "节点"
        ordering = ["task", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.due_on}）"


def item_file_path(instance: ItemFile, filename: str) -> str:
    # Stored under a random-looking name (its hash); the original name is only a label.
    return f"items/{instance.sha256[:2]}/{instance.sha256}"


class ItemFile(models.Model):
    """A file of the 督办 loop: close-out materials, verification evidence, milestone evidence, a
    proposal's answer. Checked like report evidence (`reports.evidence_types`)."""

    class Purpose(models.TextChoices):
        MATERIALS = "materials", "办结材料"
        VERIFICATION = "verification", "复核佐证"
        MILESTONE = "milestone", "节点佐证"
        ANSWER = "answer", "答复件"

    purpose = models.CharField("用途", max_length=20, choices=Purpose.choices)
    close_out = models.ForeignKey(
        CloseOut, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=item_file_path, max_length=255)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def task_id_for_access(self) -> int | None:
        """The task whose readers may read this file."""
        if self.close_out_id:
            return self.close_out.assignment.task_id
        if self.milestone_id:
            return self.milestone.task_id
        return self.item.task_id if self.item_id else None
