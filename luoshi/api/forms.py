from django import forms

from luoshi.core.forms import CleanCharField

from .services import MAX_DAYS


class TokenForm(forms.Form):
    name = CleanCharField(label="名称", max_length=100, error_messages={"required": "请填写令牌名称"})
    days = forms.IntegerField(
        label="有效期（天）",
        min_value=1,
        max_value=MAX_DAYS,
        initial=90,
        error_messages={
            "required": "请填写有效期",
            "invalid": "有效期应为整数天数",
            "min_value": "有效期至少1天",
            "max_value": f"有效期最长{MAX_DAYS}天",
        },
    )
