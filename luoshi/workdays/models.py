"""The office's own entries in the working-day calendar: public holidays and 调休 make-up days for years the
`chinese-calendar` package does not cover yet (the State Council announces each year's in the autumn), or
a local holiday. An entry wins over the package for its day."""

from django.db import models

from .calendar import WorkingDays


class DayOverride(models.Model):
    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", help_text="勾选：调休上班日；不勾选：放假日")
    name = models.CharField("说明", max_length=50, blank=True, help_text="例如：春节、国庆节调休上班")

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {'上班' if self.is_workday else '放假'} {self.name}".strip()


def working_days() -> WorkingDays:
    """The working-day calendar with the office's entries (one query)."""
    return WorkingDays(dict(DayOverride.objects.values_list("day", "is_workday")))
