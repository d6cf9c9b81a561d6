"""Template filters for Chinese-office display: dates, periods, percentages and lights."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html

from luoshi.lib import cndates
from luoshi.lib.targets import metric_name, target_label

register = template.Library()

LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "已取消"}


@register.filter
def cn_date(value) -> str:
    return cndates.cn_date(value)


@register.filter
def cn_datetime(value) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return cndates.cn_datetime(value)


@register.filter
def cn_period(value) -> str:
    return cndates.cn_period(value)


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return ""
    # Decimal, half up, as stored figures are rounded: 93.35 reads 93.4%, never 93.3% (binary float).
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number:.0f}%" if number == number.to_integral_value() else f"{number}%"


@register.filter
def light_dot(value, reason="") -> str:
    """A light as its colour and its name in words (绿灯/黄灯/红灯), never colour alone; `reason`, when
    given, is the hover text (“红灯：已逾期12天”)."""
    label = LIGHT_LABELS.get(value, "")
    title = f"{label}：{reason}" if reason else label
    return format_html(
        '<span class="light-tag light-tag-{}" title="{}"><span class="light light-{}" aria-hidden="true">'
        "</span>{}</span>",
        value,
        title,
        value,
        label,
    )


@register.filter
def number(value) -> str:
    """A figure as people write it: 200, 12.5 — never 200.00 or 2E+2."""
    if value is None or value == "":
        return ""
    from decimal import Decimal, InvalidOperation

    try:
        text = f"{Decimal(str(value)).normalize():f}"
    except InvalidOperation:
        return str(value)
    return text


@register.filter
def bar_width(value) -> str:
    """A progress bar's width as a class (w-0 … w-100 in luoshi.css): pages carry no inline style, so the
    Content-Security-Policy can forbid it."""
    try:
        number = Decimal(str(value or 0))
    except ArithmeticError:
        number = Decimal(0)
    whole = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"w-{min(max(whole, 0), 100)}"


def _target_parts(target) -> tuple:
    get = target.get if isinstance(target, dict) else lambda name: getattr(target, name, "")
    return get("metric") or "", get("target_value") or 0, get("unit") or ""


@register.filter
def target_metric(target) -> str:
    """A target's metric without the figure the next column shows (a Target, or a draft's target dict)."""
    return metric_name(*_target_parts(target))


@register.filter
def target_text(target) -> str:
    """A target as one phrase: 覆盖社团 100%, 全年培训200人次 (a Target, or a draft's target dict)."""
    return target_label(*_target_parts(target))
