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


class Representative(models.Model):
    """党外代表人士: one person of the non-Party representative pipeline, kept by a deploying unit. The phone and
    ID number are stored encrypted, with masked copies for lists and a keyed hash of the ID number that refuses
    duplicates (`luoshi.registers.personal`)."""

    class Sector(models.TextChoices):
        EDUCATION = "education", "教育"
        SCIENCE = "science", "科技"
        HEALTH = "health", "医疗卫生"
        CULTURE = "culture", "文化"
        ECONOMY = "economy", "经济金融"
        LAW = "law", "政法"
        SOCIAL = "social", "社会组织"
        OTHER = "other", "其他"

    class Category(models.TextChoices):
        DEMOCRATIC_PARTY = "democratic_party", "民主党派"
        NON_PARTISAN = "non_partisan", "无党派人士"
        INTELLECTUAL = "intellectual", "党外知识分子"
        NEW_CLASS = "new_class", "新的社会阶层人士"
        PRIVATE_ECONOMY = "private_economy", "民营经济人士"
        ETHNIC_RELIGIOUS = "ethnic_religious", "民族宗教界人士"
        OVERSEAS = "overseas", "港澳台侨人士"

    class Stage(models.TextChoices):
        RESERVE = "reserve", "储备"
        CULTIVATE = "cultivate", "培养"
        USE = "use", "使用"
        EXIT = "exit", "退出"

    deploying_unit = models.ForeignKey(
        "org.Unit", verbose_name="管理单位", on_delete=models.PROTECT, related_name="representatives"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="推荐单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommended_representatives",
    )
    name = models.CharField("姓名", max_length=50)
    workplace = models.CharField("工作单位及职务", max_length=200)
    sector = models.CharField("领域", max_length=20, choices=Sector.choices)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    stage = models.CharField("队伍阶段", max_length=20, choices=Stage.choices, default=Stage.RESERVE)
    positions = models.TextField("政治安排和职务", blank=True)
    training = models.TextField("教育培训", blank=True)
    phone_cipher = models.TextField(blank=True, editable=False)
    phone_masked = models.CharField("联系电话", max_length=20, blank=True, editable=False)
    id_number_cipher = models.TextField(editable=False)
    id_number_masked = models.CharField("身份证号码", max_length=18, editable=False)
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    access_paths = AccessPaths(deploying_unit="deploying_unit")

    class Meta:
        verbose_name = verbose_name_plural = "党外代表人士"
        ordering = ["sector", "name", "id"]
        indexes = [models.Index(fields=["deploying_unit", "stage"])]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """One dated move of a representative along 储备 → 培养 → 使用 → 退出."""

    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField("阶段", max_length=20, choices=Representative.Stage.choices)
    previous = models.CharField("原阶段", max_length=20, choices=Representative.Stage.choices, blank=True)
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "队伍阶段变化"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_stage_display()}"
