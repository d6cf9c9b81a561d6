"""Forms for the liaison's work pages and the supervisor's review. Evidence files are checked by
`evidence_types.check_evidence_file`, the same check the service applies."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from luoshi.core.forms import CleanCharField
from luoshi.lib.cndates import cn_period

from .evidence_types import ACCEPT_ATTR, check_evidence_file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input multiple>; each is checked, and every refusal is reported."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTR}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        errors = [message for f in files if (message := check_evidence_file(f))]
        if errors:
            raise forms.ValidationError(errors)
        return files


# --- Forms ------------------------------------------------------------------------------------------------


class AcknowledgeForm(forms.Form):
    responsible_person = CleanCharField(
        label="责任人", max_length=50, error_messages={"required": "请填写责任人"}
    )
    responsible_phone = CleanCharField(
        label="联系电话",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_responsible_person(self) -> str:
        value = self.cleaned_data["responsible_person"].strip()
        if not value:
            raise forms.ValidationError("请填写责任人")
        return value

    def clean_responsible_phone(self) -> str:
        value = self.cleaned_data["responsible_phone"].strip()
        allowed = set("0123456789-+ （）()转")
        if value and not set(value) <= allowed:
            raise forms.ValidationError("联系电话只能包含数字、短横线和括号")
        return value


class ReportForm(forms.Form):
    """The report editor: narrative, percent, one actual value per target, new evidence files.

    `revision` carries the version of the draft the editor loaded, so a save over someone else's
    newer save is refused by the service instead of overwriting it."""

    narrative = CleanCharField(
        label="工作进展",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "本期做了什么、取得什么成效、下一步打算"}),
    )
    percent = forms.IntegerField(
        label="完成进度（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写完成进度",
            "invalid": "完成进度须为 0 到 100 的整数",
            "min_value": "完成进度须为 0 到 100 的整数",
            "max_value": "完成进度须为 0 到 100 的整数",
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    uploads = MultipleFileField(label="上传佐证材料")

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            self.fields[self.target_field(target)] = forms.DecimalField(
                label=target.metric,
                required=False,
                max_digits=14,
                decimal_places=2,
                min_value=0,
                error_messages={
                    "invalid": f"“{target.metric}”须为数字",
                    "min_value": f"“{target.metric}”不能为负数",
                    "max_digits": f"“{target.metric}”数值过大",
                    "max_decimal_places": f"“{target.metric}”最多两位小数",
                },
                widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "inputmode": "decimal"}),
            )

    @staticmethod
    def target_field(target) -> str:
        return f"target_{target.pk}"

    def target_rows(self) -> list[tuple]:
        """(target, bound field) pairs for the template's values table."""
        return [(t, self[self.target_field(t)]) for t in self.targets]

    def values(self) -> dict:
        """Target id → actual value, for the targets the liaison filled in."""
        result = {}
        for target in self.targets:
            value = self.cleaned_data.get(self.target_field(target))
            if value is not None:
                result[target.pk] = value
        return result


class ReturnForm(forms.Form):
    reason = CleanCharField(
        label="退回理由",
        max_length=2000,
        error_messages={"required": "请填写退回理由"},
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "说明需要补充或修改的内容"}),
    )

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError("请填写退回理由")
        return value


class QueueFilterForm(forms.Form):
    """Filters of the review queue; choices are limited to the supervisor's own plans and units."""

    plan = forms.TypedChoiceField(label="工作部署", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, plans=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "全部工作部署")] + [(p.pk, p.title) for p in plans]
        self.fields["unit"].choices = [("", "全部单位")] + [(u.pk, u.display_name) for u in units]


class ReviewedFilterForm(forms.Form):
    """Filters of the reviewed reports (已审核): unit, period, decision and reviewer, each limited to what
    the supervisor's own reviewed reports hold."""

    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    period = forms.ChoiceField(label="周期", required=False)
    status = forms.ChoiceField(
        label="审核结果",
        required=False,
        choices=[("", "全部结果"), ("accepted", "已采纳"), ("returned", "退回")],
    )
    reviewer = forms.TypedChoiceField(label="审核人", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units=(), periods=(), reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部单位")] + [(u.pk, u.display_name) for u in units]
        self.fields["period"].choices = [("", "全部周期")] + [(p, cn_period(p)) for p in periods]
        self.fields["reviewer"].choices = [("", "全部审核人")] + [(u.pk, str(u)) for u in reviewers]
