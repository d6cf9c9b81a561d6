"""The meeting's registers (台账). A `Risk` (风险防范) is carried by a task: registering one adds a task to
the deploying unit's risk plan for the year (a `Plan` of kind 风险防范) and assigns it to the owner unit, so
the risk has the same lights, deadline reminders, chases, milestones (its review dates) and close-out
(销号 with evidence) as every task. The risk holds only what a task does not know: its area, level and
measures. Its status is read from the task (`Risk.status_of`), never stored twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from luoshi.org.access import AccessPaths
from luoshi.plans.models import Task


class Risk(models.Model):
    class Area(models.TextChoices):
        IDEOLOGY = "ideology", "意识形态"
        ETHNIC = "ethnic", "民族"
        RELIGION = "religion", "宗教"
        NETWORK = "network", "网络"
        OVERSEAS = "overseas", "港澳台海外"
        PRIVATE_ECONOMY = "private_economy", "民营经济"
        OTHER = "other", "其他"

    class Level(models.TextChoices):
        MAJOR = "major", "重大"
        SERIOUS = "serious", "较大"
        GENERAL = "general", "一般"

    class Status(models.TextChoices):
        CONTROLLED = "controlled", "在控"
        RESOLVED = "resolved", "已化解"
        WITHDRAWN = "withdrawn", "已撤销"

    # The one rule for a risk's status: its task's. 销号 (items' close-out) completes the task → 已化解.
    STATUS_OF_TASK = {
        Task.Status.ACTIVE: Status.CONTROLLED,
        Task.Status.COMPLETED: Status.RESOLVED,
        Task.Status.CANCELLED: Status.WITHDRAWN,
    }

    deploying_unit = models.ForeignKey(
        "org.Unit", verbose_name="部署单位", on_delete=models.PROTECT, related_name="deployed_risks"
    )
    year = models.PositiveIntegerField("年度")
    title = models.CharField("风险", max_length=200)
    area = models.CharField("领域", max_length=20, choices=Area.choices)
    level = models.CharField("等级", max_length=10, choices=Level.choices)
    description = models.TextField("风险描述", blank=True)
    measures = models.TextField("防范化解措施")
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="owned_risks"
    )
    task = models.OneToOneField("plans.Task", on_delete=models.PROTECT, related_name="risk")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    access_paths = AccessPaths(
        deploying_unit="deploying_unit",
        plan_status="task__plan__status",
        unit="task__assignments__unit",
        to_many=True,
    )

    class Meta:
        verbose_name = verbose_name_plural = "风险"
        ordering = ["-year", "id"]
        indexes = [models.Index(fields=["deploying_unit", "year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        return self.STATUS_OF_TASK[self.task.status]

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @classmethod
    def task_statuses(cls, status: str) -> list[str]:
        """The task statuses that mean `status`, for filtering a queryset."""
        return [t for t, s in cls.STATUS_OF_TASK.items() if s == status]
