"""Filters for a plan's task table (unit, tier, light, overdue only), defined once as a form.

The overview page and its htmx partial read the same GET parameters through `TaskFilter`, so a filtered
URL can be bookmarked or shared and renders the same rows with or without htmx.
"""

from __future__ import annotations

from django import forms
from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from luoshi.org.models import Unit
from luoshi.plans.progress.lights import Light

from .duties import lines_first_unreported
from .models import Assignment, Plan, Task


class TaskFilter(forms.Form):
    """GET parameters of the overview: `line`, `unit`, `tier`, `light`, `overdue`.

    `line` keeps one top-level task line and everything under it (the dashboard's line rows lead here).
    With a `unit`, `light` and `overdue` speak of that unit's own assignment — the figures the dashboard's
    unit rows count — rather than of the task as a whole."""

    line = forms.ModelChoiceField(
        label="任务条线", queryset=Task.objects.none(), required=False, empty_label="全部条线"
    )

    unit = forms.ModelChoiceField(
        label="单位", queryset=Unit.objects.none(), required=False, empty_label="全部单位"
    )
    tier = forms.ChoiceField(label="层级", choices=[("", "全部层级"), *Task.Tier.choices], required=False)
    light = forms.ChoiceField(label="亮灯", choices=[("", "全部亮灯"), *Light.choices], required=False)
    overdue = forms.BooleanField(label="只看逾期", required=False)
    # 四责协同: lines whose 第一责任人's unit has work under them not reported this period
    first_unreported = forms.BooleanField(label="第一责任人未报送", required=False)

    def __init__(self, plan: Plan, data=None):
        # Unbound when no filter parameter is present, so the page opens with every row.
        super().__init__(data if data and any(k in data for k in self.base_fields) else None)
        self.plan = plan
        self.fields["line"].queryset = Task.objects.lines().filter(plan=plan).order_by("position", "id")
        self.fields["line"].label_from_instance = lambda t: f"{t.code} {t.title}"
        # Only units that carry work in this plan are worth offering, in official order.
        self.fields["unit"].queryset = Unit.objects.filter(
            Exists(Assignment.objects.filter(task__plan=plan, unit=OuterRef("pk")))
        ).official_order()

    @property
    def active(self) -> bool:
        """Whether any filter narrows the rows."""
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def apply(self, tasks: QuerySet) -> QuerySet:
        """Narrow `tasks` by the valid parameters; invalid ones are ignored (the form shows why)."""
        if not self.is_bound or not self.is_valid():
            return tasks
        data = self.cleaned_data
        if data["line"]:
            tasks = tasks.filter(_within(data["line"]))
        if data["unit"]:
            units = Assignment.objects.filter(task=OuterRef("pk"), unit=data["unit"])
            if data["light"]:
                units = units.filter(light=data["light"])
            if data["overdue"]:
                units = units.overdue()
            tasks = tasks.filter(Exists(units))
            if data["light"] or data["overdue"]:
                tasks = tasks.exclude(status=Task.Status.CANCELLED)
        if data["tier"]:
            tasks = tasks.filter(tier=data["tier"])
        if data["light"] and not data["unit"]:
            # Guidance and cancelled tasks show no light, so they are never listed under one.
            tasks = tasks.filter(light=data["light"], is_guidance=False).exclude(status=Task.Status.CANCELLED)
        if data["overdue"] and not data["unit"]:
            tasks = tasks.overdue()
        if data["first_unreported"]:
            within = Q(pk__in=[])
            for line in lines_first_unreported(self.plan):
                within |= _within(line)
            tasks = tasks.filter(within)
        return tasks


def _within(line: Task) -> Q:
    """`line` and every task below it, through the parent chain (codes are not trusted to nest)."""
    levels = Task.objects.filter(plan_id=line.plan_id).aggregate(m=Max("depth"))["m"] or 1
    q = Q(pk=line.pk)
    for n in range(1, levels):
        q |= Q(**{"__".join(["parent"] * n) + "_id": line.pk})
    return q
