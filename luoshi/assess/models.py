"""Assessment (目标考核): schemes, indicator trees, each unit's score lines through the flow, the bonus
and deduction register, 一票否决 and the brand pipeline.

A `Scheme` belongs to one plan, one year and one class of assessed unit (`Unit.kind`). Once published it
is frozen: a later change is a new `version` with its reason, and the old one is kept as superseded. What
a unit scored is kept per indicator in `ScoreLine` (computed, self, reviewed, final side by side), each
with the `basis` that explains its points — the reports, light changes, deductions and ratings behind it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from luoshi.org.access import AccessPaths
from luoshi.org.models import Unit

ZERO = Decimal("0")


def _points(**kwargs):
    return models.DecimalField(max_digits=7, decimal_places=2, **kwargs)


class Level(models.TextChoices):
    """The level of a formal recognition, highest first."""

    NATIONAL = "national", "国家级"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"


LEVEL_RANK = {Level.NATIONAL: 3, Level.PROVINCE: 2, Level.CITY: 1}


class Scheme(models.Model):
    """考核方案: how the units of one class are scored on one plan and year, with the office's numbers."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被新版本取代"

    class Stage(models.TextChoices):
        SELF = "self", "自评"
        REVIEW = "review", "审核"
        APPROVED = "approved", "审定"
        PUBLICITY = "publicity", "公示"
        FINAL = "final", "结果确定"
        ARCHIVED = "archived", "已归档"

    plan = models.ForeignKey(
        "plans.Plan", verbose_name="工作部署", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField("年度")
    unit_kind = models.CharField("考核对象类别", max_length=20, choices=Unit.Kind.choices)
    title = models.CharField("方案名称", max_length=200)
    version = models.PositiveIntegerField("版本", default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    change_reason = models.CharField("修订理由", max_length=300, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    stage = models.CharField("考核环节", max_length=20, choices=Stage.choices, default=Stage.SELF)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # The office's numbers ("default" in the 考核办法): all editable while the scheme is a draft.
    difficulty = models.DecimalField("难度系数", max_digits=4, decimal_places=2, default=Decimal("1.00"))
    regular_weight = models.PositiveSmallIntegerField("平时考核权重（%）", default=60)
    lead_weight = models.DecimalField("牵头单位权重", max_digits=4, decimal_places=2, default=Decimal("1.00"))
    co_weight = models.DecimalField("配合单位权重", max_digits=4, decimal_places=2, default=Decimal("0.50"))
    routine_factor = models.DecimalField(
        "例行任务系数", max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    key_factor = models.DecimalField("重点任务系数", max_digits=4, decimal_places=2, default=Decimal("1.50"))
    highlight_factor = models.DecimalField(
        "亮点任务系数", max_digits=4, decimal_places=2, default=Decimal("2.00")
    )
    bonus_national = _points(verbose_name="国家级加分", default=Decimal("3"))
    bonus_province = _points(verbose_name="省级加分", default=Decimal("2"))
    bonus_city = _points(verbose_name="市级加分", default=Decimal("1"))
    bonus_cap = _points(verbose_name="加分上限", default=Decimal("10"))
    excellent_from = _points(verbose_name="优秀分数线", default=Decimal("90"))
    good_from = _points(verbose_name="良好分数线", default=Decimal("80"))
    fair_from = _points(verbose_name="一般分数线", default=Decimal("70"))
    excellent_share = models.PositiveSmallIntegerField(
        "优秀比例上限（%）", null=True, blank=True, help_text="为空时不限"
    )
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=5)
    publicity_ends_on = models.DateField("公示截止日", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    access_paths = AccessPaths(deploying_unit="plan__deploying_unit", plan_status="plan__status")

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        ordering = ["plan", "unit_kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "unit_kind", "version"], name="one_scheme_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def year_end_weight(self) -> int:
        return 100 - self.regular_weight

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def bonus_points(self, level: str) -> Decimal:
        return {Level.NATIONAL: self.bonus_national, Level.PROVINCE: self.bonus_province}.get(
            level, self.bonus_city
        )


class Indicator(models.Model):
    """A row of the indicator tree (一级指标 → 二级指标). Scores sit on the leaves; a first-level row's
    points are the sum of its children's."""

    class Method(models.TextChoices):
        COMPUTED = "computed", "按工作数据计算"
        DEDUCTION = "deduction", "满分扣减"
        ENTERED = "entered", "责任科室评分"
        EVALUATORS = "evaluators", "多人评分取平均"

    class Measure(models.TextChoices):
        ON_TIME = "on_time", "按期办结"
        SCHEDULE = "schedule", "序时进度"
        REPORTING = "reporting", "按时报送"
        RETURNS = "returns", "报送退回"
        RED_DAYS = "red_days", "红灯天数"

    class Phase(models.TextChoices):
        REGULAR = "regular", "平时考核"
        YEAR_END = "year_end", "年终考核"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField("编号", max_length=20)
    position = models.PositiveIntegerField(default=0)
    name = models.CharField("指标", max_length=200)
    points = _points(verbose_name="分值", default=ZERO, validators=[MinValueValidator(0)])
    office = models.CharField("考核责任科室", max_length=100, blank=True)
    phase = models.CharField("类别", max_length=20, choices=Phase.choices, default=Phase.REGULAR)
    method = models.CharField("计分方式", max_length=20, choices=Method.choices, default=Method.COMPUTED)
    measure = models.CharField("计算口径", max_length=20, choices=Measure.choices, blank=True)
    deduction_cap = _points(verbose_name="扣分上限", null=True, blank=True, help_text="为空时以分值为限")
    rule = models.CharField("评分标准", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核指标"
        ordering = ["scheme", "position", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def cap(self) -> Decimal:
        return self.points if self.deduction_cap is None else min(self.deduction_cap, self.points)


class Assessment(models.Model):
    """One unit's assessment under one scheme: its self-assessment, the review and the result."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        FAIR = "fair", "一般"
        POOR = "poor", "较差"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    self_submitted_at = models.DateTimeField("自评提交时间", null=True, blank=True)
    self_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=0, help_text="每次评分加一，用于发现并发修改")

    access_paths = AccessPaths(
        deploying_unit="scheme__plan__deploying_unit", plan_status="scheme__plan__status", unit="unit"
    )

    class Meta:
        verbose_name = verbose_name_plural = "单位考核"
        ordering = ["scheme", "unit__order", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit"], name="one_assessment_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.scheme}"


class ScoreLine(models.Model):
    """A unit's score on one leaf indicator: computed, self, reviewed and final side by side, with the
    reasons where they differ and the `basis` behind the computed points."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="lines")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="lines")
    computed = _points(verbose_name="系统计算", null=True, blank=True)
    basis = models.JSONField("计分依据", default=list, blank=True)
    self_score = _points(verbose_name="自评分", null=True, blank=True)
    self_note = models.CharField("自评说明", max_length=500, blank=True)
    evidence = models.FileField("自评佐证", upload_to="assess/evidence/%Y/", blank=True, max_length=255)
    reviewed = _points(verbose_name="审核分", null=True, blank=True)
    review_reason = models.CharField("审核理由", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    final = _points(verbose_name="最终得分", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标得分"
        ordering = ["assessment", "indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="one_line_per_indicator")
        ]

    @property
    def current(self) -> Decimal | None:
        """The score as far as the flow has come: final, else reviewed, else computed."""
        for value in (self.final, self.reviewed, self.computed):
            if value is not None:
                return value
        return None


class Rating(models.Model):
    """A score given by one evaluator of the assessing office (领导评价, 科室评分) with its reason."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="ratings")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    evaluator = models.CharField("评分人", max_length=50)
    score = _points(verbose_name="评分", validators=[MinValueValidator(0)])
    reason = models.CharField("理由", max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评分"
        ordering = ["indicator", "unit", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "evaluator"], name="one_rating_per_evaluator"
            )
        ]


class Deduction(models.Model):
    """A deduction (扣分) from a unit's marks on one indicator: 未报送, 无实质内容, 通报批评…"""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="deductions")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    points = _points(verbose_name="扣分", validators=[MinValueValidator(Decimal("0.01"))])
    reason = models.CharField("扣分事由", max_length=300)
    basis = models.CharField("依据", max_length=200, blank=True)
    on = models.DateField("日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "扣分"
        ordering = ["indicator", "unit", "on", "id"]


class BonusDocument(models.Model):
    """A formal document that recognises a unit's work (表彰、推广、批示肯定): the only ground for a bonus.
    One document is identified by its issuer and number."""

    title = models.CharField("文件标题", max_length=200)
    number = models.CharField("文号", max_length=100)
    issuer = models.CharField("发文机关", max_length=100)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    issued_on = models.DateField("发文日期")
    file = models.FileField("文件", upload_to="assess/documents/%Y/", blank=True, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "加分依据文件"
        ordering = ["-issued_on", "id"]
        constraints = [models.UniqueConstraint(fields=["issuer", "number"], name="one_document_per_number")]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"


class Bonus(models.Model):
    """A bonus (加分) claimed for a unit under a scheme, on one document, at the document's level."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="bonuses")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(BonusDocument, on_delete=models.PROTECT, related_name="bonuses")
    achievement = models.CharField("加分事项", max_length=200)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    points = _points(verbose_name="加分")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "加分"
        ordering = ["scheme", "unit", "-points", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "unit", "achievement"], name="one_bonus_per_achievement"
            ),
            models.UniqueConstraint(fields=["scheme", "unit", "document"], name="one_bonus_per_document"),
        ]


class VetoItem(models.Model):
    """一票否决事项: published with the scheme, each with its basis. A finding caps the grade (不得评为优秀)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="veto_items")
    title = models.CharField("否决事项", max_length=200)
    basis = models.CharField("依据", max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "一票否决事项"
        ordering = ["scheme", "position", "id"]

    def __str__(self) -> str:
        return self.title


class VetoFinding(models.Model):
    """A unit found to fall under a veto item, with the facts."""

    item = models.ForeignKey(VetoItem, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    facts = models.CharField("情况说明", max_length=300)
    on = models.DateField("认定日期")

    class Meta:
        verbose_name = verbose_name_plural = "一票否决认定"
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="one_finding_per_item_unit")]


class Appeal(models.Model):
    """复核申请: a unit asks, during 公示, for one score line to be looked at again; the answer is kept."""

    class Status(models.TextChoices):
        OPEN = "open", "待答复"
        UPHELD = "upheld", "维持原评分"
        CHANGED = "changed", "调整评分"

    line = models.ForeignKey(ScoreLine, on_delete=models.CASCADE, related_name="appeals")
    reason = models.CharField("申请理由", max_length=500)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.CharField("答复", max_length=500, blank=True)
    score_before = _points(verbose_name="原得分", null=True, blank=True)
    score_after = _points(verbose_name="调整后得分", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "复核申请"
        ordering = ["filed_at", "id"]


class Brand(models.Model):
    """品牌: a highlight (亮点) task's outcome put forward as a brand, reviewed, and recognised at a level
    by a document (which then feeds the bonus register)."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", "已推荐"
        ACCEPTED = "accepted", "审核通过"
        REJECTED = "rejected", "未通过"
        RECOGNISED = "recognised", "获得认定"

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("品牌名称", max_length=100)
    outcome = models.CharField("工作成效", max_length=500)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NOMINATED)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    document = models.ForeignKey(
        BonusDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    access_paths = AccessPaths(
        deploying_unit="task__plan__deploying_unit", plan_status="task__plan__status", unit="unit"
    )

    class Meta:
        verbose_name = verbose_name_plural = "工作品牌"
        ordering = ["task__plan", "-created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="one_brand_per_task_unit")]

    def __str__(self) -> str:
        return self.name
