"""Progress reports (进度报送): per assignment and period, with figures and evidence files.

Every version is kept: a submitted, returned or accepted report is never edited again. Reworking a returned
report starts a new version (a copy) as a draft; only a draft's own fields change, guarded by `revision`
so two people saving the same draft cannot silently overwrite each other.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from luoshi.org.access import AccessPaths

from .querysets import ReportQuerySet


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "退回"
        ACCEPTED = "accepted", "已采纳"

    assignment = models.ForeignKey("plans.Assignment", on_delete=models.CASCADE, related_name="reports")
    period = models.CharField("周期", max_length=10, help_text="2025-03 为月度，2025-Q1 为季度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField("工作进展", blank=True)
    percent = models.PositiveSmallIntegerField(
        "完成进度（%）", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    revision = models.PositiveIntegerField(default=0, help_text="每次保存加一，用于发现并发修改")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ReportQuerySet.as_manager()
    access_paths = AccessPaths(
        deploying_unit="assignment__task__plan__deploying_unit",
        plan_status="assignment__task__plan__status",
        unit="assignment__unit",
        report_status="status",
        cascade_units="assignment__task__plan__cascade_units",
        partner_unit="assignment__task__assignments__unit",
    )

    class Meta:
        verbose_name = verbose_name_plural = "进度报送"
        ordering = ["assignment", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period", "version"], name="one_report_version"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.assignment.unit} {self.period} 第{self.version}版"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class ReportValue(models.Model):
    """The actual value a report gives for one quantified target of the task."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey("plans.Target", on_delete=models.CASCADE, related_name="report_values")
    actual_value = models.DecimalField("完成值", max_digits=14, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="one_value_per_target")]


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Stored under a random name; the original name is kept in the row, never trusted as a path.
    return f"evidence/{instance.report.assignment_id}/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    """A file attached to a report (photo, document, spreadsheet) as evidence of the work."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    access_paths = AccessPaths(
        deploying_unit="report__assignment__task__plan__deploying_unit",
        plan_status="report__assignment__task__plan__status",
        unit="report__assignment__unit",
        report_status="report__status",
        cascade_units="report__assignment__task__plan__cascade_units",
        partner_unit="report__assignment__task__assignments__unit",
    )

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class InputRequest(models.Model):
    """左右协同: the lead unit of a task asks a co-operating unit of the same task for its input (情况、数据、
    意见); the co unit answers. Both stay on record and in the task's timeline."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="input_requests")
    asking = models.ForeignKey(
        "plans.Assignment",
        verbose_name="征求单位",
        on_delete=models.CASCADE,
        related_name="input_requests_made",
    )
    asked = models.ForeignKey(
        "plans.Assignment", verbose_name="被征求单位", on_delete=models.CASCADE, related_name="input_requests"
    )
    question = models.TextField("征求内容")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField("征求时间", auto_now_add=True)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "征求配合单位意见"
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.asking.unit} → {self.asked.unit}：{self.question[:20]}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
