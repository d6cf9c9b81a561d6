"""How a quantified target (量化指标) reads: its metric with its figure, e.g. 覆盖社团 100%."""

from decimal import Decimal


def figure(value, unit: str = "") -> str:
    """200人次, 12.5% — never 200.00 or 2E+2."""
    number = Decimal(str(value)).normalize()
    return f"{number:f}{unit or ''}"


def target_label(metric: str, value, unit: str = "") -> str:
    """覆盖社团 100%; a metric taken from a document already carries its figure (全年培训200人次), and is
    not followed by it again."""
    shown = figure(value, unit)
    metric = (metric or "").strip()
    if not metric:
        return shown
    return metric if shown in metric else f"{metric} {shown}"
