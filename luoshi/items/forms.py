"""Forms of the 督办事项 pages. Validation of the acts themselves is the services' (one home)."""

from __future__ import annotations

from django import forms

from luoshi.core.forms import CleanCharField
from luoshi.org.models import Unit
from luoshi.reports.forms import MultipleFileField

from .models import CloseOut, Item, Source, Urgency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def units_in_scope(deploying_unit: Unit):
    return Unit.objects.subtree(deploying_unit).exclude(pk=deploying_unit.pk).order_by("order", "id")


class _UnitsForm(forms.Form):
    lead_units = forms.ModelMultipleChoiceField(label="主办单位", queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(label="协办单位", queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, deploying_unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_in_scope(deploying_unit)
        self.fields["lead_units"].queryset = units
        self.fields["co_units"].queryset = units
        for name in ("lead_units", "co_units"):
            self.fields[name].label_from_instance = lambda u: u.display_name
            self.fields[name].widget.attrs["size"] = 6


class ItemForm(_UnitsForm):
    source = forms.ChoiceField(label="来源", choices=[c for c in Source.choices if c[0] != Source.MEETING])
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    title = CleanCharField(label="督办事项", max_length=300)
    content = CleanCharField(
        label="批示 / 交办 / 建议提案原文", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    origin_author = CleanCharField(label="批示领导 / 交办机关 / 提出人", max_length=100, required=False)
    origin_date = forms.DateField(label="批示 / 交办日期", required=False, widget=DATE)
    origin_title = CleanCharField(label="来文或建议提案号", max_length=200, required=False)
    field_order = ["source", "urgency", "title", "content", "origin_author", "origin_date", "origin_title"]
    working_days = forms.IntegerField(
        label="办理时限（工作日）", required=False, min_value=1, max_value=365, help_text="不填则按预设时限"
    )


class ResubmitForm(ItemForm):
    """A rejected item edited for another review: everything but its source, and a note on what changed."""

    note = CleanCharField(label="修改说明", max_length=200, required=False)
    field_order = ["urgency", "title", "content", "origin_author", "origin_date", "origin_title"]

    def __init__(self, *args, item: Item, **kwargs):
        initial = {
            "urgency": item.urgency,
            "title": item.title,
            "content": item.content,
            "origin_author": item.origin_author,
            "origin_date": item.origin_date,
            "origin_title": item.origin_title,
            "lead_units": list(item.lead_units.all()),
            "co_units": list(item.co_units.all()),
        }
        super().__init__(*args, initial=initial, deploying_unit=item.deploying_unit, **kwargs)
        del self.fields["source"]


class MeetingForm(_UnitsForm):
    meeting = CleanCharField(label="会议名称", max_length=200)
    meeting_date = forms.DateField(label="会议日期", required=False, widget=DATE)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    field_order = ["meeting", "meeting_date", "urgency", "minutes"]
    minutes = CleanCharField(
        label="会议纪要（议定事项）",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "每行一项，或用“一是……二是……”分项"}),
    )


class ReviewForm(_UnitsForm):
    """领导审核: approve (with edits) or reject."""

    decision = forms.ChoiceField(
        choices=[("approve", "同意交办"), ("reject", "退回")], widget=forms.HiddenInput
    )
    title = CleanCharField(label="督办事项", max_length=300)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices)
    due_on = forms.DateField(label="办结时限", widget=DATE)
    note = CleanCharField(label="审核意见", max_length=500, required=False)
    field_order = ["title", "urgency", "due_on", "lead_units", "co_units", "note"]

    @classmethod
    def for_item(cls, item: Item, data=None):
        initial = {
            "title": item.title,
            "urgency": item.urgency,
            "due_on": item.due_on,
            "lead_units": list(item.lead_units.all()),
            "co_units": list(item.co_units.all()),
        }
        form = cls(data, initial=initial, deploying_unit=item.deploying_unit)
        form.fields["lead_units"].required = False
        return form


class FilesForm(forms.Form):
    files = MultipleFileField(label="材料", required=False)


class ExtensionForm(forms.Form):
    new_due_on = forms.DateField(label="申请延至", widget=DATE)
    reason = CleanCharField(label="延期理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    progress_note = CleanCharField(
        label="目前进展", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseOutForm(forms.Form):
    summary = CleanCharField(label="办结情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label="办结材料", required=False)


class VerifyForm(forms.Form):
    method = forms.ChoiceField(label="复核方式", choices=CloseOut.Method.choices, required=False)
    verification = CleanCharField(
        label="复核意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = CleanCharField(label="退回理由", max_length=500, required=False)
    files = MultipleFileField(label="复核佐证", required=False)


class MilestoneForm(forms.Form):
    title = CleanCharField(label="节点", max_length=200)
    due_on = forms.DateField(label="节点时限", widget=DATE)
