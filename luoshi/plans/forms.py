"""Forms of the supervisor's plan pages. They only validate and clean input; the writes happen in
`luoshi.plans.services`, which the views call with `cleaned_data`."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone

from luoshi.core.forms import CleanCharField
from luoshi.org.models import Unit

from .models import Assignment, Duty, Plan, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanForm(forms.Form):
    """A plan's own fields (create and edit); its tasks are edited one by one."""

    title = CleanCharField(label="标题", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="来源", choices=Plan.Kind.choices, initial=Plan.Kind.ANNUAL)
    period = forms.ChoiceField(label="报送周期", choices=Plan.Period.choices, initial=Plan.Period.MONTHLY)
    rollup = forms.ChoiceField(
        label="进度汇总方式", choices=Plan.Rollup.choices, initial=Plan.Rollup.WEIGHTED
    )
    starts_on = forms.DateField(
        label="起始日期", required=False, widget=DateInput(), help_text="为空时取发布日期；用于计算应达进度"
    )
    due_on_previous_workday = forms.BooleanField(
        label="时限遇节假日提前",
        required=False,
        initial=True,
        help_text="任务时限落在周末或节假日时，应完成日期提前到此前最后一个工作日",
    )

    FIELDS = ("title", "year", "kind", "period", "rollup", "starts_on", "due_on_previous_workday")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs["class"] = "narrow"

    @classmethod
    def for_plan(cls, plan: Plan, data=None) -> PlanForm:
        return cls(data, initial={name: getattr(plan, name) for name in cls.FIELDS})


class TaskForm(forms.Form):
    """A task's own fields. `parent` is offered on creation only: moving a task renumbers a subtree."""

    title = CleanCharField(label="任务", max_length=300)
    parent = forms.ModelChoiceField(
        label="上级任务", queryset=Task.objects.none(), required=False, empty_label="（顶层任务）"
    )
    description = CleanCharField(label="具体内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    tier = forms.ChoiceField(label="层级", choices=Task.Tier.choices, initial=Task.Tier.ROUTINE)
    weight = forms.DecimalField(
        label="权重", max_digits=6, decimal_places=2, min_value=Decimal(0), initial=Decimal(1)
    )
    deadline = forms.DateField(label="完成时限", required=False, widget=DateInput())
    deadline_text = CleanCharField(
        label="时限原文", max_length=50, required=False, help_text="文件中的原话，如“6月底前”"
    )
    is_guidance = forms.BooleanField(label="工作要求（只作指导，不单独交办和考核）", required=False)

    FIELDS = ("title", "description", "tier", "weight", "deadline", "deadline_text", "is_guidance")

    def __init__(self, plan: Plan, *args, task: Task | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if task is None:
            self.fields["parent"].queryset = plan.tasks.exclude(status=Task.Status.CANCELLED)
            self.fields["parent"].label_from_instance = lambda t: f"{t.code} {t.title[:40]}"
        else:
            del self.fields["parent"]

    @classmethod
    def for_task(cls, task: Task, data=None) -> TaskForm:
        return cls(task.plan, data, task=task, initial={name: getattr(task, name) for name in cls.FIELDS})


class TargetForm(forms.Form):
    """One quantified target (量化指标). A row left entirely empty is ignored. The hidden `id` keeps an
    existing target's identity, so values already reported against it stay attached."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    metric = CleanCharField(label="指标", max_length=100, required=False)
    target_value = forms.DecimalField(label="目标值", max_digits=14, decimal_places=2, required=False)
    unit = CleanCharField(label="计量单位", max_length=20, required=False)

    def clean(self):
        data = super().clean()
        if data.get("metric") and data.get("target_value") is None:
            self.add_error("target_value", "请填写目标值。")
        if data.get("target_value") is not None and not data.get("metric"):
            self.add_error("metric", "请填写指标名称。")
        return data


class BaseTargetFormSet(forms.BaseFormSet):
    def targets(self) -> list[dict]:
        """The filled rows as the services expect them: [{"metric", "target_value", "unit"}]."""
        return [
            {
                "id": f.cleaned_data.get("id"),
                "metric": f.cleaned_data["metric"],
                "target_value": f.cleaned_data["target_value"],
                "unit": f.cleaned_data.get("unit", ""),
            }
            for f in self.forms
            if f.cleaned_data.get("metric") and not f.cleaned_data.get("DELETE")
        ]


TargetFormSet = forms.formset_factory(
    TargetForm, formset=BaseTargetFormSet, extra=2, can_delete=True, max_num=20
)


def target_formset(data=None, task: Task | None = None) -> BaseTargetFormSet:
    initial = []
    if task is not None:
        initial = [
            {"id": t.pk, "metric": t.metric, "target_value": t.target_value, "unit": t.unit}
            for t in task.targets.all()
        ]
    return TargetFormSet(data, initial=initial, prefix="targets")


class AssignForm(forms.Form):
    """Lead (牵头) and co-operating (配合) units of a task, chosen from the units under the deploying unit."""

    lead = forms.ModelMultipleChoiceField(label="牵头单位", queryset=Unit.objects.none(), required=False)
    co = forms.ModelMultipleChoiceField(label="配合单位", queryset=Unit.objects.none(), required=False)

    def __init__(self, task: Task, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.subtree(task.plan.deploying_unit).official_order()
        self.fields["lead"].queryset = units
        self.fields["co"].queryset = units

    def clean(self):
        data = super().clean()
        both = set(data.get("lead") or []) & set(data.get("co") or [])
        if both:
            names = "、".join(u.display_name for u in sorted(both, key=lambda u: (u.order, u.pk)))
            raise forms.ValidationError(f"同一单位不能既牵头又配合：{names}。")
        return data


class OverrideForm(forms.Form):
    """A supervisor's hand-set progress; leaving the figure empty clears the override."""

    progress = forms.DecimalField(
        label="调整后进度（%）", max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    note = CleanCharField(label="调整说明", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("progress") is not None and not (data.get("note") or "").strip():
            self.add_error("note", "调整进度时请写明理由。")
        return data


class CancelForm(forms.Form):
    note = CleanCharField(label="取消理由", max_length=300)


class ConfirmForm(forms.Form):
    """A required tick box, so a destructive POST is never sent by one stray click (works without JavaScript)."""

    confirm = forms.BooleanField(label="确认", error_messages={"required": "请勾选确认后再提交。"})


class DutiesForm(forms.Form):
    """四责: for each duty, a unit (the deploying unit or one with work in the plan) and a person."""

    def __init__(self, task, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(
            Q(pk=task.plan.deploying_unit_id)
            | Q(pk__in=Assignment.objects.filter(task__plan=task.plan).values("unit_id"))
        ).order_by("order", "id")
        current = {d.kind: d for d in task.duties.all()}
        for kind, label in Duty.Kind.choices:
            held = current.get(kind)
            self.fields[f"{kind}_unit"] = forms.ModelChoiceField(
                label=f"{label}单位",
                queryset=units,
                required=False,
                empty_label="—",
                initial=held and held.unit_id,
            )
            self.fields[f"{kind}_unit"].label_from_instance = lambda u: u.display_name
            self.fields[f"{kind}_person"] = CleanCharField(
                label=f"{label}（姓名、职务）",
                max_length=100,
                required=False,
                initial=held.person if held else "",
            )

    def holders(self) -> dict:
        return {
            kind: {"unit": self.cleaned_data[f"{kind}_unit"], "person": self.cleaned_data[f"{kind}_person"]}
            for kind in Duty.Kind.values
        }
