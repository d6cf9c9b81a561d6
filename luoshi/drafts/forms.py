"""The intake form (paste text or upload a file, with a title and year) and the settings before publishing."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone

from luoshi.core.forms import CleanCharField
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.plans.models import Plan, Task

from .messages import intake_message
from .services.publishing import PublishSettings

ACCEPTED = (".txt", ".docx", ".xlsx", ".xls")


class NewDraftForm(forms.Form):
    title = CleanCharField(
        label="标题", max_length=200, required=False, help_text="可不填：默认取会议名称或文件名"
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    text = CleanCharField(label="粘贴文稿", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    # Empty files reach the parser, which answers with the same message as every other unreadable file.
    file = forms.FileField(label="或上传文件", required=False, allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(ACCEPTED)

    def clean(self):
        data = super().clean()
        if self.has_error("text") or self.has_error("file"):
            return data  # the field says what is wrong; "paste something" would mislead
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("请二选一：粘贴文稿，或上传文件。")
        if not upload and not text:
            raise forms.ValidationError("请粘贴文稿内容，或选择要上传的文件。")
        if upload and upload.size > settings.INTAKE_MAX_BYTES:
            raise forms.ValidationError(intake_message("too_big"))
        return data


class PublishSettingsForm(forms.Form):
    """发布设置: what the plan is published with, settled in the step before publishing."""

    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年度。", "invalid": "年度应为四位年份。"},
    )
    starts_on = forms.DateField(
        label="起始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="时间进度从这一天算起；不填则取发布当天",
        error_messages={"invalid": "起始日期格式不对，请用日期选择框选择。"},
    )
    period = forms.ChoiceField(
        label="报送周期",
        choices=Plan.Period.choices,
        error_messages={"invalid_choice": "请选择报送周期。", "required": "请选择报送周期。"},
    )
    rollup = forms.ChoiceField(
        label="进度汇总方式",
        choices=Plan.Rollup.choices,
        error_messages={"invalid_choice": "请选择进度汇总方式。", "required": "请选择进度汇总方式。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for tier, label in Task.Tier.choices:
            self.fields[f"weight_{tier}"] = CleanCharField(
                label=f"{label}任务权重",
                max_length=12,
                error_messages={"required": f"请填写{label}任务的权重。"},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
            )
        self.fields["year"].error_messages.update(
            {"min_value": "年度应在2000年至2100年之间。", "max_value": "年度应在2000年至2100年之间。"}
        )

    @classmethod
    def initial_for(cls, draft) -> dict:
        return {
            "year": draft.year,
            "period": Plan.Period.MONTHLY,
            "rollup": Plan.Rollup.WEIGHTED,
            **{f"weight_{tier}": "1" for tier in Task.Tier.values},
        }

    @property
    def weight_fields(self):
        return [self[f"weight_{tier}"] for tier in Task.Tier.values]

    def clean(self):
        data = super().clean()
        weights = {}
        for tier, label in Task.Tier.choices:
            raw = data.get(f"weight_{tier}")
            if raw is None:
                continue
            try:
                weights[tier] = parse_decimal(raw, f"{label}任务的权重", low=Decimal(0), high=Decimal(9999))
            except ServiceError as e:
                self.add_error(f"weight_{tier}", str(e))
                continue
            if weights[tier] == 0:
                self.add_error(f"weight_{tier}", f"{label}任务的权重应大于0。")
        year, starts_on = data.get("year"), data.get("starts_on")
        if year and starts_on and starts_on.year not in (year - 1, year):
            self.add_error("starts_on", f"起始日期应在{year}年内（或上一年年末提前部署）。")
        data["tier_weights"] = weights
        return data

    def settings(self) -> PublishSettings:
        data = self.cleaned_data
        return PublishSettings(
            year=data["year"],
            starts_on=data.get("starts_on"),
            period=data["period"],
            rollup=data["rollup"],
            tier_weights=data["tier_weights"],
        )
