"""Filters for a plan's task table (unit, tier, light, overdue only), defined once as a form.

The overview page and its htmx partial read the same GET parameters through `TaskFilter`, so a filtered
URL can be bookmarked or shared and renders the same rows with or without htmx.
"""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from luoshi.org.models import Unit
from luoshi.plans.progress.lights import Light

from .models import Assignment, Plan, Task


class TaskFilter(forms.Form):
    """GET parameters of the overview: `unit`, `tier`, `light`, `overdue`."""

    unit = forms.ModelChoiceField(
        label="单位", queryset=Unit.objects.none(), required=False, empty_label="全部单位"
    )
    tier = forms.ChoiceField(label="层级", choices=[("", "全部层级"), *Task.Tier.choices], required=False)
    light = forms.ChoiceField(label="亮灯", choices=[("", "全部亮灯"), *Light.choices], required=False)
    overdue = forms.BooleanField(label="只看逾期", required=False)

    def __init__(self, plan: Plan, data=None):
        # Unbound when no filter parameter is present, so the page opens with every row.
        super().__init__(data if data and any(k in data for k in self.base_fields) else None)
        self.plan = plan
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
        if data["unit"]:
            tasks = tasks.filter(Exists(Assignment.objects.filter(task=OuterRef("pk"), unit=data["unit"])))
        if data["tier"]:
            tasks = tasks.filter(tier=data["tier"])
        if data["light"]:
            tasks = tasks.filter(light=data["light"]).exclude(status=Task.Status.CANCELLED)
        if data["overdue"]:
            tasks = tasks.overdue()
        return tasks
