"""Forms of the register pages. Validation of the acts themselves is the services' (one home)."""

from __future__ import annotations

from django import forms

from luoshi.core.forms import CleanCharField
from luoshi.org.models import Unit

from .models import Representative, Risk

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REVIEW_FIELDS = ("review_1", "review_2", "review_3")


def units_in_scope(deploying_unit: Unit):
    return Unit.objects.subtree(deploying_unit).exclude(pk=deploying_unit.pk).order_by("order", "id")


class RiskForm(forms.Form):
    title = CleanCharField(label="风险", max_length=200)
    area = forms.ChoiceField(label="风险领域", choices=Risk.Area.choices)
    level = forms.ChoiceField(label="风险等级", choices=Risk.Level.choices, initial=Risk.Level.GENERAL)
    owner_unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(label="配合单位", queryset=Unit.objects.none(), required=False)
    description = CleanCharField(
        label="风险描述", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = CleanCharField(label="防范化解措施", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    resolve_by = forms.DateField(label="化解时限", widget=DATE)
    review_1 = forms.DateField(label="复查评估日期（一）", required=False, widget=DATE)
    review_2 = forms.DateField(label="复查评估日期（二）", required=False, widget=DATE)
    review_3 = forms.DateField(
        label="复查评估日期（三）", required=False, widget=DATE, help_text="更多复查日期可在督办页面添加节点"
    )

    def __init__(self, *args, deploying_unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_in_scope(deploying_unit)
        for name in ("owner_unit", "co_units"):
            self.fields[name].queryset = units
            self.fields[name].label_from_instance = lambda u: u.display_name
        self.fields["co_units"].widget.attrs["size"] = 6

    def review_dates(self) -> list:
        return [self.cleaned_data[name] for name in REVIEW_FIELDS if self.cleaned_data.get(name)]


class RiskFilter(forms.Form):
    """The list's filters (GET): shared by the page and the API's query parameters."""

    area = forms.ChoiceField(label="领域", choices=[("", "全部领域"), *Risk.Area.choices], required=False)
    level = forms.ChoiceField(label="等级", choices=[("", "全部等级"), *Risk.Level.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *Risk.Status.choices], required=False)


class RepresentativeForm(forms.Form):
    name = CleanCharField(label="姓名", max_length=50)
    workplace = CleanCharField(label="工作单位及职务", max_length=200)
    sector = forms.ChoiceField(label="领域", choices=Representative.Sector.choices)
    category = forms.ChoiceField(label="类别", choices=Representative.Category.choices)
    stage = forms.ChoiceField(
        label="队伍阶段", choices=Representative.Stage.choices, initial=Representative.Stage.RESERVE
    )
    unit = forms.ModelChoiceField(label="推荐单位", queryset=Unit.objects.none(), required=False)
    id_number = CleanCharField(label="身份证号码", max_length=18)
    phone = CleanCharField(label="联系电话", max_length=20, required=False)
    positions = CleanCharField(
        label="政治安排和职务", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    training = CleanCharField(
        label="教育培训", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, deploying_unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_scope(deploying_unit)
        self.fields["unit"].label_from_instance = lambda u: u.display_name
        for name in ("id_number", "phone"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="调整为", choices=Representative.Stage.choices)
    on = forms.DateField(label="调整日期", widget=DATE)
    note = CleanCharField(label="说明", max_length=300, required=False)


class RepresentativeFilter(forms.Form):
    sector = forms.ChoiceField(choices=[("", "全部领域"), *Representative.Sector.choices], required=False)
    category = forms.ChoiceField(choices=[("", "全部类别"), *Representative.Category.choices], required=False)
    stage = forms.ChoiceField(choices=[("", "全部阶段"), *Representative.Stage.choices], required=False)
