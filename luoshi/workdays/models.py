"""The office's own entries in the working-day calendar: public holidays and 调休 make-up days for years the
`chinese-calendar` package does not cover yet (the State Council announces each year's in the autumn), or
a local holiday. An entry wins over the package for its day."""

from datetime import date

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


def uncovered_years(days) -> list[int]:
    """The years among `days` (dates or None) whose holidays and make-up days nobody has given: neither
    the package nor the office's entries (those years count Monday to Friday). One query at most."""
    years = {d.year for d in days if isinstance(d, date)}
    if not years:
        return []
    entered = {d.year for d in DayOverride.objects.dates("day", "year")}
    calendar = WorkingDays()
    return sorted(y for y in years if y not in entered and not calendar.covers(y))


def uncovered_warning(days) -> str:
    """The warning a page shows beside deadlines in uncovered years ("" when there are none)."""
    years = uncovered_years(days)
    if not years:
        return ""
    shown = "、".join(f"{y}年" for y in years)
    return (
        f"{shown}的法定节假日和调休安排尚未录入工作日历，该年的时限暂按周一至周五计算，"
        "应完成日期和逾期天数可能有出入。请系统管理员在“节假日与调休”中补录。"
    )
