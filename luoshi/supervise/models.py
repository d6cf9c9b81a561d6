"""The 催办 ladder's notices: each step taken for one assignment is one row, made once.

A notice is unique per (assignment, kind, due_on, period): `due_on` is the day the step is about — the
assignment's due day for 提醒/催办/警示/约谈通报建议, the report's due day for 漏报 (with its `period`), the
day of the last report (or of the assignment) for a silence, the day of a manual 催办, the day 签收 was due
for a 签收催办. Two copies of
`luoshi supervise` inserting the same step therefore make one row (INSERT … ON CONFLICT DO NOTHING), and
its notifications are made by whichever copy claims it (SELECT … FOR UPDATE SKIP LOCKED on
`dispatched_at IS NULL`), once.
"""

from django.conf import settings
from django.db import models


class Notice(models.Model):
    """One step of the 催办 ladder (or a separate chase for a missing or silent report) for one
    assignment, with the notifications it sent (`luoshi.notify`, topic ``notice:<id>``)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "临近提醒"
        CHASE = "chase", "催办"
        WARNING = "warning", "警示"
        ESCALATION = "escalation", "约谈/通报建议"
        MISSING_REPORT = "missing_report", "漏报催报"
        SILENCE = "silence", "长期未报送"
        MANUAL = "manual", "人工催办"
        ACKNOWLEDGE = "acknowledge", "签收催办"

    class Colour(models.TextChoices):
        BLUE = "blue", "蓝色"  # near the due day
        YELLOW = "yellow", "黄色"  # behind: a report missing, or silent
        RED = "red", "红色"  # overdue until closed

    LEVELS = {
        Kind.REMINDER: 1,
        Kind.CHASE: 2,
        Kind.MISSING_REPORT: 2,
        Kind.SILENCE: 2,
        Kind.MANUAL: 2,
        Kind.ACKNOWLEDGE: 2,
        Kind.WARNING: 3,
        Kind.ESCALATION: 4,
    }
    COLOURS = {
        Kind.REMINDER: Colour.BLUE,
        Kind.MISSING_REPORT: Colour.YELLOW,
        Kind.SILENCE: Colour.YELLOW,
        Kind.MANUAL: Colour.YELLOW,
        Kind.ACKNOWLEDGE: Colour.YELLOW,
        Kind.CHASE: Colour.RED,
        Kind.WARNING: Colour.RED,
        Kind.ESCALATION: Colour.RED,
    }

    assignment = models.ForeignKey("plans.Assignment", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField("级别", default=1)
    colour = models.CharField("颜色", max_length=10, choices=Colour.choices, default=Colour.BLUE)
    due_on = models.DateField("所涉日期")
    period = models.CharField("周期", max_length=10, blank=True, default="")
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatched_at = models.DateTimeField("发出时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "due_on", "period"], name="one_notice_per_step"
            )
        ]
        indexes = [models.Index(fields=["dispatched_at"]), models.Index(fields=["assignment", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"

    @property
    def topic(self) -> str:
        return f"notice:{self.pk}"

    @property
    def is_automatic(self) -> bool:
        return self.kind != self.Kind.MANUAL
